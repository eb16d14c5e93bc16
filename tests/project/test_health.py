"""/healthz: database and cache checks for load balancers."""

from __future__ import annotations

import pytest


def test_healthy_site_answers_200_ok(client, db):
    """With the database and cache up, /healthz says ok for each."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_healthz_is_never_cached_by_browsers_or_proxies(client, db):
    """The answer carries no-store so no cache in between can hide an outage."""
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


def test_healthz_is_cheap(client, db, django_assert_max_num_queries):
    """One trivial query, no session or user lookups."""
    with django_assert_max_num_queries(1):
        client.get("/healthz")


def test_unreachable_cache_answers_503_naming_it(client, db, settings):
    """A cache that does not answer makes the server unhealthy, and says which check failed."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "failing"},
    }


def test_head_request_is_answered(client, db):
    """Load balancers that probe with HEAD get a status too."""
    assert client.head("/healthz").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writes_are_refused(client, db, method):
    """Only GET and HEAD: anything else is 405."""
    assert getattr(client, method)("/healthz").status_code == 405
