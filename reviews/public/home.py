"""The front page: a featured review, the latest reviews and the top-rated films."""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    FloatField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from films.models import Film
from reviews.models import Review, average_rating, with_review_stats
from reviews.public.films import director_prefetch
from reviews.rating import AverageRating

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


def top_rated_films() -> list[tuple[Film, AverageRating | None]]:
    """The best films by Bayesian average rating, best first, with their averages and counts."""
    published = Review.objects.published()
    site_mean = published.aggregate(mean=Avg("rating"))["mean"]
    if site_mean is None:
        return []
    prior = TOP_RATED_PRIOR_REVIEWS
    film_title = Film.objects.filter(pk=OuterRef("film")).order_by().values("title")[:1]
    # One grouped pass over the (film, status, published_at, rating) index; COUNT(*) keeps it
    # index-only on PostgreSQL. The title by subquery, for ties: only the sorted groups look it up.
    ranked = list(
        published.values("film")
        .annotate(n=Count("*"), total=Sum("rating"))
        .filter(n__gte=TOP_RATED_MIN_REVIEWS)
        .annotate(
            score=ExpressionWrapper(
                (Value(prior * float(site_mean)) + Cast("total", FloatField()))
                / (Value(float(prior)) + Cast("n", FloatField())),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-n", Subquery(film_title))
        .values_list("film", flat=True)[:TOP_RATED]
    )
    films = {
        film.pk: film
        for film in with_review_stats(Film.objects.filter(pk__in=ranked)).prefetch_related(
            director_prefetch()
        )
    }
    return [(films[pk], average_rating(films[pk])) for pk in ranked if pk in films]
