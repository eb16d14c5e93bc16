"""Tag purges for front caches (Varnish with xkey, or anything that speaks the same PURGE).

After every purge of the app's own cache (reviews_project.tags), the purged tags are sent to each
front cache in `DJANGO_PURGE_URLS` as `PURGE <url>` with an `xkey-purge: tag tag ...` header
(docs/varnish.vcl answers it). The request runs as a background task (Django's tasks framework,
with the database backend in production), never inside the reader's or editor's request; a
front cache that is down is retried by the next purge of the same tags, and its pages expire by
their `s-maxage` anyway.
"""

from __future__ import annotations

import logging
import urllib.request

from django.conf import settings
from django.tasks import task

from reviews_project import tags

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"
# Tags per PURGE request, to stay well inside front caches' header limits.
BATCH = 100


def send_purge(url: str, purged: list[str]) -> None:
    """One PURGE request for these tags to one front cache."""
    request = urllib.request.Request(  # noqa: S310 - URLs come from our own settings
        url, method="PURGE", headers={PURGE_HEADER: " ".join(purged)}
    )
    with urllib.request.urlopen(request, timeout=settings.PURGE_TIMEOUT_SECONDS):  # noqa: S310
        pass


@task()
def purge_front_caches(purged: list[str]) -> int:
    """Send the tags to every configured front cache; the number of caches that answered."""
    answered = 0
    for url in settings.PURGE_URLS:
        try:
            for start in range(0, len(purged), BATCH):
                send_purge(url, purged[start : start + BATCH])
            answered += 1
        except OSError:
            logger.warning("Front cache %s did not take a purge", url, exc_info=True)
    return answered


def enqueue(purged: frozenset[str]) -> None:
    """Queue the purge for the front caches (nothing when none is configured)."""
    if not settings.PURGE_URLS:
        return
    try:
        purge_front_caches.enqueue(sorted(purged))
    except Exception:
        logger.warning("Could not queue a front-cache purge", exc_info=True)


def connect() -> None:
    tags.on_purge(enqueue)
