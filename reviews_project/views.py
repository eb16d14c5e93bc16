"""Site-wide pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.models import Review


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page: the latest published reviews."""
    latest = Review.objects.published().for_listing().latest_first()[:12]
    return render(request, "home.html", {"latest": latest})
