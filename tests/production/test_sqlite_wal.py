"""The embedded default (SQLite) lets readers read while an editor's save commits."""

from __future__ import annotations

from tests.production_env import production_env, run_python

# An editor's save holding the database's write lock as it commits, and a reader (another
# gunicorn worker) that will not wait at all: with SQLite's default rollback journal the reader
# gets "database is locked"; in write-ahead-log mode it reads what was committed before.
SCRIPT = """
import sqlite3
import django
django.setup()
from django.conf import settings
from django.db import connection

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE note (body TEXT)")
    cursor.execute("INSERT INTO note VALUES ('committed')")
    cursor.execute("BEGIN EXCLUSIVE")
    cursor.execute("INSERT INTO note VALUES ('being saved')")
    reader = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=0)
    mode = reader.execute("PRAGMA journal_mode").fetchone()[0]
    rows = reader.execute("SELECT body FROM note").fetchall()
    sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
    print(mode, sync, [body for (body,) in rows])
"""


def test_a_reader_is_not_locked_out_while_a_save_commits(tmp_path):
    result = run_python(production_env(tmp_path), "-c", SCRIPT)
    assert result.returncode == 0, result.stderr[-2000:]
    # FULL (2): each commit is synced to disk, so no saved text is lost to a power cut.
    assert result.stdout.split() == ["wal", "2", "['committed']"]
