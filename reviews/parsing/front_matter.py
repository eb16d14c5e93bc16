"""Stage 2, front matter: YAML (---) or TOML (+++) metadata, or a flat-file CMS record."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from reviews.parsing.results import ReviewParseError


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML (---) or TOML (+++) front matter from the body; keys are lower-cased."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, text
    delim = lines[0].strip()
    closers = ("---", "...") if delim == "---" else ("+++",)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in closers), None)
    if end is None:
        return {}, text
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if delim == "+++":
        try:
            data: Any = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ReviewParseError(
                f"The front matter at the top (between +++ lines) is not valid TOML: {exc}."
            ) from exc
    else:
        # A draft that merely opens with a --- rule has no "key: value" lines; leave it be.
        if not re.search(r"^[\w][\w \-]*:(\s|$)", raw, re.M):
            return {}, text
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            raise ReviewParseError(
                f"The front matter at the top (between --- lines) is not valid YAML{where}: "
                f"{problem}."
            ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text
    return {meta_key(k): v for k, v in data.items()}, body


def meta_key(key: object) -> str:
    """Normalise a front matter key: 'Film Title' and 'film-title' become 'film_title'."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def meta_text(meta: dict[str, Any], *keys: str) -> str:
    """Return the first non-empty front matter value among keys, as text."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value is not None and not isinstance(value, dict) and str(value).strip():
            return " ".join(str(value).split())
    return ""


_FIELD_RE = re.compile(r"^(?P<key>[^\W\d][\w \-]{0,40}):[ \t]*(?P<value>.*)$", re.S)
_SEPARATOR_RE = re.compile(r"^-{4}[ \t]*$", re.M)
# The field a flat-file CMS (Kirby and the like) keeps the article in.
_BODY_FIELDS = ("text", "body", "content", "review", "texto", "texte", "testo", "inhalt", "tekst")


def split_cms_fields(text: str) -> tuple[dict[str, Any], str] | None:
    """Read a flat-file CMS record ('Title: ...' fields between '----' lines), or None.

    Every chunk must be a 'Key: value' field and one of them the text, so a Markdown draft
    that merely uses '----' as a rule is never taken for a record.
    """
    if not _SEPARATOR_RE.search(text):
        return None
    fields: dict[str, str] = {}
    for chunk in _SEPARATOR_RE.split(text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        m = _FIELD_RE.match(chunk.strip())
        if m is None:
            return None
        fields[meta_key(m.group("key"))] = m.group("value").strip("\n")
    body_key = next((k for k in _BODY_FIELDS if k in fields), None)
    if body_key is None or len(fields) < 2:
        return None
    body = fields.pop(body_key)
    return {k: " ".join(v.split()) for k, v in fields.items()}, body
