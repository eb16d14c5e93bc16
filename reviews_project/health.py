"""/healthz: can this app server reach its database and its cache? For load balancers."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz:probe"


def _database_ok(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.error("Health check: database %r unreachable", alias, exc_info=True)
        return False


def _cache_ok() -> bool:
    probe = uuid.uuid4().hex
    try:
        cache.set(HEALTH_KEY, probe, timeout=10)
        return cache.get(HEALTH_KEY) == probe
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
