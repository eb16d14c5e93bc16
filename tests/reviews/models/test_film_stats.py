"""Each film's review sums (FilmStats) stay equal to a recount of its public reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Avg, Count, Sum

from reviews.models import FilmStats, Review, refresh_film_stats, settle_due_stats
from reviews.public.filters import facet_counts
from reviews.public.home import top_rated_films
from reviews.services import publishing
from tests.factories import FilmFactory, ReviewFactory, ReviewSectionFactory


def recounted() -> dict[int, tuple[int, int]]:
    """(reviews, sum of ratings) per film, counted from the reviews now."""
    return {
        row["film"]: (row["n"], row["total"])
        for row in Review.objects.published()
        .values("film")
        .annotate(n=Count("*"), total=Sum("rating"))
        .order_by()
    }


def kept() -> dict[int, tuple[int, int]]:
    """The same, as FilmStats keeps it (films with only a scheduled review left out)."""
    return {
        row.film_id: (row.review_count, row.rating_sum)
        for row in FilmStats.objects.filter(review_count__gt=0)
    }


@pytest.fixture
def draft(critic):
    review = ReviewFactory(author=critic, draft=True, rating=6)
    ReviewSectionFactory(review=review)
    return review


def test_publish_and_unpublish_through_the_service_recount_the_film(draft, editor):
    """Publishing counts the review on its film; returning it to draft takes it off."""
    ReviewFactory(film=draft.film, rating=10)
    assert kept() == recounted() == {draft.film_id: (1, 10)}
    review = publishing.publish(review=draft, actor=editor, lock_version=draft.version)
    assert kept() == recounted() == {draft.film_id: (2, 16)}
    publishing.unpublish(review=review, actor=editor, lock_version=review.version)
    assert kept() == recounted() == {draft.film_id: (1, 10)}


def test_rating_change_film_change_and_delete_recount_both_films(db):
    """A public review's new rating, its move to another film and its deletion all count."""
    first, second = FilmFactory(), FilmFactory()
    review = ReviewFactory(film=first, rating=8)
    ReviewFactory(film=first, rating=3)
    assert kept() == recounted() == {first.pk: (2, 11)}
    review.rating = 4
    review.save()
    assert kept() == recounted() == {first.pk: (2, 7)}
    review.film = second
    review.save()
    assert kept() == recounted() == {first.pk: (1, 3), second.pk: (1, 4)}
    review.delete()
    assert kept() == recounted() == {first.pk: (1, 3)}
    assert not FilmStats.objects.filter(film=second).exists()


def test_a_drafts_autosave_writes_no_sums(draft, django_assert_num_queries):
    """Saving a draft's text reads what the sums counted (one query) and writes nothing."""
    draft.standfirst = "Typed a little more."
    with django_assert_num_queries(3):  # the save's UPDATE, the sums' and the cache's reads
        draft.save()
    assert not FilmStats.objects.exists()


def test_a_scheduled_review_counts_once_its_time_has_come(db, time_machine):
    """Scheduled: not counted, its film's row says when; after that time, settling counts it."""
    review = ReviewFactory(scheduled=True, rating=10)
    row = FilmStats.objects.get(film=review.film)
    assert (row.review_count, row.stale_at) == (0, review.published_at)
    assert top_rated_films() == []
    time_machine.move_to(review.published_at + timedelta(seconds=1))
    ReviewFactory(film=review.film, rating=6)  # a second review: the film can rank
    settle_due_stats()
    assert kept() == recounted() == {review.film_id: (2, 16)}
    assert FilmStats.objects.get(film=review.film).stale_at is None
    assert [film.pk for film, _average in top_rated_films()] == [review.film_id]


def test_top_rated_settles_due_sums_before_ranking(db, time_machine):
    """The front page ranks a film whose scheduled second review has just gone public."""
    film = FilmFactory()
    ReviewFactory(film=film, rating=8)
    scheduled = ReviewFactory(film=film, scheduled=True, rating=8)
    assert top_rated_films() == []
    time_machine.move_to(scheduled.published_at + timedelta(seconds=1))
    [(ranked, average)] = top_rated_films()
    assert (ranked.pk, average.count) == (film.pk, 2)


def test_refresh_of_every_film_matches_a_recount(db):
    """refresh_film_stats() with no films recounts them all (the generator and restores)."""
    for rating in (2, 5, 9, 10):
        ReviewFactory(rating=rating)
    ReviewFactory(draft=True)
    FilmStats.objects.all().delete()
    refresh_film_stats()
    assert kept() == recounted()
    assert len(kept()) == 4


def test_the_ranking_mean_is_every_public_ratings_mean(db):
    """The site-wide mean the prior pulls towards is AVG() of every public rating."""
    for ratings in ((10, 10), (2, 2, 2), (6, 7)):
        film = FilmFactory()
        for rating in ratings:
            ReviewFactory(film=film, rating=rating)
    ReviewFactory(rating=10, draft=True)
    rows = FilmStats.objects.all()
    mean = sum(row.rating_sum for row in rows) / sum(row.review_count for row in rows)
    expected = Review.objects.published().aggregate(mean=Avg("rating"))["mean"]
    assert mean == pytest.approx(expected) == pytest.approx(39 / 7)


def test_rating_facets_settle_due_sums_before_counting(db, time_machine):
    """/films/'s "has reviews" count includes a film whose scheduled review has gone public."""
    ReviewFactory(rating=6)
    scheduled = ReviewFactory(scheduled=True, rating=8)
    assert facet_counts({})["has_reviews"] == {"on": 1}
    time_machine.move_to(scheduled.published_at + timedelta(seconds=1))
    counts = facet_counts({})
    assert counts["has_reviews"] == {"on": 2}
    assert counts["min_rating"]["4"] == 1  # 4★ and up: the 8-half-star review's film
