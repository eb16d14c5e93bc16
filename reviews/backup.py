"""Whole-site backup and restore: all content as JSON, plus the media files it refers to.

The backup holds every content table (CONTENT_MODELS: the catalogue, reviews and everything
hanging off them), every user with their groups, permissions and last login, the groups
themselves, revision history (django-reversion's revisions and versions) and the admin's
action log, and the image files with their renditions. Links to users, groups and content
types are written by natural key (username, group name, app and model), so they survive new
ids; countries and languages are seeded by migrations and are linked by ISO code.

Password hashes are left out unless asked for (`export_site --include-password-hashes`): a
backup folder travels and a hash is a credential. Without them restored users get an unusable
password and set a new one with `manage.py changepassword`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from reversion.models import Revision, Version

from films.images import RENDITION_WIDTHS, rendition_name
from films.models import Country, Credit, Film, Genre, Language, Offer, Person, Provider, Theme
from reviews.models import (
    Correction,
    CriticProfile,
    CuratedList,
    ListEntry,
    Review,
    ReviewSection,
    ReviewWorkingCopy,
    refresh_film_stats,
)
from reviews.models.curated import list_summary
from reviews.search import index as search_index

FORMAT_VERSION = 2
CONTENT_FILE = "content.json"
MEDIA_DIR = "media"
# A backup bigger than this is refused both ways: it would not fit a request-sized machine.
DEFAULT_MAX_BYTES = 5 * 1024**3
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
USER_FIELDS += ["is_superuser", "date_joined", "last_login", "groups", "user_permissions"]
# Order matters on import: everything a row points at comes before it.
CONTENT_MODELS = [
    Genre, Theme, Person, Film, Credit, Provider, Offer,
    Review, ReviewSection, Correction, ReviewWorkingCopy, CriticProfile, CuratedList, ListEntry,
]  # fmt: skip
# Who changed what, when and why: restored after the content it describes.
HISTORY_MODELS = [Revision, Version, LogEntry]
# Seeded by migrations (linked by code) or rebuilt from content (the search documents).
NOT_BACKED_UP = {"films.country", "films.language"}
NOT_BACKED_UP |= {
    "search.reviewdocument", "search.filmdocument", "search.persondocument", "search.listdocument",
}  # fmt: skip
# Each film's review sums: counted again from the restored reviews (refresh_film_stats).
NOT_BACKED_UP |= {"reviews.filmstats"}


class _ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (it rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be written or restored, with a message for the operator."""


@dataclass
class BackupSummary:
    """What was written or restored: rows per model and media files."""

    rows: dict[str, int] = field(default_factory=dict)
    password_hashes: bool = False
    media_files: int = 0
    media_bytes: int = 0

    def __str__(self) -> str:
        rows = ", ".join(f"{n} {label}" for label, n in self.rows.items())
        return f"{rows}; {self.media_files} media files ({self.media_bytes:,} bytes)"


def _label(model) -> str:
    return model._meta.label_lower


def _media_names() -> list[str]:
    """Every stored file the content refers to, with the renditions of images."""
    names = []
    for model in CONTENT_MODELS:
        for file_field in model._meta.concrete_fields:
            if not isinstance(file_field, models.FileField):
                continue
            stored = model.objects.exclude(**{file_field.name: ""})
            for name in stored.values_list(file_field.name, flat=True):
                names.append(name)
                names += [
                    rendition_name(name, w)
                    for w in RENDITION_WIDTHS
                    if default_storage.exists(rendition_name(name, w))
                ]
    return names


def _safe_relative(name: str) -> PurePosixPath:
    """A stored file name that cannot climb out of the backup or media folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the unsafe media path {name!r}.")
    return path


def _serialize(queryset, **kwargs) -> list[dict]:
    return serializers.serialize("python", queryset, use_natural_foreign_keys=True, **kwargs)


def export_site(
    directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, include_password_hashes: bool = False
) -> BackupSummary:
    """Write the whole site's content, users, history and media into an empty (or new) folder."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; choose a new folder for the backup.")
    directory.mkdir(parents=True, exist_ok=True)
    summary = BackupSummary()
    User = get_user_model()
    user_fields = [*USER_FIELDS, "password"] if include_password_hashes else USER_FIELDS
    with transaction.atomic():  # one consistent snapshot (repeatable on PostgreSQL)
        content: dict[str, object] = {
            "format": FORMAT_VERSION,
            "hashes_included": include_password_hashes,
            "countries": dict(Country.objects.values_list("pk", "code")),
            "languages": dict(Language.objects.values_list("pk", "code")),
            "groups": _serialize(Group.objects.order_by("pk"), use_natural_primary_keys=True),
            "users": _serialize(User.objects.order_by("pk"), fields=user_fields),
        }
        summary.rows["users"] = len(content["users"])
        for model in CONTENT_MODELS + HISTORY_MODELS:
            records = _serialize(model.objects.order_by("pk"))
            content[_label(model)] = records
            summary.rows[_label(model)] = len(records)
        media = _media_names()
    text = json.dumps(content, cls=_ExactJSONEncoder, ensure_ascii=False, indent=1)
    total = len(text.encode())
    if total > max_bytes:
        raise BackupError(f"The content alone is {total:,} bytes, over the {max_bytes:,} limit.")
    (directory / CONTENT_FILE).write_text(text, encoding="utf-8")
    for name in media:
        if not default_storage.exists(name):
            continue
        total += default_storage.size(name)
        if total > max_bytes:
            raise BackupError(f"The backup would pass the {max_bytes:,} byte limit; stopped.")
        target = directory / MEDIA_DIR / _safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        summary.media_files += 1
        summary.media_bytes += target.stat().st_size
    return summary


def _database_is_empty() -> bool:
    return not any(model.objects.exists() for model in CONTENT_MODELS + [Revision, Version])


def import_site(directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> BackupSummary:
    """Restore a backup written by export_site into a database with no content yet."""
    directory = Path(directory)
    content_path = directory / CONTENT_FILE
    if not content_path.is_file():
        raise BackupError(f"{content_path} does not exist: not a backup folder.")
    if content_path.stat().st_size > max_bytes:
        raise BackupError(f"{content_path} is over the {max_bytes:,} byte limit.")
    if not _database_is_empty():
        raise BackupError(
            "The database already has content (films, people or reviews); "
            "restore only into a freshly migrated, empty database."
        )
    try:
        content = json.loads(content_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{content_path} is not valid JSON ({exc}).") from exc
    if not isinstance(content, dict) or content.get("format") != FORMAT_VERSION:
        raise BackupError(f"{content_path} is not a backup in format {FORMAT_VERSION}.")
    summary = BackupSummary(password_hashes=bool(content.get("hashes_included")))
    with transaction.atomic():
        for obj in serializers.deserialize("python", content["groups"]):
            obj.save()  # matched by name: the roles seeded by migrations are updated in place
        keys = _Keys(
            users=_restore_users(content, summary),
            countries=_remap_codes(content["countries"], Country),
            languages=_remap_codes(content["languages"], Language),
        )
        for model in CONTENT_MODELS + HISTORY_MODELS:
            records = content.get(_label(model), [])
            for record in records:
                if model is Version:
                    _remap_version(record, keys)
                else:
                    _remap(model, record["fields"], keys)
            for obj in serializers.deserialize("python", records):
                obj.save()  # raw save: stored HTML and timestamps come back exactly
            summary.rows[_label(model)] = len(records)
        with connection.cursor() as cursor:
            restored = CONTENT_MODELS + HISTORY_MODELS
            for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                cursor.execute(sql)
        # Raw saves keep no sums up to date: each film's are counted once, from what came back.
        refresh_film_stats()
        # A backup made before lists kept a summary: make it from the intro, as save() would
        # (an update, so the restored timestamps stay as they were).
        for pk, intro in (
            CuratedList.objects.filter(summary="").exclude(intro="").values_list("pk", "intro")
        ):
            CuratedList.objects.filter(pk=pk).update(summary=list_summary(intro))
        transaction.on_commit(search_index.rebuild)
    _restore_media(directory, summary, max_bytes=max_bytes)
    return summary


def _remap_codes(old: dict[str, str], model) -> dict[int, int]:
    """Old primary keys -> this database's, matched by ISO code."""
    here = dict(model.objects.values_list("code", "pk"))
    missing = sorted(code for code in old.values() if code not in here)
    if missing:
        raise BackupError(f"Unknown {model._meta.verbose_name_plural} codes: {missing[:10]}.")
    return {int(pk): here[code] for pk, code in old.items()}


def _restore_users(content: dict, summary: BackupSummary) -> dict[int, int]:
    """Create (or keep, by username) the backup's users; old pk -> new pk.

    A user who already exists here (the superuser made before restoring) is left as is, apart
    from gaining the backup's groups.
    """
    User = get_user_model()
    mapping = {}
    for record in content["users"]:
        fields = dict(record["fields"])
        group_names = [key[0] for key in fields.pop("groups", [])]
        permissions = [
            Permission.objects.get_by_natural_key(*key)
            for key in fields.pop("user_permissions", [])
        ]
        user = User.objects.filter(username=fields["username"]).first()
        if user is None:
            user = User(**fields)
            if not fields.get("password"):
                user.set_unusable_password()
            user.save()
            user.user_permissions.set(permissions)
        user.groups.add(*Group.objects.filter(name__in=group_names))
        mapping[int(record["pk"])] = user.pk
    summary.rows["users"] = len(mapping)
    return mapping


@dataclass(frozen=True)
class _Keys:
    """The backup's ids -> this database's, for links not written by natural key."""

    users: dict[int, int]
    countries: dict[int, int]
    languages: dict[int, int]

    def for_field(self, link) -> dict[int, int] | None:
        target = link.related_model
        if target is Country:
            return self.countries
        if target is Language:
            return self.languages
        if target is get_user_model():
            return self.users
        return None


def _remap(model, fields: dict, keys: _Keys, *, by_pk: bool = False) -> None:
    """Point a record's country and language links (and, in a version's data, whose user ids
    are plain numbers, its user links) at this database's rows."""
    for link in model._meta.get_fields():
        if not (link.concrete and link.is_relation) or fields.get(link.name) is None:
            continue
        mapping = keys.for_field(link)
        if mapping is None or (mapping is keys.users and not by_pk):
            continue  # users are written by username everywhere but in version data
        value = fields[link.name]
        if link.many_to_many:
            fields[link.name] = [mapping.get(v, v) for v in value]
        else:
            fields[link.name] = mapping.get(value, value)


def _remap_version(record: dict, keys: _Keys) -> None:
    """A version's stored object (JSON, plain ids) points at this database's rows too."""
    fields = record["fields"]
    model = ContentType.objects.get_by_natural_key(*fields["content_type"]).model_class()
    if model is None or fields.get("format") != "json":
        return
    objects = json.loads(fields["serialized_data"])
    original = json.dumps(objects)
    for obj in objects:
        _remap(model, obj["fields"], keys, by_pk=True)
    if json.dumps(objects) != original:  # untouched data stays byte for byte as it was
        fields["serialized_data"] = json.dumps(objects, cls=DjangoJSONEncoder)


def _restore_media(directory: Path, summary: BackupSummary, *, max_bytes: int) -> None:
    root = directory / MEDIA_DIR
    if not root.is_dir():
        return
    total = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        name = str(_safe_relative(path.relative_to(root).as_posix()))
        total += path.stat().st_size
        if total > max_bytes:
            raise BackupError(f"The media files pass the {max_bytes:,} byte limit; stopped.")
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(path.read_bytes()))
        if stored != name:
            raise BackupError(f"Storage renamed {name} to {stored}; the links would break.")
        summary.media_files += 1
        summary.media_bytes += path.stat().st_size
