"""The search app: owns the index's tables and migrations, and keeps the index up to date."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Search documents and their upkeep after commit."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Connected at start-up, so a change from the shell or a command is indexed too.
        from reviews.search import checks, index  # noqa: F401 - registers checks

        index.connect_signals()
        post_migrate.connect(index.fill_after_migrate, sender=self, dispatch_uid="search:fill")
