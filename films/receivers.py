"""Stored images follow their rows: deleting a film or a person deletes its files after commit."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete

from films.images import delete_with_renditions
from films.models import Film, Person


def _delete_files(name: str, width: int | None, storage) -> None:
    transaction.on_commit(lambda: delete_with_renditions(name, width, storage=storage))


def _film_deleted(sender, instance: Film, **kwargs) -> None:
    if instance.poster:
        _delete_files(instance.poster.name, instance.poster_width, instance.poster.storage)


def _person_deleted(sender, instance: Person, **kwargs) -> None:
    if instance.photo:
        _delete_files(instance.photo.name, instance.photo_width, instance.photo.storage)


def connect() -> None:
    """Called once from FilmsConfig.ready()."""
    post_delete.connect(_film_deleted, sender=Film, dispatch_uid="films:poster-files")
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid="films:photo-files")
