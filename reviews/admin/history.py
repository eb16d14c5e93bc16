"""A review's history in the admin: restore a revision's words, recover a deleted review.

Both go through the publishing service: a restore puts the old text into the working copy (or
the draft) and never touches status or dates; a recovered review comes back as a draft.
Critics see the history of their own reviews only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.models import Version

from reviews.models import Review
from reviews.services import publishing
from reviews.services.content import as_text, content_of_version
from reviews_project.history import diff_snapshots


def _lock_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("lock_version", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _context(request: HttpRequest, model_admin: ModelAdmin, title: str, **extra) -> dict:
    opts = model_admin.model._meta
    return {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "app_label": opts.app_label,
        "title": title,
        **extra,
    }


def restore_view(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, version_id: str
) -> HttpResponse:
    """One revision: what it said against the text now, and a button to restore its words."""
    review = model_admin.get_object(request, unquote(object_id))
    if review is None or not model_admin.has_view_permission(request, review):
        raise Http404("No such review.")
    version = get_object_or_404(
        Version.objects.get_for_object(review).select_related("revision__user"), pk=version_id
    )
    may_restore = model_admin.has_change_permission(request, review)
    if request.method == "POST":
        if not may_restore:
            raise PermissionDenied
        try:
            publishing.restore_revision(
                review=review,
                actor=request.user,
                version=version,
                lock_version=_lock_version(request),
            )
        except publishing.PublishingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "Restored that revision's text"
                + (
                    " as unpublished changes: readers still see the live version."
                    if review.keeps_a_live_version
                    else " into the draft."
                ),
            )
            return HttpResponseRedirect(reverse("admin:reviews_review_change", args=[review.pk]))
    current = publishing.working_content(Review.objects.get(pk=review.pk))
    context = _context(
        request,
        model_admin,
        f"Revision of “{review}”",
        original=review,
        version=version,
        may_restore=may_restore,
        lock_version=Review.objects.filter(pk=review.pk).values_list("version", flat=True)[0],
        diffs=diff_snapshots(as_text(current), as_text(content_of_version(version))),
    )
    return TemplateResponse(request, "admin/reviews/review/restore_revision.html", context)


def deleted_versions(request: HttpRequest) -> list[Version]:
    """Deleted reviews' last revisions that this user may see (critics: their own)."""
    deleted = Version.objects.get_deleted(Review).select_related("revision__user")
    if publishing.can_publish(request.user):
        return list(deleted)
    return [v for v in deleted if v.field_dict.get("author_id") == request.user.pk]


def recover_list_view(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """Deleted reviews to recover (as drafts)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = _context(
        request,
        model_admin,
        "Recover deleted reviews",
        deleted=deleted_versions(request),
    )
    return TemplateResponse(request, "admin/reviews/review/recover_list.html", context)


def recover_view(request: HttpRequest, model_admin: ModelAdmin, version_id: str) -> HttpResponse:
    """A deleted review's last text, and a button to bring it back as a draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    ids = {v.pk: v for v in deleted_versions(request)}
    version = ids.get(int(version_id)) if version_id.isdigit() and len(version_id) < 18 else None
    if version is None:
        raise Http404("No such deleted review.")
    if request.method == "POST":
        try:
            review = publishing.recover_deleted(version=version, actor=request.user)
        except publishing.PublishingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Recovered “{review}” as a draft.")
            return HttpResponseRedirect(reverse("admin:reviews_review_change", args=[review.pk]))
    content = content_of_version(version)
    context = _context(
        request,
        model_admin,
        f"Recover “{version.object_repr}”",
        version=version,
        text=as_text(content),
    )
    return TemplateResponse(request, "admin/reviews/review/recover_form.html", context)
