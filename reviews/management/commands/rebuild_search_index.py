"""Recompute every review's full-text search vector (PostgreSQL)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reviews import search


class Command(BaseCommand):
    help = (
        "Recompute the search vector of every review. Run it after bulk loads that skip "
        "save() (generate_catalogue) or after changing the weighting. PostgreSQL only."
    )

    def handle(self, *args, **options) -> None:
        if not search.is_postgresql():
            self.stdout.write("Not on PostgreSQL: search uses plain text matching, nothing to do.")
            return
        count = search.rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt for {count} reviews."))
