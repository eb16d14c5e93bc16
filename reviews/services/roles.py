"""Who may do what with reviews, and the errors the publishing service refuses with.

One rule for every path: the admin asks these functions too (reviews.services.publishing).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from reviews.models import Review

User = AbstractBaseUser


class PublishingError(Exception):
    """A transition that did not happen; the message says why in an editor's words."""


class Refused(PublishingError):
    """The actor may not do this, or sent no edit-lock version."""


class StaleVersion(PublishingError):
    """Someone saved the review since the actor's page was opened."""

    def __init__(self, current: Review) -> None:
        super().__init__(
            "Someone else saved this review since you opened it; nothing was changed. "
            "Reload it to see their version."
        )
        self.current = current


class SlugTaken(PublishingError):
    """Another review took the address between the form's check and the save."""


class NotPublishable(PublishingError):
    """The review lacks what a published review needs."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("This review cannot be published yet: " + " ".join(problems))
        self.problems = problems


# --- who may do what (one rule, used by the admin too) ----------------------------------------


def can_publish(user: User | None) -> bool:
    """Editors (and superusers) publish, unpublish, schedule and publish changes."""
    return bool(user and user.is_active and user.has_perm("reviews.publish_review"))


def may_view(user: User, review: Review) -> bool:
    """Editors see every review; critics only their own."""
    return can_publish(user) or (
        user.has_perm("reviews.view_review") and review.author_id == user.pk
    )


def may_edit(user: User, review: Review) -> bool:
    """Editors edit every review; critics only their own."""
    if not user.has_perm("reviews.change_review"):
        return False
    return can_publish(user) or review.author_id == user.pk


def visible_to(user: User, reviews: QuerySet[Review]) -> QuerySet[Review]:
    """The reviews a user may see in the editors' side."""
    return reviews if can_publish(user) else reviews.filter(author_id=user.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused(message)
