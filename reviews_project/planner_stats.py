"""Planner statistics the database keeps for itself, as SQLite and PostgreSQL recommend.

SQLite never gathers statistics on its own: without them its planner picks far worse plans on a
large catalogue (a page 3-5 times slower). Following SQLite's advice, each connection bounds the
work of an analysis (`analysis_limit`) and runs `PRAGMA optimize` now and then while it lives,
which analyses the tables its queries used once they need it; a bulk load finishes with
`refresh()`. PostgreSQL's autovacuum keeps statistics by itself; `refresh()` gives a bulk load
them at once instead of a minute later.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

# Rows SQLite samples per index when it analyses (approximate statistics, bounded time).
ANALYSIS_LIMIT = 1000
# A process runs PRAGMA optimize at most this often (it is cheap when there is nothing to do).
OPTIMIZE_EVERY_SECONDS = 300

_last_optimize = 0.0
logger = logging.getLogger(__name__)


def _on_connect(sender: object, connection: BaseDatabaseWrapper, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")


def _optimize_now_and_then(sender: object, **kwargs) -> None:
    global _last_optimize
    now = time.monotonic()
    if now - _last_optimize < OPTIMIZE_EVERY_SECONDS:
        return
    _last_optimize = now
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and connection.connection is not None:
            # On the driver's connection: upkeep between requests, not a query of a page. It is
            # best effort: while another connection holds a lock it waits for the next turn.
            try:
                connection.connection.execute("PRAGMA optimize")
            except sqlite3.OperationalError as exc:
                logger.info("PRAGMA optimize skipped: %s", exc)


def refresh(alias: str = "default") -> None:
    """Gather statistics after a bulk load."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def connect() -> None:
    connection_created.connect(_on_connect, dispatch_uid="statistics:connect")
    request_finished.connect(_optimize_now_and_then, dispatch_uid="statistics:optimize")
