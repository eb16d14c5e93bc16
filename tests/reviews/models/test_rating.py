"""The rating value object: every output derives from one number of half stars."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reviews.rating import AverageRating, Rating


@pytest.mark.parametrize(
    ("half_stars", "stars", "text", "label"),
    [
        (1, "½☆☆☆☆", "0.5/5", "0.5 out of 5 stars"),
        (2, "★☆☆☆☆", "1/5", "1 out of 5 stars"),
        (7, "★★★½☆", "3.5/5", "3.5 out of 5 stars"),
        (9, "★★★★½", "4.5/5", "4.5 out of 5 stars"),
        (10, "★★★★★", "5/5", "5 out of 5 stars"),
    ],
)
def test_outputs_agree(half_stars, stars, text, label):
    """Stars, text and screen-reader label all come from the same half-star count."""
    rating = Rating(half_stars)
    assert (rating.stars, rating.text, rating.label) == (stars, text, label)
    assert len(rating.stars) == 5


@pytest.mark.parametrize("bad", [0, 11, -1])
def test_out_of_range_rejected(bad):
    """A rating outside ½–5 stars cannot be built."""
    with pytest.raises(ValueError, match="between ½ and 5"):
        Rating(bad)


def test_non_integer_rejected():
    """Half stars are counted in whole numbers."""
    with pytest.raises(TypeError):
        Rating(4.5)  # type: ignore[arg-type]


def test_schema_matches_text():
    """JSON-LD carries the same value the page shows."""
    rating = Rating(9)
    assert rating.as_schema() == {
        "@type": "Rating",
        "ratingValue": 4.5,
        "bestRating": 5,
        "worstRating": 0.5,
    }


def test_from_value_rounds_to_nearest_half():
    """4.3 stars rounds to 4.5; 4.2 rounds to 4."""
    assert Rating.from_value(4.3).half_stars == 9
    assert Rating.from_value(4.2).half_stars == 8


def test_average_rating_from_aggregate():
    """An average of 7.5 half stars over 2 reviews reads as 3.8 and draws 4 stars."""
    average = AverageRating.from_aggregate(Decimal("7.5"), 2)
    assert average is not None
    assert average.text == "3.8/5"
    assert average.stars == "★★★★☆"
    assert average.as_schema()["reviewCount"] == 2
    assert AverageRating.from_aggregate(None, 0) is None


def test_every_rating_runs_from_half_a_star_to_five_in_half_steps():
    """Rating.every() is the one list choices come from: ten ratings, ascending or best first."""
    assert [rating.half_stars for rating in Rating.every()] == list(range(1, 11))
    assert [rating.text for rating in Rating.every(best_first=True)][:2] == ["5/5", "4.5/5"]
