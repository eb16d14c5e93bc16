"""The one rating value object: every place that shows a rating goes through it.

Ratings are stored as a whole number of half stars (1 = ½ star, 10 = 5 stars). Stars, text,
screen-reader text and JSON-LD are all derived here, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_HALF_STARS = 1
MAX_HALF_STARS = 10
BEST = 5
WORST = Decimal("0.5")
FULL_STAR = "★"
HALF_STAR = "½"
EMPTY_STAR = "☆"


def _number(value: Decimal) -> str:
    """4 -> "4", 4.5 -> "4.5" (no trailing zeros)."""
    return f"{value.normalize():f}"


@dataclass(frozen=True, slots=True)
class Rating:
    """A half-star rating from ½ to 5 stars."""

    half_stars: int

    def __post_init__(self) -> None:
        if isinstance(self.half_stars, bool) or not isinstance(self.half_stars, int):
            raise TypeError("A rating is a whole number of half stars.")
        if not MIN_HALF_STARS <= self.half_stars <= MAX_HALF_STARS:
            raise ValueError(
                f"A rating must be between ½ and {BEST} stars in half-star steps "
                f"(got {self.half_stars} half stars)."
            )

    @classmethod
    def from_value(cls, value: float | Decimal | str) -> Rating:
        """Build from a star value such as 4.5, rounding to the nearest half star."""
        stars = Decimal(str(value))
        return cls(int((stars * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP)))

    @classmethod
    def every(cls, *, best_first: bool = False) -> list[Rating]:
        """Every rating there is, from ½ to 5 stars (or the reverse): what choices list."""
        ratings = [cls(half) for half in range(MIN_HALF_STARS, MAX_HALF_STARS + 1)]
        return ratings[::-1] if best_first else ratings

    @classmethod
    def from_db(cls, half_stars: int | None) -> Rating | None:
        """The rating stored in a column, or None when there is none."""
        return None if half_stars is None else cls(half_stars)

    @property
    def value(self) -> Decimal:
        """Stars as a number: 4.5."""
        return Decimal(self.half_stars) / 2

    @property
    def stars(self) -> str:
        """Five glyphs: "★★★★½", "★★★☆☆"."""
        full, half = divmod(self.half_stars, 2)
        return FULL_STAR * full + HALF_STAR * half + EMPTY_STAR * (BEST - full - half)

    @property
    def text(self) -> str:
        """Short text: "4.5/5"."""
        return f"{_number(self.value)}/{BEST}"

    @property
    def label(self) -> str:
        """What a screen reader says: "4.5 out of 5 stars"."""
        return f"{_number(self.value)} out of {BEST} stars"

    def as_schema(self) -> dict[str, object]:
        """A schema.org Rating for JSON-LD."""
        return {
            "@type": "Rating",
            "ratingValue": float(self.value),
            "bestRating": BEST,
            "worstRating": float(WORST),
        }

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class AverageRating:
    """The mean of several published ratings, for film pages and aggregates."""

    mean_half_stars: Decimal
    count: int

    @classmethod
    def from_aggregate(cls, mean_half_stars: float | Decimal | None, count: int | None):
        """Build from an Avg()/Count() pair; None when no reviews count."""
        if not count or mean_half_stars is None:
            return None
        return cls(Decimal(str(mean_half_stars)), int(count))

    @property
    def value(self) -> Decimal:
        """The mean in stars, to one decimal place: 4.3."""
        return (self.mean_half_stars / 2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def rounded(self) -> Rating:
        """The mean rounded to the nearest half star, for drawing stars."""
        return Rating.from_value(self.mean_half_stars / 2)

    @property
    def stars(self) -> str:
        return self.rounded.stars

    @property
    def text(self) -> str:
        return f"{_number(self.value)}/{BEST}"

    @property
    def label(self) -> str:
        noun = "review" if self.count == 1 else "reviews"
        return f"Average {_number(self.value)} out of {BEST} stars from {self.count} {noun}"

    def as_schema(self) -> dict[str, object]:
        """A schema.org AggregateRating for JSON-LD."""
        return {
            "@type": "AggregateRating",
            "ratingValue": float(self.value),
            "reviewCount": self.count,
            "bestRating": BEST,
            "worstRating": float(WORST),
        }
