"""Site search on SQLite's FTS5 tables: what is found, upkeep on every change, hostile queries,
safe snippets, and the LIKE fallback where FTS5 is missing.

Tests about results run on both databases (PostgreSQL searches its vector); tests about the
FTS5 tables themselves are skipped on PostgreSQL.
"""

from __future__ import annotations

import importlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from films.models import Film, Person
from reviews import search
from reviews.models import Review
from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
)

SQLITE = connection.vendor == "sqlite"
sqlite_only = pytest.mark.skipif(not SQLITE, reason="FTS5 tables exist on SQLite only")
migration_0006 = importlib.import_module("reviews.migrations.0006_sqlite_full_text_search")


def _found(query: str) -> list[str]:
    """Headlines of the reviews on the first results page."""
    results = search.search(query)
    return [review.headline for review in results.reviews.object_list] if results.reviews else []


def _count(query: str) -> int:
    results = search.search(query)
    return results.reviews.paginator.count if results.reviews else 0


def _indexed(table: str) -> set[int]:
    """Rowids in an FTS5 table (empty on PostgreSQL, which has none)."""
    if not SQLITE:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table}")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def fts_off(monkeypatch):
    """SQLite as on a machine without FTS5: the module switch, not a mock of any result."""
    monkeypatch.setattr(search, "FTS_ENABLED", False)


# --- every searchable field finds the review ---


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
    ],
)
def test_every_field_finds_the_review(db, where, make):
    """A word in any searchable field finds the review, and nothing else is found."""
    make()
    ReviewFactory(headline="Unrelated notes")
    headlines = _found("quetzal")
    assert len(headlines) == 1, where
    assert "Unrelated" not in headlines[0]


def test_every_term_must_match_somewhere(db):
    """Terms may match in different fields, but a review missing one term is not found."""
    ReviewFactory(headline="Both: marzipan", film__title="Gondolier")
    ReviewFactory(headline="Only marzipan here")
    ReviewFactory(headline="Only gondolier here")
    assert _found("marzipan gondolier") == ["Both: marzipan"]
    assert _count("marzipan") == 2


def test_drafts_and_scheduled_reviews_are_never_found_or_counted(db):
    """The index may hold scheduled reviews, but results and counts are published() only."""
    ReviewFactory(headline="Public kumquat")
    ReviewFactory(headline="Draft kumquat", draft=True)
    ReviewFactory(headline="Scheduled kumquat", scheduled=True)
    assert _found("kumquat") == ["Public kumquat"]
    assert _count("kumquat") == 1


def test_headline_match_ranks_above_a_body_match(db):
    """bm25 weights: the headline counts for more than the body text."""
    ReviewSectionFactory(body="Somewhere a wombat.", review__headline="Body mention")
    ReviewFactory(headline="The wombat")
    assert _found("wombat") == ["The wombat", "Body mention"]


@sqlite_only
def test_words_match_by_prefix_and_without_accents(db):
    """ "river" finds "riverside"; "bjork" finds "Björk" (unicode61 remove_diacritics)."""
    ReviewFactory(headline="Riverside blues")
    ReviewFactory(headline="Björk on screen")
    assert _found("river") == ["Riverside blues"]
    assert _found("bjork") == ["Björk on screen"]


@sqlite_only
def test_films_and_people_are_ranked_best_first(db):
    """The film titled exactly with the word comes before longer titles, whatever the alphabet."""
    FilmFactory(title="A Zebu in the Snow of a Very Long Winter")
    exact = FilmFactory(title="Zebu")
    PersonFactory(name="Aaron Zebu Montgomery-Smithson")
    person = PersonFactory(name="Zebu")
    results = search.search("zebu")
    assert results.films[0] == exact
    assert results.people[0] == person
    assert len(results.films) == 2


def test_films_and_people_lists_are_bounded(db):
    """Many matching films and people show only the first few."""
    for n in range(search.MAX_FILMS + 2):
        FilmFactory(title=f"Okapi {n}")
        PersonFactory(name=f"Okapi Person{n}")
    results = search.search("okapi")
    assert len(results.films) == search.MAX_FILMS
    assert len(results.people) == search.MAX_PEOPLE


# --- the index follows every change ---


def test_review_edits_unpublishing_and_deletion_update_the_index(db):
    """A new headline is found and the old one is not; drafts and deleted reviews vanish."""
    review = ReviewFactory(headline="Old pangolin")
    review.headline = "New armadillo"
    review.save()
    assert _found("pangolin") == []
    assert _found("armadillo") == ["New armadillo"]
    review.status, review.published_at = Review.Status.DRAFT, None
    review.save()
    assert _found("armadillo") == []
    review.status, review.published_at = Review.Status.PUBLISHED, ReviewFactory().published_at
    review.save()
    assert _found("armadillo") == ["New armadillo"]
    pk = review.pk
    review.delete()
    assert _count("armadillo") == 0
    assert pk not in _indexed(search.REVIEW_FTS)


def test_section_save_and_delete_update_the_index(db):
    """A section's words are found once saved and forgotten once it is deleted."""
    section = ReviewSectionFactory(body="Plain words.", review__headline="Sectioned")
    assert _found("narwhal") == []
    section.body = "A narwhal surfaces."
    section.save()
    assert _found("narwhal") == ["Sectioned"]
    section.delete()
    assert _count("narwhal") == 0


def test_film_rename_updates_reviews_and_film_results(db):
    """Renaming a film re-indexes its reviews and its own entry."""
    review = ReviewFactory(headline="About a film", film__title="Placeholder")
    film = review.film
    film.title = "The Ibis Hour"
    film.save()
    assert _found("ibis") == ["About a film"]
    assert search.search("ibis").films == [film]
    assert search.search("placeholder").films == []
    assert _found("placeholder") == []


def test_film_deletion_removes_it_from_results(db):
    """A deleted film (one without reviews) is no longer listed."""
    film = FilmFactory(title="Capybara Dreams")
    assert search.search("capybara").films == [film]
    pk = film.pk
    film.delete()
    assert search.search("capybara").films == []
    assert pk not in _indexed(search.FILM_FTS)


def test_credits_and_people_update_the_index(db):
    """Adding, renaming and removing a credit or person changes which reviews are found."""
    review = ReviewFactory(headline="Credited")
    credit = CreditFactory(film=review.film, person__name="Odalys Thistlewood")
    assert _found("thistlewood") == ["Credited"]
    person = credit.person
    person.name = "Odalys Brackenridge"
    person.save()
    assert _found("thistlewood") == []
    assert _found("brackenridge") == ["Credited"]
    assert search.search("brackenridge").people == [person]
    credit.delete()
    assert _found("brackenridge") == []
    assert search.search("brackenridge").people == [person]


def test_person_deletion_removes_them_from_results(db):
    """A deleted person (credits protect them, so one without any) is no longer listed."""
    person = PersonFactory(name="Ysolde Farquharson")
    assert search.search("farquharson").people == [person]
    pk = person.pk
    person.delete()
    assert search.search("farquharson").people == []
    assert pk not in _indexed(search.PERSON_FTS)


@sqlite_only
def test_rebuild_restores_a_wiped_index(db):
    """rebuild_search_index refills the FTS5 tables that bulk loads leave empty."""
    ReviewFactory(headline="Axolotl season", film__title="Salamander")
    PersonFactory(name="Axolotl Fan")
    with connection.cursor() as cursor:
        for table in (search.REVIEW_FTS, search.FILM_FTS, search.PERSON_FTS):
            cursor.execute(f"DELETE FROM {table}")
    assert _found("axolotl") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "rebuilt for 1 reviews" in out.getvalue()
    assert _found("axolotl") == ["Axolotl season"]
    assert [f.title for f in search.search("salamander").films] == ["Salamander"]
    assert [p.name for p in search.search("axolotl").people] == ["Axolotl Fan"]


@sqlite_only
def test_bulk_inserts_are_found_after_rebuild_index(db):
    """bulk_create sends no signals: the generator's rebuild_index() call makes rows findable."""
    film = FilmFactory(title="Bulk")
    Review.objects.bulk_create(
        [ReviewFactory.build(film=film, headline="Bulk tapir", author=ReviewFactory().author)]
    )
    assert _found("tapir") == []
    search.rebuild_index()
    assert _found("tapir") == ["Bulk tapir"]


# --- hostile input ---


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""',
        "AND",
        "OR",
        "NOT",
        "NEAR(",
        "NEAR(a b, 2)",
        "*",
        "-",
        "col:x",
        "title:lantern",
        "headline : lantern",
        "lantern*",
        "^lantern",
        "{title headline}: lantern",
        "lantern AND",
        "lantern OR NOT",
        'lan"tern',
        "+lantern",
        "a",
        "x y z",
        "__",
        "rank:1",
    ],
)
def test_fts_syntax_in_queries_never_fails(client, db, q):
    """FTS5 operators typed by a reader are words or ignored punctuation: a page, not a 500."""
    ReviewFactory(headline="Lantern festival")
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("q", ["lantern*", "^lantern", "(lantern)", '"lantern"', "+lantern"])
def test_fts_syntax_around_a_word_still_finds_it(db, q):
    """Operator characters around a real word are dropped and the word is still searched
    (while "title:lantern" is the phrase "title lantern", like any hyphenated pair)."""
    ReviewFactory(headline="Lantern festival", film__title="Lights")
    assert "Lantern festival" in _found(q)


def test_fts_query_quotes_every_term():
    """Each term becomes one quoted FTS5 string; nothing typed survives as an operator."""
    assert search.fts_query(["AND", 'say"what', "NEAR", "jean-luc", "x"]) == (
        '"AND"* AND "say what"* AND "NEAR"* AND "jean luc"* AND "x"'
    )
    assert search.fts_query(["*", "-", "%_%"]) == ""


def test_fts_string_escapes_double_quotes():
    """Should a quote reach an FTS5 string, it is doubled, so the string cannot be closed."""
    assert search._fts_string('a"b') == '"a""b"'


def test_snippets_and_headlines_escape_stored_html(client, db):
    """Markup stored in a review is shown escaped around the <mark>s, never as markup."""
    review = ReviewFactory(
        headline="Quokka <script>alert(1)</script>",
        intro='quokka <img src=x onerror="alert(2)"> and <b>bold</b>',
    )
    ReviewSectionFactory(review=review, body="The quokka \ue000smiles\ue001 <i>wide</i>.")
    response = client.get(reverse("search"), {"q": "quokka"})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    assert "<i>wide</i>" not in html
    assert "&lt;script&gt;" in html
    snippet = str(response.context["results"]().reviews.object_list[0].snippet)
    assert "<mark>quokka</mark>" in snippet.lower()
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


# --- without FTS5 ---


@sqlite_only
def test_fallback_without_fts_finds_substrings(db, fts_off):
    """With FTS off, LIKE matches inside words (which FTS5's prefix matching cannot)."""
    ReviewFactory(headline="Downriver blues")
    ReviewFactory(headline="Draft downriver", draft=True)
    FilmFactory(title="Downriver")
    assert not search.fts_available()
    assert _found("river") == ["Downriver blues"]
    assert [f.title for f in search.search("river").films] == ["Downriver"]


@sqlite_only
def test_with_fts_a_word_inside_another_is_not_a_match(db):
    """The counterpart of the fallback test: FTS5 matches words and their starts only."""
    ReviewFactory(headline="Downriver blues")
    assert _found("river") == []


@sqlite_only
def test_fallback_search_page_works(client, db, fts_off):
    """The page renders and highlights through the LIKE path too."""
    ReviewFactory(headline="The heron waits", intro="A heron.")
    response = client.get(reverse("search"), {"q": "heron"})
    assert response.status_code == 200
    assert b"<mark>heron</mark>" in response.content.lower()


@sqlite_only
def test_saves_without_fts_leave_the_tables_alone(db, fts_off):
    """With FTS off nothing is written, so a later rebuild is what brings the index up to date."""
    ReviewFactory(headline="Unindexed gecko")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.REVIEW_FTS}")
        assert cursor.fetchone()[0] == 0


@sqlite_only
def test_missing_tables_fall_back_to_like(db):
    """A database whose FTS5 tables are gone (or never made) searches with LIKE, not a 500."""
    ReviewFactory(headline="Marmot weather")
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    migration_0006.drop_fts_tables(None, editor)
    search._fts_found.clear()
    assert not search.fts_available()
    assert _found("marmot") == ["Marmot weather"]
    # Reversible: applying the migration again creates and fills the tables.
    migration_0006.create_fts_tables(None, editor)
    assert search.fts_available()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {search.REVIEW_FTS} WHERE {search.REVIEW_FTS} MATCH 'marmot'"
        )
        assert cursor.fetchall() == [(Review.objects.get().pk,)]


def test_migration_makes_fts_tables_on_sqlite_only(db):
    """PostgreSQL keeps its vector and gets no FTS5 tables."""
    tables = set(connection.introspection.table_names())
    assert (search.REVIEW_FTS in tables) is SQLITE
    assert (search.FILM_FTS in tables) is SQLITE
    assert (search.PERSON_FTS in tables) is SQLITE
    assert Film.objects.exists() is False and Person.objects.exists() is False
