"""Publishing reviews: every change readers can see goes through this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from reviews.models import Review, ReviewSection


@dataclass
class PublishOutcome:
    """What a publish request did: which reviews went out, and why others did not."""

    published: list[Review] = field(default_factory=list)
    refused: dict[Review, list[str]] = field(default_factory=dict)


@transaction.atomic
def publish_reviews(*, reviews: QuerySet[Review], at: datetime | None = None) -> PublishOutcome:
    """Publish each review that is complete; a future `at` (or published_at) schedules it."""
    outcome = PublishOutcome()
    now = timezone.now()
    candidates = list(reviews.select_for_update(of=("self",)).select_related("film"))
    section_counts = dict(
        ReviewSection.objects.filter(review__in=candidates)
        .order_by()
        .values_list("review")
        .annotate(n=Count("id"))
    )
    for review in candidates:
        problems = review.publication_problems(section_count=section_counts.get(review.pk, 0))
        if problems:
            outcome.refused[review] = problems
            continue
        review.status = Review.Status.PUBLISHED
        if at is not None:
            review.published_at = at
        elif review.published_at is None:
            review.published_at = now
        review.save(update_fields=["status", "published_at", "updated_at"])
        outcome.published.append(review)
    return outcome


@transaction.atomic
def unpublish_reviews(*, reviews: QuerySet[Review]) -> int:
    """Return reviews to draft; their publication time is kept for a later republish."""
    changed = 0
    for review in reviews.select_for_update():
        if review.status != Review.Status.DRAFT:
            review.status = Review.Status.DRAFT
            review.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed
