"""Rebuild the search index: PostgreSQL's documents, or SQLite's FTS5 tables."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reviews.search import index


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every film, person and published review. Run it "
        "after bulk loads that skip save() (generate_catalogue does it itself) or after "
        "changing what a document holds or how it is weighted."
    )

    def handle(self, *args, **options) -> None:
        count = index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt for {count} reviews."))
