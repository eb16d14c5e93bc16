"""Browsing films: sorts that read well, removable filter chips, numbered pagination."""

from __future__ import annotations

import re

import pytest

from tests.factories import FilmFactory, GenreFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/films/"


def _titles(response) -> list[str]:
    return [film.title for film in response.context["page_obj"].object_list]


def test_title_sort_ignores_leading_articles(client):
    """ "The Mirror" files under M, between "Lighthouse" and "Zebra"."""
    for title in ("Zebra", "The Mirror", "A Lighthouse", "Apples"):
        FilmFactory(title=title)
    assert _titles(client.get(LIST_URL)) == ["Apples", "A Lighthouse", "The Mirror", "Zebra"]


def test_year_sorts_both_ways(client):
    """Newest first and oldest first are both offered."""
    for year in (1960, 2001, 1985):
        FilmFactory(title=f"Made in {year}", year=year)
    newest = _titles(client.get(LIST_URL, {"sort": "year"}))
    oldest = _titles(client.get(LIST_URL, {"sort": "year_asc"}))
    assert newest == ["Made in 2001", "Made in 1985", "Made in 1960"]
    assert oldest == list(reversed(newest))


def test_active_filters_are_removable_chips(client):
    """Each active filter is a chip linking to the same browse without that one filter."""
    drama = GenreFactory(slug="drama", name="Drama")
    FilmFactory(year=1995).genres.add(drama)
    html = client.get(LIST_URL, {"genre": "drama", "decade": "1990"}).content.decode()
    chips = html.split('class="chips"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/films/?decade=1990">Genre: Drama' in chips
    assert 'href="/films/?genre=drama">Decade: 1990s' in chips
    assert "Filter and sort (2 active)" in html


def test_filters_are_collapsed_behind_a_toggle_without_filters(client):
    """Without filters the toggle says so plainly, and no chips are shown."""
    FilmFactory()
    html = client.get(LIST_URL).content.decode()
    assert '<summary class="browse__toggle">Filter and sort</summary>' in html
    assert 'class="chips"' not in html


def test_numbered_pagination_has_first_last_and_neighbours(client):
    """Page 6 of 10 links 1 and 4–10 (a gap for 2–3); page 1 by its canonical address."""
    for n in range(24 * 10):
        FilmFactory(title=f"Film {n:03d}")
    html = client.get(LIST_URL, {"page": 6}).content.decode()
    nav = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)', nav)
    assert numbers == ["1", "4", "5", "6", "7", "8", "9", "10"]
    assert 'aria-current="page"' in nav
    assert "page=1&" not in nav and not re.search(r"page=1\"", nav)
