"""System checks for how the site is deployed."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

PER_PROCESS_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache",)


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Several workers need one shared cache: with one per process, a purge by one worker
    leaves the others serving the old page."""
    if settings.DEBUG or settings.WEB_WORKERS == 1:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) lives inside each process, but production runs "
            f"{settings.WEB_WORKERS or 'several'} workers: a purge by one worker would leave "
            "the others serving old pages.",
            hint="Set REDIS_URL, or leave CACHES at the default file cache, or run one "
            "worker (GUNICORN_WORKERS=1).",
            id="reviews_project.E001",
        )
    ]


def register() -> None:
    checks.register(check_shared_cache, checks.Tags.caches)
