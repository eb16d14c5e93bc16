"""The front page's top-rated films: a Bayesian average over published reviews only."""

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


def test_top_rated_ranks_by_bayesian_average_not_raw_mean(client, db):
    """Twenty 4½-star reviews outrank two 5-star ones; a single review does not rank at all."""
    _rated("One rave", 10)
    _rated("Two raves", 10, 10)
    _rated("Much loved", *[9] * 20)
    _rated("Middling", 6, 6, 6)
    _rated("Panned", 4, 4, 4, 4, 4)
    assert _top_titles(client) == ["Much loved", "Two raves", "Middling", "Panned"]


def test_top_rated_shows_each_films_review_count(client, db):
    """Each ranked film says how many reviews its average rests on."""
    _rated("Counted", 8, 8, 8)
    html = client.get(reverse("home")).content.decode()
    assert "3 reviews" in html.split('class="top-list"', 1)[1]


def test_top_rated_breaks_ties_by_review_count_then_title(client, db):
    """Equal scores: more reviews first, then A to Z."""
    _rated("Beta", 8, 8)
    _rated("Alpha", 8, 8)
    assert _top_titles(client) == ["Alpha", "Beta"]


def test_top_rated_ties_across_the_cut_are_decided_by_title(client, db):
    """Eight equal films for six places: the first six A to Z, whatever order they were added."""
    titles = [f"Film {letter}" for letter in "HGFEDCBA"]
    for title in titles:
        _rated(title, 8, 8)
    assert _top_titles(client) == sorted(titles)[:6]


def test_top_rated_ignores_drafts_and_scheduled_reviews(client, db):
    """A draft or scheduled rave neither ranks a film nor lifts its mean."""
    _rated("Steady", 6, 6)
    film = FilmFactory(title="Unreleased rave")
    ReviewFactory(film=film, rating=10)
    ReviewFactory(film=film, rating=10, draft=True)
    ReviewFactory(film=film, rating=10, scheduled=True)
    assert _top_titles(client) == ["Steady"]
