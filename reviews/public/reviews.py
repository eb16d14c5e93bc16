"""Public review pages: the review and the list of reviews."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from films.models import Country, Credit, Genre, Person
from reviews.caching import critic_reviews_tag
from reviews.models import Correction, Review, ReviewSection, display_name, film_reviews_tag
from reviews.public.critics import critic_choices
from reviews.public.filters import ReviewFilterForm
from reviews.public.jsonld import review_document
from reviews.public.pagination import NearestPageMixin
from reviews.rating import Rating
from reviews_project import fragments, tags

REVIEWS_PER_PAGE = 20
RELATED_REVIEWS = 4


def review_page_context(review: Review, *, preview: bool = False) -> dict[str, object]:
    """Everything the review template shows, shared by the public page and the staff preview.

    Only the review's own row is read up front; `page` reads the rest when the template asks.
    """
    film = review.film
    return {
        "page": ReviewPage(review, preview=preview),
        "review": review,
        "film": film,
        "rating": review.rating_value,
        "critic_name": display_name(review.author),
        "og_image": film.poster.url if film.poster else "",
        "is_preview": preview,
    }


class ReviewPage:
    """The review's sections, credits, related reviews and corrections, and its JSON-LD.

    Each part is read the first time the template asks for it, so a request whose fragments
    are cached (reviews_project.fragments) runs none of these queries.
    """

    def __init__(self, review: Review, *, preview: bool = False) -> None:
        self.review = review
        self.film = review.film
        self.preview = preview

    @cached_property
    def sections(self) -> list[ReviewSection]:
        return list(self.review.sections.all())

    @cached_property
    def credits(self) -> list[Credit]:
        """The film's directors and cast, in billing order."""
        return list(
            Credit.objects.filter(film=self.film, role__in=[Credit.Role.DIRECTOR, Credit.Role.CAST])
            .select_related("person")
            .order_by("role", "billing_order", "id")
        )

    @cached_property
    def directors(self) -> list[Person]:
        return [c.person for c in self.credits if c.role == Credit.Role.DIRECTOR]

    @cached_property
    def starring(self) -> list[Person]:
        return [c.person for c in self.credits if c.role == Credit.Role.CAST][:4]

    @cached_property
    def genres(self) -> list[Genre]:
        return list(self.film.genres.all())

    @cached_property
    def countries(self) -> list[Country]:
        return list(self.film.countries.all())

    def _others(self) -> QuerySet[Review]:
        return Review.objects.published().exclude(pk=self.review.pk).for_cards().latest_first()

    @cached_property
    def more_of_film(self) -> list[Review]:
        tags.add(film_reviews_tag(self.film.pk))
        return list(self._others().filter(film=self.film)[:RELATED_REVIEWS])

    @cached_property
    def more_by_critic(self) -> list[Review]:
        tags.add(critic_reviews_tag(self.review.author_id))
        return list(
            self._others()
            .filter(author_id=self.review.author_id)
            .exclude(film=self.film)[:RELATED_REVIEWS]
        )

    @cached_property
    def corrections(self) -> list[Correction]:
        return list(self.review.corrections.select_related("created_by"))

    @cached_property
    def jsonld(self) -> dict[str, object] | None:
        """The schema.org Review; none for a preview."""
        if self.preview:
            return None
        jsonld = review_document(self.review, directors=self.directors)
        if self.corrections:
            # A public correction is the modification readers are told about.
            jsonld["dateModified"] = self.corrections[-1].created_at.isoformat()
        return jsonld


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
        reviews = Review.objects.published().for_cards().latest_first()
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
