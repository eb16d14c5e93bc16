"""The search page: /search/?q=."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from reviews.public.forms import SiteSearchForm
from reviews.search import results as site_search
from reviews_project import fragments


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Films, people, critics and published reviews matching ?q=, reviews ranked and paginated."""
    raw = request.GET.get("q", "")
    query = site_search.clean_query(raw)
    # Searched only when the template reads it, i.e. when the results fragment for this query
    # string is not cached (reviews_project.fragments); the page number is kept beside it.
    results = SimpleLazyObject(lambda: site_search.search(raw, page=request.GET.get("page")))
    key = fragments.query_key(request)

    def page_number() -> int:
        return results.reviews.number if results.reviews is not None else 1

    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "results_key": key,
            "page_number": fragments.cached(request, "search-page", (key,), page_number),
            "search_query": query,
            "search_form": SiteSearchForm(query=query),
        },
    )
