"""The front page: a featured review, the latest reviews and the top-rated films."""

from __future__ import annotations

from django.db.models import ExpressionWrapper, FloatField, Min, Sum, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from films.models import Film
from reviews.caching import REVIEWS
from reviews.models import FilmStats, Review, average_rating, is_due, settle_due_stats
from reviews.public.films import director_prefetch
from reviews.rating import AverageRating
from reviews_project import tags

LATEST_REVIEWS = 9
TOP_RATED = 6
# Published reviews a film needs before it is ranked at all.
TOP_RATED_MIN_REVIEWS = 2
# The Bayesian prior's weight, in reviews: a film's mean is pulled toward the site-wide mean as
# if it had this many extra reviews at that mean, so one 5-star review does not outrank twenty
# 4½-star ones.
TOP_RATED_PRIOR_REVIEWS = 5


class HomeView(TemplateView):
    """The front page: a featured review, the latest reviews and the top-rated films.

    The template reads each part through `view` inside its fragment, so a request whose
    fragments are cached (reviews_project.fragments) runs no query for them.
    """

    template_name = "home.html"
    http_method_names = ["get", "head"]

    @cached_property
    def newest_reviews(self) -> list[Review]:
        return list(Review.objects.published().for_cards().latest_first()[: LATEST_REVIEWS + 1])

    @cached_property
    def featured(self) -> Review | None:
        """The newest review, shown large."""
        return self.newest_reviews[0] if self.newest_reviews else None

    @cached_property
    def latest(self) -> list[Review]:
        """The reviews after the featured one."""
        return self.newest_reviews[1:]

    @cached_property
    def top_rated(self) -> list[tuple[Film, AverageRating | None]]:
        return top_rated_films()


def _totals() -> dict[str, object]:
    """Every film's sums added up, and when the first of them goes stale."""
    return FilmStats.objects.aggregate(
        ratings=Sum("rating_sum"), reviews=Sum("review_count"), first_due=Min("stale_at")
    )


def _sums(row: FilmStats) -> tuple[int, int]:
    """What a film is ranked on: films with the same sums have the same score and count."""
    return row.rating_sum, row.review_count


def top_rated_films() -> list[tuple[Film, AverageRating | None]]:
    """The best films by Bayesian average rating, best first, with their averages and counts.

    Ranked from each film's review sums (reviews.models.stats), not from the reviews: one row
    per reviewed film instead of an aggregate over every public review.
    """
    # Every public review counts towards the site-wide mean: a publish anywhere moves it.
    tags.add(REVIEWS)
    totals = _totals()
    if is_due(totals["first_due"]):  # a scheduled review has gone public since its count
        settle_due_stats()
        totals = _totals()
    if not totals["reviews"]:
        return []
    site_mean = totals["ratings"] / totals["reviews"]  # AVG() over every public rating
    prior = TOP_RATED_PRIOR_REVIEWS
    scored = FilmStats.objects.filter(review_count__gte=TOP_RATED_MIN_REVIEWS).annotate(
        score=ExpressionWrapper(
            (Value(prior * float(site_mean)) + Cast("rating_sum", FloatField()))
            / (Value(float(prior)) + Cast("review_count", FloatField())),
            output_field=FloatField(),
        )
    )
    # Ranked on the sums alone: ordering every row by its film's title as well would read each
    # film's row (4 of the 6 ms this query took at 10,000 films). Titles only decide between
    # films with the same sums; when such films straddle the cut, only they are read by title.
    ranked = list(scored.order_by("-score", "-review_count")[: TOP_RATED + 1])
    if len(ranked) > TOP_RATED and _sums(ranked[TOP_RATED - 1]) == _sums(ranked[TOP_RATED]):
        last = ranked[TOP_RATED - 1]
        above = [row for row in ranked[:TOP_RATED] if _sums(row) != _sums(last)]
        equal = scored.filter(review_count=last.review_count, rating_sum=last.rating_sum)
        ranked = above + list(equal.order_by("film__title")[: TOP_RATED - len(above)])
    ranked = ranked[:TOP_RATED]
    films = {
        film.pk: film
        for film in Film.objects.filter(pk__in=[row.film_id for row in ranked])
        .prefetch_related(director_prefetch())
        .order_by("title")
    }
    # Equal films within the top go A to Z as the database orders titles (its collation): the
    # films are read in that order.
    by_title = {pk: position for position, pk in enumerate(films)}
    ranked.sort(key=lambda row: (-row.score, -row.review_count, by_title.get(row.film_id, 0)))
    top = []
    for row in ranked:
        film = films.get(row.film_id)
        if film is not None:
            # What with_review_stats() would annotate, from the row already read.
            film.review_count, film.review_mean = row.review_count, row.mean
            top.append((film, average_rating(film)))
    return top
