"""/healthz: can this app server reach its database and its cache? For load balancers.

Each check runs with a deadline (HEALTH_TIMEOUT_SECONDS): a database that accepts connections
but never answers, or a stalled cache, makes the answer a 503 within seconds instead of hanging
the worker until gunicorn kills it. The database is probed from a small pool of threads, each
with its own connection, so a frozen server costs a thread, not the worker. Every probe writes
its own cache key, so concurrent probes never read each other's value.
"""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ProbeTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_KEY_PREFIX = "healthz:probe:"
_probes = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def _select_one(alias: str) -> bool:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        connection.close()  # this thread's own connection; the pool's threads are reused


def _database_ok(alias: str) -> bool:
    try:
        return _probes.submit(_select_one, alias).result(timeout=settings.HEALTH_TIMEOUT_SECONDS)
    except ProbeTimeout:
        logger.error("Health check: database %r did not answer in time", alias)
        return False
    except Exception:
        logger.error("Health check: database %r unreachable", alias, exc_info=True)
        return False


def _cache_ok() -> bool:
    key, probe = HEALTH_KEY_PREFIX + uuid.uuid4().hex, uuid.uuid4().hex
    try:
        cache.set(key, probe, timeout=10)
        found = cache.get(key)
        cache.delete(key)
        return found == probe
    except Exception:
        logger.error("Health check: cache unreachable", exc_info=True)
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"status": "ok"} when the database and cache answer, else 503 naming the failure."""
    checks = {"database": _database_ok("default"), "cache": _cache_ok()}
    if settings.DATABASE_ROUTERS:
        checks["replica"] = _database_ok("replica")
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
