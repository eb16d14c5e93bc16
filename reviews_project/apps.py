"""The project package as an app: it wires site-wide signal receivers at start-up."""

from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Connects page-cache invalidation to content changes."""

    name = "reviews_project"
    verbose_name = "Site"

    def ready(self) -> None:
        # Imported here because they use models; connected at start-up, not on the first
        # request, so a change from the shell or a management command counts too.
        from reviews_project import cache

        cache.connect_signals()
