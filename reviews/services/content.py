"""A review's words as plain data: read from the rows, written to the rows, compared.

The publishing service moves content between a review's own row (the live version readers see,
or the draft) and its working copy (unpublished changes of a published review) in this shape:
{"film_id", "author_id", "headline", "slug", "standfirst", "intro", "rating",
"verdict_heading", "verdict", "sections": [{"heading", "body", "contains_spoilers"}, ...],
"themes": [theme ids, ascending]}.
"""

from __future__ import annotations

from typing import Any

from reversion.models import Version

from films.models import Theme
from reviews.models import (
    CONTENT_FIELDS,
    DEFAULT_VERDICT_HEADING,
    Review,
    ReviewSection,
    ReviewWorkingCopy,
)

Content = dict[str, Any]


def content_of(review: Review, sections: list[ReviewSection] | None = None) -> Content:
    """What the review's own row (and its section rows, and its themes) say now.

    An unsaved copy (the desk's autosave builds one from the posted words) has no theme rows
    of its own: its content leaves "themes" out, so `normalised` keeps those it is saved over.
    """
    if sections is None:
        sections = list(review.sections.order_by("position", "id")) if review.pk else []
    data: Content = {name: getattr(review, name) for name in CONTENT_FIELDS}
    data["sections"] = [
        {"heading": s.heading, "body": s.body, "contains_spoilers": s.contains_spoilers}
        for s in sections
    ]
    if review.pk is None:
        data["themes"] = []
    elif not review._state.adding:
        data["themes"] = sorted(review.themes.values_list("pk", flat=True))
    return data


def _theme_ids(values) -> list[int]:
    return sorted({int(value) for value in values or ()})


def normalised(content: Content, base: Content) -> Content:
    """Content with every key present (missing ones taken from base) and tidy values."""
    data = {name: content.get(name, base.get(name)) for name in CONTENT_FIELDS}
    data["rating"] = None if data["rating"] in (None, "") else int(data["rating"])
    data["headline"] = " ".join((data["headline"] or "").split())
    data["verdict_heading"] = (data["verdict_heading"] or "").strip() or DEFAULT_VERDICT_HEADING
    for name in ("standfirst", "intro", "verdict", "slug"):
        data[name] = data[name] or ""
    sections = content.get("sections", base.get("sections", []))
    data["sections"] = [
        {
            "heading": " ".join((s.get("heading") or "").split()),
            "body": s.get("body") or "",
            "contains_spoilers": bool(s.get("contains_spoilers")),
        }
        for s in sections
    ]
    data["themes"] = _theme_ids(content.get("themes", base.get("themes")))
    return data


def write_content(review: Review, content: Content, *, extra_fields: tuple[str, ...] = ()) -> None:
    """Put content on the review's row and section rows (sections keep their ids by position)."""
    for name in CONTENT_FIELDS:
        setattr(review, name, content[name])
    review.save(update_fields=[*CONTENT_FIELDS, "version", "updated_at", *extra_fields])
    existing = list(review.sections.order_by("position", "id"))
    for position, data in enumerate(content["sections"]):
        if position < len(existing):
            section = existing[position]
            if (section.position, section.heading, section.body, section.contains_spoilers) != (
                position,
                data["heading"],
                data["body"],
                data["contains_spoilers"],
            ):
                section.position = position
                section.heading = data["heading"]
                section.body = data["body"]
                section.contains_spoilers = data["contains_spoilers"]
                section.save()
        else:
            ReviewSection.objects.create(review=review, position=position, **data)
    for section in existing[len(content["sections"]) :]:
        section.delete()
    # Only the links that change are written (and announced to caches, reviews.caching).
    review.themes.set(content["themes"])


def as_text(content: Content) -> dict[str, str]:
    """Content as label -> text, for diffs an editor reads (live version vs working copy)."""
    text = {
        "Headline": content["headline"],
        "Address (slug)": content["slug"],
        "Standfirst": content["standfirst"],
        "Intro": content["intro"],
        "Verdict heading": content["verdict_heading"],
        "Verdict": content["verdict"],
        "Rating (half stars)": "" if content["rating"] is None else str(content["rating"]),
    }
    for section in content["sections"]:
        label = f"Section “{section['heading']}”"
        text[label] = section["body"] + (" [spoilers]" if section["contains_spoilers"] else "")
    if content.get("themes"):
        names = Theme.objects.filter(pk__in=content["themes"]).values_list("name", flat=True)
        text["Themes"] = ", ".join(sorted(names))
    return text


def count_changes(old: Content, new: Content) -> int:
    """How many fields and sections differ between two contents."""
    changed = sum(old[name] != new[name] for name in CONTENT_FIELDS)
    old_sections, new_sections = old["sections"], new["sections"]
    changed += abs(len(old_sections) - len(new_sections))
    changed += sum(a != b for a, b in zip(old_sections, new_sections, strict=False))
    changed += old.get("themes", []) != new.get("themes", [])
    return changed


def content_of_version(version: Version) -> Content:
    """The words a revision holds: its working copy's when it had one, else the row's."""
    fields = version.field_dict
    base = {name: fields.get(name) for name in ("headline", "slug", "standfirst", "intro")}
    base |= {
        "film_id": fields.get("film_id"),
        "author_id": fields.get("author_id"),
        "rating": fields.get("rating"),
        "verdict_heading": fields.get("verdict_heading"),
        "verdict": fields.get("verdict"),
        "themes": fields.get("themes") or [],
    }
    related = list(version.revision.version_set.select_related("content_type"))
    sections = sorted(
        (v.field_dict for v in related if v.content_type.model_class() is ReviewSection),
        key=lambda f: (f.get("position", 0), f.get("id", 0)),
    )
    base["sections"] = [
        {
            "heading": s.get("heading", ""),
            "body": s.get("body", ""),
            "contains_spoilers": s.get("contains_spoilers", False),
        }
        for s in sections
    ]
    base = normalised(base, base)
    for item in related:
        if item.content_type.model_class() is ReviewWorkingCopy:
            return normalised(item.field_dict.get("content") or {}, base)
    return base


def last_saved(review: Review) -> tuple[Content, Version] | None:
    """The words of the review's newest revision (its last save), or None without one."""
    version = Version.objects.get_for_object(review).select_related("revision").order_by("-pk")
    newest = version.first()
    return (content_of_version(newest), newest) if newest is not None else None
