"""Publishing curated lists: every change readers can see of a list goes through here.

Like reviews' publishing, each transition checks the actor's permission, runs in one
transaction, and tells the rest of the site after commit (`public_list_changed`).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from reviews.caching import film_lists_tag
from reviews.models import CuratedList
from reviews.signals import public_list_changed

PUBLISH_PERMISSION = "reviews.publish_curatedlist"


def _check(actor: AbstractBaseUser) -> None:
    if not actor.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors may publish or unpublish lists.")


def _announce(curated_list: CuratedList, film_ids: set[int]) -> None:
    tags = {film_lists_tag(pk) for pk in film_ids}
    transaction.on_commit(
        lambda: public_list_changed.send(CuratedList, curated_list=curated_list, tags=tags)
    )


def list_problems(curated_list: CuratedList) -> list[str]:
    """What stops a list from being published, in words an editor understands."""
    problems = []
    if not curated_list.entries.exists():
        problems.append("Add at least one film.")
    if not curated_list.intro.strip():
        problems.append("Write an introduction.")
    return problems


@transaction.atomic
def publish_list(
    *, curated_list: CuratedList, actor: AbstractBaseUser, at: datetime | None = None
) -> list[str]:
    """Publish a complete list (a future `at` schedules it); returns the problems, if any."""
    _check(actor)
    locked = CuratedList.objects.select_for_update().get(pk=curated_list.pk)
    problems = list_problems(locked)
    if problems:
        return problems
    locked.status = CuratedList.Status.PUBLISHED
    locked.published_at = at or locked.published_at or timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    curated_list.status, curated_list.published_at = locked.status, locked.published_at
    _announce(locked, set(locked.entries.values_list("film_id", flat=True)))
    return []


@transaction.atomic
def unpublish_list(*, curated_list: CuratedList, actor: AbstractBaseUser) -> bool:
    """Return a list to draft (its date is kept for a later republish); False if it was one."""
    _check(actor)
    locked = CuratedList.objects.select_for_update().get(pk=curated_list.pk)
    if locked.status == CuratedList.Status.DRAFT:
        return False
    locked.status = CuratedList.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    curated_list.status = locked.status
    _announce(locked, set(locked.entries.values_list("film_id", flat=True)))
    return True


def list_edited(*, curated_list: CuratedList, film_ids: set[int]) -> None:
    """An editor saved a list (its text or entries): readers' pages of a public one change.

    `film_ids`: films on the list before and after the edit (both film pages show it).
    """
    if curated_list.status == CuratedList.Status.PUBLISHED:
        _announce(curated_list, film_ids)
