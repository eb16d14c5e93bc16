"""Anonymous pages are cached; editors never see stale pages; changes and time invalidate."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from reviews.services import publishing
from reviews.services.content import content_of
from reviews_project import cache as page_cache
from reviews_project import near_copies, tags
from tests.factories import CreditFactory, FilmFactory, ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.usefixtures("page_cache_on")


@pytest.fixture
def review(db):
    return ReviewFactory(headline="The original headline", film__title="A Quiet Harbour")


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("url_name", ["home", "reviews:review_list", "films:film_list"])
def test_anonymous_page_is_served_from_the_cache_without_queries(
    client, review, url_name, django_assert_num_queries
):
    """The second anonymous request for a public page is a cache hit that runs no query."""
    url = reverse(url_name)
    assert _get(client, url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = _get(client, url)
    assert hit["X-Cache"] == "hit"
    assert b"A Quiet Harbour" in hit.content


def test_cached_page_keeps_the_security_headers(client, review):
    """A cache hit still carries CSP, nosniff and a fresh request id."""
    first = _get(client, review.get_absolute_url())
    hit = _get(client, review.get_absolute_url())
    assert hit["X-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Request-ID"] != first["X-Request-ID"]


def test_logged_in_editor_never_gets_a_cached_page(client, editor, review):
    """With a session cookie the page is rendered afresh, even right after an edit elsewhere."""
    _get(client, review.get_absolute_url())
    client.force_login(editor)
    response = _get(client, review.get_absolute_url())
    assert "X-Cache" not in response or response["X-Cache"] != "hit"
    assert _get(client, review.get_absolute_url()).get("X-Cache") != "hit"


def test_editing_a_review_invalidates_its_pages(client, review, committed):
    """A saved headline shows at once on the review page, the list and the film page."""
    urls = [
        review.get_absolute_url(),
        reverse("reviews:review_list"),
        review.film.get_absolute_url(),
    ]
    for url in urls:
        _get(client, url)
    with committed():
        review.headline = "A corrected headline"
        review.save()
    for url in urls:
        assert b"A corrected headline" in _get(client, url).content, url


def test_editing_a_section_invalidates_the_review_page(client, review, committed):
    """Sections are part of the review page: changing one refreshes it."""
    section = ReviewSectionFactory(review=review, heading="First thoughts")
    _get(client, review.get_absolute_url())
    with committed():
        section.heading = "Second thoughts"
        section.save()
    assert b"Second thoughts" in _get(client, review.get_absolute_url()).content


def test_deleting_a_review_removes_it_from_cached_lists(client, review, committed):
    """A deleted review disappears from the cached list at once."""
    _get(client, reverse("reviews:review_list"))
    with committed():
        review.delete()
    assert b"The original headline" not in _get(client, reverse("reviews:review_list")).content


def test_unpublishing_a_review_hides_its_cached_page(client, review, committed):
    """A review returned to draft is gone from its cached address."""
    _get(client, review.get_absolute_url())
    with committed():
        review.status = Review.Status.DRAFT
        review.save()
    assert client.get(review.get_absolute_url()).status_code == 404


def test_renaming_a_film_invalidates_pages_showing_it(client, review, committed):
    """A film's new title shows on its reviews' pages."""
    _get(client, review.get_absolute_url())
    film = review.film
    with committed():
        film.title = "A Louder Harbour"
        film.save()
    assert b"A Louder Harbour" in _get(client, review.get_absolute_url()).content


def test_new_credit_invalidates_the_film_page(client, review, committed):
    """Adding a credit (a relation of the film) shows on the cached film page."""
    _get(client, review.film.get_absolute_url())
    with committed():
        CreditFactory(film=review.film, person__name="Odile Marchetti")
    assert b"Odile Marchetti" in _get(client, review.film.get_absolute_url()).content


def test_scheduled_review_appears_on_time_despite_cached_pages(client, db):
    """A review scheduled for later shows on the cached list as soon as its time comes."""
    ReviewFactory(headline="Already out")
    publish_at = timezone.now() + timedelta(minutes=10)
    ReviewFactory(headline="Scheduled piece", published_at=publish_at)
    url = reverse("reviews:review_list")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert b"Scheduled piece" not in _get(client, url).content
        assert _get(client, url)["X-Cache"] == "hit"
        clock.move_to(publish_at + timedelta(seconds=1))
        assert b"Scheduled piece" in _get(client, url).content


def test_scheduled_changes_to_a_live_review_appear_on_time_and_cost_a_hit_nothing(
    client, review, editor, committed, cache_reads
):
    """Changes scheduled for a live review show on its cached pages as soon as their time
    comes: scheduling re-renders the pages, whose copies then live no longer than that time,
    and the first render after it applies the changes. A hit reads nothing to find out."""
    url = review.get_absolute_url()
    ReviewSectionFactory(review=review)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _get(client, url)
        assert _get(client, url)["X-Cache"] == "hit"
        content = content_of(review) | {"headline": "A headline for later"}
        review = publishing.save_content(
            review=review, actor=editor, content=content, lock_version=review.version
        )
        at = timezone.now() + timedelta(minutes=2)  # sooner than the cached copy would expire
        with committed():
            publishing.publish_changes(
                review=review, actor=editor, lock_version=review.version, at=at
            )
        rendered = _get(client, url)
        assert rendered["X-Cache"] == "miss"
        assert "s-maxage=120," in rendered["Cache-Control"]
        due_reads = cache_reads(publishing.DUE_CHANGES_KEY)
        hit = _get(client, url)
        assert hit["X-Cache"] == "hit"
        assert b"A headline for later" not in hit.content
        assert due_reads == []
        clock.move_to(at + timedelta(seconds=1))
        with committed():
            later = _get(client, url)
        assert b"A headline for later" in later.content
    assert Review.objects.get(pk=review.pk).headline == "A headline for later"


def test_admin_is_never_cached(client, editor):
    """Admin pages are rendered for every request."""
    client.force_login(editor)
    client.get(reverse("admin:index"))
    assert "X-Cache" not in client.get(reverse("admin:index"))
    client.logout()
    client.get(reverse("admin:login"))
    assert "X-Cache" not in client.get(reverse("admin:login"))


def test_healthz_is_never_cached(client, db):
    """The health check answers live every time."""
    client.get("/healthz")
    assert "X-Cache" not in client.get("/healthz")


def test_a_lost_tag_stamp_never_revives_old_pages(client, review):
    """If the cache evicts a tag's stamp after purges happened, pages stored with that tag are
    not served (the lost stamp may have been a purge of it)."""
    _get(client, review.get_absolute_url())
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    tags.purge({"something-else:1"})
    cache.delete(tags.STAMP_PREFIX + f"review:{review.pk}")
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"


@pytest.fixture
def page_reads(cache_reads) -> list[str]:
    """The whole-page entries read from the shared cache from now on."""
    return cache_reads(page_cache.KEY_PREFIX)


def test_a_hit_serves_this_processs_near_copy_without_reading_the_shared_one(
    client, review, page_reads
):
    """A page this process stored is served from its memory: the hit reads the purge clock from
    the shared cache, not the page; after a purge of the page's tag it is rendered again."""
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"
    page_reads.clear()
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert page_reads == []
    tags.purge({f"review:{review.pk}"})
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"


def test_a_page_stored_by_another_process_is_read_once_then_kept_near(client, review, page_reads):
    """Another process's page (the near copies here are empty) is read from the shared cache
    once; the next hit is served from memory."""
    _get(client, review.get_absolute_url())
    near_copies.pages.clear()  # as if another worker had rendered it
    page_reads.clear()
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert len(page_reads) == 1
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert len(page_reads) == 1


def test_a_stale_near_copy_gives_way_to_a_fresh_shared_one(client, review):
    """After a purge another worker may already have stored the page again: a process still
    holding the old copy serves that one (a hit), not a render of its own."""
    url = review.get_absolute_url()
    _get(client, url)
    [(key, old)] = near_copies.pages.entries.items()
    tags.purge({f"review:{review.pk}"})
    near_copies.pages.clear()  # another worker renders the page again
    assert _get(client, url)["X-Cache"] == "miss"
    near_copies.pages.keep(key, old)  # while this one still holds the old copy
    assert _get(client, url)["X-Cache"] == "hit"


def test_emptying_the_shared_cache_leaves_no_near_copy_in_service(client, review):
    """`cache.clear()` in any process (the bench's cold start, an operator) reaches the pages
    every process keeps near: their stamps are gone, so none is fresh."""
    _get(client, review.get_absolute_url())
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    cache.clear()
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"


@pytest.fixture
def stamp_reads(monkeypatch) -> list[str]:
    """The tag stamps read from the cache from now on, in order."""
    reads: list[str] = []
    get_many = cache.get_many

    def counting(keys, *args, **kwargs):
        reads.extend(k for k in keys if k.startswith(tags.STAMP_PREFIX))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counting)
    return reads


def test_with_no_purge_since_a_page_was_stored_its_tags_are_not_read(client, review, stamp_reads):
    """While the purge clock has not moved, a hit reads no tag stamps (one read of the clock
    answers: on the shared file cache each stamp is a file); after a purge it reads them."""
    _get(client, review.get_absolute_url())
    stamp_reads.clear()  # storing the page read them
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert stamp_reads == []
    tags.purge({"something-else:1"})
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert stamp_reads


def test_after_a_purge_each_process_reads_a_pages_stamps_once(client, review, stamp_reads):
    """Stamps only change in a purge, which moves the clock: once a process has read a page's
    stamps after a purge, its next hits read none until the clock moves again, and a purge of
    the page's own tag is still seen at once."""
    _get(client, review.get_absolute_url())
    stamp_reads.clear()  # storing the page read them
    tags.purge({"something-else:1"})
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert stamp_reads
    stamp_reads.clear()
    assert _get(client, review.get_absolute_url())["X-Cache"] == "hit"
    assert stamp_reads == []
    tags.purge({f"review:{review.pk}"})
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"


def test_stamps_are_not_remembered_while_a_purge_is_half_done(client, review, monkeypatch):
    """Between a purge moving the clock and writing its stamps, what a reader sees may be the
    old stamps: it uses them for that request only, and the finished purge is then seen."""
    url = review.get_absolute_url()
    _get(client, url)
    tags.purge({"something-else:1"})
    assert _get(client, url)["X-Cache"] == "hit"
    cache.incr(tags.CLOCK_KEY)  # a purge of this review that has moved the clock, no more yet
    assert _get(client, url)["X-Cache"] == "hit"  # its stamp is not written: nothing to see
    cache.set(tags.STAMP_PREFIX + f"review:{review.pk}", cache.get(tags.CLOCK_KEY), timeout=None)
    assert _get(client, url)["X-Cache"] == "miss"


def test_a_lost_clock_never_revives_old_pages(client, review):
    """If the cache evicts the purge clock, it restarts above every stamp it gave."""
    _get(client, review.get_absolute_url())
    cache.delete(tags.CLOCK_KEY)
    tags.purge({f"review:{review.pk}"})
    assert _get(client, review.get_absolute_url())["X-Cache"] == "miss"


def test_pages_still_render_when_the_cache_is_down(client, settings, review):
    """An unreachable Redis slows pages down but never breaks them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    assert b"The original headline" in response.content


def test_query_strings_are_cached_separately(client, db):
    """Filters and pages are distinct cache entries."""
    FilmFactory.create_batch(2)
    first = _get(client, reverse("films:film_list"))
    other = _get(client, reverse("films:film_list") + "?sort=year")
    assert first["X-Cache"] == other["X-Cache"] == "miss"


@pytest.fixture
def two_films(db):
    """Two films, each with a director and a published review by its own critic."""
    pages = {}
    for name in ("harbour", "salt"):
        review = ReviewFactory(headline=f"On {name}", film__title=f"Film {name}")
        director = CreditFactory(film=review.film).person
        pages[name] = {
            "review": review,
            "urls": [
                review.get_absolute_url(),
                review.film.get_absolute_url(),
                director.get_absolute_url(),
                reverse("reviews:critic_detail", args=[review.author.username]),
            ],
        }
    return pages


def _states(client, urls):
    return {url: client.get(url)["X-Cache"] for url in urls}


def test_a_change_leaves_the_pages_that_do_not_show_it_cached(client, two_films, committed):
    """Renaming one film refreshes its pages; the other film's pages stay hits."""
    harbour, salt = two_films["harbour"], two_films["salt"]
    for url in harbour["urls"] + salt["urls"]:
        _get(client, url)
    with committed():
        film = harbour["review"].film
        film.title = "Film harbour, restored"
        film.save()
    assert set(_states(client, salt["urls"]).values()) == {"hit"}
    assert set(_states(client, harbour["urls"][:3]).values()) == {"miss"}


def test_publishing_refreshes_lists_but_not_other_films_pages(client, two_films, committed):
    """A new review of one film refreshes lists and that film; the other film stays cached."""
    harbour, salt = two_films["harbour"], two_films["salt"]
    lists = [reverse("home"), reverse("reviews:review_list"), reverse("films:film_list")]
    for url in harbour["urls"] + salt["urls"] + lists:
        _get(client, url)
    with committed():
        ReviewFactory(film=harbour["review"].film, headline="A late second opinion")
    assert set(_states(client, salt["urls"]).values()) == {"hit"}
    for url in [harbour["urls"][1], *lists[:2]]:
        assert b"A late second opinion" in _get(client, url).content, url
    assert client.get(lists[2])["X-Cache"] == "miss"  # the film cards' ratings changed


def test_drafts_and_autosaves_leave_every_page_cached(client, two_films, committed):
    """Editors at work on drafts and private notes purge nothing readers see."""
    urls = two_films["harbour"]["urls"] + two_films["salt"]["urls"] + [reverse("home")]
    for url in urls:
        _get(client, url)
    with committed():
        draft = ReviewFactory(draft=True, film=two_films["harbour"]["review"].film)
        for n in range(3):
            draft.intro = f"Autosaved {n}"
            draft.save()
        live = two_films["salt"]["review"]
        live.notes = "Private: check the credits."
        live.save()
    assert set(_states(client, urls).values()) == {"hit"}


def test_a_new_review_refreshes_the_lists_of_its_critics_films_and_peoples_reviews(
    client, db, committed
):
    """A critic's new review shows in "More from" on their other reviews, in "More reviews
    of" on its film's reviews and on its people's pages. A page that only names the critic,
    the film or a person (a byline on a card, a credit) stays cached: their names did not
    change."""
    critic_review = ReviewFactory(headline="An earlier one by the same critic")
    critic = critic_review.author
    film = FilmFactory(title="Lamp Harbour")
    actor = CreditFactory(film=film, role="cast", person__name="Ada Lamp").person
    same_film = ReviewFactory(film=film, headline="Another critic on the same film")
    elsewhere = CreditFactory(role="cast", person=actor).film  # names the actor only
    names_actor = ReviewFactory(film=elsewhere, headline="A review crediting the actor")
    # A card by the critic (bylined) on a page that does not list the critic's reviews:
    bylined = ReviewFactory(film=critic_review.film, headline="Cards by the critic here")
    urls = {
        "more from critic": critic_review.get_absolute_url(),
        "more of film": same_film.get_absolute_url(),
        "person page": actor.get_absolute_url(),
        "credits the actor": names_actor.get_absolute_url(),
        "byline on a card": bylined.get_absolute_url(),
    }
    for url in urls.values():
        _get(client, url)
    with committed():
        ReviewFactory(film=film, author=critic, headline="The newest one")
    states = {name: client.get(url)["X-Cache"] for name, url in urls.items()}
    assert states == {
        "more from critic": "miss",
        "more of film": "miss",
        "person page": "miss",
        "credits the actor": "hit",
        "byline on a card": "hit",
    }
    for name in ("more from critic", "more of film", "person page"):
        assert b"The newest one" in client.get(urls[name]).content, name
