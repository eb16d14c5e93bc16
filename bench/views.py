"""Two reference views the benchmark measures every page against (routed only for `make bench`).

`hello` is the floor: Django's request/response cycle and nothing else. `naive` is a typical
unoptimised page: 24 rows from 3 queries through a Django template. Both bypass the page cache,
so they measure the same work in every run.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reviews.models import Review

NAIVE_ROWS = 24


@never_cache
@require_safe
def hello(request: HttpRequest) -> HttpResponse:
    """The smallest possible Django response."""
    return HttpResponse("ok")


@never_cache
@require_safe
def naive(request: HttpRequest) -> HttpResponse:
    """24 reviews with their films and critics: one query each for the three tables."""
    reviews = Review.objects.order_by("-id").prefetch_related("film", "author")[:NAIVE_ROWS]
    return render(request, "bench/naive.html", {"reviews": reviews})


app_name = "bench"

urlpatterns = [
    path("hello/", hello, name="hello"),
    path("naive/", naive, name="naive"),
]
