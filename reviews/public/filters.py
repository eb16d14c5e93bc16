"""The list pages' filter forms: the browse page's, with its facet counts, and the reviews list's.

Filters live in the query string. Each facet option shows how many films it would leave given the
other filters (the usual faceted-search convention), so every count is one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.validators import slug_unicode_re
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django_countries import countries as iso_countries

from films.models import Country, Credit, Film, Genre, Language, Offer, Person, Theme

# Film pages show review aggregates; that queryset helper belongs to the reviews app.
from reviews.models import (
    FilmStats,
    is_due,
    latest_public_review_at,
    settle_due_stats,
    with_review_stats,
)
from reviews.public.forms import ReaderForm
from reviews.rating import Rating
from reviews_project import fragments

# From one star up: "½★ and up" would filter nothing out.
RATING_CHOICES = [
    (str(rating.value), f"{rating.value:g}★ and up")
    for rating in Rating.every()
    if rating.half_stars >= 2
]
SORTS = {
    # sort_title: the title without a leading article ("The Mirror" under M).
    "title": ("Title (A–Z)", ["sort_title", "year", "pk"]),
    "year": ("Year (newest first)", ["-year", "sort_title", "pk"]),
    "year_asc": ("Year (oldest first)", ["year", "sort_title", "pk"]),
    "rating": ("Average rating", [F("review_mean").desc(nulls_last=True), "sort_title", "pk"]),
    "reviewed": (
        "Newest review",
        [F("latest_review_at").desc(nulls_last=True), "sort_title", "pk"],
    ),
}
DEFAULT_SORT = "title"
# A select listing every director (thousands at magazine scale) is neither usable nor quick to
# render: the form offers those with most films under the other filters, plus the chosen one.
DIRECTOR_OPTIONS = 40
FACETS = (
    "genre",
    "theme",
    "decade",
    "country",
    "language",
    "min_rating",
    "has_reviews",
    "director",
    "stream_in",
)


@dataclass(frozen=True)
class Facet:
    """One option of a facet: the value in the query string, its label and its count."""

    value: str
    label: str
    count: int


class FilmFilterForm(ReaderForm):
    """Filter and sort the catalogue; options come from the catalogue itself."""

    genre = forms.ChoiceField(required=False, label="Genre")
    theme = forms.ChoiceField(required=False, label="Theme")
    decade = forms.ChoiceField(required=False, label="Decade")
    country = forms.ChoiceField(required=False, label="Country")
    language = forms.ChoiceField(required=False, label="Language")
    director = forms.ChoiceField(required=False, label="Director")
    min_rating = forms.ChoiceField(
        required=False,
        label="Minimum rating",
        choices=[("", "Any rating"), *RATING_CHOICES],
    )
    has_reviews = forms.BooleanField(required=False, label="Has reviews")
    stream_in = forms.ChoiceField(required=False, label="Available to stream in")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        options = fragments.cached(request, "film-filter-options", (), catalogue_options)
        self.fields["genre"].choices = [("", "All genres"), *options["genre"]]
        self.fields["theme"].choices = [("", "Any theme"), *options["theme"]]
        self.fields["stream_in"].choices = [("", "Anywhere or nowhere"), *options["stream_in"]]
        self.fields["decade"].choices = [("", "Any decade"), *options["decade"]]
        self.fields["country"].choices = [("", "Any country"), *options["country"]]
        self.fields["language"].choices = [("", "Any language"), *options["language"]]
        # Only the submitted director is looked up here (to validate it): label_with_counts()
        # offers the busiest directors from the facet counts, so thousands of rows are not read.
        chosen = self.data.get("director") if self.is_bound else None
        self.fields["director"].choices = [("", "Any director")] + (
            list(
                Person.objects.filter(credits__role=Credit.Role.DIRECTOR, slug=chosen)
                .distinct()
                .values_list("slug", "name")
            )
            if isinstance(chosen, str) and slug_unicode_re.fullmatch(chosen)
            else []
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Field("genre"),
                Field("theme"),
                Field("decade"),
                Field("country"),
                Field("language"),
                Field("director"),
                Field("min_rating"),
                Field("stream_in"),
                Field("has_reviews"),
                Field("sort"),
                css_class="filters__fields",
            ),
            # A plain button: a named submit would add itself to the shareable query string.
            HTML('<button type="submit" class="button">Show films</button>'),
        )

    def valid_filters(self) -> dict[str, object]:
        """The values that passed validation; anything malformed or unknown is left out."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the valid fields and errors with the rest
        data = getattr(self, "cleaned_data", {})
        return {key: value for key, value in data.items() if value not in ("", None, False)}


def catalogue_options() -> dict[str, list[tuple[str, str]]]:
    """The genres, decades, countries and languages the catalogue has, as select choices."""
    decades = (
        Film.objects.annotate(decade_start=F("year") / 10 * 10)
        .values_list("decade_start", flat=True)
        .distinct()
        .order_by("-decade_start")
    )
    countries = sorted(Country.objects.filter(films__isnull=False).distinct(), key=lambda c: c.name)
    return {
        "genre": list(Genre.objects.values_list("slug", "name")),
        "decade": [(str(d), f"{d}s") for d in decades],
        "country": [(str(c.code), c.name) for c in countries],
        "theme": list(
            Theme.objects.filter(films__isnull=False).distinct().values_list("slug", "name")
        ),
        "stream_in": sorted(
            (
                (str(code), str(iso_countries.name(code)))
                for code in Offer.objects.current()
                .filter(kind=Offer.Kind.STREAM)
                .order_by()
                .values_list("region", flat=True)
                .distinct()
            ),
            key=lambda choice: choice[1],
        ),
        "language": list(
            Language.objects.filter(films__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("code", "name")
        ),
    }


def cached_facet_counts(
    filters: dict[str, object], request: HttpRequest | None = None
) -> dict[str, dict[str, int]]:
    """facet_counts(), cached by the tags it read: the sort and the page do not change it."""
    key = (canonical_query(filters, sort=False),)
    return fragments.cached(request, "film-facets", key, lambda: facet_counts(filters))


def apply_filters(films: QuerySet[Film], filters: dict[str, object], *, skip: str = "") -> QuerySet:
    """Narrow annotated films by every filter except `skip` (for that facet's own counts)."""
    if filters.get("genre") and skip != "genre":
        films = films.filter(genres__slug=filters["genre"])
    if filters.get("theme") and skip != "theme":
        films = films.filter(themes__slug=filters["theme"])
    if filters.get("stream_in") and skip != "stream_in":
        films = films.filter(
            Exists(
                Offer.objects.current().filter(
                    film=OuterRef("pk"), kind=Offer.Kind.STREAM, region=filters["stream_in"]
                )
            )
        )
    if filters.get("decade") and skip != "decade":
        start = int(filters["decade"])
        films = films.filter(year__gte=start, year__lt=start + 10)
    if filters.get("country") and skip != "country":
        films = films.filter(countries__code=filters["country"])
    if filters.get("language") and skip != "language":
        films = films.filter(languages__code=filters["language"])
    if filters.get("director") and skip != "director":
        films = films.filter(
            credits__role=Credit.Role.DIRECTOR, credits__person__slug=filters["director"]
        )
    if filters.get("min_rating") and skip != "min_rating":
        films = films.filter(review_mean__gte=Decimal(filters["min_rating"]) * 2)
    if filters.get("has_reviews") and skip != "has_reviews":
        films = films.filter(review_count__gt=0)
    return films


def annotated_films() -> QuerySet[Film]:
    """Films with published-review stats and the time of their newest published review."""
    return with_review_stats(Film.objects.all()).annotate(
        latest_review_at=latest_public_review_at()
    )


def facet_counts(filters: dict[str, object]) -> dict[str, dict[str, int]]:
    """For each facet, how many films each option leaves given the other filters."""
    # The review stats' subqueries only where a rating filter reads them.
    rated = filters.get("min_rating") or filters.get("has_reviews")
    base = annotated_films() if rated else Film.objects.all()

    def ids(skip: str) -> QuerySet:
        return apply_filters(base, filters, skip=skip).values("pk")

    def narrowed(skip: str) -> bool:
        """Whether any filter but `skip` applies (else every film counts: no IN over them all)."""
        return any(filters.get(key) for key in FACETS if key != skip)

    counts: dict[str, dict[str, int]] = {}

    def per_option(model: type, key: str, facet: str) -> dict[str, int]:
        """Films per option of a many-to-many facet, among the films the other filters leave."""
        options = model.objects.all()
        if narrowed(facet):
            options = options.filter(films__in=ids(facet))
        # The through table holds each (film, option) pair once, so a plain COUNT is exact.
        rows = options.values_list(key).annotate(n=Count("films")).order_by()
        return {str(value): n for value, n in rows if n}

    counts["genre"] = per_option(Genre, "slug", "genre")
    decades = Film.objects.all()
    if narrowed("decade"):
        decades = decades.filter(pk__in=ids("decade"))
    counts["decade"] = {
        str(decade): n
        for decade, n in decades.annotate(decade_start=F("year") / 10 * 10)
        .values_list("decade_start")
        .annotate(n=Count("pk"))
        .order_by()
    }
    counts["country"] = per_option(Country, "code", "country")
    counts["language"] = per_option(Language, "code", "language")
    counts["theme"] = per_option(Theme, "slug", "theme")
    streams = Offer.objects.current().filter(kind=Offer.Kind.STREAM)
    if narrowed("stream_in"):
        streams = streams.filter(film__in=ids("stream_in"))
    counts["stream_in"] = {
        str(region): n
        for region, n in streams.values_list("region")
        .annotate(n=Count("film", distinct=True))
        .order_by()
    }
    directors = Credit.objects.filter(role=Credit.Role.DIRECTOR)
    if narrowed("director"):
        directors = directors.filter(film__in=ids("director"))
    # Grouped by person on the (role, person, film) index; the select offers the
    # DIRECTOR_OPTIONS who directed most (label_with_counts) and the chosen one wherever they
    # rank, so only those rows leave the database.
    per_director = (
        directors.values("person")
        .annotate(n=Count("film", distinct=True))
        .order_by("-n", "person__slug")
        .values_list("person__slug", "person__name", "n")
    )
    rows = list(per_director[:DIRECTOR_OPTIONS])
    chosen = filters.get("director")
    if chosen and chosen not in {slug for slug, _name, _n in rows}:
        rows += list(per_director.filter(person__slug=chosen))
    counts["director"] = {slug: n for slug, _name, n in rows}
    counts["director_names"] = {slug: name for slug, name, _n in rows}
    # Both rating facets come from the films' review sums rather than per-film subqueries.
    ratings = _rating_counts(base, filters, skip="min_rating")
    counts["min_rating"] = ratings["at_least"]
    reviewed = ratings["reviewed"]
    if "min_rating" in filters or "has_reviews" in filters:
        reviewed = _rating_counts(base, filters, skip="has_reviews")["reviewed"]
    counts["has_reviews"] = {"on": reviewed}
    return counts


def _rating_counts(films: QuerySet[Film], filters: dict[str, object], *, skip: str) -> dict:
    """Of the films the filters but `skip` leave, how many have public reviews ("reviewed") and
    how many of those average at least each rating ("at_least", by RATING_CHOICES value): one
    aggregate over the films' review sums (reviews.models.stats), nothing per film."""
    stats = FilmStats.objects.filter(Q(review_count__gt=0) | Q(stale_at__isnull=False))
    if any(filters.get(key) for key in FACETS if key != skip):
        stats = stats.filter(film__in=apply_filters(films, filters, skip=skip).values("pk"))
    # A mean of at least r stars is a sum of at least 2r half stars per review: whole numbers.
    half_stars = {value: int(Decimal(value) * 2) for value, _label in RATING_CHOICES}
    reviewed = Q(review_count__gt=0)
    aggregates = {
        "reviewed": Count("pk", filter=reviewed),
        "first_due": Min("stale_at"),
        **{
            f"at_least_{n}": Count("pk", filter=reviewed & Q(rating_sum__gte=F("review_count") * n))
            for n in set(half_stars.values())
        },
    }
    row = stats.aggregate(**aggregates)
    if is_due(row["first_due"]):  # a scheduled review has gone public since its count
        settle_due_stats()
        row = stats.aggregate(**aggregates)
    return {
        "reviewed": row["reviewed"],
        "at_least": {value: row[f"at_least_{n}"] for value, n in half_stars.items()},
    }


def label_with_counts(form: FilmFilterForm, counts: dict[str, dict[str, int]]) -> None:
    """Show each option's count in its label: "Drama (4)"; the "any" option stays plain."""
    directors = counts["director"]
    names = dict(counts["director_names"])
    offered = sorted(directors, key=lambda slug: (-directors[slug], slug))[:DIRECTOR_OPTIONS]
    chosen = getattr(form, "cleaned_data", {}).get("director")
    if chosen:
        # The form validated it, so its choices hold the name even when it directed no film left.
        names.update(form.fields["director"].choices)
        offered = [*offered, chosen] if chosen not in offered else offered
    form.fields["director"].choices = [("", "Any director")] + sorted(
        ((slug, names[slug]) for slug in offered), key=lambda choice: (choice[1], choice[0])
    )
    for name in (
        "genre",
        "theme",
        "decade",
        "country",
        "language",
        "director",
        "min_rating",
        "stream_in",
    ):
        field = form.fields[name]
        field.choices = [
            (value, label if value == "" else f"{label} ({counts[name].get(value, 0)})")
            for value, label in field.choices
        ]
    form.fields["has_reviews"].label = f"Has reviews ({counts['has_reviews']['on']})"


def canonical_query(filters: dict[str, object], page: int = 1, *, sort: bool = True) -> str:
    """The one query string for a set of filters: fixed order, defaults left out."""
    params = [(key, filters[key]) for key in FACETS if filters.get(key)]
    params = [(key, "1" if value is True else str(value)) for key, value in params]
    if sort and filters.get("sort") and filters["sort"] != DEFAULT_SORT:
        params.append(("sort", str(filters["sort"])))
    if page > 1:
        params.append(("page", str(page)))
    return urlencode(params)


def ordering(filters: dict[str, object]) -> list:
    """The ORDER BY for the chosen sort."""
    return SORTS[str(filters.get("sort") or DEFAULT_SORT)][1]


def rating_choices() -> list[tuple[str, str]]:
    """Every half-star rating, best first, as query-string values ("4.5")."""
    return [("", "Any rating")] + [
        (f"{rating.value:g}", f"{rating.stars} {rating.text}")
        for rating in Rating.every(best_first=True)
    ]


class ReviewFilterForm(ReaderForm):
    """Filter the list of reviews by exact rating and by critic."""

    rating = forms.ChoiceField(required=False, label="Rating")
    critic = forms.ChoiceField(required=False, label="Critic")

    def __init__(self, *args, critics: list[tuple[str, str]], **kwargs) -> None:
        """`critics`: (username, display name) pairs, as critic_choices() gives them."""
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = rating_choices()
        self.fields["critic"].choices = [("", "All critics"), *critics]

    def valid_filters(self) -> dict[str, str]:
        """Valid values only: a malformed or unknown value is reported and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
