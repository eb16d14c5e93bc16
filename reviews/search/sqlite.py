"""The SQLite engine: FTS5 word tables ranked with bm25, and a trigram table for typos.

The tables are made by this app's migrations (`search_*_fts`, `search_name_trigram`). They hold
the documents `text.document` folded and split, so a word here is a word on PostgreSQL too. The
review table holds published reviews only; those scheduled for later are left out when queried,
as nothing is saved when their time comes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connections

from reviews.models import Review
from reviews.search.text import Term

TABLES = {
    "review": ("search_review_fts", ("title", "byline", "body")),
    "film": ("search_film_fts", ("title", "people", "synopsis")),
    "person": ("search_person_fts", ("name",)),
    "list": ("search_list_fts", ("title", "intro")),
}
TRIGRAM_TABLE = "search_name_trigram"
TOKENIZER = "unicode61 remove_diacritics 2"
# bm25 column weights, like PostgreSQL's A, B, C.
_WEIGHTS = {
    "review": "10.0, 4.0, 1.0",
    "film": "10.0, 3.0, 1.0",
    "person": "1.0",
    "list": "10.0, 1.0",
}
# Trigram rows: films at even rowids, people at odd ones.
_TRIGRAM_ROWID = {"film": "2 * value", "person": "2 * value + 1"}
_JSON_IDS = "SELECT value FROM json_each(%s)"


def match_expression(terms: list[Term]) -> str:
    """An FTS5 query that every term must match: each a quoted phrase of its words (letters
    and digits only, so nothing a reader types becomes an operator), the last word a prefix."""
    return " AND ".join(
        '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "") for term in terms
    )


def _rows(sql: str, params: list[object], using: str) -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class ReviewIds:
    """Ids of public reviews matching a query, best first: countable and sliceable, so a
    Paginator reads only one page of them."""

    def __init__(self, terms: list[Term], using: str) -> None:
        self.match = match_expression(terms)
        self.using = using
        table = TABLES["review"][0]
        scheduled, params = (
            Review.objects.using(using).scheduled().values("pk").query.get_compiler(using).as_sql()
        )
        # Scheduled reviews are indexed (their status is published) but not public yet.
        self._where = f"{table} MATCH %s AND rowid NOT IN ({scheduled})"
        self._params = [self.match, *params]
        self._table = table

    def count(self) -> int:
        sql = f"SELECT count(*) FROM {self._table} WHERE {self._where}"
        return _rows(sql, self._params, self.using)[0][0]

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        if stop is None or stop <= start:
            return []
        sql = (
            f"SELECT rowid FROM {self._table} WHERE {self._where}"
            f" ORDER BY bm25({self._table}, {_WEIGHTS['review']}), rowid DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _rows(sql, [*self._params, stop - start, start], self.using)]


def review_ids(terms: list[Term], using: str) -> ReviewIds:
    """Ids of the public reviews matching every term, best first."""
    return ReviewIds(terms, using)


def _best(kind: str, terms: list[Term], limit: int, using: str) -> list[int]:
    table = TABLES[kind][0]
    sql = (
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
        f" ORDER BY bm25({table}, {_WEIGHTS[kind]}), rowid LIMIT %s"
    )
    return [row[0] for row in _rows(sql, [match_expression(terms), limit], using)]


def film_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` films matching every term."""
    return _best("film", terms, limit, using)


def person_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` people whose name matches every term."""
    return _best("person", terms, limit, using)


def list_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` published lists matching every term (by title, then introduction)."""
    return _best("list", terms, limit, using)


def has_lists(using: str) -> bool:
    """Whether any list has a document."""
    return bool(_rows(f"SELECT 1 FROM {TABLES['list'][0]} LIMIT 1", [], using))


def similar_names(text: str, limit: int, using: str) -> list[str]:
    """Titles and names sharing the most trigrams with the words of `text` (bm25 weighs the
    rare ones most), for the caller to score closely."""
    trigrams = {
        word[i : i + 3] for word in text.split() if len(word) >= 3 for i in range(len(word) - 2)
    }
    # Trigrams of letters and digits only (text is folded words), so quoting is enough.
    trigrams = {t for t in trigrams if t.isalnum()}
    if not trigrams:
        return []
    match = " OR ".join(f'"{t}"' for t in sorted(trigrams))
    sql = f"SELECT name FROM {TRIGRAM_TABLE} WHERE {TRIGRAM_TABLE} MATCH %s ORDER BY rank LIMIT %s"
    return [row[0] for row in _rows(sql, [match, limit * 4], using)]


def store(
    kind: str, documents: dict[int, tuple[str, ...]], names: dict[int, str], using: str
) -> None:
    """Write (or overwrite) these documents of one kind, and films' and people's names (for
    typos)."""
    table, columns = TABLES[kind]
    ids = json.dumps(list(documents))
    marks = ", ".join(["%s"] * (len(columns) + 1))
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({_JSON_IDS})", [ids])
        cursor.executemany(
            f"INSERT INTO {table}(rowid, {', '.join(columns)}) VALUES ({marks})",
            [(pk, *parts) for pk, parts in documents.items()],
        )
        if kind in _TRIGRAM_ROWID:
            rowid = _TRIGRAM_ROWID[kind].replace("value", "%s")
            cursor.execute(
                f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid IN "
                f"(SELECT {_TRIGRAM_ROWID[kind]} FROM json_each(%s))",
                [ids],
            )
            cursor.executemany(
                f"INSERT INTO {TRIGRAM_TABLE}(rowid, name) VALUES ({rowid}, %s)",
                list(names.items()),
            )


def delete(kind: str, ids: Iterable[int], using: str) -> None:
    """Remove the documents of these rows (gone, or no longer public)."""
    table = TABLES[kind][0]
    ids_json = json.dumps(list(ids))
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({_JSON_IDS})", [ids_json])
        if kind in _TRIGRAM_ROWID:
            cursor.execute(
                f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid IN "
                f"(SELECT {_TRIGRAM_ROWID[kind]} FROM json_each(%s))",
                [ids_json],
            )


def clear(using: str) -> None:
    """Remove every document (before a rebuild)."""
    with connections[using].cursor() as cursor:
        for table, _columns in TABLES.values():
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"DELETE FROM {TRIGRAM_TABLE}")


def optimize(using: str) -> None:
    """Merge each table's index segments into one (after a rebuild)."""
    with connections[using].cursor() as cursor:
        for table in [*(t for t, _c in TABLES.values()), TRIGRAM_TABLE]:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def is_empty(using: str) -> bool:
    """Whether no film or person has a document yet (a fresh migration, or a bulk load)."""
    return not _rows(
        f"SELECT 1 FROM {TABLES['film'][0]} UNION ALL SELECT 1 FROM {TABLES['person'][0]} LIMIT 1",
        [],
        using,
    )
