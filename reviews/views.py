"""Public review pages: the review, the list of reviews and critics' pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from films.models import Credit
from reviews.film_filters import Select
from reviews.jsonld import display_name, review_document
from reviews.models import Review
from reviews.rating import MAX_HALF_STARS, MIN_HALF_STARS, Rating
from reviews_project import fragments
from reviews_project.fragments import lazy_entries

REVIEWS_PER_PAGE = 20
RELATED_REVIEWS = 4


class NearestPageMixin:
    """List pagination where a malformed or too-large ?page= shows the nearest real page.

    Never a 404 or a 500 for a number someone edited in the address bar.
    """

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            request=self.request,
            key=self.count_key(),
            **kwargs,
        )

    def count_key(self) -> tuple | None:
        """What the list's length depends on (its filters), to cache the count; None: do not."""
        return None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        self.check_paginator(paginator)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def check_paginator(self, paginator) -> None:
        """A hook for lists that must not be empty (raise Http404 there)."""


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is cached per content generation (reviews_project.fragments).

    Counting every film or review that matches a filter is most of a list page's SQL at
    magazine scale, and the count only changes when content does. `key` names the list (its
    filters, not its order or page); without one the count is not cached.
    """

    def __init__(
        self, *args, request: HttpRequest | None = None, key: tuple | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.key = key

    @cached_property
    def count(self) -> int:
        if self.key is None:
            return super().count
        return fragments.cached(self.request, "count", self.key, lambda: Paginator.count.func(self))


def review_page_context(review: Review, *, preview: bool = False) -> dict[str, object]:
    """Everything the review template shows, shared by the public page and the staff preview.

    Only the review's own row is read up front; the rest is read when the page's fragments are
    not cached (reviews_project.fragments), through Once values the template resolves.
    """
    film = review.film
    context = lazy_entries(
        lambda: review_details(review, preview=preview),
        "sections directors starring genres countries more_of_film more_by_critic corrections "
        "jsonld",
    )
    context.update(
        review=review,
        film=film,
        rating=review.rating_value,
        critic_name=display_name(review.author),
        og_image=film.poster.url if film.poster else "",
        is_preview=preview,
    )
    return context


def review_details(review: Review, *, preview: bool = False) -> dict[str, object]:
    """The review's sections, credits, related reviews and corrections, and its JSON-LD."""
    film = review.film
    sections = list(review.sections.all())
    credits = list(
        Credit.objects.filter(film=film, role__in=[Credit.Role.DIRECTOR, Credit.Role.CAST])
        .select_related("person")
        .order_by("role", "billing_order", "id")
    )
    directors = [c.person for c in credits if c.role == Credit.Role.DIRECTOR]
    others = Review.objects.published().exclude(pk=review.pk).for_listing().latest_first()
    corrections = list(review.corrections.select_related("created_by"))
    jsonld = None if preview else review_document(review, directors=directors)
    if jsonld is not None and corrections:
        # A public correction is the modification readers are told about.
        jsonld["dateModified"] = corrections[-1].created_at.isoformat()
    return {
        "sections": sections,
        "directors": directors,
        "starring": [c.person for c in credits if c.role == Credit.Role.CAST][:4],
        "genres": list(film.genres.all()),
        "countries": list(film.countries.all()),
        "more_of_film": list(others.filter(film=film)[:RELATED_REVIEWS]),
        "more_by_critic": list(
            others.filter(author_id=review.author_id).exclude(film=film)[:RELATED_REVIEWS]
        ),
        "corrections": corrections,
        "jsonld": jsonld,
    }


class ReviewDetailView(DetailView):
    """One published review."""

    model = Review
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_object(self, queryset=None) -> Review:
        return get_object_or_404(
            Review.objects.published().select_related("film", "film__original_language", "author"),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(review_page_context(self.object))
        return context


def rating_choices() -> list[tuple[str, str]]:
    """Every half-star rating, best first, as query-string values ("4.5")."""
    return [("", "Any rating")] + [
        (f"{Rating(half).value:g}", f"{Rating(half).stars} {Rating(half).text}")
        for half in range(MAX_HALF_STARS, MIN_HALF_STARS - 1, -1)
    ]


class ReviewFilterForm(forms.Form):
    """Filter the list of reviews by exact rating and by critic."""

    rating = forms.ChoiceField(required=False, widget=Select, label="Rating")
    critic = forms.ChoiceField(required=False, widget=Select, label="Critic")

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


def public_critics() -> QuerySet:
    """Users with at least one published review, by name."""
    # EXISTS probes the (author, status, published_at) index once per user; a JOIN + DISTINCT
    # over every published review took ~60 ms at 50k reviews.
    published = Review.objects.published().filter(author=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(Exists(published))
        .order_by("last_name", "first_name", "username")
    )


def critic_choices(request: HttpRequest | None = None) -> list[tuple[str, str]]:
    """(username, display name) of every public critic, cached per content generation."""
    return fragments.cached(
        request,
        "critic-choices",
        (),
        lambda: [(user.get_username(), display_name(user)) for user in public_critics()],
    )


class ReviewListView(NearestPageMixin, ListView):
    """The latest published reviews, filterable by rating and critic."""

    template_name = "reviews/review_list.html"
    context_object_name = "reviews"
    paginate_by = REVIEWS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = ReviewFilterForm(request.GET or None, critics=critic_choices(request))
        self.filters = self.form.valid_filters()
        return super().get(request, *args, **kwargs)

    def count_key(self) -> tuple:
        return ("reviews", *sorted(self.filters.items()))

    def get_queryset(self) -> QuerySet[Review]:
        reviews = Review.objects.published().for_listing().latest_first()
        if "rating" in self.filters:
            reviews = reviews.filter(rating=Rating.from_value(self.filters["rating"]).half_stars)
        if "critic" in self.filters:
            reviews = reviews.filter(author__username=self.filters["critic"])
        return reviews

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["filters"] = self.filters
        context["ignored"] = sorted(self.form.errors) if self.form.is_bound else []
        page = context["page_obj"]
        # What the list fragment varies on: the valid filters and the page shown.
        context["list_key"] = urlencode(sorted({**self.filters, "page": page.number}.items()))
        # The form shows what was typed, so its fragment varies on the raw query.
        context["form_key"] = fragments.query_key(self.request, without=("page",))
        return context


class CriticDetailView(NearestPageMixin, ListView):
    """A critic's page: their published reviews; 404 for anyone with none."""

    template_name = "reviews/critic_detail.html"
    context_object_name = "reviews"
    paginate_by = REVIEWS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.critic = get_object_or_404(get_user_model(), username=kwargs["username"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Review]:
        return (
            Review.objects.published()
            .filter(author=self.critic)
            .select_related("film")
            .latest_first()
        )

    def count_key(self) -> tuple:
        return ("critic", self.critic.pk)

    def check_paginator(self, paginator) -> None:
        if paginator.count == 0:
            # Someone with only drafts (or none) is not a critic readers can see.
            raise Http404("No such critic.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["critic"] = self.critic
        context["critic_name"] = display_name(self.critic)
        return context
