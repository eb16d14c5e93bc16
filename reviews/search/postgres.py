"""The PostgreSQL engine: weighted full-text vectors with GIN indexes, pg_trgm for typos.

Documents are folded and split by `text.document` before `to_tsvector`, and queries are built
from the same words, so both sides agree; the `english` configuration adds stemming ("keepers"
finds "keeper"). The last word of each term matches as a prefix, as on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import DatabaseError, connections, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Length, Upper

from films.models import Film, Person
from reviews.models import CuratedList, Review
from reviews.search.models import FilmDocument, ListDocument, PersonDocument, ReviewDocument
from reviews.search.text import Term

CONFIG = "english"
# How alike (pg_trgm word similarity, 0 to 1) a title or name must be to be offered for a typo.
TYPO_SIMILARITY = "0.45"


def _tsquery(terms: list[Term]) -> SearchQuery:
    """Every term, as a phrase of its words, the last one a prefix (words are letters and
    digits only, so quoting them is enough: nothing a reader types becomes an operator)."""
    parts = []
    for term in terms:
        words = [f"'{word}'" for word in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append(" <-> ".join(words))
    return SearchQuery(" & ".join(parts), search_type="raw", config=CONFIG)


def review_ids(terms: list[Term], using: str) -> QuerySet:
    """Ids of the public reviews matching every term, best first (sliceable and countable)."""
    query = _tsquery(terms)
    return (
        Review.objects.using(using)
        .published()
        .filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )


def film_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` films matching every term."""
    query = _tsquery(terms)
    films = (
        Film.objects.using(using)
        .filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        # Equal ranks: the shortest title matching is the closest ("Zebu" before "A Zebu in
        # the Snow"), as bm25's length normalisation has it on SQLite.
        .order_by("-rank", Length("title"), "title", "year")
    )
    return list(films.values_list("pk", flat=True)[:limit])


def person_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` people whose name matches every term."""
    query = _tsquery(terms)
    people = (
        Person.objects.using(using)
        .filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        .order_by("-rank", Length("name"), "name")
    )
    return list(people.values_list("pk", flat=True)[:limit])


def list_ids(terms: list[Term], limit: int, using: str) -> list[int]:
    """The best `limit` published lists matching every term (by title, then introduction)."""
    query = _tsquery(terms)
    lists = (
        CuratedList.objects.using(using)
        .filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        .order_by("-rank", Length("title"), "title", "pk")
    )
    return list(lists.values_list("pk", flat=True)[:limit])


def has_lists(using: str) -> bool:
    """Whether any list has a document."""
    return ListDocument.objects.using(using).exists()


def similar_names(text: str, limit: int, using: str) -> list[str]:
    """Film titles and people's names that look like `text` (pg_trgm word similarity),
    through the trigram indexes on UPPER(title) and UPPER(name)."""
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [TYPO_SIMILARITY],
            )
            titles = (
                Film.objects.using(using)
                .annotate(upper=Upper("title"), similarity=TrigramWordSimilarity(text, "title"))
                .filter(upper__trigram_word_similar=text)
                .order_by("-similarity")
                .values_list("title", flat=True)[:limit]
            )
            names = (
                Person.objects.using(using)
                .annotate(upper=Upper("name"), similarity=TrigramWordSimilarity(text, "name"))
                .filter(upper__trigram_word_similar=text)
                .order_by("-similarity")
                .values_list("name", flat=True)[:limit]
            )
            return [*titles, *names]
    except DatabaseError:
        return []  # no pg_trgm: typos go uncorrected, searching still works


def _vector(parts: tuple[str, ...]) -> SearchVector:
    """The weighted vector of a document's parts: A, B, C, D in order."""
    vector = None
    for weight, part in zip("ABCD", parts, strict=False):
        piece = SearchVector(Value(part), weight=weight, config=CONFIG)
        vector = piece if vector is None else vector + piece
    return vector


_MODELS = {
    "review": ReviewDocument,
    "film": FilmDocument,
    "person": PersonDocument,
    "list": ListDocument,
}


def store(
    kind: str, documents: dict[int, tuple[str, ...]], names: dict[int, str], using: str
) -> None:
    """Write (or overwrite) these documents of one kind (names need no copy here: the
    trigram indexes read titles and names from their own tables)."""
    model = _MODELS[kind]
    key = model._meta.pk.name
    rows = [model(**{f"{key}_id": pk, "vector": _vector(parts)}) for pk, parts in documents.items()]
    model.objects.using(using).bulk_create(
        rows, update_conflicts=True, unique_fields=[key], update_fields=["vector"]
    )


def delete(kind: str, ids: Iterable[int], using: str) -> None:
    """Remove the documents of these rows (gone, or no longer public)."""
    model = _MODELS[kind]
    model.objects.using(using).filter(pk__in=list(ids)).delete()


def clear(using: str) -> None:
    """Remove every document (before a rebuild)."""
    for model in _MODELS.values():
        model.objects.using(using).all().delete()


def optimize(using: str) -> None:
    """Fold the GIN indexes' pending lists in, so the planner trusts them at once."""
    with connections[using].cursor() as cursor:
        for name in (
            "search_review_vector_gin",
            "search_film_vector_gin",
            "search_person_vector_gin",
            "search_list_vector_gin",
        ):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def is_empty(using: str) -> bool:
    """Whether no film or person has a document yet (a fresh migration, or a bulk load)."""
    return not (
        FilmDocument.objects.using(using).exists() or PersonDocument.objects.using(using).exists()
    )
