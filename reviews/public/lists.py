"""Editors' curated lists: the index, each list's page, and their feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.views.generic import ListView

from films.models import Film
from reviews.models import CuratedList, ListEntry, average_rating, display_name, with_review_stats
from reviews.public.films import director_prefetch
from reviews.public.jsonld import item_list_document
from reviews.public.pagination import NearestPageMixin
from reviews.rating import AverageRating

LISTS_PER_PAGE = 20
ENTRIES_PER_PAGE = 50
FEED_ITEMS = 20


def public_lists() -> QuerySet[CuratedList]:
    """Published lists, newest first, with their number of films and their editor."""
    return (
        CuratedList.objects.published()
        .select_related("author")
        .annotate(film_count=Count("entries"))
        .latest_first()
    )


class ListIndexView(NearestPageMixin, ListView):
    """Every published list, newest first."""

    template_name = "reviews/list_index.html"
    context_object_name = "lists"
    paginate_by = LISTS_PER_PAGE

    def get_queryset(self) -> QuerySet[CuratedList]:
        return public_lists()

    def count_key(self) -> tuple:
        return ("lists",)


class ListDetailView(NearestPageMixin, ListView):
    """One published list: its introduction, then its films in order with the editor's notes."""

    template_name = "reviews/list_detail.html"
    context_object_name = "entries"
    paginate_by = ENTRIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        found = CuratedList.objects.published().select_related("author").filter(slug=kwargs["slug"])
        self.curated_list = found.first()
        if self.curated_list is None:
            raise Http404("No such list.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ListEntry]:
        return self.curated_list.entries.order_by("position", "id")

    def count_key(self) -> tuple:
        return ("list", self.curated_list.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        curated_list = self.curated_list
        context.update(curated_list=curated_list, editor_name=display_name(curated_list.author))
        return context

    @cached_property
    def rows(self) -> list[tuple[int, ListEntry, Film, AverageRating | None]]:
        """The page's entries, numbered, with their films, ratings and directors: read when the
        page's fragments are not cached, one query each whatever the page's length."""
        page = self.page_obj
        entries = list(page.object_list)
        films = with_review_stats(
            Film.objects.filter(pk__in=[entry.film_id for entry in entries])
        ).prefetch_related(director_prefetch())
        by_id = {film.pk: film for film in films}
        start = page.start_index()
        rows = []
        for offset, entry in enumerate(entries):
            film = by_id[entry.film_id]
            rows.append((start + offset, entry, film, average_rating(film)))
        return rows

    @cached_property
    def jsonld(self) -> dict[str, object]:
        return item_list_document(
            self.curated_list, [(number, film) for number, _entry, film, _avg in self.rows]
        )


class LatestListsFeed(Feed):
    """RSS of the newest published lists."""

    title = "Curated lists"
    description = "The editors' newest lists of films."

    def link(self) -> str:
        return reverse("reviews:list_index")

    def items(self) -> list[CuratedList]:
        return list(public_lists()[:FEED_ITEMS])

    def item_title(self, item: CuratedList) -> str:
        return item.title

    def item_description(self, item: CuratedList) -> str:
        return item.description

    def item_link(self, item: CuratedList) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: CuratedList):
        return item.published_at

    def item_updateddate(self, item: CuratedList):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: CuratedList) -> str:
        return display_name(item.author)


class LatestListsAtomFeed(LatestListsFeed):
    feed_type = Atom1Feed
    subtitle = LatestListsFeed.description
