"""Autosave: the review form, a few seconds after typing stops, kept by the publishing service.

What is typed goes to the review's draft row, or to a published review's working copy, through
publishing.save_draft: no revision, no log entry, nothing readers see, nothing purged. The edit
lock still applies: two people autosaving one review get a conflict, never a silent overwrite.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from reviews.admin.desk import review_from_post
from reviews.models import Review, ReviewSection
from reviews.services import publishing
from reviews.services.content import content_of

KEPT_HERE = "your text is kept on this device."


def _too_long(review: Review, sections: list[ReviewSection]) -> str:
    """The first field longer than its column, in an editor's words ("" when all fit)."""
    for name in ("headline", "standfirst", "verdict_heading"):
        field = Review._meta.get_field(name)
        if len(getattr(review, name)) > field.max_length:
            return f"The {field.verbose_name} is over {field.max_length} characters"
    limit = ReviewSection._meta.get_field("heading").max_length
    for section in sections:
        if len(section.heading) > limit:
            return f"A section heading is over {limit} characters"
    return ""


@require_POST
def autosave(request: HttpRequest, model_admin, object_id: int) -> JsonResponse:
    saved = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
    if not model_admin.has_change_permission(request, saved):
        return JsonResponse({"error": "You may not edit this review."}, status=403)
    lock = request.POST.get("lock_version", "")
    if not (lock.isascii() and lock.isdigit() and len(lock) < 10):
        return JsonResponse({"error": f"Not saved: reload the review; {KEPT_HERE}"}, status=400)
    review, sections = review_from_post(saved, request.POST)
    problem = _too_long(review, sections)
    if problem:
        return JsonResponse({"error": f"{problem}: not saved yet; {KEPT_HERE}"}, status=400)
    try:
        result = publishing.save_draft(
            review=saved,
            actor=request.user,
            content=content_of(review, sections),
            lock_version=int(lock),
        )
    except publishing.StaleVersion:
        return JsonResponse(
            {
                "error": "Someone else saved this review since you opened it: not autosaved; "
                f"{KEPT_HERE} Save to see both versions."
            },
            status=409,
        )
    except publishing.PublishingError as exc:
        return JsonResponse({"error": f"{exc} {KEPT_HERE}"}, status=400)
    at = timezone.localtime().strftime("%H:%M:%S")
    return JsonResponse({"version": result.version, "saved_at": at})
