"""The search page: /search/?q=."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reviews import search as site_search
from reviews_project import fragments
from reviews_project.fragments import Once


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Films, people and published reviews matching ?q=, reviews ranked and paginated."""
    raw = request.GET.get("q", "")
    # Searched only when the results fragment for this query string is not cached
    # (reviews_project.fragments); the title's page number is kept alongside it.
    results = Once(lambda: site_search.search(raw, page=request.GET.get("page")))
    key = fragments.query_key(request)

    def page_number() -> int:
        reviews = results().reviews
        return reviews.number if reviews is not None else 1

    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "results_key": key,
            "page_number": fragments.cached(request, "search-page", (key,), page_number),
            "search_query": site_search.clean_query(raw),
            "max_query_length": site_search.MAX_QUERY_LENGTH,
        },
    )
