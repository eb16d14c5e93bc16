"""Curated lists on the readers' site: index, list pages with ItemList JSON-LD, feeds, sitemap."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.tools.catalogue import add_discovery, build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def discovered():
    catalogue = build_catalogue(3, posters=False)
    return catalogue, add_discovery(catalogue)


def _jsonld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_list_index_shows_published_lists_only(client, discovered):
    """The index names the published list with its film count, never the draft."""
    html = client.get(reverse("reviews:list_index")).content.decode()
    assert "Great films" in html
    assert "3 films, ranked" in html
    assert "Secret picks" not in html


def test_list_page_carries_an_item_list_in_order(client, discovered):
    """Each film is a ListItem with its position and absolute URL, in the editor's order."""
    catalogue, found = discovered
    response = client.get(found.public_list.get_absolute_url())
    html = response.content.decode()
    (document,) = [d for d in _jsonld(html) if d.get("@type") == "ItemList"]
    assert document["name"] == "Great films"
    assert document["itemListOrder"] == "https://schema.org/ItemListOrderAscending"
    items = document["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == [film.title for film in catalogue.films]
    assert items[0]["url"].startswith("http")
    assert "<em>best</em>" in html  # the editor's note, rendered from Markdown


def test_draft_and_scheduled_lists_are_not_found(client, discovered):
    """A draft list's page is a 404 and is in no feed or sitemap."""
    _catalogue, found = discovered
    assert client.get(found.draft_list.get_absolute_url()).status_code == 404
    lists_sitemap = reverse("sitemap_section", args=["lists"])
    for url in (reverse("reviews:list_feed_rss"), reverse("reviews:list_feed_atom"), lists_sitemap):
        body = client.get(url).content.decode()
        assert "secret-picks" not in body
    assert "great-films" in client.get(lists_sitemap).content.decode()
    assert "Great films" in client.get(reverse("reviews:list_feed_rss")).content.decode()


def test_film_page_names_the_public_lists_it_is_on(client, discovered):
    """The film page links its published lists, not the draft one it is also on."""
    catalogue, _found = discovered
    html = client.get(catalogue.films[0].get_absolute_url()).content.decode()
    assert 'href="/lists/great-films/"' in html
    assert "Secret picks" not in html


def test_list_page_has_share_controls_with_the_canonical_url(client, discovered):
    """Share buttons carry the list's absolute canonical address; no third-party script."""
    _catalogue, found = discovered
    html = client.get(found.public_list.get_absolute_url() + "?page=1").content.decode()
    assert 'data-share-url="http://testserver/lists/great-films/"' in html or (
        "data-share-url=" in html and "/lists/great-films/" in html
    )
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(src.startswith("/") for src in scripts)
