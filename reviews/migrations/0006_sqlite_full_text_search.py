"""SQLite only: FTS5 full-text tables for reviews, films and people, filled from the data.

Without them SQLite search scans every review and section with LIKE. The tables are not models;
reviews.search queries and refreshes them with SQL (and `rebuild_search_index` recreates them).
On PostgreSQL (search_vector, migration 0004) and where SQLite was built without FTS5, this
migration does nothing and search keeps its other paths.
"""

from django.db import migrations

# Frozen copy of reviews.search's tables and documents at the time of this migration.
TOKENIZER = "unicode61 remove_diacritics 2"
TABLES = {
    "reviews_review_fts": "title, headline, body",
    "reviews_film_fts": "title, original_title",
    "reviews_person_fts": "name",
}
POPULATE = [
    """
    INSERT INTO reviews_review_fts(rowid, title, headline, body)
    SELECT r.id,
        f.title || ' ' || f.original_title || ' ' || ifnull((SELECT group_concat(p.name, ' ')
            FROM films_credit c JOIN films_person p ON p.id = c.person_id
            WHERE c.film_id = f.id), ''),
        r.headline,
        r.standfirst || ' ' || r.intro || ' ' || ifnull((SELECT group_concat(s.text, ' ')
            FROM (SELECT heading || ' ' || body AS text FROM reviews_reviewsection
                  WHERE review_id = r.id ORDER BY position, id) s), '') || ' ' || r.verdict
    FROM reviews_review r JOIN films_film f ON f.id = r.film_id
    WHERE r.status = 'published'
    """,
    """
    INSERT INTO reviews_film_fts(rowid, title, original_title)
    SELECT id, title, original_title FROM films_film
    """,
    "INSERT INTO reviews_person_fts(rowid, name) SELECT id, name FROM films_person",
]


def _has_fts5(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(option == "ENABLE_FTS5" for (option,) in cursor.fetchall())


def create_fts_tables(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or not _has_fts5(connection):
        return
    for table, columns in TABLES.items():
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = '{TOKENIZER}')"
        )
    for sql in POPULATE:
        schema_editor.execute(sql)
    for table in TABLES:
        schema_editor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def drop_fts_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0005_review_film_public_rating_index"),
        ("films", "0002_seed_countries_and_languages"),
    ]

    operations = [migrations.RunPython(create_fts_tables, drop_fts_tables)]
