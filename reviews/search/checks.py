"""System check: SQLite search needs FTS5 (Python's SQLite almost always has it)."""

from __future__ import annotations

import sqlite3

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


def sqlite_has_fts5() -> bool:
    """Whether this Python's SQLite library can make an FTS5 table."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


@register()
def fts5_available(app_configs=None, **kwargs) -> list[CheckMessage]:
    """search.E001 when a configured SQLite database would have no full-text search."""
    uses_sqlite = any(
        db["ENGINE"] == "django.db.backends.sqlite3" for db in settings.DATABASES.values()
    )
    if not uses_sqlite or sqlite_has_fts5():
        return []
    return [
        Error(
            f"This Python's SQLite ({sqlite3.sqlite_version}) was built without FTS5, "
            "which site search needs on SQLite.",
            hint="Use a Python whose sqlite3 module has FTS5 (the python.org and Debian builds "
            "do), or set DATABASE_URL to PostgreSQL.",
            id="search.E001",
        )
    ]
