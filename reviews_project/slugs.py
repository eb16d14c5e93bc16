"""Slugs for any script: transliterated by anyascii, never empty."""

from __future__ import annotations

import unicodedata

from anyascii import anyascii
from django.db import models
from django.utils.text import slugify


def transliterate(text: str) -> str:
    """Text in Latin letters: Japanese, Persian or Cyrillic as a reader could type it.

    anyascii writes each Han character as one capitalised syllable with no space ("GangnoDeng");
    a space around each keeps the syllables apart in the slug ("gang-no-deng").
    """
    parts = []
    for char in text:
        if char.isascii():
            parts.append(char)
            continue
        latin = anyascii(char)
        if latin[:1].isupper() and unicodedata.category(char) == "Lo":
            parts.append(f" {latin} ")
        else:
            parts.append(latin)
    return "".join(parts)


def slug_from(text: str, *, max_length: int) -> str:
    """A lowercase ASCII slug from text in any script ("" when nothing is left of it)."""
    return slugify(transliterate(text))[:max_length].strip("-")


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    max_length: int,
    exclude_pk: int | None = None,
) -> str:
    """A free slug from text; the fallback (a film's slug, say) when text gives none; -2, -3..."""
    base = slug_from(text, max_length=max_length - 8) or fallback[: max_length - 8].strip("-")
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
        .iterator()
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
