"""manage.py import_site DIR: restore a backup from export_site into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.backup import DEFAULT_MAX_BYTES, BackupError, import_site


class Command(BaseCommand):
    help = "Restore a backup written by export_site into a migrated database with no content."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="Refuse bigger backups."
        )

    def handle(self, *args, directory: Path, max_bytes: int, **options) -> None:
        try:
            summary = import_site(directory, max_bytes=max_bytes)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {directory}: {summary}"))
        if not summary.password_hashes:
            self.stdout.write(
                "Restored users have no password yet: set one with `manage.py changepassword`."
            )
