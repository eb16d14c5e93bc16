"""Scheduled changes to live reviews go live on the first render after their time (no cron)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from reviews.services.scheduled import apply_due_changes_if_any


class DueChangesMiddleware:
    """Applies scheduled changes that are due before the view reads anything.

    It sits after the page cache: a cached page never outlives the next scheduled change (its
    lifetime is capped at that time), so a hit has nothing to apply and reads nothing for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        apply_due_changes_if_any()
        return self.get_response(request)
