"""List actions: publish or unpublish many reviews, each through the publishing service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, QuerySet

from reviews.models import Review, ReviewSection
from reviews.services.publishing import _publish, _unpublish
from reviews.services.roles import User, _require, can_publish


@dataclass
class PublishOutcome:
    """What a publish request did: which reviews went out, and why others did not."""

    published: list[Review] = field(default_factory=list)
    refused: dict[Review, list[str]] = field(default_factory=dict)


@transaction.atomic
def publish_reviews(
    *, reviews: QuerySet[Review], actor: User, at: datetime | None = None
) -> PublishOutcome:
    """Publish each complete, unpublished review (list action); each bumps its version."""
    _require(can_publish(actor), "Only editors can publish.")
    outcome = PublishOutcome()
    candidates = list(
        reviews.exclude(status=Review.Status.PUBLISHED)
        .select_for_update(of=("self",))
        .select_related("film")
    )
    counts = dict(
        ReviewSection.objects.filter(review__in=candidates)
        .order_by()
        .values_list("review")
        .annotate(n=Count("id"))
    )
    for review in candidates:
        problems = review.publication_problems(section_count=counts.get(review.pk, 0))
        if problems:
            outcome.refused[review] = problems
            continue
        review.version += 1
        _publish(review, actor, at=at, comment="Published from the review list.")
        outcome.published.append(review)
    return outcome


@transaction.atomic
def unpublish_reviews(*, reviews: QuerySet[Review], actor: User) -> int:
    """Return published reviews to draft (list action); each bumps its version."""
    _require(can_publish(actor), "Only editors can unpublish.")
    changed = 0
    for review in reviews.filter(status=Review.Status.PUBLISHED).select_for_update(of=("self",)):
        review.version += 1
        _unpublish(review, actor, "Returned to draft from the review list.")
        changed += 1
    return changed
