"""Public review pages: the review and the list of reviews."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from films.models import Credit
from reviews.models import Review
from reviews.public.critics import critic_choices
from reviews.public.filters import ReviewFilterForm
from reviews.public.jsonld import display_name, review_document
from reviews.public.pagination import NearestPageMixin
from reviews.rating import Rating
from reviews_project import fragments
from reviews_project.fragments import lazy_entries

REVIEWS_PER_PAGE = 20
RELATED_REVIEWS = 4


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
