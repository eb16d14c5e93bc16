"""Index upkeep: after commit only, on every change that alters what search finds."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.functions import Upper

from films.models import Film
from reviews.models import Review
from reviews.search import index
from reviews.search import results as search
from reviews.search.checks import fts5_available
from reviews.search.text import parse
from reviews.services.lists import publish_list, unpublish_list
from reviews.signals import public_review_changed
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    FilmFactory,
    ListEntryFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
)

POSTGRESQL = connection.vendor == "postgresql"


def _found(query: str) -> list[str]:
    results = search.search(query)
    return [review.headline for review in results.reviews.object_list] if results.reviews else []


def _search_upkeep(callbacks) -> list:
    """The index's own after-commit callbacks (cache purges queue theirs beside them)."""
    return [c for c in callbacks if isinstance(c, index._Pending)]


def test_nothing_is_indexed_before_commit(db, django_capture_on_commit_callbacks):
    """Inside the transaction the review is not searchable yet; after commit it is."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ReviewFactory(headline="Uncommitted heron")
        assert _found("heron") == []
    upkeep = _search_upkeep(callbacks)
    assert len(upkeep) == 1  # one upkeep callback per transaction, however many saves
    upkeep[0]()
    assert _found("heron") == ["Uncommitted heron"]


def test_a_rolled_back_transaction_indexes_nothing(db, indexed):
    """Saves undone by a rollback leave the index as it was."""
    with indexed():
        review = ReviewFactory(headline="Steady heron")
    with indexed(), pytest.raises(RuntimeError), transaction.atomic():
        review.headline = "Vanishing egret"
        review.save()
        raise RuntimeError
    assert _found("egret") == []
    assert _found("heron") == ["Steady heron"]


def test_an_imported_review_is_indexed_with_its_sections(db, django_capture_on_commit_callbacks):
    """A review created before its sections (as the importer does) is indexed once, whole."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review = ReviewFactory(headline="Imported")
        ReviewSectionFactory(review=review, body="The cormorant dives.")
        ReviewSectionFactory(review=review, body="The cormorant surfaces.")
    assert len(_search_upkeep(callbacks)) == 1
    assert _found("cormorant") == ["Imported"]


def test_review_edits_unpublishing_and_deletion_update_the_index(db, indexed):
    """A new headline is found and the old one is not; drafts and deleted reviews vanish."""
    with indexed():
        review = ReviewFactory(headline="Old pangolin")
    with indexed():
        review.headline = "New armadillo"
        review.save()
    assert _found("pangolin") == []
    assert _found("armadillo") == ["New armadillo"]
    published_at = review.published_at
    with indexed():
        review.status, review.published_at = Review.Status.DRAFT, None
        review.save()
    assert _found("armadillo") == []
    with indexed():
        review.status, review.published_at = Review.Status.PUBLISHED, published_at
        review.save()
    assert _found("armadillo") == ["New armadillo"]
    with indexed():
        review.delete()
    assert search.search("armadillo").reviews.paginator.count == 0


def test_section_save_and_delete_update_the_index(db, indexed):
    """A section's words are found once saved and forgotten once it is deleted."""
    with indexed():
        section = ReviewSectionFactory(body="Plain words.", review__headline="Sectioned")
    assert _found("narwhal") == []
    with indexed():
        section.body = "A narwhal surfaces."
        section.save()
    assert _found("narwhal") == ["Sectioned"]
    with indexed():
        section.delete()
    assert search.search("narwhal").reviews.paginator.count == 0


def test_film_rename_updates_reviews_and_film_results(db, indexed):
    """Renaming a film re-indexes its reviews and its own entry."""
    with indexed():
        review = ReviewFactory(headline="About a film", film__title="Placeholder")
    film = review.film
    with indexed():
        film.title = "The Ibis Hour"
        film.save()
    assert _found("ibis") == ["About a film"]
    assert search.search("ibis").films == [film]
    assert search.search("placeholder").films == []
    assert _found("placeholder") == []


def test_film_deletion_removes_it_from_results(db, indexed):
    """A deleted film (one without reviews) is no longer listed."""
    with indexed():
        film = FilmFactory(title="Capybara Dreams")
    assert search.search("capybara").films == [film]
    with indexed():
        film.delete()
    assert search.search("capybara").films == []


def test_credits_and_people_update_the_index(db, indexed):
    """Adding, renaming and removing a credit or person changes what is found."""
    with indexed():
        review = ReviewFactory(headline="Credited")
        credit = CreditFactory(film=review.film, person__name="Odalys Thistlewood")
    assert _found("thistlewood") == ["Credited"]
    assert search.search("thistlewood").films == [review.film]
    person = credit.person
    with indexed():
        person.name = "Odalys Brackenridge"
        person.save()
    assert _found("thistlewood") == []
    assert _found("brackenridge") == ["Credited"]
    assert search.search("brackenridge").people == [person]
    with indexed():
        credit.delete()
    assert _found("brackenridge") == []
    assert search.search("brackenridge").films == []
    assert search.search("brackenridge").people == [person]
    with indexed():
        person.delete()
    assert search.search("brackenridge").people == []


def test_a_critic_renamed_is_found_by_the_new_name(db, indexed):
    """A critic's name is in their reviews' documents, and follows a rename."""
    with indexed():
        review = ReviewFactory(headline="Bylined", author__first_name="Perpetua")
    assert _found("perpetua") == ["Bylined"]
    with indexed():
        review.author.first_name = "Clementine"
        review.author.save()
    assert _found("perpetua") == []
    assert _found("clementine") == ["Bylined"]


def test_public_review_changed_reindexes_the_review(db, indexed):
    """The publishing service's signal re-indexes a review changed without a save signal."""
    with indexed():
        review = ReviewFactory(headline="Before")
    Review.objects.filter(pk=review.pk).update(headline="After the gannet")
    assert _found("gannet") == []
    public_review_changed.send(sender=Review, review=review, tags=set())
    assert _found("gannet") == ["After the gannet"]


def test_rebuild_command_restores_an_emptied_index(db, indexed):
    """rebuild_search_index refills what bulk loads (which send no signals) leave empty."""
    with indexed():
        film = FilmFactory(title="Salamander")
        person = PersonFactory(name="Axolotl Fan")
        author = ReviewFactory().author
    Review.objects.bulk_create(
        [ReviewFactory.build(film=film, author=author, headline="Axolotl season")]
    )
    index.engine(connection.alias).clear(connection.alias)
    assert _found("axolotl") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "rebuilt for 2 reviews" in out.getvalue()
    assert _found("axolotl") == ["Axolotl season"]
    assert search.search("salamander").films == [film]
    assert search.search("axolotl").people == [person]


def test_an_empty_index_is_filled_after_migrate(db):
    """Content but no documents (just migrated, or bulk loaded): post_migrate builds them."""
    Film.objects.bulk_create([FilmFactory.build(title="Migrated Marmoset")])
    assert search.search("marmoset").films == []
    index.fill_after_migrate(sender=None, using=connection.alias)
    assert [f.title for f in search.search("marmoset").films] == ["Migrated Marmoset"]


def test_fts5_check_passes_with_this_sqlite(settings):
    """The system check finds FTS5 in this Python's SQLite (so migrate can make the tables)."""
    assert fts5_available() == []


@pytest.mark.skipif(not POSTGRESQL, reason="GIN indexes on PostgreSQL only")
def test_review_search_uses_the_gin_index_on_postgresql(db, indexed):
    """With thousands of reviews, a rare word is found through the GIN index, not a scan."""
    with indexed():
        review = ReviewFactory(intro="A solitary narwhal.")
    reviews = ReviewFactory.build_batch(3000, film=review.film, author=review.author)
    Review.objects.bulk_create(reviews)
    index.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_review")
        cursor.execute("ANALYZE search_reviewdocument")
    plan = index.postgres.review_ids(parse("narwhal"), connection.alias).explain()
    assert "search_review_vector_gin" in plan, plan


@pytest.mark.skipif(not POSTGRESQL, reason="trigram indexes on PostgreSQL only")
def test_typo_candidates_use_the_trigram_indexes_on_postgresql(db):
    """Look-alike titles and names are found through the UPPER(...) trigram indexes."""
    with connection.cursor() as cursor:
        # A test table is tiny: forbid scans to see whether an index can serve the query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        films = Film.objects.annotate(upper=Upper("title")).filter(
            upper__trigram_word_similar="spirted"
        )
        sql, params = films.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_film_title_trgm" in plan, plan


def _lists_found(query: str) -> list[str]:
    return [curated.title for curated in search.search(query).lists]


def test_a_list_is_found_once_published_and_lost_once_unpublished(db, indexed, editor):
    """The lists service's after-commit signal indexes a list going public and drops it again."""
    draft = CuratedListFactory(draft=True, title="Lanterns and Lighthouses", intro="Lamps.")
    ListEntryFactory(curated_list=draft)
    with indexed():
        draft.save()
    assert _lists_found("lanterns") == []
    with indexed():
        assert publish_list(curated_list=draft, actor=editor) == []
    assert _lists_found("lanterns") == ["Lanterns and Lighthouses"]
    with indexed():
        unpublish_list(curated_list=draft, actor=editor)
    assert _lists_found("lanterns") == []


def test_an_edited_list_intro_is_searchable_after_commit(db, indexed):
    """A public list's new introduction is found by its words, the old ones no longer."""
    with indexed():
        curated = CuratedListFactory(title="Night films", intro="Owls and *moonlight*.")
    assert _lists_found("owls moonlight") == ["Night films"]
    with indexed():
        curated.intro = "Foxes at dusk."
        curated.save()
    assert _lists_found("owls") == []
    assert _lists_found("foxes dusk") == ["Night films"]
