"""The page cache as HTTP sees it: headers for front caches, conditional requests, HEAD,
addresses that share an entry, and cookies that do (or do not) make a page personal."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews_project import cache as page_cache
from reviews_project import tags
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.usefixtures("page_cache_on")


@pytest.fixture
def review(db):
    return ReviewFactory(headline="Lanterns on the quay", film__title="A Quiet Harbour")


def test_a_page_names_its_tags_for_front_caches(client, review):
    """Surrogate-Key (Varnish xkey, Fastly) and Cache-Tag list what the page shows."""
    response = client.get(review.get_absolute_url())
    keys = response["Surrogate-Key"].split()
    assert f"review:{review.pk}" in keys
    assert f"film:{review.film_id}" in keys
    assert f"critic:{review.author_id}" in keys
    assert "reviews" not in keys  # one review's page is not a list of reviews
    assert set(response["Cache-Tag"].split(",")) == set(keys)


def test_a_page_may_be_kept_by_shared_caches_not_browsers(client, review):
    """s-maxage lets a front cache keep the page; browsers revalidate it each time."""
    for response in (client.get("/"), client.get("/")):
        control = response["Cache-Control"]
        assert "public" in control
        assert "max-age=0" in control
        assert "s-maxage=" in control
        assert "stale-while-revalidate=" in control


def test_an_unchanged_page_answers_304_to_its_etag(client, review):
    """A browser revalidating with the ETag it has gets 304 and no body."""
    etag = client.get(review.get_absolute_url())["ETag"]
    response = client.get(review.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_head_works_on_a_cold_cache(client, review):
    """HEAD is answered wherever GET is, even before anything is cached."""
    for url in ("/", review.get_absolute_url(), reverse("search") + "?q=harbour", "/robots.txt"):
        cache.clear()
        assert client.head(url).status_code == 200, url


def test_a_made_up_session_cookie_still_gets_the_cached_page(client, review):
    """Only a session that exists skips the shared cache, not any cookie with its name."""
    client.get("/")
    client.cookies["sessionid"] = "not-a-real-session-key-at-all-xx"
    client.cookies["messages"] = "forged"
    assert client.get("/")["X-Cache"] == "hit"


def test_a_signed_in_reader_is_never_served_the_shared_page(client, editor, review):
    """A real session (a signed-in editor) renders the page afresh."""
    client.get("/")
    client.force_login(editor)
    assert client.get("/").get("X-Cache") != "hit"


def test_unknown_parameters_share_the_canonical_entry(client, review):
    """Parameters the page never reads do not make new entries: any value shares the page's."""
    client.get("/")
    client.get("/?utm_source=mail&utm_campaign=x")  # learns: the front page reads neither
    for n in range(30):
        assert client.get(f"/?utm_campaign=spring{n}&utm_source=mail")["X-Cache"] == "hit"


def test_new_junk_names_cost_at_most_the_address_budget(client, settings, review):
    """Each unseen parameter name is learnt by one render, until the address's budget is
    spent; after that unknown names are dropped and the canonical page is served."""
    settings.PAGE_CACHE_MAX_VARIANTS = 5
    client.get("/")
    states = [client.get(f"/?junk{n}=x")["X-Cache"] for n in range(20)]
    assert states[0] == "miss"
    assert states[-15:] == ["hit"] * 15


def test_known_parameters_are_sorted_and_empty_ones_dropped(client, db):
    """The same filters in another order, or with empty fields, are the same entry."""
    FilmFactory.create_batch(2)
    url = reverse("films:film_list")
    assert client.get(url + "?sort=year&genre=&decade=")["X-Cache"] == "miss"
    assert client.get(url + "?sort=year")["X-Cache"] == "hit"
    assert client.get(url + "?decade=&sort=year")["X-Cache"] == "hit"
    assert client.get(url + "?sort=title")["X-Cache"] == "miss"


def test_one_address_stores_a_bounded_number_of_variants(client, settings, db):
    """Endless distinct searches cannot fill the cache: past the bound they are not stored."""
    settings.PAGE_CACHE_MAX_VARIANTS = 5
    url = reverse("search")
    for n in range(20):
        client.get(f"{url}?q=word{n}")
    stored = [client.get(f"{url}?q=word{n}")["X-Cache"] == "hit" for n in range(20)]
    assert stored == [True] * 5 + [False] * 15


def test_a_disabled_cache_renders_pages_without_errors(client, settings, review, caplog):
    """DJANGO_CACHE_DISABLED (a dummy cache) with the page cache on logs nothing and works."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for _ in range(2):
        response = client.get(review.get_absolute_url())
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_a_parameter_the_page_starts_reading_is_learnt(client, db):
    """A parameter first seen after the page's parameters were learnt (a new filter after a
    deploy) is learnt on its first request instead of being dropped."""
    FilmFactory.create_batch(2)
    url = reverse("films:film_list")
    # What an older version of the page was seen to read.
    address = page_cache._digest(f"http://testserver{url}")
    cache.set(page_cache.PARAMS_PREFIX + address, {"read": {"page"}, "seen": {"page"}})
    assert client.get(url + "?sort=year")["X-Cache"] == "miss"
    assert client.get(url + "?sort=year")["X-Cache"] == "hit"
    assert client.get(url + "?sort=title")["X-Cache"] == "miss"


def test_a_hit_with_a_query_string_reads_neither_its_parameters_nor_the_page(
    client, db, cache_reads
):
    """What the page reads of its query string is kept by each process while the clock holds."""
    FilmFactory.create_batch(2)
    url = reverse("films:film_list") + "?sort=year"
    client.get(url)
    client.get(url)
    reads = cache_reads("")
    assert client.get(url)["X-Cache"] == "hit"
    # Learning moved the clock past the page's: whether that purge has settled is read too.
    assert reads == [tags.CLOCK_KEY, tags.SETTLED_KEY]


def test_parameters_another_process_learnt_are_not_dropped_here(client, db, rf):
    """Once any process learns that a page reads a parameter, every process keys by it: this
    one's copy of what the page reads gives way (learning moves the purge clock)."""
    FilmFactory.create_batch(2)
    url = reverse("films:film_list")
    address = f"http://testserver{url}"
    key = page_cache.PARAMS_PREFIX + page_cache._digest(address)
    # Seen once but not read (as by an older version of the page): sorted pages share one entry.
    cache.set(key, {"read": {"page"}, "seen": {"page", "sort"}})
    assert client.get(url + "?sort=title")["X-Cache"] == "miss"
    assert client.get(url + "?sort=year")["X-Cache"] == "hit"
    # Another process renders a learning request and finds the page reading `sort`.
    request = rf.get(url + "?sort=year")
    request.GET = page_cache.ReadTrackingQueryDict("sort=year")
    request.GET.get("sort")
    page_cache.AnonymousPageCacheMiddleware._learn(request, address, cache.get(key))
    assert client.get(url + "?sort=year")["X-Cache"] == "miss"
    assert client.get(url + "?sort=year")["X-Cache"] == "hit"
