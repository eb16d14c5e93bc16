"""/healthz: database and cache checks for load balancers."""

from __future__ import annotations

import socket

import pytest
from django.db import connections

# The caching helper's ports (8140-8149): a listener that never answers.


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


@pytest.fixture
def frozen_database(settings):
    """A PostgreSQL address that accepts connections and never answers (a frozen server)."""
    pytest.importorskip("psycopg")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    settings.DATABASE_ROUTERS = ["reviews_project.db_router.ReadReplicaRouter"]
    settings.HEALTH_TIMEOUT_SECONDS = 0.5
    frozen = {
        **connections.settings["replica"],
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": listener.getsockname()[1],
        "NAME": "frozen",
        "USER": "postgres",
        "OPTIONS": {},  # no connect timeout: only the probe's deadline can end it
    }
    original = connections.settings["replica"]
    connections.settings["replica"] = frozen
    yield
    connections.settings["replica"] = original
    listener.close()


def test_a_frozen_database_answers_503_instead_of_hanging(client, db, frozen_database):
    """A database that never answers is reported failing (the probe has a deadline)."""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "replica": "failing"}
