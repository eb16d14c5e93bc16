"""Fragments cached by tag: pages render from them, and are never stale.

The page cache is off here (as for a signed-in reader), so every request renders its page; the
fragment cache is on, as in production. The reference for "not stale" is the same page rendered
with the fragment cache off.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from films.models import Genre
from reviews.models import Correction, Review
from reviews.services.lists import list_edited
from reviews_project import fragments, tags
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    FilmFactory,
    GenreFactory,
    ListEntryFactory,
    OfferFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600


@pytest.fixture
def catalogue(db):
    """A film with a director, a cast member, a genre and two published reviews."""
    drama = GenreFactory(name="Drama", slug="drama")
    film = FilmFactory(title="A Quiet Harbour", year=1994)
    film.genres.add(drama)
    director = CreditFactory(film=film, person__name="Ines Laforge", role="director").person
    CreditFactory(film=film, person__name="Tomas Brandt", role="cast", character="The keeper")
    first = ReviewFactory(film=film, headline="Tide and patience", rating=8)
    ReviewSectionFactory(review=first, heading="The harbour at night", body="Lamps and water.")
    second = ReviewFactory(film=film, headline="A second opinion", rating=6)
    theme = ThemeFactory(name="Night", slug="night")
    film.themes.add(theme)
    curated = CuratedListFactory(title="Sea films", slug="sea-films")
    ListEntryFactory(curated_list=curated, film=film)
    OfferFactory(film=film, provider__name="Harbour Stream")
    other = FilmFactory(title="Salt Flats", year=1996)
    other.themes.add(theme)
    return {
        "film": film,
        "director": director,
        "review": first,
        "second": second,
        "theme": theme,
        "list": curated,
        "other": other,
    }


def _pages(catalogue) -> list[str]:
    review = catalogue["review"]
    return [
        reverse("home"),
        reverse("films:film_list"),
        reverse("films:film_list") + "?genre=drama&sort=rating",
        catalogue["film"].get_absolute_url(),
        review.get_absolute_url(),
        reverse("reviews:review_list"),
        reverse("reviews:review_list") + "?rating=4",
        catalogue["director"].get_absolute_url(),
        reverse("reviews:critic_detail", args=[review.author.username]),
        reverse("reviews:feed_rss"),
        reverse("reviews:feed_atom"),
        reverse("search") + "?q=harbour",
        reverse("search") + "?q=harbour&page=9",
        reverse("search") + "?q=laforge",
        reverse("search"),
        reverse("reviews:list_index"),
        catalogue["list"].get_absolute_url(),
        reverse("reviews:list_feed_rss"),
        reverse("films:theme_index"),
        catalogue["theme"].get_absolute_url(),
        reverse("reviews:critic_index"),
        reverse("films:person_index"),
        catalogue["other"].get_absolute_url(),
    ]


def _html(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def _assert_fresh(client, settings, urls: list[str]) -> None:
    """Each page from the fragment cache is byte for byte the page rendered without it."""
    cached = {url: _html(client, url) for url in urls}
    settings.FRAGMENT_CACHE_SECONDS = 0
    try:
        for url in urls:
            assert cached[url] == _html(client, url), f"stale fragment on {url}"
    finally:
        settings.FRAGMENT_CACHE_SECONDS = 3600


def test_pages_from_fragments_match_pages_rendered_without_them(client, settings, catalogue):
    urls = _pages(catalogue)
    for url in urls:
        _html(client, url)  # fill the fragments
    _assert_fresh(client, settings, urls)


@pytest.mark.parametrize(
    ("url_key", "limit"),
    [
        ("home", 0),
        ("films", 0),
        ("film", 1),
        ("review", 1),
        ("reviews", 0),
        ("person", 1),
        ("search", 0),
    ],
)
def test_a_page_served_from_fragments_reads_at_most_its_own_row(
    client, catalogue, url_key, limit, django_assert_max_num_queries
):
    """Once its fragments are cached a page reads at most the row its address names."""
    url = {
        "home": reverse("home"),
        "films": reverse("films:film_list") + "?genre=drama&sort=rating",
        "film": catalogue["film"].get_absolute_url(),
        "review": catalogue["review"].get_absolute_url(),
        "reviews": reverse("reviews:review_list"),
        "person": catalogue["director"].get_absolute_url(),
        "search": reverse("search") + "?q=harbour",
    }[url_key]
    _html(client, url)
    with django_assert_max_num_queries(limit):
        _html(client, url)


def test_without_the_fragment_cache_every_request_reads_the_database(client, settings, catalogue):
    """FRAGMENT_CACHE_SECONDS=0 (the development default) turns it off."""
    settings.FRAGMENT_CACHE_SECONDS = 0
    url = catalogue["film"].get_absolute_url()
    _html(client, url)
    with CaptureQueriesContext(connection) as queries:
        _html(client, url)
    assert len(queries) > 1


def _edit_headline(c):
    c["review"].headline = "Tide, revised"
    c["review"].save()
    return b"Tide, revised"


def _edit_section(c):
    section = c["review"].sections.get()
    section.body = "Lamps, water and rope."
    section.save()
    return b"Lamps, water and rope."


def _rename_film(c):
    c["film"].title = "A Louder Harbour"
    c["film"].save()
    return b"A Louder Harbour"


def _rename_person(c):
    c["director"].name = "Ines Laforge-Marchetti"
    c["director"].save()
    return b"Ines Laforge-Marchetti"


def _add_credit(c):
    CreditFactory(film=c["film"], person=PersonFactory(name="Odile Marchetti"), role="writer")
    return b"Odile Marchetti"


def _add_genre(c):
    c["film"].genres.add(GenreFactory(name="Noir", slug="noir"))
    return b"Noir"


def _rename_genre(c):
    genre = Genre.objects.get(slug="drama")
    genre.name = "Melodrama"
    genre.save()
    return b"Melodrama"


def _correct(c):
    Correction.objects.create(review=c["review"], note="The keeper's name was misspelt.")
    return b"misspelt"


def _edit_list(c):
    c["list"].title = "Sea films, revised"
    c["list"].save()
    list_edited(curated_list=c["list"], film_ids={c["film"].pk})
    return b"Sea films, revised"


def _add_to_list(c):
    ListEntryFactory(curated_list=c["list"], film=c["other"])
    list_edited(curated_list=c["list"], film_ids={c["film"].pk, c["other"].pk})
    return None


def _rename_theme(c):
    c["theme"].name = "Nightfall"
    c["theme"].save()
    return b"Nightfall"


def _unlink_theme(c):
    c["other"].themes.remove(c["theme"])
    return None


def _theme_a_review(c):
    c["review"].themes.add(c["theme"])
    return None


def _add_offer(c):
    OfferFactory(film=c["film"], provider__name="Lantern Rentals", kind="rent")
    return b"Lantern Rentals"


def _unpublish(c):
    c["second"].status = Review.Status.DRAFT
    c["second"].save()
    return None


def _publish_new(c):
    ReviewFactory(film=c["film"], headline="A third voice", rating=10)
    return b"A third voice"


@pytest.mark.parametrize(
    "edit",
    [
        _edit_headline,
        _edit_section,
        _rename_film,
        _rename_person,
        _add_credit,
        _add_genre,
        _rename_genre,
        _correct,
        _edit_list,
        _add_to_list,
        _rename_theme,
        _unlink_theme,
        _theme_a_review,
        _add_offer,
        _unpublish,
        _publish_new,
    ],
)
def test_an_edit_refreshes_every_fragment_showing_it(
    client, settings, catalogue, edit, django_capture_on_commit_callbacks
):
    """After any kind of change, pages from fragments are what a fresh render shows."""
    urls = _pages(catalogue)
    for url in urls:
        _html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        shown = edit(catalogue)
    if catalogue["second"].status != Review.Status.PUBLISHED:
        assert b"A second opinion" not in _html(client, reverse("reviews:review_list"))
    _assert_fresh(client, settings, urls)
    if shown is not None:
        assert any(shown in _html(client, url) for url in urls)


def test_a_scheduled_review_appears_when_its_time_comes(client, catalogue):
    """No save happens when a scheduled review goes public: fragments expire by then."""
    at = timezone.now() + timedelta(minutes=10)
    ReviewFactory(headline="Arriving on time", status=Review.Status.PUBLISHED, published_at=at)
    assert b"Arriving on time" not in _html(client, reverse("home"))
    assert b"Arriving on time" not in _html(client, reverse("reviews:review_list"))
    with time_machine.travel(at + timedelta(seconds=5)):
        assert b"Arriving on time" in _html(client, reverse("home"))
        assert b"Arriving on time" in _html(client, reverse("reviews:review_list"))


def test_typed_filter_values_do_not_leak_into_other_addresses(client, catalogue):
    """The filter form shows what was typed; another address never gets that form."""
    odd = _html(client, reverse("films:film_list") + "?genre=no-such-genre&decade=banana")
    assert b"ignored" in odd
    plain = _html(client, reverse("films:film_list"))
    assert b"ignored" not in plain
    assert b"banana" not in plain


def test_a_staff_preview_never_fills_the_public_page(client, editor, catalogue):
    """The preview renders the same template; its fragments are kept apart."""
    review = catalogue["review"]
    client.force_login(editor)
    preview = client.get(reverse("admin:reviews_review_preview", args=[review.pk]))
    assert b"preview-banner" in preview.content
    client.logout()
    public = _html(client, review.get_absolute_url())
    assert b"preview-banner" not in public
    assert b"application/ld+json" in public


def test_pages_render_when_the_cache_server_is_down(client, settings, catalogue):
    """A dead cache costs speed, not pages: everything is built as if uncached."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in _pages(catalogue):
        _html(client, url)
    assert b"Tide and patience" in _html(client, catalogue["review"].get_absolute_url())


def test_a_fragment_entry_lives_no_longer_than_the_next_publication(
    catalogue, django_capture_on_commit_callbacks
):
    """A fragment stored before a scheduled review goes public expires by then."""
    fragments.cached(None, "probe", (), lambda: "before")
    assert fragments.cached(None, "probe", (), lambda: "again") == "before"
    at = timezone.now() + timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        ReviewFactory(status=Review.Status.PUBLISHED, published_at=at)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fragments.cached(None, "probe", (1,), lambda: "scheduled")
        assert fragments.cached(None, "probe", (1,), lambda: "unchanged") == "scheduled"
        clock.move_to(at + timedelta(seconds=1))
        assert fragments.cached(None, "probe", (1,), lambda: "after") == "after"


def test_the_fragment_tag_caches_its_output_until_a_tag_it_read_is_purged(db):
    """A fragment that read `film:1` is rebuilt after that tag is purged, not after others."""
    template = Template(
        '{% load fragment_tags %}{% fragment "t" key %}{{ value }}{% endfragment %}'
    )
    with tags.collect():
        tags.add("film:1")  # read before the fragment: the fragment may show it
        assert template.render(Context({"key": 1, "value": "first"})) == "first"
    assert template.render(Context({"key": 1, "value": "second"})) == "first"
    assert template.render(Context({"key": 2, "value": "second"})) == "second"
    tags.purge({"film:2"})
    assert template.render(Context({"key": 1, "value": "third"})) == "first"
    tags.purge({"film:1"})
    assert template.render(Context({"key": 1, "value": "third"})) == "third"


def test_the_fragment_tag_escapes_as_the_template_would(db):
    template = Template('{% load fragment_tags %}{% fragment "t" %}{{ value }}{% endfragment %}')
    assert template.render(Context({"value": "<b>"})) == "&lt;b&gt;"
    assert template.render(Context({"value": "<i>"})) == "&lt;b&gt;"


@pytest.mark.parametrize(
    "source",
    [
        "{% fragment %}{% endfragment %}",
        "{% fragment name %}{% endfragment %}",
        "{% fragment 'x' %}",
    ],
)
def test_the_fragment_tag_reports_misuse(source):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragment_tags %}" + source)


def test_once_builds_its_value_a_single_time():
    calls = []
    value = fragments.Once(lambda: calls.append(1) or len(calls))
    assert (value(), value(), value()) == (1, 1, 1)
    assert calls == [1]


def test_the_header_search_box_is_one_fragment_for_every_page(client, catalogue, monkeypatch):
    """Every page's header box is the same crispy render (per language and query), kept as a
    standalone fragment: rendered once for all pages, carrying none of their tags, so no
    purge of what a page shows renders it again."""
    from reviews.public import forms

    renders = []
    original = forms.HeaderSearchForm.__init__

    def counting(self, *args, **kwargs):
        renders.append(kwargs.get("query"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(forms.HeaderSearchForm, "__init__", counting)
    film, review = catalogue["film"], catalogue["review"]
    for url in (reverse("home"), film.get_absolute_url(), review.get_absolute_url()):
        assert b'id="site-search' in _html(client, url)
    tags.purge({f"film:{film.pk}", f"review:{review.pk}", "reviews", "films"})
    _html(client, film.get_absolute_url())
    assert renders == [""]
    html = _html(client, reverse("search") + "?q=harbour").decode()
    assert renders == ["", "harbour"]
    assert 'value="harbour"' in html


def test_a_request_reads_the_purge_clock_once(client, catalogue, monkeypatch):
    """The page and each fragment in it check the clock; it is read from the cache once per
    request, whether the fragments are stored or served."""
    from django.core.cache import cache

    reads = []
    get = cache.get

    def counting(key, *args, **kwargs):
        if key == tags.CLOCK_KEY:
            reads.append(key)
        return get(key, *args, **kwargs)

    tags.clock()  # started (the first read ever also writes it)
    monkeypatch.setattr(cache, "get", counting)
    url = catalogue["film"].get_absolute_url()
    for _ in range(2):  # fragments stored, then served
        reads.clear()
        _html(client, url)
        assert len(reads) == 1


@pytest.fixture
def fragment_reads(cache_reads) -> list[str]:
    """The fragment entries read from the shared cache from now on."""
    return cache_reads(fragments.KEY_PREFIX)


def test_a_text_fragment_is_used_from_this_processs_near_copy(db, fragment_reads):
    """Rendered text this process stored is used from memory, without reading the shared
    cache; a purge of what it showed is seen at once (the purge clock is shared)."""
    builds = []

    def build() -> str:
        tags.add("film:1")
        builds.append(1)
        return "<p>The film</p>"

    assert fragments.cached(None, "near", (1,), build) == "<p>The film</p>"
    fragment_reads.clear()
    assert fragments.cached(None, "near", (1,), build) == "<p>The film</p>"
    assert fragment_reads == []
    assert len(builds) == 1
    tags.purge({"film:1"})
    fragments.cached(None, "near", (1,), build)
    assert len(builds) == 2


def test_data_fragments_are_read_afresh_so_no_request_changes_anothers(db):
    """Data (objects a view could modify) is not kept near: each use gets its own copy."""

    def build() -> list[str]:
        tags.add("film:1")
        return ["counted"]

    fragments.cached(None, "data", (1,), build).append("changed by one view")
    assert fragments.cached(None, "data", (1,), build) == ["counted"]
