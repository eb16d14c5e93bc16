"""The read-replica router, with two database aliases (the replica mirrors default in tests)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from films.models import Film
from reviews_project import tags
from reviews_project.db_router import ReadReplicaRouter, use_primary
from tests.factories import FilmFactory

ROUTER = "reviews_project.db_router.ReadReplicaRouter"

# Transactional, so reads can leave the test transaction; serialized rollback puts back what
# the migrations seeded (roles, countries, languages) for the tests that follow.
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture(autouse=True)
def _router_on(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def test_reads_go_to_the_replica():
    """Outside a transaction a plain read uses the replica alias and its connection."""
    FilmFactory(title="Replicated")
    with CaptureQueriesContext(connections["replica"]) as replica:
        titles = list(Film.objects.values_list("title", flat=True))
    assert titles == ["Replicated"]
    assert len(replica) == 1


def test_writes_go_to_the_primary():
    """Saves always use the primary."""
    with CaptureQueriesContext(connections["default"]) as primary:
        FilmFactory()
    assert any(q["sql"].startswith("INSERT") for q in primary)


def test_reads_inside_a_transaction_use_the_primary():
    """Code that reads its own writes in a transaction is not sent to a lagging replica."""
    with transaction.atomic():
        FilmFactory()
        assert Film.objects.all().db == "default"


def test_use_primary_pins_reads():
    """use_primary() forces reads to the primary for its block."""
    with use_primary():
        assert Film.objects.all().db == "default"
    assert Film.objects.all().db == "replica"


def test_editor_requests_read_from_the_primary(client, editor):
    """A request with a session (an editor) reads from the primary, not the replica."""
    client.force_login(editor)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/reviews/")
    assert response.status_code == 200
    assert len(replica) == 0


def test_anonymous_pages_read_from_the_replica(client):
    """A public page for a visitor without a session is served from the replica."""
    FilmFactory()
    cache.delete(tags.LAST_PURGE_KEY)  # the film's purge is long past
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/films/").status_code == 200
    assert len(replica) > 0


def test_reads_right_after_a_purge_use_the_primary(client):
    """Just after a change is purged, a lagging replica could refill the cache with the old
    page: anonymous pages read from the primary for REPLICA_PIN_SECONDS."""
    FilmFactory()  # committed: its purge ran
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/films/").status_code == 200
    assert len(replica) == 0


def test_migrations_only_run_on_the_primary():
    """The replica gets schema changes by replication, never from migrate."""
    router = ReadReplicaRouter()
    assert router.allow_migrate("default", "films")
    assert not router.allow_migrate("replica", "films")
