"""Critics' pages, and who counts as a critic readers can see."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property
from django.views.generic import ListView

from reviews.caching import critic_reviews_tag
from reviews.models import Review, display_name, public_critics
from reviews.public.pagination import NearestPageMixin
from reviews_project import fragments, tags

REVIEWS_PER_PAGE = 20
CRITICS_PER_PAGE = 30


def critic_choices(request: HttpRequest | None = None) -> list[tuple[str, str]]:
    """(username, display name) of every public critic, cached until a tag it read is purged."""
    return fragments.cached(
        request,
        "critic-choices",
        (),
        lambda: [(user.get_username(), display_name(user)) for user in public_critics()],
    )


class CriticDetailView(NearestPageMixin, ListView):
    """A critic's page: their published reviews; 404 for anyone with none."""

    template_name = "reviews/critic_detail.html"
    context_object_name = "reviews"
    paginate_by = REVIEWS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.critic = (
            public_critics()
            .select_related("critic_profile")
            .filter(username=kwargs["username"])
            .first()
        )
        if self.critic is None:
            # Someone with only drafts (or none) is not a critic readers can see.
            raise Http404("No such critic.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Review]:
        tags.add(critic_reviews_tag(self.critic.pk))
        return (
            Review.objects.published()
            .filter(author=self.critic)
            .select_related("film")
            .latest_first()
        )

    def count_key(self) -> tuple:
        return ("critic", self.critic.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["critic"] = self.critic
        context["critic_name"] = display_name(self.critic)
        return context


class CriticIndexView(NearestPageMixin, ListView):
    """Every critic readers can see: avatar, bio, number of reviews and the latest one."""

    template_name = "reviews/critic_index.html"
    context_object_name = "critics"
    paginate_by = CRITICS_PER_PAGE

    def get_queryset(self) -> QuerySet:
        published = Review.objects.published().filter(author=OuterRef("pk")).order_by()
        return (
            public_critics()
            .select_related("critic_profile")
            .annotate(
                review_count=Coalesce(
                    Subquery(published.values("author").annotate(n=Count("*")).values("n")[:1]),
                    0,
                ),
                latest_review_id=Subquery(
                    published.order_by("-published_at", "-id").values("pk")[:1]
                ),
            )
        )

    def count_key(self) -> tuple:
        return ("critics",)

    @cached_property
    def rows(self) -> list[tuple]:
        """(critic, name, profile, latest review) for the page: read when the page's fragment
        is not cached (reviews_project.fragments)."""
        critics = list(self.page_obj.object_list)
        latest = Review.objects.select_related("film").in_bulk(
            [critic.latest_review_id for critic in critics]
        )
        return [
            (
                critic,
                display_name(critic),
                getattr(critic, "critic_profile", None),
                latest.get(critic.latest_review_id),
            )
            for critic in critics
        ]
