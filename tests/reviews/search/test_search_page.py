"""The search page: what it finds and shows, ranking, highlighting, hostile input, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.search import results as search
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
)


def _search(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def _headlines(response) -> list[str]:
    return [r.headline for r in response.context["results"].reviews.object_list]


def _found(query: str) -> list[str]:
    results = search.search(query)
    return [review.headline for review in results.reviews.object_list] if results.reviews else []


@pytest.mark.parametrize(
    ("where", "make"),
    [
        ("film title", lambda: ReviewFactory(film__title="The Quetzal Years")),
        (
            "original title",
            lambda: ReviewFactory(film__title="Birds", film__original_title="Los quetzales"),
        ),
        ("headline", lambda: ReviewFactory(headline="Quetzal in the rain")),
        ("standfirst", lambda: ReviewFactory(standfirst="A quetzal, seen twice.")),
        ("intro", lambda: ReviewFactory(intro="The **quetzal** sings at dawn.")),
        ("verdict", lambda: ReviewFactory(verdict="Go for the quetzal.")),
        ("section heading", lambda: ReviewSectionFactory(heading="Quetzal country").review),
        ("section body", lambda: ReviewSectionFactory(body="A green *quetzal* flies.").review),
        (
            "credited person",
            lambda: CreditFactory(film=ReviewFactory().film, person__name="Ana Quetzal").film,
        ),
        ("critic", lambda: ReviewFactory(author__first_name="Quetzalina")),
    ],
)
def test_every_field_finds_the_review(db, indexed, where, make):
    """A word in any searchable field finds the review, and nothing else is found."""
    with indexed():
        make()
        ReviewFactory(headline="Unrelated notes")
    headlines = _found("quetzal")
    assert len(headlines) == 1, where
    assert "Unrelated" not in headlines[0]


def test_every_term_must_match_somewhere(db, indexed):
    """Terms may match in different fields, but a review missing one term is not found."""
    with indexed():
        ReviewFactory(headline="Both: marzipan", film__title="Gondolier")
        ReviewFactory(headline="Only marzipan here")
        ReviewFactory(headline="Only gondolier here")
    assert _found("marzipan gondolier") == ["Both: marzipan"]
    assert search.search("marzipan").reviews.paginator.count == 2


def test_drafts_and_scheduled_reviews_never_appear(client, db, indexed):
    """Only published reviews whose time has come are found or counted."""
    with indexed():
        ReviewFactory(headline="Public marmalade")
        ReviewFactory(headline="Draft marmalade", draft=True)
        ReviewFactory(headline="Scheduled marmalade", scheduled=True)
    response = _search(client, "marmalade")
    assert _headlines(response) == ["Public marmalade"]
    assert response.context["results"].reviews.paginator.count == 1
    assert b"Draft marmalade" not in response.content
    assert b"Scheduled marmalade" not in response.content


def test_films_people_and_critics_are_found_and_linked(client, db, indexed):
    """Film titles, people's names and critics' names are matched too, and linked."""
    with indexed():
        film = FilmFactory(title="The Orchard Keeper")
        person = PersonFactory(name="Orchardine Vasquez")
        review = ReviewFactory(author__first_name="Orchardo", author__last_name="Lind")
    response = _search(client, "orchard")
    results = response.context["results"]
    assert results.films == [film]
    assert results.people == [person]
    assert results.critics == [review.author]
    for url in (film.get_absolute_url(), person.get_absolute_url(), f"/critics/{review.author}/"):
        assert url.encode() in response.content


def test_film_title_match_ranks_above_a_body_match(client, db, indexed):
    """Weighting: a review of a film titled with the word beats one that merely mentions it."""
    with indexed():
        ReviewFactory(headline="Passing mention", intro="Some say tamarind.")
        # Older, so recency alone would list it second.
        ReviewFactory(
            headline="Title match",
            film__title="Tamarind",
            published_at=timezone.now() - timedelta(days=30),
        )
    assert _headlines(_search(client, "tamarind")) == ["Title match", "Passing mention"]


def test_exact_title_ranks_first_among_films_and_people(db, indexed):
    """The film titled exactly with the word comes before longer titles, whatever the alphabet."""
    with indexed():
        FilmFactory(title="A Zebu in the Snow of a Very Long Winter")
        exact = FilmFactory(title="Zebu")
        PersonFactory(name="Aaron Zebu Montgomery-Smithson")
        person = PersonFactory(name="Zebu")
    results = search.search("zebu")
    assert results.films[0] == exact
    assert results.people[0] == person
    assert len(results.films) == 2


def test_films_and_people_lists_are_bounded(db, indexed):
    """Many matching films and people show only the first few."""
    with indexed():
        for n in range(search.MAX_FILMS + 2):
            FilmFactory(title=f"Okapi {n}")
            PersonFactory(name=f"Okapi Person{n}")
    results = search.search("okapi")
    assert len(results.films) == search.MAX_FILMS
    assert len(results.people) == search.MAX_PEOPLE


def test_words_match_by_prefix_and_without_accents(db, indexed):
    """ "river" finds "riverside"; "bjork" finds "Björk"; "BJÖRK" finds it too."""
    with indexed():
        ReviewFactory(headline="Riverside blues")
        ReviewFactory(headline="Björk on screen")
    assert _found("river") == ["Riverside blues"]
    assert _found("bjork") == ["Björk on screen"]
    assert _found("BJÖRK") == ["Björk on screen"]


def test_matches_are_highlighted_as_whole_words(client, db, indexed):
    """The whole matched word is marked, in headlines and snippets."""
    with indexed():
        ReviewFactory(headline="The pelicans brief", intro="A film about a pelican's harbour.")
    response = _search(client, "pelican")
    html = response.content.decode()
    assert "<mark>pelicans</mark>" in html
    assert "<mark>pelican</mark>&#x27;s" in html


def test_snippets_and_headlines_escape_stored_html(client, db, indexed):
    """Markup stored in a review is shown escaped around the <mark>s, never as markup."""
    with indexed():
        review = ReviewFactory(
            headline="Quokka <script>alert(1)</script>",
            intro='quokka <img src=x onerror="alert(2)"> and <b>bold</b>',
        )
        ReviewSectionFactory(review=review, body="The quokka \ue000smiles\ue001 <i>wide</i>.")
    response = _search(client, "quokka")
    html = response.content.decode()
    for markup in ("<script>alert(1)", "<img src=x", "<b>bold</b>", "<i>wide</i>"):
        assert markup not in html
    assert "&lt;script&gt;" in html
    snippet = str(response.context["results"].reviews.object_list[0].snippet)
    assert "<mark>quokka</mark>" in snippet.lower()
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


HOSTILE = [
    "x" * 10_000,
    "word " * 2_000,
    "nul\x00byte",
    "\x00",
    "'\"",
    '"',
    '""',
    '"unterminated phrase',
    "a & b | !c <-> d:*",
    "((unbalanced",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "-",
    "col:x",
    "title:lantern",
    "{title byline}: lantern",
    "lantern AND",
    "lantern OR NOT",
    "^lantern",
    "+lantern",
    "lantern*",
    "rank:1",
    "a",
    "__",
    "%_%",
    "\\",
    "'; DROP TABLE reviews_review; --",
    "ترانه",
    "港",
    "\u200b\u200f\ufeff",
    "🎬🎥",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(client, db, indexed, q):
    """Long input, NUL bytes, lone surrogates, quotes, FTS5 and tsquery syntax: a page."""
    with indexed():
        ReviewFactory(headline="Lantern festival")
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("raw", ["lone%ED%A0%80surrogate", "%ED%BF%BF", "%FF%FE", "%C0%AF"])
def test_undecodable_bytes_in_the_query_string_never_fail(client, db, raw):
    """Encoded lone surrogates and invalid UTF-8 (what a browser may send) give a page."""
    response = client.get(f"{reverse('search')}?q={raw}")
    assert response.status_code == 200


@pytest.mark.parametrize("q", ["lone \ud800 surrogate", "\udfff", "a\udc80b"])
def test_lone_surrogates_never_reach_the_database(db, indexed, q):
    """A lone surrogate (only Python code can pass one) is dropped before searching."""
    with indexed():
        ReviewFactory(headline="Lone surrogate")
    query = search.search(q).query
    assert not any("\ud800" <= char <= "\udfff" for char in query)


@pytest.mark.parametrize("q", ["lantern*", "^lantern", "(lantern)", '"lantern"', "+lantern"])
def test_syntax_around_a_word_still_finds_it(db, indexed, q):
    """Operator characters around a real word are dropped and the word is still searched."""
    with indexed():
        ReviewFactory(headline="Lantern festival", film__title="Lights")
    assert "Lantern festival" in _found(q)


def test_garbage_page_number_shows_a_page(client, db, indexed):
    """?page=abc or a page past the end shows a real page of results."""
    with indexed():
        ReviewFactory(headline="Only walrus")
    for page in ("abc", "999", "-1"):
        assert _headlines(_search(client, "walrus", page=page)) == ["Only walrus"]


def test_results_paginate(client, db, indexed):
    """More matches than fit on a page continue on the next page."""
    with indexed():
        ReviewFactory.create_batch(search.RESULTS_PER_PAGE + 3, intro="The capybara returns.")
    first = _search(client, "capybara")
    second = _search(client, "capybara", page=2)
    assert len(_headlines(first)) == search.RESULTS_PER_PAGE
    assert len(_headlines(second)) == 3
    assert first.context["results"].reviews.paginator.count == search.RESULTS_PER_PAGE + 3
    assert b'rel="next"' in first.content


def test_empty_query_shows_help(client, db):
    """No query: a helpful empty state, not an error or an empty list."""
    response = _search(client, "")
    assert response.context["results"].total == 0
    assert b"Type a film" in response.content


def test_no_results_says_so(client, db, indexed):
    """A query matching nothing (and like nothing) says so and suggests what to try."""
    with indexed():
        ReviewFactory()
    response = _search(client, "xylophonic")
    assert b"Nothing matches" in response.content
    assert b"Did you mean" not in response.content


def test_a_typo_is_corrected_with_did_you_mean(client, db, indexed):
    """A misspelt title finds the film, and the page says what it searched instead."""
    with indexed():
        film = FilmFactory(title="Spirited Away")
        ReviewFactory(film=film, headline="Bathhouse dreams")
    response = _search(client, "spirted away")
    results = response.context["results"]
    assert results.films == [film]
    assert _headlines(response) == ["Bathhouse dreams"]
    assert results.typed == "spirted away"
    html = response.content.decode()
    assert "Did you mean" in html
    assert "?q=Spirited%20away" in html


def test_search_results_are_not_indexed(client, db):
    """Result pages tell search engines not to index them."""
    assert b'name="robots" content="noindex' in _search(client, "anything").content


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_results(
    client, db, indexed, count, django_assert_max_num_queries
):
    """Count, page of ids, its reviews with films and critics, sections for snippets, film ids
    and films, people ids and people, critics, list ids and lists: eleven queries whatever the
    number of results (no N+1 per row)."""
    with indexed():
        for review in ReviewFactory.create_batch(count, intro="An iguana crosses the road."):
            ReviewSectionFactory(review=review, body="Another iguana appears.")
            CreditFactory(film=review.film, person__name="Iguana Jones")
            CuratedListFactory(title=f"Iguanas, volume {review.pk}")
    with django_assert_max_num_queries(11):
        response = _search(client, "iguana")
    assert len(response.context["results"].lists) == min(count, 4)


def test_query_count_of_a_corrected_typo_is_bounded(
    client, db, indexed, django_assert_max_num_queries
):
    """A query that matches nothing as typed costs a few more queries, not one per candidate."""
    with indexed():
        for n in range(10):
            ReviewFactory(film__title=f"Parasite {n}", headline=f"Review {n}")
    # Twice the search's own queries (as typed, then corrected; lists searched both times).
    with django_assert_max_num_queries(18):
        response = _search(client, "parasyte")
    assert response.context["results"].typed == "parasyte"


def test_lists_are_found_with_their_titles_highlighted(client, db, indexed):
    """A curated list's title words find it; the results link to it with the words marked."""
    with indexed():
        curated = CuratedListFactory(title="Great Movies of the Sea", intro="Tides.")
    html = _search(client, "great movies").content.decode()
    assert 'id="search-lists"' in html
    assert f'href="{curated.get_absolute_url()}"' in html
    assert "<mark>Great</mark> <mark>Movies</mark> of the Sea" in html


def test_a_500_character_query_is_cut_between_words_on_the_page(client, db):
    """The search page searches (and shows) whole words only from a 500-character query."""
    query = ("harbour " * 24 + "lighthouse keeper " * 20)[:500]
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    shown = response.context["search_query"]
    assert 0 < len(shown) <= search.MAX_QUERY_LENGTH
    assert set(shown.split()) == {"harbour"}
