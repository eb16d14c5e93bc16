"""Every search structure, in one app: documents for PostgreSQL, FTS5 tables for SQLite.

It replaces what reviews 0004 (a raw tsvector column on reviews), reviews 0006 (FTS5 tables
with SQL copies of the documents) and films 0003 (trigram indexes) made, and removes those.
The tables start empty; `reviews.search.index.rebuild` fills them after migrate (the app does it
when it finds content but no documents), so no copy of the documents lives here.
"""

import warnings

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction


class PostgreSQLAddIndex(migrations.AddIndex):
    """A GIN index on PostgreSQL; elsewhere (SQLite) only in the model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


TRIGRAM_INDEXES = [
    ("search_person_name_trgm", "films_person", "name"),
    ("search_film_title_trgm", "films_film", "title"),
    ("search_film_original_title_trgm", "films_film", "original_title"),
]
OLD_TRIGRAM_INDEXES = [
    "films_person_name_trgm",
    "films_film_title_trgm",
    "films_film_original_title_trgm",
]
OLD_FTS_TABLES = ["reviews_review_fts", "reviews_film_fts", "reviews_person_fts"]
FTS_TABLES = {
    "search_review_fts": "title, byline, body",
    "search_film_fts": "title, people, synopsis",
    "search_person_fts": "name",
}
TOKENIZER = "unicode61 remove_diacritics 2"


def create_structures(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS review_search_vector_gin")
        schema_editor.execute("ALTER TABLE reviews_review DROP COLUMN IF EXISTS search_vector")
        for name in OLD_TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as exc:
            warnings.warn(
                f"pg_trgm is not available ({exc}); search will not correct typos.",
                stacklevel=1,
            )
            return
        # UPPER(column): the same index serves icontains and word similarity (%>).
        for name, table, column in TRIGRAM_INDEXES:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )
    elif connection.vendor == "sqlite":
        for table in OLD_FTS_TABLES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        # Without FTS5 this fails: the system check search.E001 says why before migrate runs.
        for table, columns in FTS_TABLES.items():
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = '{TOKENIZER}')"
            )
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_name_trigram USING fts5(name, tokenize = 'trigram')"
        )


def drop_structures(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for name, _table, _column in TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    elif connection.vendor == "sqlite":
        for table in [*FTS_TABLES, "search_name_trigram"]:
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("films", "0003_trigram_search_indexes"),
        ("reviews", "0006_sqlite_full_text_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="FilmDocument",
            fields=[
                (
                    "film",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="films.film",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name="PersonDocument",
            fields=[
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="films.person",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name="ReviewDocument",
            fields=[
                (
                    "review",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="reviews.review",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        PostgreSQLAddIndex(
            model_name="filmdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_film_vector_gin"
            ),
        ),
        PostgreSQLAddIndex(
            model_name="persondocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_person_vector_gin"
            ),
        ),
        PostgreSQLAddIndex(
            model_name="reviewdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_review_vector_gin"
            ),
        ),
        migrations.RunPython(create_structures, drop_structures, elidable=False),
    ]
