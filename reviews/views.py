"""Public review pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from films.models import Credit
from reviews.models import Review


def review_page_context(review: Review, *, preview: bool = False) -> dict[str, object]:
    """Everything the review template shows, shared by the public page and the staff preview."""
    sections = list(review.sections.all())
    directors = [
        credit.person
        for credit in Credit.objects.filter(film=review.film, role=Credit.Role.DIRECTOR)
        .select_related("person")
        .order_by("billing_order", "id")
    ]
    return {
        "review": review,
        "film": review.film,
        "rating": review.rating_value,
        "sections": sections,
        "directors": directors,
        "is_preview": preview,
    }


class ReviewDetailView(DetailView):
    """One published review."""

    model = Review
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_object(self, queryset=None) -> Review:
        return get_object_or_404(
            Review.objects.published()
            .select_related("film", "author")
            .prefetch_related(Prefetch("sections")),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(review_page_context(self.object))
        return context
