"""manage.py export_review SLUG: a review as Markdown that import_review reads back the same."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.models import Review
from reviews.services.exporting import export_markdown, export_queryset


class Command(BaseCommand):
    help = "Write a review (draft or published) as Markdown with front matter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument(
            "--output", "-o", type=Path, metavar="FILE", help="Write here instead of stdout."
        )

    def handle(self, *args: object, slug: str, output: Path | None, **options: object) -> None:
        review = export_queryset(Review.objects.filter(slug=slug)).first()
        if review is None:
            raise CommandError(f"No review has the slug “{slug}”.")
        markdown = export_markdown(review)
        if output is None:
            self.stdout.write(markdown, ending="")
            return
        try:
            output.write_text(markdown, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: cannot be written ({exc.strerror or exc}).") from exc
        self.stderr.write(f"Wrote “{review.headline}” to {output}.")
