"""What the review form asks of the publishing service, and what it shows about the workflow."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.http import HttpRequest

from reviews.models import Review, ReviewSection, ReviewWorkingCopy
from reviews.rendering import markdown_to_html
from reviews.services import publishing
from reviews.services.content import CONTENT_FIELDS, as_text, content_of, count_changes, normalised
from reviews_project.history import diff_snapshots


def submitted_text(data) -> dict[str, str]:
    """The same labels from a posted review form (sections in the order they were posted)."""
    text = {
        "Headline": data.get("headline", ""),
        "Standfirst": data.get("standfirst", ""),
        "Intro": data.get("intro", ""),
        "Verdict": data.get("verdict", ""),
        "Rating (half stars)": data.get("rating", ""),
    }
    total = data.get("sections-TOTAL_FORMS", "0")
    for i in range(min(int(total) if total.isascii() and total.isdigit() else 0, 1000)):
        if data.get(f"sections-{i}-DELETE"):
            continue
        heading = " ".join(data.get(f"sections-{i}-heading", "").split())
        if heading or data.get(f"sections-{i}-body"):
            text[f"Section “{heading}”"] = data.get(f"sections-{i}-body", "")
    return {label: value.replace("\r\n", "\n") for label, value in text.items()}


def content_from(form, sections) -> dict:
    """The posted review as the service's content: fields, then sections in the editor's order."""
    data = form.cleaned_data
    content = {
        name: data[name.removesuffix("_id")]
        for name in CONTENT_FIELDS
        if name.removesuffix("_id") in data
    }
    if "film" in data:
        content["film_id"] = data["film"].pk
    if "author" in data:
        content["author_id"] = data["author"].pk
    if "themes" in data:
        content["themes"] = [theme.pk for theme in data["themes"]]
    kept = [
        f.cleaned_data
        for f in sections.forms
        if f.cleaned_data
        and not f.cleaned_data.get("DELETE")
        and (f.cleaned_data.get("heading") or f.cleaned_data.get("body"))
    ]
    kept = sorted(enumerate(kept), key=lambda pair: (pair[1].get("position") or 0, pair[0]))
    content["sections"] = [
        {
            "heading": s["heading"],
            "body": s["body"],
            "contains_spoilers": bool(s.get("contains_spoilers")),
        }
        for _, s in kept
    ]
    return content


def show_working_copy(review: Review) -> bool:
    """Put a review's unpublished changes on it in memory (for the preview); False if none."""
    copy = ReviewWorkingCopy.objects.filter(review=review).first()
    if copy is None:
        return False
    working = normalised(copy.content, content_of(review))
    for name in CONTENT_FIELDS:
        setattr(review, name, working[name])
    review.intro_html = markdown_to_html(review.intro)
    review.verdict_html = markdown_to_html(review.verdict)
    sections = ReviewSection.objects.none()
    sections._result_cache = [
        ReviewSection(review=review, position=i, body_html=markdown_to_html(s["body"]), **s)
        for i, s in enumerate(working["sections"])
    ]
    sections._prefetch_done = True
    review._prefetched_objects_cache = {"sections": sections}
    return True


def moved(at: datetime | None, published_at: datetime | None) -> bool:
    """Whether the posted publication time differs (the form shows whole seconds)."""
    if at is None or published_at is None:
        return at is not published_at and at is not None
    return at.replace(microsecond=0) != published_at.replace(microsecond=0)


def changes_time(post) -> datetime | None:
    """The time posted with "Schedule changes" (changes_at, ISO or the admin's date + time)."""
    raw = " ".join(
        part for part in (post.get("changes_at_0", ""), post.get("changes_at_1", "")) if part
    ) or post.get("changes_at", "")
    if not raw.strip():
        return None
    field = forms.DateTimeField()
    try:
        return field.clean(raw.strip())
    except forms.ValidationError as exc:
        raise publishing.PublishingError(
            "The time for the changes is not a date and time (e.g. 2026-12-24 18:00)."
        ) from exc


def workflow_context(request: HttpRequest, review: Review) -> dict:
    """What the change form says about the review's state and its unpublished changes."""
    live = getattr(review, "live_content", None)
    copy = ReviewWorkingCopy.objects.filter(review_id=review.pk).select_related("edited_by").first()
    context = {
        "can_publish": publishing.can_publish(request.user),
        "review_state": review.state_label,
        "working_copy": copy,
        "pending_changes": 0,
    }
    if copy is not None and live is not None:
        working = normalised(copy.content, live)
        context["pending_changes"] = count_changes(live, working)
        context["working_diffs"] = diff_snapshots(as_text(live), as_text(working))
        if copy.edited_by is not None:
            user = copy.edited_by
            context["working_editor"] = user.get_full_name() or user.get_username()
    return context
