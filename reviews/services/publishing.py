"""The publishing service: every change to a review's state or to what readers see.

Each transition is one function with keyword-only arguments, run in one transaction. It
- checks the actor's permission (`Refused` otherwise),
- checks the edit lock: the version the actor's page was opened at (`StaleVersion` when someone
  saved since, `Refused` when the caller sent none) and bumps it,
- records a revision (django-reversion) saying who, when and why, and an admin log entry,
- sends `reviews.signals.public_review_changed` after commit when readers' view changed.

A published review keeps its own row as the live version; edits to it go to its working copy
(`ReviewWorkingCopy`) until an editor publishes the changes. Nothing else in the project assigns
`Review.status` or `Review.published_at` (tests/reviews/services/test_one_publishing_path.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from reversion.models import Version

from reviews.caching import next_due_changes
from reviews.models import Correction, Review, ReviewWorkingCopy
from reviews.services import notifications
from reviews.services.content import (
    Content,
    content_of,
    content_of_version,
    count_changes,
    last_saved,
    normalised,
    write_content,
)
from reviews.services.roles import (
    NotPublishable,
    PublishingError,
    Refused,
    SlugTaken,
    StaleVersion,
    _require,
    can_publish,
    may_edit,
    may_view,
    visible_to,
)
from reviews.signals import public_review_changed

# The rules live in reviews.services.roles; callers may use them from here too.
__all__ = ["NotPublishable", "PublishingError", "Refused", "SlugTaken", "StaleVersion"]
__all__ += ["can_publish", "may_edit", "may_view", "visible_to"]

User = AbstractBaseUser
logger = logging.getLogger(__name__)


# --- the common steps ------------------------------------------------------------------------


def _locked(review: Review, lock_version: int | None) -> Review:
    """The review's current row, locked for this transaction, if the version still matches."""
    if lock_version is None:
        raise Refused(
            "This page was sent without its edit-lock version, so nothing was saved: "
            "reload the review and make the change again."
        )
    current = (
        Review.objects.select_for_update(of=("self",))
        .select_related("film", "author")
        .filter(pk=review.pk)
        .first()
    )
    if current is None:
        raise PublishingError("This review has just been deleted.")
    if current.version != lock_version:
        raise StaleVersion(current)
    current.version += 1
    return current


@contextmanager
def _revision(actor: User | None, comment: str, review: Review) -> Iterator[None]:
    """One revision of the review as it is at the end of the transition.

    Managed by hand: the review (with its sections, corrections and working copy, which it
    follows) is read once after every write, so the revision holds no half-written state.
    """
    with reversion.create_revision(manage_manually=True):
        yield
        if actor is not None:
            reversion.set_user(actor)
        reversion.set_comment(comment)
        reversion.add_to_revision(review)


def _log(actor: User | None, review: Review, flag: int, message: str) -> None:
    if actor is None or actor.pk is None:
        return
    LogEntry.objects.log_actions(
        actor.pk, [review], flag, change_message=message, single_object=True
    )


def _announce(review: Review, *, was_public: bool, tags: set[str] | None = None) -> None:
    """Tell caches and search after commit, when readers see something different."""
    if not (was_public or review.is_public or review.is_scheduled):
        return
    extra = set(tags or ())
    transaction.on_commit(
        lambda: public_review_changed.send(sender=Review, review=review, tags=extra)
    )


def _save_row(review: Review, fields: list[str]) -> None:
    review.save(update_fields=[*fields, "version", "updated_at"])


def _slug_clash(exc: IntegrityError, slug: str, review: Review) -> bool:
    """Whether a failed write lost a race for the review's address (unique slug)."""
    # The database names the column or its constraint (reviews_review.slug / ..._slug_key).
    return "slug" in str(exc).lower() or (
        Review.objects.filter(slug=slug).exclude(pk=review.pk).exists()
    )


def _write(review: Review, content: Content, *, extra_fields: list[str] | None = None) -> None:
    """Write content onto the row; a slug taken meanwhile is an editor's error, not a 500."""
    try:
        with transaction.atomic():
            write_content(review, content, extra_fields=tuple(extra_fields or ()))
    except IntegrityError as exc:
        if _slug_clash(exc, content["slug"], review):
            raise SlugTaken(
                f"Another review has just taken the address “{content['slug']}”: choose another."
            ) from exc
        raise


def working_content(review: Review) -> Content:
    """What the editors see in the form: the working copy if there is one, else the row."""
    copy = ReviewWorkingCopy.objects.filter(review=review).first()
    live = content_of(review)
    return normalised(copy.content, live) if copy is not None else live


def pending_changes(review: Review) -> int:
    """How many fields and sections the working copy changes (0 without one)."""
    copy = ReviewWorkingCopy.objects.filter(review=review).first()
    if copy is None:
        return 0
    live = content_of(review)
    return count_changes(live, normalised(copy.content, live))


# --- creating and editing --------------------------------------------------------------------


@transaction.atomic
def create_review(
    *,
    actor: User | None,
    content: Content,
    author: User | None = None,
    notes: str = "",
    comment: str = "",
) -> Review:
    """A new draft. Critics write under their own byline; editors may give another critic's.

    actor=None is the operator at the command line (import_review), trusted like an editor.
    """
    if actor is not None:
        _require(actor.has_perm("reviews.add_review"), "You may not write reviews.")
    byline = author if author is not None else actor
    data = normalised(content, {"author_id": byline.pk if byline else None, "sections": []})
    if actor is not None and not can_publish(actor):
        data["author_id"] = actor.pk
    why = comment or "Created as a draft."
    review = Review(notes=notes)
    with _revision(actor, why, review):
        for name in ("film_id", "author_id", "slug", "headline"):
            setattr(review, name, data[name])
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as exc:
            if _slug_clash(exc, data["slug"], review):
                raise SlugTaken(
                    f"Another review has just taken the address “{data['slug']}”: choose another."
                ) from exc
            raise
        _write(review, data)
    _log(actor, review, ADDITION, why)
    return review


def _save(
    review: Review, actor: User, content: Content, notes: str | None, *, record: bool, why: str
) -> Review:
    """Shared by save_content and save_draft (which records no revision)."""
    _require(may_edit(actor, review), "You may edit only your own reviews.")
    live = content_of(review)
    data = normalised(content, working_content(review))
    if not can_publish(actor):
        data["author_id"] = review.author_id
    fields = []
    if notes is not None and notes != review.notes:
        review.notes = notes
        fields.append("notes")
    copy = ReviewWorkingCopy.objects.filter(review=review).first()
    current = normalised(copy.content, live) if copy is not None else live
    # An editor's save after autosaves (which already wrote these words) is still a revision.
    saved = last_saved(review) if record and data == current and not fields else None
    unrecorded = saved is not None and saved[0] != normalised(current, current)
    if data == current and not fields and not unrecorded:
        review.version -= 1  # nothing changed: no revision, no bump
        return review
    with _revision(actor, why, review) if record else nullcontext():
        if review.keeps_a_live_version:
            _save_row(review, fields)
            if data == live:
                ReviewWorkingCopy.objects.filter(review=review).delete()
            else:
                ReviewWorkingCopy.objects.update_or_create(
                    review=review,
                    defaults={
                        "content": data,
                        "edited_by": actor,
                        "edited_at": timezone.now(),
                        "publish_at": None,
                    },
                )
        else:
            _write(review, data, extra_fields=fields)
    if record:
        _log(actor, review, CHANGE, why)
    return review


@transaction.atomic
def save_content(
    *,
    review: Review,
    actor: User,
    content: Content,
    lock_version: int | None,
    notes: str | None = None,
    comment: str = "",
) -> Review:
    """Save edited words: a draft's row, or a published review's working copy (never live)."""
    current = _locked(review, lock_version)
    why = comment or (
        "Saved unpublished changes." if current.keeps_a_live_version else "Saved the draft."
    )
    return _save(current, actor, content, notes, record=True, why=why)


@transaction.atomic
def save_draft(
    *, review: Review, actor: User, content: Content, lock_version: int | None
) -> Review:
    """Autosave: like save_content, but no revision, no log entry, nothing sent to caches.

    Returns the review with its new version (unchanged when nothing changed), which the
    caller sends back with its next autosave or save.
    """
    current = _locked(review, lock_version)
    return _save(current, actor, content, None, record=False, why="")


# --- transitions ------------------------------------------------------------------------------


@transaction.atomic
def submit(*, review: Review, actor: User, lock_version: int | None, comment: str = "") -> Review:
    """A draft goes to the editors for review."""
    current = _locked(review, lock_version)
    _require(may_edit(actor, current), "You may submit only your own reviews.")
    if current.status != Review.Status.DRAFT:
        raise PublishingError("Only a draft can be submitted.")
    current.status = Review.Status.SUBMITTED
    with _revision(actor, comment or "Submitted to the editors.", current):
        _save_row(current, ["status"])
    _log(actor, current, CHANGE, "Submitted to the editors.")
    notifications.review_submitted(current)
    return current


@transaction.atomic
def request_changes(
    *, review: Review, actor: User, lock_version: int | None, message: str
) -> Review:
    """A submitted review goes back to its critic as a draft, with the editor's message."""
    current = _locked(review, lock_version)
    _require(can_publish(actor), "Only editors can request changes.")
    if current.status != Review.Status.SUBMITTED:
        raise PublishingError("Changes can be requested only on a submitted review.")
    message = message.strip()
    if not message:
        raise PublishingError("Say what should change: the critic reads your message.")
    current.status = Review.Status.DRAFT
    with _revision(actor, f"Changes requested: {message}", current):
        _save_row(current, ["status"])
    _log(actor, current, CHANGE, f"Changes requested: {message}")
    notifications.changes_requested(current, message)
    return current


def _check_publishable(review: Review, content: Content) -> None:
    candidate = Review(
        film=review.film if review.film_id == content["film_id"] else None,
        rating=content["rating"],
        standfirst=content["standfirst"],
        verdict=content["verdict"],
    )
    if content["film_id"] != review.film_id:
        candidate.film_id = content["film_id"]
    problems = candidate.publication_problems(section_count=len(content["sections"]))
    if problems:
        raise NotPublishable(problems)


@transaction.atomic
def publish(
    *,
    review: Review,
    actor: User,
    lock_version: int | None,
    at: datetime | None = None,
    comment: str = "",
) -> Review:
    """An editor publishes a draft or submitted review, now or at `at` (scheduled).

    On a published review it changes the publication time (reschedules); pending changes stay
    pending (see publish_changes).
    """
    current = _locked(review, lock_version)
    _require(can_publish(actor), "Only editors can publish.")
    return _publish(current, actor, at=at, comment=comment)


def _publish(current: Review, actor: User | None, *, at: datetime | None, comment: str) -> Review:
    was_public = current.is_public
    _check_publishable(current, content_of(current))
    now = timezone.now()
    first = current.status != Review.Status.PUBLISHED
    current.status = Review.Status.PUBLISHED
    if at is not None:
        current.published_at = at
    elif current.published_at is None or (first and current.published_at > now):
        current.published_at = now
    scheduled = current.published_at > now
    local = timezone.localtime(current.published_at)
    why = comment or (
        f"Scheduled for {local:%a %-d %b %Y, %H:%M} {timezone.get_current_timezone_name()}."
        if scheduled
        else "Published."
    )
    with _revision(actor, why, current):
        _save_row(current, ["status", "published_at"])
    _log(actor, current, CHANGE, why)
    _announce(current, was_public=was_public)
    if first:
        notifications.review_published(current)
    current.outcome = why
    return current


@transaction.atomic
def unpublish(
    *, review: Review, actor: User, lock_version: int | None, comment: str = ""
) -> Review:
    """Back to draft: readers lose it; pending changes become the draft's text."""
    current = _locked(review, lock_version)
    _require(can_publish(actor), "Only editors can unpublish.")
    return _unpublish(current, actor, comment)


def _unpublish(current: Review, actor: User, comment: str) -> Review:
    was_public = current.is_public
    why = comment or "Returned to draft."
    with _revision(actor, why, current):
        copy = ReviewWorkingCopy.objects.filter(review=current).first()
        current.status = Review.Status.DRAFT
        if copy is not None:
            data = normalised(copy.content, content_of(current))
            copy.delete()
            _write(current, data)
        _save_row(current, ["status"])
    _log(actor, current, CHANGE, why)
    _announce(current, was_public=was_public)
    return current


@transaction.atomic
def publish_changes(
    *,
    review: Review,
    actor: User,
    lock_version: int | None,
    at: datetime | None = None,
    comment: str = "",
) -> Review:
    """The working copy becomes the live version now, or is scheduled to at `at`."""
    current = _locked(review, lock_version)
    _require(can_publish(actor), "Only editors can publish changes.")
    copy = ReviewWorkingCopy.objects.filter(review=current).first()
    if copy is None:
        raise PublishingError("There are no unpublished changes to publish.")
    if at is not None and at > timezone.now():
        if current.status == Review.Status.PUBLISHED:
            # The editor hears now what would stop the changes, not a reader at `at`.
            _check_publishable(current, normalised(copy.content, content_of(current)))
        copy.publish_at = at
        copy.save(update_fields=["publish_at"])
        transaction.on_commit(_remember_next_due_changes)
        # Its pages are rendered again now, so no cached copy (here or in a front cache) lives
        # past `at`: the time of the next scheduled change caps every entry stored from here.
        _announce(current, was_public=current.is_public)
        local = timezone.localtime(at)
        why = comment or (
            f"Changes scheduled for {local:%a %-d %b %Y, %H:%M} "
            f"{timezone.get_current_timezone_name()}."
        )
        with _revision(actor, why, current):
            _save_row(current, [])
        _log(actor, current, CHANGE, why)
        current.outcome = why
        return current
    return _apply_changes(current, copy, actor, comment or "Published changes.")


def _apply_changes(current: Review, copy: ReviewWorkingCopy, actor: User | None, why: str):
    data = normalised(copy.content, content_of(current))
    if current.status == Review.Status.PUBLISHED:
        _check_publishable(current, data)
    old_film, old_author = current.film_id, current.author_id
    was_public = current.is_public
    with _revision(actor, why, current):
        copy.delete()
        _write(current, data)
    _log(actor, current, CHANGE, why)
    tags = {f"film:{old_film}", f"critic:{old_author}"} if old_film != current.film_id else set()
    _announce(current, was_public=was_public, tags=tags)
    current.outcome = why
    return current


@transaction.atomic
def discard_changes(*, review: Review, actor: User, lock_version: int | None) -> Review:
    """Throw the working copy away; the live version stays as it is."""
    current = _locked(review, lock_version)
    _require(may_edit(actor, current), "You may discard changes only on your own reviews.")
    deleted, _ = ReviewWorkingCopy.objects.filter(review=current).delete()
    if not deleted:
        raise PublishingError("There are no unpublished changes to discard.")
    with _revision(actor, "Discarded unpublished changes.", current):
        _save_row(current, [])
    _log(actor, current, CHANGE, "Discarded unpublished changes.")
    return current


DUE_CHANGES_KEY = "reviews:scheduled-changes-due-at"


def _remember_next_due_changes() -> None:
    """Keep the time of the next scheduled changes where every request can read it cheaply."""
    first = next_due_changes()
    try:
        if first is None:
            cache.delete(DUE_CHANGES_KEY)
        else:
            cache.set(DUE_CHANGES_KEY, first, timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the editor's save
        logger.warning("Could not remember the next scheduled changes: cache unavailable.")


@transaction.atomic
def add_correction(
    *, review: Review, actor: User, note: str, rating_before: int | None = None
) -> Correction:
    """A dated public note on the live version (the review's rating change, if any, with it)."""
    _require(can_publish(actor), "Only editors can add corrections.")
    note = note.strip()
    if not note:
        raise PublishingError("Say what was corrected.")
    current = Review.objects.select_for_update().get(pk=review.pk)
    correction = Correction.objects.create(
        review=current,
        note=note,
        created_by=actor,
        rating_before=current.rating if rating_before is None else rating_before,
        rating_after=current.rating,
    )
    current.version += 1
    with _revision(actor, "Added a correction.", current):
        _save_row(current, [])
    _log(actor, current, CHANGE, "Added a correction.")
    _announce(current, was_public=current.is_public)
    return correction


# --- history ----------------------------------------------------------------------------------


@transaction.atomic
def restore_revision(
    *, review: Review, actor: User, version: Version, lock_version: int | None
) -> Review:
    """A revision's words come back into the working copy (or the draft): never status or dates."""
    current = _locked(review, lock_version)
    _require(may_edit(actor, current), "You may restore only your own reviews.")
    if str(version.object_id) != str(current.pk):
        raise PublishingError("That revision belongs to another review.")
    data = content_of_version(version)
    if not can_publish(actor):
        data["author_id"] = current.author_id
    when = timezone.localtime(version.revision.date_created)
    why = f"Restored the text of the revision of {when:%Y-%m-%d %H:%M:%S}."
    return _save(current, actor, data, None, record=True, why=why)


@transaction.atomic
def recover_deleted(*, version: Version, actor: User) -> Review:
    """A deleted review comes back with its sections and corrections, as a draft."""
    fields = version.field_dict
    _require(
        can_publish(actor)
        or (actor.has_perm("reviews.add_review") and fields.get("author_id") == actor.pk),
        "You may recover only your own reviews.",
    )
    if version.content_type.model_class() is not Review:
        raise PublishingError("That revision is not a review's.")
    if Review.objects.filter(pk=version.object_id).exists():
        raise PublishingError("This review is not deleted.")
    if Review.objects.filter(slug=fields.get("slug")).exists():
        raise PublishingError(
            f"Another review now has the address “{fields.get('slug')}”: change that one's "
            "address first."
        )
    when = timezone.localtime(version.revision.date_created)
    why = f"Recovered as a draft from the revision of {when:%Y-%m-%d %H:%M:%S}."
    with reversion.create_revision(manage_manually=True):
        version.revision.revert(delete=False)
    review = Review.objects.select_for_update().get(pk=version.object_id)
    review.version += 1
    copy = ReviewWorkingCopy.objects.filter(review=review).first()
    with _revision(actor, why, review):
        review.status = Review.Status.DRAFT
        _save_row(review, ["status"])
        if copy is not None:
            data = normalised(copy.content, content_of(review))
            copy.delete()
            _write(review, data)
    _log(actor, review, ADDITION, why)
    return review


@transaction.atomic
def delete_review(*, review: Review, actor: User) -> None:
    """Delete a review (editors); readers lose it if it was public."""
    _require(
        actor.has_perm("reviews.delete_review") and may_edit(actor, review),
        "You may not delete this review.",
    )
    current = Review.objects.select_for_update().get(pk=review.pk)
    was_public = current.is_public
    pk = current.pk
    _log(actor, current, DELETION, "Deleted.")
    current.delete()
    current.pk = pk
    if was_public:
        transaction.on_commit(
            lambda: public_review_changed.send(sender=Review, review=current, tags=set())
        )
