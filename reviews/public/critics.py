"""Critics' pages, and who counts as a critic readers can see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.views.generic import ListView

from reviews.models import Review, public_critics
from reviews.public.jsonld import display_name
from reviews.public.pagination import NearestPageMixin
from reviews_project import fragments

REVIEWS_PER_PAGE = 20


def critic_choices(request: HttpRequest | None = None) -> list[tuple[str, str]]:
    """(username, display name) of every public critic, cached per content generation."""
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
        self.critic = public_critics().filter(username=kwargs["username"]).first()
        if self.critic is None:
            # Someone with only drafts (or none) is not a critic readers can see.
            raise Http404("No such critic.")
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["critic"] = self.critic
        context["critic_name"] = display_name(self.critic)
        return context
