"""Rebuild the full-text search index: PostgreSQL vectors or SQLite FTS5 tables."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import router

from reviews import search
from reviews.models import Review


class Command(BaseCommand):
    help = (
        "Recompute the search index of every review (PostgreSQL search vectors; on SQLite, "
        "recreate the FTS5 tables of reviews, films and people). Run it after bulk loads that "
        "skip save() (generate_catalogue) or after changing the weighting or tokenizer."
    )

    def handle(self, *args, **options) -> None:
        count = search.rebuild_index()
        if not search.is_postgresql() and not search.fts_available(router.db_for_write(Review)):
            self.stdout.write(
                "No full-text index on this database (SQLite without FTS5, or another "
                "database): search uses plain text matching, nothing to do."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt for {count} reviews."))
