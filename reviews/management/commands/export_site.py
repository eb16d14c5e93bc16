"""manage.py export_site DIR: content, users and history as JSON plus media, into a new folder."""

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
        parser.add_argument(
            "--include-password-hashes",
            action="store_true",
            help="Also write users' password hashes, so they can sign in after a restore. "
            "Off by default: a hash is a credential; keep such a backup as secret as the database.",
        )

    def handle(
        self,
        *args,
        directory: Path,
        max_bytes: int,
        include_password_hashes: bool,
        **options,
    ) -> None:
        try:
            summary = export_site(
                directory, max_bytes=max_bytes, include_password_hashes=include_password_hashes
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Exported to {directory}: {summary}"))
