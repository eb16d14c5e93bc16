"""The readers' search boxes (header, search page, people index), rendered by the site's pack."""

from __future__ import annotations

import html5lib
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form_of(html: str, css_class: str):
    """The <form> with this class, parsed."""
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    forms = [f for f in document.iter("form") if css_class in f.get("class", "").split()]
    assert len(forms) == 1, [f.get("class") for f in document.iter("form")]
    return forms[0]


def box(form):
    """The search box's label and input."""
    (control,) = form.iter("input")
    (label,) = form.iter("label")
    assert label.get("for") == control.get("id")
    return label, control


def test_search_page_box_shows_the_cleaned_query(client):
    """The search page's box is a labelled GET form to /search/ that shows what was searched."""
    html = client.get(reverse("search"), {"q": "  bicycle   thieves "}).content.decode()
    form = form_of(html, "search-form")
    assert (form.get("method"), form.get("action"), form.get("role")) == (
        "get",
        reverse("search"),
        "search",
    )
    label, control = box(form)
    assert label.text == "Films, people and reviews"
    assert control.get("value") == "bicycle thieves"
    assert "field__control" in control.get("class")


def test_search_page_box_shows_each_query_with_fragments_cached(client, settings):
    """The search page's box is cached per query: a second query shows its own words."""
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for query in ("bicycle", "thieves", "bicycle"):
        html = client.get(reverse("search"), {"q": query}).content.decode()
        _label, control = box(form_of(html, "search-form"))
        assert control.get("value") == query


def test_people_index_box_shows_the_query(client):
    """The people index's box submits to itself and shows the name typed."""
    html = client.get(reverse("films:person_index"), {"q": "varda"}).content.decode()
    form = form_of(html, "people-search")
    assert form.get("action") == reverse("films:person_index")
    label, control = box(form)
    assert label.text == "Find a person by name"
    assert (control.get("id"), control.get("value")) == ("people-q", "varda")


def test_header_box_is_on_every_page_with_a_hidden_label(client):
    """Every page's header has the search box; its label is for screen readers only."""
    form = form_of(client.get(reverse("home")).content.decode(), "site-search")
    assert form.get("action") == reverse("search")
    label, control = box(form)
    assert "visually-hidden" in label.get("class").split()
    assert control.get("placeholder") == "Search films, people, reviews"
    assert control.get("value") is None


def test_header_box_shows_the_query_on_the_search_page(client):
    """On the search page the header box holds the query too."""
    html = client.get(reverse("search"), {"q": "tokyo"}).content.decode()
    assert box(form_of(html, "site-search"))[1].get("value") == "tokyo"


def test_people_index_fragment_is_cached_per_letter_and_query(client, settings):
    """With fragments cached, each letter and each name typed still lists its own people."""
    from tests.factories import PersonFactory

    settings.FRAGMENT_CACHE_SECONDS = 3600
    PersonFactory(name="Agnès Varda", slug="agnes-varda")
    PersonFactory(name="Bong Joon-ho", slug="bong-joon-ho")
    url = reverse("films:person_index")
    for params, shown, hidden in (
        ({"letter": "A"}, "Agnès Varda", "Bong Joon-ho"),
        ({"letter": "B"}, "Bong Joon-ho", "Agnès Varda"),
        ({"q": "varda"}, "Agnès Varda", "Bong Joon-ho"),
        ({"letter": "A"}, "Agnès Varda", "Bong Joon-ho"),
    ):
        html = client.get(url, params).content.decode()
        assert shown in html and hidden not in html, params
