"""The parser's results: plain dataclasses an importer turns into a review."""

from __future__ import annotations

from dataclasses import dataclass, field

from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR

MAX_BYTES = 1_000_000

# Years a film can plausibly have: the catalogue's own range.
MIN_YEAR, MAX_YEAR = FIRST_FILM_YEAR, LAST_FILM_YEAR


class ReviewParseError(ValueError):
    """The draft cannot be parsed; the message explains why in words an editor understands."""


@dataclass
class ParsedRating:
    """A rating normalised to half stars, with the text and scale it was written in."""

    half_stars: int
    original: str
    value: float
    best: float

    @property
    def stars_value(self) -> float:
        """The rating in stars on a five-star scale, e.g. 4.5."""
        return self.half_stars / 2


@dataclass
class ParsedSection:
    """One headed section of the review body."""

    heading: str
    body: str
    contains_spoilers: bool = False


@dataclass
class FilmHint:
    """What the draft says about the film under review; any field may be unknown."""

    title: str = ""
    year: int | None = None
    director: str = ""


@dataclass
class ParsedReview:
    """The structured result of parsing one draft."""

    headline: str
    standfirst: str = ""
    intro: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    verdict_heading: str = ""
    verdict: str = ""
    rating: ParsedRating | None = None
    film: FilmHint = field(default_factory=FilmHint)
    warnings: list[str] = field(default_factory=list)
    notes: str = ""
    # Choices an editor would not guess, each with its reason ("rating taken from the star
    # image's description"); shown on the import confirmation page.
    decisions: list[str] = field(default_factory=list)
