"""The reviews app's models: reviews with their sections, corrections and working copies,
critics' profiles (review.py), curated lists (curated.py), and each film's public reviews
summed up (stats.py); the shared public queries live with the reviews (`published()`,
public_critics(), with_review_stats())."""

from reviews.models.curated import (
    CuratedList,
    CuratedListQuerySet,
    ListEntry,
)
from reviews.models.review import (
    CARD_FIELDS,
    CONTENT_FIELDS,
    DEFAULT_VERDICT_HEADING,
    Correction,
    CriticProfile,
    PublicFromPublishedAt,
    Review,
    ReviewQuerySet,
    ReviewSection,
    ReviewWorkingCopy,
    avatar_upload_to,
    average_rating,
    display_name,
    film_reviews_tag,
    latest_public_review_at,
    public_critics,
    public_reviews,
    with_review_stats,
)
from reviews.models.stats import FilmStats, is_due, refresh_film_stats, settle_due_stats

__all__ = [
    "CARD_FIELDS",
    "Correction",
    "CriticProfile",
    "CuratedList",
    "CuratedListQuerySet",
    "CONTENT_FIELDS",
    "DEFAULT_VERDICT_HEADING",
    "FilmStats",
    "ListEntry",
    "PublicFromPublishedAt",
    "Review",
    "ReviewQuerySet",
    "ReviewSection",
    "ReviewWorkingCopy",
    "avatar_upload_to",
    "average_rating",
    "display_name",
    "film_reviews_tag",
    "is_due",
    "latest_public_review_at",
    "public_critics",
    "public_reviews",
    "refresh_film_stats",
    "settle_due_stats",
    "with_review_stats",
]
