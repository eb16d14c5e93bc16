"""Curated lists in search: a document per published list on PostgreSQL, an FTS5 table on SQLite.

Both start empty; `reviews.search.index.fill_lists_after_migrate` indexes the published lists.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

TABLE = "search_list_fts"
TOKENIZER = "unicode61 remove_diacritics 2"


class PostgreSQLAddIndex(migrations.AddIndex):
    """A GIN index on PostgreSQL; elsewhere (SQLite) only in the model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, intro, tokenize = '{TOKENIZER}')"
        )


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_critics_add_but_do_not_change_the_catalogue"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListDocument",
            fields=[
                (
                    "curated_list",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="reviews.curatedlist",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        PostgreSQLAddIndex(
            model_name="listdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_list_vector_gin"
            ),
        ),
        migrations.RunPython(create_table, drop_table, elidable=False),
    ]
