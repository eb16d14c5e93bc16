"""Public catalogue pages: browse and film pages.

They live in `reviews` although they show `films` models: each page also shows published reviews
and their ratings, and `films` knows nothing about reviews (reviews depend on films, never the
reverse). Their URL names stay in the `films` namespace (`films:film_detail`).
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from films.caching import film_themes_tag
from films.models import Credit, Film, Person, Theme
from reviews.models import CuratedList, Review, average_rating, film_reviews_tag
from reviews.public.filters import (
    FilmFilterForm,
    annotated_films,
    apply_filters,
    cached_facet_counts,
    canonical_query,
    label_with_counts,
    ordering,
)
from reviews.public.jsonld import film_document
from reviews.public.pagination import NearestPageMixin
from reviews.public.related import lists_with_film, related_films
from reviews.public.watch import reader_region, where_to_watch
from reviews.rating import AverageRating, Rating
from reviews_project import tags
from reviews_project.cache import vary_page
from reviews_project.fragments import query_key

FILMS_PER_PAGE = 24


def director_prefetch() -> Prefetch:
    """Each film's directors, for cards and bylines, as `film.director_credits`."""
    return Prefetch(
        "credits",
        queryset=Credit.objects.filter(role=Credit.Role.DIRECTOR)
        .select_related("person")
        .order_by("billing_order", "id"),
        to_attr="director_credits",
    )


class FilmListView(NearestPageMixin, ListView):
    """Browse the catalogue: facets, sorting and pagination, all in the query string."""

    template_name = "films/film_list.html"
    context_object_name = "films"
    paginate_by = FILMS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = FilmFilterForm(request.GET or None, request=request)
        self.filters = self.form.valid_filters()
        return super().get(request, *args, **kwargs)

    def count_key(self) -> tuple:
        return ("films", canonical_query(self.filters, sort=False))

    def get_queryset(self) -> QuerySet[Film]:
        films = apply_filters(annotated_films(), self.filters)
        return (
            films.select_related("original_language")
            .prefetch_related(director_prefetch())
            .order_by(*ordering(self.filters))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=self.filters,
            is_filtered=any(key != "sort" for key in self.filters),
            canonical_query=canonical_query(self.filters, self.page_obj.number),
            # The form shows what was typed (and any errors), so it varies on the raw query.
            form_key=query_key(self.request, without=("page",)),
            ignored=sorted(self.form.errors) if self.form.is_bound else [],
            active_filters=active_filter_chips(self.form, self.filters),
        )
        return context

    # The template reads these through `view` inside its fragments, so a request whose
    # fragments are cached never counts facets or reads the page's ratings.

    @cached_property
    def filter_form(self) -> FilmFilterForm:
        """The filter form, each option labelled with how many films it would leave."""
        label_with_counts(self.form, cached_facet_counts(self.filters, self.request))
        return self.form

    @cached_property
    def cards(self) -> list[tuple[Film, AverageRating | None]]:
        """The page's films, each with its average rating."""
        return [(film, average_rating(film)) for film in self.page_obj.object_list]


def active_filter_chips(form: FilmFilterForm, filters: dict[str, object]) -> list[tuple[str, str]]:
    """Each active filter as ("Genre: Drama", the query string without it), for removable chips."""
    chips = []
    for key in filters:
        if key == "sort":
            continue
        field = form.fields[key]
        if key == "has_reviews":
            label = "Has reviews"
        else:
            names = {str(value): name for value, name in getattr(field, "choices", [])}
            label = f"{field.label}: {names.get(str(filters[key]), filters[key])}"
        rest = {other: value for other, value in filters.items() if other != key}
        chips.append((label, canonical_query(rest)))
    return chips


class FilmDetailView(DetailView):
    """A film's page: facts, credits, synopsis and its published reviews."""

    model = Film
    template_name = "films/film_detail.html"

    def get_queryset(self) -> QuerySet[Film]:
        # Only the film's own row: credits, reviews and stats are read when the page's
        # fragments are not cached (FilmPage below), not on every request.
        return Film.objects.select_related("original_language")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        film = self.object
        context.update(
            page=FilmPage(film),
            og_title=f"{film.title} ({film.year})",
            og_image=film.poster.url if film.poster else "",
            # Per reader (their region), so outside the page's cached fragments.
            watch=where_to_watch(film, reader_region(self.request), self.request),
            trailer=film.trailer,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        watch, trailer = context["watch"], context["trailer"]
        if watch["has_offers"] and not watch["region"].chosen:
            # The offers shown first follow the reader's Accept-Language, normalised to the
            # film's own regions (reviews.public.watch): one cached copy per region.
            vary_page(response, "region", watch["regions"], header="Accept-Language")
        if trailer is not None:
            # Frames from exactly the trailer's privacy-enhanced player, nothing else.
            response._csp_config = {**settings.SECURE_CSP, "frame-src": [trailer.player_origin]}
        return response


class FilmPage:
    """What a film page shows beyond the film's own row: credits, reviews, their ratings.

    Each part is read the first time the template asks for it, so a request whose fragments
    are cached (reviews_project.fragments) runs none of these queries.
    """

    def __init__(self, film: Film) -> None:
        self.film = film

    @cached_property
    def credits(self) -> list[Credit]:
        """Every credit with its person; the film's genres, countries and languages with them."""
        prefetch_related_objects(
            [self.film],
            "genres",
            "countries",
            "languages",
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
        )
        return list(self.film.credits.all())

    @cached_property
    def directors(self) -> list[Person]:
        return [c.person for c in self.credits if c.role == Credit.Role.DIRECTOR]

    @cached_property
    def writers(self) -> list[Person]:
        return [c.person for c in self.credits if c.role == Credit.Role.WRITER]

    @cached_property
    def cast(self) -> list[Credit]:
        return [c for c in self.credits if c.role == Credit.Role.CAST]

    @cached_property
    def crew(self) -> list[Credit]:
        """Everyone but the directors, writers and cast."""
        named = (Credit.Role.DIRECTOR, Credit.Role.WRITER, Credit.Role.CAST)
        return [c for c in self.credits if c.role not in named]

    @cached_property
    def reviews(self) -> list[Review]:
        tags.add(film_reviews_tag(self.film.pk))
        # for_cards(): the review cards show the film too (else one query per review).
        return list(Review.objects.published().filter(film=self.film).for_cards().latest_first())

    @cached_property
    def average(self) -> AverageRating | None:
        """The average of its published ratings; None before the first review.

        From the reviews the page lists anyway (all of them), as with_review_stats() computes
        it in SQL: a query fewer.
        """
        ratings = [review.rating for review in self.reviews if review.rating is not None]
        mean = sum(ratings) / len(ratings) if ratings else None  # AVG() skips NULL, COUNT(*) not
        return AverageRating.from_aggregate(mean, len(self.reviews))

    @cached_property
    def histogram(self) -> list[tuple[Rating, int]] | None:
        """How the critics rated it, once there is more than one review."""
        return rating_histogram(self.reviews) if len(self.reviews) > 1 else None

    @cached_property
    def jsonld(self) -> dict[str, object]:
        return film_document(self.film, directors=self.directors, average=self.average)

    @cached_property
    def lists(self) -> list[CuratedList]:
        """The published lists the film is on."""
        return lists_with_film(self.film)

    @cached_property
    def themes(self) -> list[Theme]:
        tags.add(film_themes_tag(self.film.pk))
        return list(self.film.themes.all())

    @cached_property
    def related(self) -> dict[str, list]:
        """More by its director, with its cast, and in the same lists and themes."""
        return related_films(
            self.film,
            director_ids=[person.pk for person in self.directors],
            cast_ids=[credit.person_id for credit in self.cast],
            theme_ids=[theme.pk for theme in self.themes],
        )


def rating_histogram(reviews: list[Review]) -> list[tuple[Rating, int]]:
    """How many reviews gave each rating, best first (from the reviews already on the page)."""
    counts = Counter(review.rating for review in reviews)
    return [
        (rating, counts.get(rating.half_stars, 0))
        for rating in Rating.every(best_first=True)
        if rating.half_stars % 2 == 0 or counts.get(rating.half_stars)
    ]
