"""Site search: published reviews only, films and people, ranking, highlighting, hostile input."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reviews import search
from reviews.models import Review
from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)

POSTGRESQL = connection.vendor == "postgresql"


def _search(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def _headlines(response) -> list[str]:
    return [r.headline for r in response.context["results"]().reviews.object_list]


def test_finds_a_review_by_a_word_in_its_body(client, db):
    """A word that appears only in a section's body finds the review."""
    review = ReviewFactory(headline="Winter light")
    ReviewSectionFactory(review=review, body="The lighthouse keeper's *zoetrope* spins.")
    assert _headlines(_search(client, "zoetrope")) == ["Winter light"]


def test_drafts_and_scheduled_reviews_never_appear(client, db):
    """Only published reviews whose time has come are searchable."""
    ReviewFactory(headline="Public marmalade")
    ReviewFactory(headline="Draft marmalade", draft=True)
    ReviewFactory(headline="Scheduled marmalade", scheduled=True)
    response = _search(client, "marmalade")
    assert _headlines(response) == ["Public marmalade"]
    assert b"Draft marmalade" not in response.content
    assert b"Scheduled marmalade" not in response.content


def test_films_and_people_are_found(client, db):
    """Film titles and people's names are matched too, and linked."""
    film = FilmFactory(title="The Orchard Keeper")
    person = PersonFactory(name="Orchardine Vasquez")
    response = _search(client, "orchard")
    results = response.context["results"]()
    assert results.films == [film]
    assert results.people == [person]
    assert film.get_absolute_url().encode() in response.content
    assert person.get_absolute_url().encode() in response.content


def test_film_title_match_ranks_above_a_body_match(client, db):
    """Weighting: a review of a film titled with the word beats one that merely mentions it."""
    ReviewFactory(headline="Passing mention", intro="Some say tamarind.")
    # Older, so recency alone would list it second.
    ReviewFactory(
        headline="Title match",
        film__title="Tamarind",
        published_at=timezone.now() - timedelta(days=30),
    )
    assert _headlines(_search(client, "tamarind")) == ["Title match", "Passing mention"]


def test_credited_person_finds_reviews_of_their_films(client, db):
    """Searching a director's name finds reviews of films they are credited on."""
    review = ReviewFactory(headline="About a river")
    CreditFactory(film=review.film, person__name="Ingeborg Quillfeather")
    assert _headlines(_search(client, "quillfeather")) == ["About a river"]


def test_matches_are_highlighted(client, db):
    """Matched words are wrapped in <mark> in headlines and snippets."""
    ReviewFactory(headline="The pelican brief", intro="A film about a pelican and a harbour.")
    response = _search(client, "pelican")
    assert b"<mark>pelican</mark>" in response.content.lower()


def test_highlighting_never_injects_markup(client, db):
    """Text stored in a review is escaped around the highlights."""
    ReviewFactory(headline="Quokka <script>alert(1)</script>", intro="quokka <b>bold</b> claims")
    response = _search(client, "quokka")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"<b>bold</b>" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        "nul\x00byte",
        "'\"",
        "a & b | !c <-> d:*",
        "((unbalanced",
        '"unterminated phrase',
        "-",
        "or or or",
        "ترانه",
        "%_%",
        "\\",
    ],
)
def test_hostile_queries_never_fail(client, db, q):
    """Long input, NUL bytes, quotes and tsquery syntax give a page, never a 500."""
    ReviewFactory()
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200


def test_garbage_page_number_shows_a_page(client, db):
    """?page=abc or a page past the end shows a real page of results."""
    ReviewFactory(headline="Only walrus")
    for page in ("abc", "999", "-1"):
        assert _headlines(_search(client, "walrus", page=page)) == ["Only walrus"]


def test_results_paginate(client, db):
    """More matches than fit on a page continue on the next page."""
    ReviewFactory.create_batch(search.RESULTS_PER_PAGE + 3, intro="The capybara returns.")
    first = _search(client, "capybara")
    second = _search(client, "capybara", page=2)
    assert len(_headlines(first)) == search.RESULTS_PER_PAGE
    assert len(_headlines(second)) == 3
    assert first.context["results"]().reviews.paginator.count == search.RESULTS_PER_PAGE + 3
    assert b'rel="next"' in first.content


def test_empty_query_shows_help(client, db):
    """No query: a helpful empty state, not an error or an empty list."""
    response = _search(client, "")
    assert response.context["results"]().total == 0
    assert b"Type a film" in response.content


def test_no_results_says_so(client, db):
    """A query matching nothing says so and suggests what to try."""
    ReviewFactory()
    response = _search(client, "xylophonic")
    assert b"Nothing matches" in response.content


def test_search_results_are_not_indexed(client, db):
    """Result pages tell search engines not to index them."""
    assert b'name="robots" content="noindex' in _search(client, "anything").content


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_results(client, db, count, django_assert_max_num_queries):
    """Films, people, count, page and snippets: a fixed number of queries (no N+1 per row)."""
    for review in ReviewFactory.create_batch(count, intro="An iguana crosses the road."):
        ReviewSectionFactory(review=review, body="Another iguana appears.")
        CreditFactory(film=review.film)
    with django_assert_max_num_queries(6):
        _search(client, "iguana")


def test_index_follows_section_edits(db):
    """Saving a section refreshes its review's search vector (PostgreSQL) or FTS5 row (SQLite)."""
    review = ReviewFactory(headline="Plain headline")
    section = ReviewSectionFactory(review=review, body="Nothing special.")
    assert search.search("ocelot").reviews.paginator.count == 0
    section.body = "An ocelot appears."
    section.save()
    assert search.search("ocelot").reviews.paginator.count == 1


def test_index_follows_person_renames(db):
    """Renaming a credited person refreshes the index entries of their films' reviews."""
    review = ReviewFactory()
    credit = CreditFactory(film=review.film, person__name="Ann Smith")
    credit.person.name = "Annunziata Braithwaite"
    credit.person.save()
    assert search.search("braithwaite").reviews.paginator.count == 1


def test_rebuild_command_explains_itself_without_full_text_search(db, monkeypatch):
    """On SQLite without FTS5 the command says there is nothing to rebuild."""
    if POSTGRESQL:
        pytest.skip("SQLite behaviour")
    monkeypatch.setattr(search, "FTS_ENABLED", False)
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "nothing to do" in out.getvalue()


@pytest.mark.skipif(not POSTGRESQL, reason="the search vector exists on PostgreSQL only")
def test_rebuild_command_restores_vectors_on_postgresql(db):
    """rebuild_search_index recomputes vectors that bulk loads left empty."""
    ReviewFactory(headline="Axolotl season")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_review SET search_vector = NULL")
    assert search.search("axolotl").reviews.paginator.count == 0
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "rebuilt for 1 reviews" in out.getvalue()
    assert search.search("axolotl").reviews.paginator.count == 1


@pytest.mark.skipif(not POSTGRESQL, reason="GIN index on PostgreSQL only")
def test_review_search_uses_the_gin_index_on_postgresql(db):
    """With thousands of reviews, a rare word is found through the GIN index, not a scan."""
    film, author = FilmFactory(), UserFactory()
    reviews = ReviewFactory.build_batch(3000, film=film, author=author, intro="Ordinary words.")
    reviews[0].intro = "A solitary narwhal."
    Review.objects.bulk_create(reviews)
    search.rebuild_index()
    with connection.cursor() as cursor:
        # Merge the index's pending list (as autovacuum would) and refresh the statistics.
        cursor.execute("SELECT gin_clean_pending_list('review_search_vector_gin')")
        cursor.execute("ANALYZE reviews_review")
    plan = search._ranked_reviews_postgresql("narwhal").explain()
    assert "review_search_vector_gin" in plan, plan


def test_snippets_start_and_end_on_whole_words():
    """A snippet cut from the middle of a text never begins or ends inside a word."""
    words = " ".join(f"word{i:03d}" for i in range(200))
    text = f"{words} neorealist landmark bicycle {words}"
    snippet = search._window(text, ["bicycle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    inner = snippet.strip("…")
    assert inner.split()[0] in text.split() and inner.split()[-1] in text.split()
    assert "bicycle" in inner
