"""The front page's top-rated films: ranked from published reviews only."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.factories import FilmFactory, ReviewFactory


def _top_titles(client) -> list[str]:
    html = client.get(reverse("home")).content.decode()
    top = html.split('class="top-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'class="top-list__title"><a href="[^"]*">([^<]*)</a>', top)


def _rated(title: str, *ratings: int) -> None:
    film = FilmFactory(title=title)
    for rating in ratings:
        ReviewFactory(film=film, rating=rating)


def test_top_rated_orders_by_mean_then_review_count_then_title(client, db):
    """Best mean first; equal means by more reviews, then by title; six at most."""
    _rated("Zeta", 10)
    _rated("Alpha", 10)
    _rated("Mid", 8, 10)
    _rated("Beta", 8, 8, 8)
    _rated("Gamma", 8)
    _rated("Low", 6)
    _rated("Lowest", 2)
    assert _top_titles(client) == ["Alpha", "Zeta", "Mid", "Beta", "Gamma", "Low"]


def test_top_rated_ignores_drafts_and_scheduled_reviews(client, db):
    """A draft or scheduled rave neither ranks a film nor lifts its mean."""
    _rated("Steady", 6)
    film = FilmFactory(title="Unreleased rave")
    ReviewFactory(film=film, rating=10, draft=True)
    ReviewFactory(film=film, rating=10, scheduled=True)
    assert _top_titles(client) == ["Steady"]
