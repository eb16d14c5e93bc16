"""The database keeps planner statistics by itself (SQLite never does unless asked)."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.signals import request_finished
from django.db import connection

from reviews_project import planner_stats
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics")
def test_a_bulk_load_leaves_sqlite_with_statistics():
    """refresh() (run by generate_catalogue) fills sqlite_stat1 for the planner."""
    ReviewFactory.create_batch(3)
    planner_stats.refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"films_film", "reviews_review"} <= analysed


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics")
def test_sqlite_connections_bound_the_work_of_an_analysis():
    """Every connection sets analysis_limit, so PRAGMA optimize stays quick on a big table."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit")
        assert cursor.fetchone()[0] == planner_stats.ANALYSIS_LIMIT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_bulk_load_leaves_postgresql_with_statistics():
    ReviewFactory.create_batch(3)
    planner_stats.refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'reviews_review'")
        assert cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics")
def test_upkeep_waits_for_its_turn_while_another_connection_holds_a_lock(monkeypatch):
    """PRAGMA optimize after a request is best effort: a lock held elsewhere is no error.

    Seen for real: a live-server thread held the schema lock of the shared test database, and
    the request that happened to run the upkeep failed with "database schema is locked".
    """
    connection.ensure_connection()
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=0.1)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE lock_probe (x INTEGER)")
        monkeypatch.setattr(planner_stats, "_last_optimize", 0.0)
        request_finished.send(sender=None)
        assert planner_stats._last_optimize > 0.0
    finally:
        other.rollback()
        other.close()
