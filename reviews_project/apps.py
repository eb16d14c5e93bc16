"""The project package as an app: it wires site-wide signal receivers at start-up."""

from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Registers the site's checks, front-cache purges and planner statistics upkeep."""

    name = "reviews_project"
    verbose_name = "Site"

    def ready(self) -> None:
        # Imported here because they use models; connected at start-up, not on the first
        # request, so a change from the shell or a management command counts too.
        from reviews_project import checks, frontcache, planner_stats

        checks.register()
        frontcache.connect()
        planner_stats.connect()
