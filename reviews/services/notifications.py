"""Mail about reviews moving between critics and editors, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from reviews.models import Review


def _change_url(review: Review) -> str:
    return settings.SITE_URL + reverse("admin:reviews_review_change", args=[review.pk])


def _send(template: str, context: dict, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    subject = render_to_string(f"reviews/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"reviews/email/{template}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=False))


def _editors() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="publish_review")
            | Q(user_permissions__codename="publish_review")
        )
    )
    return list(users.values_list("email", flat=True).distinct())


def review_submitted(review: Review) -> None:
    """Editors hear that a critic submitted a review."""
    _send("submitted", {"review": review, "url": _change_url(review)}, _editors())


def review_published(review: Review) -> None:
    """The critic hears that their review was published (or scheduled)."""
    context = {"review": review, "url": _change_url(review)}
    _send("published", context, [review.author.email])


def changes_requested(review: Review, message: str) -> None:
    """The critic reads the editor's request for changes."""
    context = {"review": review, "message": message, "url": _change_url(review)}
    _send("changes_requested", context, [review.author.email])
