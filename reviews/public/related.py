"""Related films for a film page: by its director, with its cast, in the same lists or themes.

Each kind is ranked in one grouped query and capped; the films of all kinds are then read
together, so a film page runs the same number of queries however connected the film is.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from films.caching import film_themes_tag, theme_films_tag
from films.models import Credit, Film
from reviews.caching import film_lists_tag
from reviews.models import CuratedList, ListEntry, average_rating, with_review_stats
from reviews_project import tags

RELATED_PER_KIND = 6
# The top-billed cast only: "more with this cast" should mean its leads, not an extra.
LEADING_CAST = 5


def lists_with_film(film: Film) -> list[CuratedList]:
    """The published lists a film is on (for its page), newest first."""
    tags.add(film_lists_tag(film.pk))
    return list(
        CuratedList.objects.published().filter(entries__film=film).latest_first().distinct()
    )


def _ranked(rows: QuerySet, limit: int = RELATED_PER_KIND) -> list[int]:
    return [row["film"] for row in rows.order_by("-n", "-film__year", "film")[:limit]]


def related_films(
    film: Film, *, director_ids: list[int], cast_ids: list[int], theme_ids: list[int]
) -> dict[str, list]:
    """(film, average) pairs for each kind of related film, best first, at most 6 each."""
    by_director = (
        _ranked(
            Credit.objects.filter(role=Credit.Role.DIRECTOR, person__in=director_ids)
            .exclude(film=film)
            .values("film")
            .annotate(n=Count("person", distinct=True))
        )
        if director_ids
        else []
    )
    with_cast = (
        _ranked(
            Credit.objects.filter(role=Credit.Role.CAST, person__in=cast_ids[:LEADING_CAST])
            .exclude(film=film)
            .values("film")
            .annotate(n=Count("person", distinct=True))
        )
        if cast_ids
        else []
    )
    # Films sharing a published list or a theme, ranked by how many they share: this reads the
    # film's lists and themes, and who else is on them.
    tags.add(film_lists_tag(film.pk), film_themes_tag(film.pk), *map(theme_films_tag, theme_ids))
    public_lists = CuratedList.objects.published().filter(entries__film=film).values("pk")
    shared: dict[int, int] = {}
    for row in (
        ListEntry.objects.filter(curated_list__in=public_lists)
        .exclude(film=film)
        .values("film")
        .annotate(n=Count("curated_list", distinct=True))
        .order_by()
    ):
        shared[row["film"]] = shared.get(row["film"], 0) + row["n"]
    for row in (
        Film.themes.through.objects.filter(theme__in=theme_ids)
        .exclude(film=film)
        .values("film")
        .annotate(n=Count("theme", distinct=True))
        .order_by()
    ):
        shared[row["film"]] = shared.get(row["film"], 0) + row["n"]
    seen = {*by_director, *with_cast}
    alike = [
        pk for pk, _n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])) if pk not in seen
    ]
    alike = alike[:RELATED_PER_KIND]
    wanted = {*by_director, *with_cast, *alike}
    films = {}
    if wanted:
        films = {
            related.pk: related
            for related in with_review_stats(Film.objects.filter(pk__in=wanted)).only(
                "pk",
                "title",
                "slug",
                "year",
                "poster",
                "poster_alt",
                "poster_width",
                "poster_height",
            )
        }

    def cards(ids: list[int]) -> list:
        return [(films[pk], average_rating(films[pk])) for pk in ids if pk in films]

    return {
        "by_director": cards(by_director),
        "with_cast": cards([pk for pk in with_cast if pk not in by_director]),
        "alike": cards(alike),
    }
