"""Demo content: real films with public facts, and original reviews written for this site.

The content itself is data, in content.yaml beside this module; this module gives it shape
(frozen dataclasses) for `manage.py load_demo`. Facts that could not be stated with confidence
(an IMDb or Wikidata id, a certificate, a running time) are left blank rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONTENT_FILE = Path(__file__).with_name("content.yaml")


@dataclass(frozen=True)
class CastMember:
    """An actor and the character they play."""

    name: str
    character: str


@dataclass(frozen=True)
class FilmData:
    """Public facts about one film."""

    slug: str
    title: str
    year: int
    original_language: str
    original_title: str = ""
    runtime_minutes: int | None = None
    certification: str = ""
    genres: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    cast: tuple[CastMember, ...] = ()
    imdb_id: str = ""
    wikidata_id: str = ""
    synopsis: str = ""


@dataclass(frozen=True)
class CriticData:
    """A critic's account."""

    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class SectionData:
    """One headed section of a review."""

    heading: str
    body: str
    contains_spoilers: bool = False


@dataclass(frozen=True)
class ReviewData:
    """A review; `days_ago` places publication relative to load time (negative: scheduled)."""

    slug: str
    film: str
    critic: str
    headline: str
    standfirst: str
    intro: str
    sections: tuple[SectionData, ...]
    rating: int | None
    verdict: str = ""
    verdict_heading: str = "Final verdict"
    draft: bool = False
    days_ago: float | None = None
    notes: str = ""


def film_from(raw: dict[str, Any]) -> FilmData:
    """A film from its YAML mapping (lists become tuples, cast entries CastMembers)."""
    cast = tuple(CastMember(**member) for member in raw.pop("cast", ()))
    lists = {key: tuple(raw.pop(key)) for key in _FILM_LISTS if key in raw}
    return FilmData(**raw, **lists, cast=cast)


_FILM_LISTS = ("genres", "countries", "languages", "directors", "writers")


def review_from(raw: dict[str, Any]) -> ReviewData:
    """A review from its YAML mapping, sections included."""
    sections = tuple(SectionData(**section) for section in raw.pop("sections", ()))
    return ReviewData(**raw, sections=sections)


def load_content(
    path: Path = CONTENT_FILE,
) -> tuple[tuple[CriticData, ...], tuple[FilmData, ...], tuple[ReviewData, ...]]:
    """Critics, films and reviews from a demo content file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return (
        tuple(CriticData(**critic) for critic in raw["critics"]),
        tuple(film_from(film) for film in raw["films"]),
        tuple(review_from(review) for review in raw["reviews"]),
    )


CRITICS, FILMS, REVIEWS = load_content()
