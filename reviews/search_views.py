"""The search page: /search/?q=."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews import search as site_search


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Films, people and published reviews matching ?q=, reviews ranked and paginated."""
    results = site_search.search(request.GET.get("q", ""), page=request.GET.get("page"))
    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "search_query": results.query,
            "page_obj": results.reviews,
            "max_query_length": site_search.MAX_QUERY_LENGTH,
        },
    )
