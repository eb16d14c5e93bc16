"""The project package as an app: it wires site-wide signal receivers at start-up."""

from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Connects search-index upkeep to content changes, and registers the site's checks."""

    name = "reviews_project"
    verbose_name = "Site"

    def ready(self) -> None:
        # Imported here because they use models; connected at start-up, not on the first
        # request, so a change from the shell or a management command counts too.
        from reviews import search
        from reviews_project import checks, frontcache, planner_stats

        checks.register()
        search.connect_signals()
        frontcache.connect()
        planner_stats.connect()
