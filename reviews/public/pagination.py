"""Pagination for the public lists: the nearest real page for any ?page=, counts cached."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property

from reviews_project import fragments


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page, for the view's parts that read its rows only when a fragment needs them.
        self.page_obj = context["page_obj"]
        # What a fragment of the page varies on: the page and its filters, as the query string
        # has them (query_key reads it without telling the page cache the view read it all).
        context["page_key"] = fragments.query_key(self.request)
        return context

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is cached by the tags it read (reviews_project.fragments).

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
