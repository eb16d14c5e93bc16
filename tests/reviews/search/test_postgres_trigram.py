"""On PostgreSQL, the film and people parts of search are served by trigram indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from films.models import Film, Person
from reviews import search
from tests.factories import FilmFactory, PersonFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny, so the planner would scan it (or walk a btree index whole, with
        # a filter) anyway: forbid both to see whether an index can serve the query as Django
        # writes it; only a bitmap scan on a trigram index can.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Person.objects.filter(name__icontains="aldo"), "films_person_name_trgm"),
        (lambda: Film.objects.filter(title__icontains="harb"), "films_film_title_trgm"),
        (
            lambda: Film.objects.filter(original_title__icontains="harb"),
            "films_film_original_title_trgm",
        ),
    ],
)
def test_substring_matches_can_use_the_trigram_index(db, queryset, index):
    assert index in _plan(queryset())


def test_people_and_films_are_still_found_by_substring(db):
    PersonFactory(name="Rinaldo Ferreira")
    FilmFactory(title="A Quiet Harbour")
    assert [p.name for p in search.search_people(["naldo"])] == ["Rinaldo Ferreira"]
    assert [f.title for f in search.search_films(["harb"])] == ["A Quiet Harbour"]
