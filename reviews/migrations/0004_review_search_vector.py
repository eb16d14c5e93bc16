"""PostgreSQL only: a weighted full-text search vector on reviews, with a GIN index.

The column is not a model field (SQLite has no tsvector); reviews.search reads and refreshes
it with SQL. On other databases this migration does nothing.
"""

from django.db import migrations

# Frozen copy of reviews.search's weighting at the time of this migration:
# A film titles and credited people, B headline and standfirst, C the body.
POPULATE = """
UPDATE reviews_review SET search_vector =
    setweight(to_tsvector('english'::regconfig, concat_ws(' ', f.title, f.original_title,
        (SELECT string_agg(p.name, ' ') FROM films_credit c JOIN films_person p ON p.id = c.person_id
          WHERE c.film_id = f.id))), 'A')
 || setweight(to_tsvector('english'::regconfig,
        concat_ws(' ', reviews_review.headline, reviews_review.standfirst)), 'B')
 || setweight(to_tsvector('english'::regconfig, concat_ws(' ', reviews_review.intro,
        (SELECT string_agg(s.heading || ' ' || s.body, ' ') FROM reviews_reviewsection s
          WHERE s.review_id = reviews_review.id),
        reviews_review.verdict)), 'C')
FROM films_film f
WHERE f.id = reviews_review.film_id
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE reviews_review ADD COLUMN search_vector tsvector")
    schema_editor.execute(POPULATE)
    schema_editor.execute(
        "CREATE INDEX review_search_vector_gin ON reviews_review USING gin (search_vector)"
    )


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS review_search_vector_gin")
    schema_editor.execute("ALTER TABLE reviews_review DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0003_review_version_and_corrections"),
        ("films", "0002_seed_countries_and_languages"),
    ]

    operations = [migrations.RunPython(add_search_vector, remove_search_vector)]
