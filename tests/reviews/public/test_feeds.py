"""RSS and Atom feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from reviews.public.sitemaps import PagedSitemap
from tests.factories import FilmFactory, ReviewFactory, ReviewSectionFactory, UserFactory
from tests.tools.catalogue import SPOILER_TEXT

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_lists_published_reviews(client):
    """The RSS feed is valid XML with one item per published review."""
    review = ReviewFactory(headline="Quietly great")
    response = client.get(reverse("reviews:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("./channel/item")
    assert [item.findtext("link") for item in items] == [
        f"http://testserver{review.get_absolute_url()}"
    ]


def test_atom_feed_lists_published_reviews(client):
    """The Atom feed carries the review with its critic as author."""
    ReviewFactory(author=UserFactory(first_name="Leila", last_name="Haddad"))
    root = ET.fromstring(client.get(reverse("reviews:feed_atom")).content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Leila Haddad"


def test_feeds_leave_spoiler_sections_out(client):
    """Feed descriptions come from the standfirst; spoiler text never appears."""
    review = ReviewFactory()
    ReviewSectionFactory(review=review, body=SPOILER_TEXT, contains_spoilers=True)
    for name in ("reviews:feed_rss", "reviews:feed_atom"):
        assert SPOILER_TEXT not in client.get(reverse(name)).content.decode()


def test_critic_feed_lists_only_that_critic(client):
    """The per-critic feed holds that critic's reviews and no one else's."""
    mine = ReviewFactory(author=UserFactory(username="mara"))
    ReviewFactory()
    root = ET.fromstring(client.get(reverse("reviews:critic_feed_rss", args=["mara"])).content)
    links = [item.findtext("link") for item in root.findall("./channel/item")]
    assert links == [f"http://testserver{mine.get_absolute_url()}"]


def test_critic_atom_feed_for_unknown_critic_is_404(client):
    """No such critic, no feed."""
    response = client.get(reverse("reviews:critic_feed_atom", args=["nobody"]))
    assert response.status_code == 404


NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _sitemap_pages(client) -> list[str]:
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    return [entry.findtext(f"{NS}loc") for entry in index]


def _sitemap_locations(client) -> dict[str, str]:
    """Every URL in every page the sitemap index names, with its lastmod."""
    locations = {}
    for page in _sitemap_pages(client):
        for url in ET.fromstring(client.get(page).content):
            locations[url.findtext(f"{NS}loc")] = url.findtext(f"{NS}lastmod")
    return locations


def test_sitemap_lists_films_reviews_people_and_critics_with_lastmod(client):
    """sitemap.xml lists every public page type, each with a lastmod."""
    review = ReviewFactory(author=UserFactory(username="tomas"))
    locs = _sitemap_locations(client)
    assert locs[f"http://testserver{review.get_absolute_url()}"]
    assert locs[f"http://testserver{review.film.get_absolute_url()}"]
    assert locs["http://testserver/critics/tomas/"]


def test_sitemap_lists_films_without_reviews(client):
    """Every film page is public, reviewed or not."""
    film = FilmFactory()
    assert f"http://testserver{film.get_absolute_url()}" in _sitemap_locations(client)


def test_sitemap_is_an_index_of_pages_of_bounded_size(client, monkeypatch):
    """The index names pages; a section longer than a page is split over several."""
    FilmFactory.create_batch(5)
    monkeypatch.setattr(PagedSitemap, "limit", 2)
    films = [page for page in _sitemap_pages(client) if "sitemap-films.xml" in page]
    assert len(films) == 3  # five films, two per page
    for page in films:
        assert len(ET.fromstring(client.get(page).content)) <= 2


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client, settings):
    """robots.txt disallows /admin/ and names the absolute sitemap URL."""
    settings.SITE_URL = "https://films.example"
    response = client.get(reverse("robots"))
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://films.example/sitemap.xml" in body
