"""Scheduled changes to live reviews go live on the first render after their time (no cron).

`publish_changes(at=...)` schedules a review's working copy; the time of the next one is kept
in the shared cache (`publishing.DUE_CHANGES_KEY`), so a render finds out with one cache read
whether anything is due. Nothing here runs on a page cache hit: no cached page outlives the next
scheduled change (`reviews.caching.next_due_changes` caps every entry's lifetime).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from reviews.models import Review, ReviewWorkingCopy
from reviews.services.publishing import (
    DUE_CHANGES_KEY,
    NotPublishable,
    _apply_changes,
    _remember_next_due_changes,
)

logger = logging.getLogger(__name__)


def apply_due_changes_if_any() -> None:
    """Scheduled changes whose time has come go live: no query unless some are due.

    Called before a page is rendered (reviews.middleware).
    """
    try:
        due_at = cache.get(DUE_CHANGES_KEY)
    except Exception:  # noqa: BLE001 - pages still render while the cache is down
        return
    if due_at is not None and due_at <= timezone.now().timestamp():
        apply_due_changes()


@transaction.atomic
def apply_due_changes(*, now: datetime | None = None) -> int:
    """Scheduled changes whose time has come go live (on the first request after; no cron)."""
    now = now or timezone.now()
    transaction.on_commit(_remember_next_due_changes)
    applied = 0
    due = ReviewWorkingCopy.objects.select_for_update().filter(publish_at__lte=now)
    for copy in due.select_related("review"):
        review = Review.objects.select_for_update().get(pk=copy.review_id)
        review.version += 1
        try:
            with transaction.atomic():
                _apply_changes(review, copy, None, "Scheduled changes went live.")
        except NotPublishable as problems:
            # Not a reader's error: the changes stay in the working copy, unscheduled.
            logger.warning("Scheduled changes to review %s not published: %s", review.pk, problems)
            ReviewWorkingCopy.objects.filter(pk=copy.pk).update(publish_at=None)
            continue
        applied += 1
    return applied
