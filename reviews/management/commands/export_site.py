"""manage.py export_site DIR: all content as JSON plus the media files, into a new folder."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.backup import DEFAULT_MAX_BYTES, BackupError, export_site


class Command(BaseCommand):
    help = "Write all content (JSON) and media files into DIR, which must be new or empty."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="Refuse bigger backups."
        )

    def handle(self, *args, directory: Path, max_bytes: int, **options) -> None:
        try:
            summary = export_site(directory, max_bytes=max_bytes)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Exported to {directory}: {summary}"))
