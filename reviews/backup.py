"""Whole-site backup and restore: all content as JSON, plus the media files it refers to.

The backup holds films, people, credits, genres, their country and language links, the users
who wrote or corrected reviews (with their roles), reviews, sections and corrections, and the
poster and photo files. Password hashes are deliberately left out: a backup folder travels
and a hash is a credential. Restored users get an unusable password and set a new one with
`manage.py changepassword`. Revision history (django-reversion) is not part of the backup.
Countries and languages are seeded by migrations, so links to them are stored by ISO code.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from films.images import RENDITION_WIDTHS, rendition_name
from films.models import Country, Credit, Film, Genre, Language, Person
from reviews.models import Correction, Review, ReviewSection

FORMAT_VERSION = 1
CONTENT_FILE = "content.json"
MEDIA_DIR = "media"
# A backup bigger than this is refused both ways: it would not fit a request-sized machine.
DEFAULT_MAX_BYTES = 5 * 1024**3
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
USER_FIELDS += ["is_superuser", "date_joined", "groups"]
# Order matters on import: everything a row points at comes before it.
CONTENT_MODELS = [Genre, Person, Film, Credit, Review, ReviewSection, Correction]


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
    media_files: int = 0
    media_bytes: int = 0

    def __str__(self) -> str:
        rows = ", ".join(f"{n} {label}" for label, n in self.rows.items())
        return f"{rows}; {self.media_files} media files ({self.media_bytes:,} bytes)"


def _label(model) -> str:
    return model._meta.label_lower


def _media_names() -> list[str]:
    """Every stored file the content refers to, posters' renditions included."""
    names = []
    for name in Film.objects.exclude(poster="").values_list("poster", flat=True):
        names.append(name)
        names += [
            rendition_name(name, w)
            for w in RENDITION_WIDTHS
            if default_storage.exists(rendition_name(name, w))
        ]
    names += list(Person.objects.exclude(photo="").values_list("photo", flat=True))
    return names


def _safe_relative(name: str) -> PurePosixPath:
    """A stored file name that cannot climb out of the backup or media folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the unsafe media path {name!r}.")
    return path


def export_site(directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> BackupSummary:
    """Write the whole site's content and media into an empty (or new) directory."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; choose a new folder for the backup.")
    directory.mkdir(parents=True, exist_ok=True)
    summary = BackupSummary()
    User = get_user_model()
    with transaction.atomic():  # one consistent snapshot (repeatable on PostgreSQL)
        author_ids = set(Review.objects.values_list("author_id", flat=True))
        author_ids |= set(
            Correction.objects.exclude(created_by=None).values_list("created_by_id", flat=True)
        )
        users = User.objects.filter(pk__in=author_ids).order_by("pk")
        content: dict[str, object] = {
            "format": FORMAT_VERSION,
            "groups": dict(Group.objects.values_list("pk", "name")),
            "countries": dict(Country.objects.values_list("pk", "code")),
            "languages": dict(Language.objects.values_list("pk", "code")),
            "users": serializers.serialize("python", users, fields=USER_FIELDS),
        }
        summary.rows["users"] = len(content["users"])
        for model in CONTENT_MODELS:
            records = serializers.serialize("python", model.objects.order_by("pk"))
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
    return not any(model.objects.exists() for model in CONTENT_MODELS)


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
    summary = BackupSummary()
    with transaction.atomic():
        user_ids = _restore_users(content, summary)
        countries = _remap_codes(content["countries"], Country)
        languages = _remap_codes(content["languages"], Language)
        for model in CONTENT_MODELS:
            records = content.get(_label(model), [])
            for record in records:
                _remap(record, model, users=user_ids, countries=countries, languages=languages)
            for obj in serializers.deserialize("python", records):
                obj.save()  # raw save: stored HTML and timestamps come back exactly
            summary.rows[_label(model)] = len(records)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), CONTENT_MODELS):
                cursor.execute(sql)
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
    """Create (or reuse, by username) the backup's users; old pk -> new pk."""
    User = get_user_model()
    groups = {int(pk): name for pk, name in content["groups"].items()}
    mapping = {}
    for record in content["users"]:
        fields = dict(record["fields"])
        group_names = [groups[pk] for pk in fields.pop("groups", []) if pk in groups]
        user = User.objects.filter(username=fields["username"]).first()
        if user is None:
            user = User(**fields)
            user.set_unusable_password()
            user.save()
        user.groups.add(*Group.objects.filter(name__in=group_names))
        mapping[int(record["pk"])] = user.pk
    summary.rows["users"] = len(mapping)
    return mapping


def _remap(record: dict, model, *, users, countries, languages) -> None:
    """Point a record's links at this database's users, countries and languages."""
    fields = record["fields"]
    if model is Film:
        fields["countries"] = [countries[pk] for pk in fields.get("countries", [])]
        fields["languages"] = [languages[pk] for pk in fields.get("languages", [])]
        if fields.get("original_language") is not None:
            fields["original_language"] = languages[fields["original_language"]]
    elif model is Review:
        fields["author"] = users[fields["author"]]
    elif model is Correction and fields.get("created_by") is not None:
        fields["created_by"] = users.get(fields["created_by"])


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
