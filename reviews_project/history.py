"""Revision history in the admin (django-reversion): who changed what and when, and diffs.

django-reversion saves each admin save as one revision holding the object *and* the rows it
follows (a review's sections and corrections, a film's credits), so a restore brings them all
back together, and a deleted review can be recovered from the admin's "Recover deleted" list.
This module adds what reversion lacks: a line-by-line comparison of two revisions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

# Fields that change on every save and would drown the real changes.
NOISE_FIELDS = {"id", "updated_at", "version", "intro_html", "verdict_html", "body_html"}
NOISE_FIELDS |= {"note_html", "review_id", "film_id"}


@dataclass(frozen=True)
class FieldDiff:
    """One changed value between two revisions, as diff lines: (tag, text), tag in ' +-'."""

    label: str
    lines: list[tuple[str, str]]


def version_snapshot(version: Version) -> dict[str, str]:
    """A revision as label -> text: the object's fields, then each followed row's fields."""
    snapshot: dict[str, str] = {}
    related = sorted(
        (v for v in version.revision.version_set.all() if v.pk != version.pk),
        key=lambda v: (v.content_type_id, v.field_dict.get("position", 0), v.object_id),
    )
    for item in [version, *related]:
        prefix = "" if item is version else f"{item.content_type.name}: {item.object_repr} · "
        for name, value in item.field_dict.items():
            if name in NOISE_FIELDS:
                continue
            snapshot[f"{prefix}{name}"] = _as_text(value)
    return snapshot


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def diff_snapshots(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    """What changed from old to new, value by value, line by line."""
    diffs = []
    for label in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(label, ""), new.get(label, "")
        if before == after:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in {" ", "+", "-"}
        ]
        diffs.append(FieldDiff(label=label, lines=lines))
    return diffs


def _version_id(value: str | None) -> int | None:
    """A version id from the query string; garbage is simply no id."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


class HistoryCompareMixin:
    """For a VersionAdmin: a history page with a compare form, and the compare view."""

    object_history_template = "admin/history/object_history.html"

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
        ]
        return urls + super().get_urls()

    def _versions(self, object_id: str):
        return (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision__user")
            .order_by("-pk")
        )

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        versions = list(self._versions(unquote(object_id))[:200])
        opts = self.model._meta
        extra = {
            "versions": versions,
            "compare_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                args=[quote(unquote(object_id))],
            ),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra_context=extra)

    def recover_view(self, request: HttpRequest, version_id: str, extra_context=None):
        # reversion asks only for "add"; recovering shows (and restores) a deleted record,
        # which is changing the catalogue: the recover list asks for both, and so does this.
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Two revisions side by side as a diff: ?a=<older version id>&b=<newer version id>."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = self._versions(object_id)
        ids = [_version_id(request.GET.get("a")), _version_id(request.GET.get("b"))]
        if None in ids:
            raise Http404("Choose two revisions to compare.")
        found = {v.pk: v for v in versions.filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise Http404("No such revision of this object.")
        old, new = sorted((found[ids[0]], found[ids[1]]), key=lambda v: v.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Changes to “{new.object_repr}”",
            "object_id": object_id,
            "old": old,
            "new": new,
            "diffs": diff_snapshots(version_snapshot(old), version_snapshot(new)),
        }
        return TemplateResponse(request, "admin/history/compare.html", context)
