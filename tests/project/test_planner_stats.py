"""The database keeps planner statistics by itself (SQLite never does unless asked)."""

from __future__ import annotations

import pytest
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
