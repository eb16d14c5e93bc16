"""Discovery pages in the page cache: each is fresh after a change to what it shows, and stays a
hit after a change to anything else (lists, themes, offers, trailers, critics, people)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from films.models import Person, Theme
from reviews.models import CriticProfile, Review
from reviews.services.lists import list_edited, publish_list, unpublish_list
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    ListEntryFactory,
    OfferFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def site(db):
    """Two films, each with a director, a review, a theme and a list of its own; one offer."""
    found = {}
    for name in ("harbour", "salt"):
        review = ReviewFactory(
            headline=f"On {name}", film__title=f"Film {name}", film__slug=f"film-{name}"
        )
        film = review.film
        CreditFactory(film=film, role="director", person__name=f"Director {name}")
        theme = ThemeFactory(name=f"Theme {name}", slug=f"theme-{name}")
        film.themes.add(theme)
        review.themes.add(theme)
        curated = CuratedListFactory(title=f"List {name}", slug=f"list-{name}")
        ListEntryFactory(curated_list=curated, film=film)
        CriticProfile.objects.create(user=review.author, bio=f"Writes about {name}.")
        found[name] = {"review": review, "film": film, "theme": theme, "list": curated}
    OfferFactory(film=found["harbour"]["film"], provider__name="Harbour Stream", region="GB")
    return found


URLS = {
    "lists": reverse("reviews:list_index"),
    "list-feed": reverse("reviews:list_feed_rss"),
    "list-harbour": "/lists/list-harbour/",
    "list-salt": "/lists/list-salt/",
    "themes": reverse("films:theme_index"),
    "theme-harbour": "/themes/theme-harbour/",
    "theme-salt": "/themes/theme-salt/",
    "critics": reverse("reviews:critic_index"),
    "people": reverse("films:person_index"),
    "film-harbour": "/films/film-harbour/",  # with an offer: one cached copy per region
    "film-salt": "/films/film-salt/",
}


def _warm(client) -> None:
    for url in URLS.values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss", url
        assert client.get(url)["X-Cache"] == "hit", url


def _cached(client, names: list[str]) -> dict[str, str]:
    return {name: client.get(URLS[name]).get("X-Cache", "none") for name in names}


def _check(client, fresh: dict[str, bytes | None], others: set[str] | None = None) -> None:
    """Pages in `fresh` are rendered again (showing the bytes given); every other page is a hit."""
    for name, shown in fresh.items():
        response = client.get(URLS[name])
        assert response.get("X-Cache") != "hit", f"{name} served stale"
        if shown is not None:
            assert shown in response.content, name
    untouched = sorted((others if others is not None else set(URLS)) - set(fresh))
    states = _cached(client, untouched)
    assert {name for name, state in states.items() if state != "hit"} == set()


def test_editing_a_public_list_refreshes_its_page_the_index_feed_and_its_films(
    client, site, committed
):
    """A new title shows on the list, the lists index and feed, and its film's page."""
    _warm(client)
    curated = site["harbour"]["list"]
    with committed():
        curated.title = "Harbour nights, revised"
        curated.save()
        list_edited(curated_list=curated, film_ids={site["harbour"]["film"].pk})
    shown = b"Harbour nights, revised"
    _check(
        client,
        {"list-harbour": shown, "lists": shown, "list-feed": shown, "film-harbour": shown},
    )


def test_unpublishing_a_list_takes_it_off_every_page(client, site, committed, editor):
    """The list's page goes away, and the index and its film's page stop naming it."""
    _warm(client)
    with committed():
        unpublish_list(curated_list=site["harbour"]["list"], actor=editor)
    _check(
        client,
        {"lists": None, "list-feed": None, "film-harbour": None},
        others=set(URLS) - {"list-harbour"},
    )
    assert client.get(URLS["list-harbour"]).status_code == 404
    for name in ("lists", "list-feed", "film-harbour"):
        assert b"List harbour" not in client.get(URLS[name]).content, name


def test_publishing_a_list_shows_it_on_the_index_and_its_films(client, site, committed, editor):
    """A draft list going public appears on the index, the feed and its films' pages."""
    draft = CuratedListFactory(draft=True, title="Salt and sea", slug="salt-and-sea")
    ListEntryFactory(curated_list=draft, film=site["salt"]["film"])
    _warm(client)
    with committed():
        assert publish_list(curated_list=draft, actor=editor) == []
    shown = b"Salt and sea"
    # Harbour's page lists films sharing its lists and themes; this list holds only salt.
    _check(client, {"lists": shown, "list-feed": shown, "film-salt": shown})


def test_adding_a_film_to_a_list_refreshes_the_list_and_both_films(client, site, committed):
    """The new entry shows on the list; the film's page names the list; the index counts it."""
    _warm(client)
    curated = site["harbour"]["list"]
    salt = site["salt"]["film"]
    with committed():
        ListEntryFactory(curated_list=curated, film=salt)
        list_edited(curated_list=curated, film_ids={site["harbour"]["film"].pk, salt.pk})
    _check(
        client,
        {
            "list-harbour": b"Film salt",
            "lists": b"2 films",
            "list-feed": None,
            "film-salt": b"List harbour",
            "film-harbour": None,  # "in the same lists" now names salt
        },
    )


def test_editing_a_draft_list_leaves_every_page_cached(client, site, committed):
    """Nobody reads a draft: saving one purges nothing."""
    draft = CuratedListFactory(draft=True, title="Secret", slug="secret")
    _warm(client)
    with committed():
        ListEntryFactory(curated_list=draft, film=site["harbour"]["film"])
        list_edited(curated_list=draft, film_ids={site["harbour"]["film"].pk})
    _check(client, {})


def test_renaming_a_theme_refreshes_its_pages_and_films(client, site, committed):
    """A theme's new name shows on the index, its page and its film's page."""
    _warm(client)
    with committed():
        theme = Theme.objects.get(slug="theme-harbour")
        theme.name = "Lamplight"
        theme.save()
    _check(client, {"themes": b"Lamplight", "theme-harbour": b"Lamplight", "film-harbour": None})


def test_giving_a_film_a_theme_refreshes_the_theme_and_the_film(client, site, committed):
    """The film shows on the theme's page, the theme on the film's, the index counts it."""
    _warm(client)
    with committed():
        site["salt"]["film"].themes.add(site["harbour"]["theme"])
    _check(
        client,
        {
            "theme-harbour": b"Film salt",
            "themes": b"2 films",
            "film-salt": b"Theme harbour",
            "film-harbour": None,  # "in the same themes" now names salt
        },
    )


def test_giving_a_public_review_a_theme_refreshes_the_theme(client, site, committed):
    """The review shows on the theme's page and in its count; the review's page is unchanged."""
    _warm(client)
    with committed():
        site["salt"]["review"].themes.add(site["harbour"]["theme"])
    _check(client, {"theme-harbour": b"On salt", "themes": b"2 reviews"})


def test_a_draft_review_with_a_theme_leaves_every_page_cached(client, site, committed):
    """A draft's themes are not public."""
    _warm(client)
    with committed():
        draft = ReviewFactory(draft=True, film=site["salt"]["film"])
        draft.themes.add(site["harbour"]["theme"])
    _check(client, {})


def test_publishing_a_review_with_a_theme_refreshes_the_theme(client, site, committed):
    """A new public review carrying a theme shows on the theme's page and the indexes."""
    _warm(client)
    with committed():
        draft = ReviewFactory(draft=True, film=site["salt"]["film"], headline="Brine")
        draft.themes.add(site["harbour"]["theme"])
        draft.status = Review.Status.PUBLISHED
        draft.published_at = draft.created_at
        draft.save()
    _check(
        client,
        {
            "theme-harbour": b"Brine",
            "themes": None,
            "critics": None,
            "film-salt": b"Brine",
            "theme-salt": None,  # salt's average rating changed on its card there
            "list-salt": None,  # and on the list
            # Not the people index: it names the film's people, whose names did not change.
        },
    )


def test_a_new_offer_refreshes_its_film_page_only(client, site, committed):
    """Where to watch shows on the film's page; the lists showing the film stay cached."""
    _warm(client)
    with committed():
        OfferFactory(film=site["harbour"]["film"], provider__name="Salt Cinema", kind="rent")
    _check(client, {"film-harbour": b"Salt Cinema"})


def test_a_first_offer_refreshes_a_film_page_that_had_none(client, site, committed):
    """A film without offers still says what it read: its (empty) offers."""
    _warm(client)
    with committed():
        OfferFactory(film=site["salt"]["film"], provider__name="Brine Stream")
    _check(client, {"film-salt": b"Brine Stream"})


def test_renaming_a_provider_refreshes_the_films_it_offers(client, site, committed):
    """A provider's name shows on the pages of films it offers."""
    _warm(client)
    with committed():
        offer = site["harbour"]["film"].offers.get()
        offer.provider.name = "Harbour Stream Plus"
        offer.provider.save()
    _check(client, {"film-harbour": b"Harbour Stream Plus"})


def test_a_trailer_refreshes_its_film_page(client, site, committed):
    """A trailer is part of its film's row: the film's page shows the facade."""
    _warm(client)
    with committed():
        film = site["salt"]["film"]
        film.trailer_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        film.save()
    # Every page showing the film's row is rendered again; those not showing it stay hits.
    _check(
        client,
        {"film-salt": b"dQw4w9WgXcQ", "list-salt": None, "theme-salt": None},
        others={"lists", "list-harbour", "themes", "theme-harbour", "film-harbour", "people"},
    )


def test_a_critic_bio_refreshes_the_critics_index(client, site, committed):
    """A bio shows on the critics index; nothing else shows it."""
    _warm(client)
    with committed():
        profile = CriticProfile.objects.get(user=site["harbour"]["review"].author)
        profile.bio = "Writes about lighthouses."
        profile.save()
    _check(client, {"critics": b"Writes about lighthouses."})


def test_a_new_person_refreshes_the_people_index(client, site, committed):
    """Someone newly in the catalogue appears on /people/; no other page changes."""
    _warm(client)
    with committed():
        Person.objects.create(name="Aaron Abbott", slug="aaron-abbott")
    _check(client, {"people": b"Aaron Abbott"})


def test_discovery_pages_name_their_tags_for_front_caches(client, site):
    """Surrogate-Key carries what each page read: the list, the theme, the offers."""
    harbour = site["harbour"]
    keys = {name: set(client.get(URLS[name])["Surrogate-Key"].split()) for name in URLS}
    assert {f"list:{harbour['list'].pk}", f"film:{harbour['film'].pk}"} <= keys["list-harbour"]
    assert f"list:{site['salt']['list'].pk}" not in keys["list-harbour"]
    assert {"lists", f"list:{harbour['list'].pk}"} <= keys["lists"]
    assert "lists" in keys["list-feed"]
    assert {"themes", f"theme:{harbour['theme'].pk}"} <= keys["themes"]
    assert f"theme:{harbour['theme'].pk}" in keys["theme-harbour"]
    assert "critics" in keys["critics"]
    assert "people" in keys["people"]
    assert {f"offers:{harbour['film'].pk}", f"list:{harbour['list'].pk}"} <= keys["film-harbour"]


def test_index_fragments_show_a_published_list_and_a_renamed_theme(
    client, site, committed, editor, settings
):
    """Signed-in readers (page cache bypassed) get the indexes' cached fragments, fresh."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600
    draft = CuratedListFactory(draft=True, title="Salt and sea", slug="salt-and-sea")
    ListEntryFactory(curated_list=draft, film=site["salt"]["film"])
    for name in ("lists", "themes"):
        assert b"Salt and sea" not in client.get(URLS[name]).content
    with committed():
        assert publish_list(curated_list=draft, actor=editor) == []
        theme = site["salt"]["theme"]
        theme.name = "Theme of the sea"
        theme.save()
    assert b"Salt and sea" in client.get(URLS["lists"]).content
    assert b"Theme of the sea" in client.get(URLS["themes"]).content


def test_list_theme_and_critic_fragments_show_what_changed(client, site, committed, settings):
    """With the page cache bypassed, a list's, a theme's and the critics' fragments are fresh."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for name in ("list-harbour", "theme-harbour", "critics"):
        client.get(URLS[name])
    curated, salt = site["harbour"]["list"], site["salt"]
    with committed():
        ListEntryFactory(curated_list=curated, film=salt["film"])
        list_edited(curated_list=curated, film_ids={site["harbour"]["film"].pk, salt["film"].pk})
        salt["review"].themes.add(site["harbour"]["theme"])
        profile = CriticProfile.objects.get(user=site["harbour"]["review"].author)
        profile.bio = "Writes about lighthouses."
        profile.save()
    assert b"Film salt" in client.get(URLS["list-harbour"]).content
    assert b"On salt" in client.get(URLS["theme-harbour"]).content
    assert b"Writes about lighthouses." in client.get(URLS["critics"]).content
