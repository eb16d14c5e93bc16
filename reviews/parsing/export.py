"""The canonical Markdown export, which parse_review() reads back to the same review."""

from __future__ import annotations

from typing import Any

import yaml

from reviews.parsing.results import ParsedReview


def atx(level: int, text: str) -> str:
    """Write an ATX heading; a text ending in '#' gets a closing '#' so it survives re-reading."""
    line = f"{'#' * level} {text}".rstrip()
    return line + " #" if text.endswith("#") else line


def render_markdown(review: ParsedReview) -> str:
    """Write a review in the canonical export format (see the module docstring)."""
    meta: dict[str, Any] = {}
    if review.film.title:
        meta["film"] = review.film.title
    if review.film.year is not None:
        meta["year"] = review.film.year
    if review.film.director:
        meta["director"] = review.film.director
    rating = f"{review.rating.stars_value:g}/5" if review.rating else ""
    if rating:
        meta["rating"] = rating
    if review.standfirst:
        meta["standfirst"] = review.standfirst
    parts: list[str] = []
    if meta:
        dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000)
        parts.append("---\n" + dumped.rstrip("\n") + "\n---")
    parts.append(atx(1, review.headline))
    if review.intro:
        parts.append(review.intro)
    for section in review.sections:
        marker = " [spoilers]" if section.contains_spoilers else ""
        parts.append(atx(2, section.heading + marker))
        if section.body:
            parts.append(section.body)
    if review.verdict_heading or review.verdict:
        parts.append(atx(2, review.verdict_heading or "Verdict"))
        if rating:
            parts.append(f"Rating: {rating}")
        if review.verdict:
            parts.append(review.verdict)
    return "\n\n".join(parts) + "\n"
