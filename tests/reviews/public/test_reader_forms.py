"""The readers' forms render Django's widgets from the Jinja2 templates Django ships with them
(reviews.public.forms.WIDGETS, for speed): the pages are what the project's Django-template
renderer (settings.FORM_RENDERER, the admin's) makes of the same forms, but for the blank
lines the stock select template leaves between its options."""

from __future__ import annotations

import re

import pytest
from django.forms.renderers import Jinja2
from django.urls import reverse

from reviews.public import forms as reader_forms
from tests.factories import CreditFactory, GenreFactory, ReviewFactory, ThemeFactory


@pytest.fixture
def catalogue(db):
    drama = GenreFactory(name="Drama", slug="drama")
    review = ReviewFactory(rating=8, film__title="Harbour Lights")
    review.film.genres.add(drama)
    review.film.themes.add(ThemeFactory(name="Night", slug="night"))
    CreditFactory(film=review.film, person__name="Ines Laforge", role="director")
    return review


PAGES = [
    reverse("films:film_list"),
    reverse("films:film_list") + "?genre=drama&sort=rating&min_rating=3&decade=1990",
    reverse("reviews:review_list") + "?rating=4",
    reverse("search") + "?q=harbour",
    reverse("films:person_index") + "?q=ines",
    reverse("home"),
]


@pytest.mark.parametrize("path", PAGES)
def test_reader_forms_render_as_the_project_renderer_would(client, settings, catalogue, path):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert isinstance(reader_forms.ReaderForm.default_renderer, Jinja2)
    fast = client.get(path)
    assert fast.status_code == 200
    reader_forms.ReaderForm.default_renderer = None  # Django's: settings.FORM_RENDERER
    try:
        stock = client.get(path)
    finally:
        reader_forms.ReaderForm.default_renderer = reader_forms.WIDGETS
    assert "<select" in fast.content.decode() or "<input" in fast.content.decode()
    assert _tight(fast.content.decode()) == _tight(stock.content.decode())


def _tight(html: str) -> str:
    """Whitespace between two tags dropped (between <option>s it is no text)."""
    return re.sub(r">\s+<", "><", html)
