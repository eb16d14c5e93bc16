"""Site search: films, people and published reviews.

On PostgreSQL, reviews carry a weighted `search_vector` column (film title and people > review
headline and standfirst > body text) with a GIN index, added by migration 0004 and refreshed
here whenever a review, its sections, its film, the film's credits or a credited person is
saved. Queries match that column directly (so the index is used), rank with ts_rank and
highlight with ts_headline.

On SQLite, migration 0006 adds FTS5 tables (one document per published review, one per film,
one per person), refreshed from the same places; every term must match a word or the start of
one, and results are ranked with bm25. Where FTS5 is missing, every term must appear somewhere
(icontains), which scans every row. Either way only `Review.objects.published()` is shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from films.models import Credit, Film, Person
from reviews.models import Review, ReviewSection
from reviews.rendering import markdown_to_text

# Text-search configuration for both the stored vectors and the queries (they must agree).
SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_PAGE = 20
MAX_FILMS = 8
MAX_PEOPLE = 8
SNIPPET_CHARS = 220

# SQLite full-text tables (migration 0006). Switched off, SQLite behaves as if FTS5 were missing:
# searches use LIKE and saves leave the tables alone.
FTS_ENABLED = True
REVIEW_FTS = "reviews_review_fts"
FILM_FTS = "reviews_film_fts"
PERSON_FTS = "reviews_person_fts"
_FTS_COLUMNS = {
    REVIEW_FTS: "title, headline, body",
    FILM_FTS: "title, original_title",
    PERSON_FTS: "name",
}
# remove_diacritics 2: "bjork" finds Björk, as readers type names without their accents.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
# bm25 weights of the review columns, like PostgreSQL's A/B/C: film title and people, headline,
# body text (standfirst, intro, sections, verdict).
_REVIEW_FTS_WEIGHTS = "10.0, 5.0, 1.0"
# What unicode61 keeps as a word: runs of letters and digits (underscore separates).
_FTS_WORD = re.compile(r"[^\W_]+")

# ts_headline marks matches with these private-use characters; the text around them is
# escaped first and only then are they turned into <mark>, so stored text can never inject HTML.
_START, _STOP = "\ue000", "\ue001"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_MARKDOWN_PUNCTUATION = re.compile(r"\]\([^)]*\)|[*_`#>\[\]]+")


@dataclass
class SearchResults:
    """What the results page shows for one query."""

    query: str
    films: list[Film] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    reviews: Page | None = None

    @property
    def total(self) -> int:
        review_count = self.reviews.paginator.count if self.reviews else 0
        return len(self.films) + len(self.people) + review_count


def clean_query(raw: str) -> str:
    """The query as searched: no control characters, collapsed spaces, bounded length."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query: str) -> list[str]:
    """Words of the query for substring matching, without the operators websearch allows."""
    words = re.sub(r'["()]', " ", query).split()
    terms = [w.lstrip("-") for w in words if w.lower() != "or" and w.lstrip("-")]
    # Single letters match nearly everything as substrings; keep them only if nothing else.
    longer = [t for t in terms if len(t) > 1]
    return list(dict.fromkeys(longer or terms))[:MAX_TERMS]


def is_postgresql(using: str | None = None) -> bool:
    """Whether reviews are read from PostgreSQL (and so have a search vector)."""
    return connections[using or router.db_for_read(Review)].vendor == "postgresql"


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape text and wrap each case-insensitive occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _marked(headline: str) -> SafeString:
    """Turn a ts_headline result (with private-use markers) into safe HTML."""
    plain = " ".join(_MARKDOWN_PUNCTUATION.sub("", headline).split())
    html = escape(plain).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own markers become tags


def _window(text: str, terms: list[str]) -> str:
    """About SNIPPET_CHARS of text around the first match of any term."""
    lowered = text.lower()
    hits = [i for i in (lowered.find(t.lower()) for t in terms) if i >= 0]
    start = max(0, min(hits) - SNIPPET_CHARS // 3) if hits else 0
    end = start + SNIPPET_CHARS
    # Whole words at both ends: "…neorealist landmark", never "…eorealist landmark".
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, min(hits) if hits else end)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = text[start:end].strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{snippet}{suffix}"


def _matches_all(terms: list[str], *fields: str) -> Q:
    """Every term appears in at least one of the fields."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


def search_films(terms: list[str]) -> list[Film]:
    """Films whose title or original title matches every term, best first where FTS5 ranks."""
    if not terms:
        return []
    if fts_available():
        films = _best_fts_matches(Film, FILM_FTS, fts_query(terms), MAX_FILMS, "title", "year")
    else:
        matching = Film.objects.filter(_matches_all(terms, "title", "original_title"))
        films = matching.order_by("title", "year")
    return list(films.select_related("original_language")[:MAX_FILMS])


def search_people(terms: list[str]) -> list[Person]:
    """People whose name matches every term, best first where FTS5 ranks."""
    if not terms:
        return []
    if fts_available():
        people = _best_fts_matches(Person, PERSON_FTS, fts_query(terms), MAX_PEOPLE, "name")
    else:
        people = Person.objects.filter(_matches_all(terms, "name")).order_by("name")
    return list(people[:MAX_PEOPLE])


# --- reviews on PostgreSQL ---


def _vector_column() -> RawSQL:
    table = connections["default"].ops.quote_name(Review._meta.db_table)
    return RawSQL(f'{table}."search_vector"', (), output_field=SearchVectorField())


def _ranked_reviews_postgresql(query: str) -> QuerySet[Review]:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        Review.objects.published()
        .alias(vector=_vector_column())
        .filter(vector=search_query)
        .annotate(rank=SearchRank(F("vector"), search_query))
        .order_by("-rank", "-published_at", "-id")
    )


def _with_film_and_critic(page_of_reviews: list[Review]) -> list[Review]:
    """The page's reviews again with their films and critics, in the same order.

    Ranked and cut to a page first, joined after: joining every match to its film and critic
    before the sort read the whole film table (6 ms of an 18 ms query for a common word).
    """
    ids = [review.pk for review in page_of_reviews]
    found = Review.objects.for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _snippets_postgresql(reviews: list[Review], query: str) -> None:
    """Attach `snippet` to each review: body text around the matches, marked."""
    if not reviews:
        return
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    # Only this page's rows are highlighted: ts_headline re-parses the text, so it is costly.
    rows = (
        Review.objects.filter(pk__in=[r.pk for r in reviews])
        .annotate(
            snippet=SearchHeadline(
                RawSQL(_BODY_SQL.format(**_tables()), ()),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "snippet")
    )
    snippets = dict(rows)
    for review in reviews:
        review.snippet = _marked(snippets.get(review.pk) or "")


# --- reviews on SQLite (and any other database) ---


def _matching_reviews_fallback(terms: list[str]) -> QuerySet[Review]:
    condition = Q()
    for term in terms:
        # Uncorrelated IN subqueries: SQLite builds each set once per query. Correlated EXISTS
        # over credits and sections re-ran for each of 50k reviews (0.7 s per query).
        films = Film.objects.filter(Q(title__icontains=term) | Q(original_title__icontains=term))
        people = Credit.objects.filter(person__name__icontains=term).values("film_id")
        sections = ReviewSection.objects.filter(
            Q(heading__icontains=term) | Q(body__icontains=term)
        ).values("review_id")
        condition &= (
            Q(film__in=films.values("pk"))
            | Q(film__in=people)
            | Q(headline__icontains=term)
            | Q(standfirst__icontains=term)
            | Q(intro__icontains=term)
            | Q(verdict__icontains=term)
            | Q(pk__in=sections)
        )
    title_hit = _matches_all(terms, "film__title")
    headline_hit = _matches_all(terms, "headline")
    return (
        Review.objects.published()
        .filter(condition)
        .annotate(
            rank=Case(
                When(title_hit, then=Value(3)),
                When(headline_hit, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _page_fallback(terms: list[str], page: str | int | None) -> tuple[Page, list[Review]]:
    """One page of matching reviews, from a single pass that finds every match in rank order."""
    # The ids in order, once: a Paginator over the queryset would run the search twice (COUNT,
    # then the page).
    ids = list(_matching_reviews_fallback(terms).values_list("pk", flat=True))
    page_obj = Paginator(ids, RESULTS_PER_PAGE).get_page(page)
    found = Review.objects.filter(pk__in=page_obj.object_list).for_listing().in_bulk()
    reviews = [found[pk] for pk in page_obj.object_list if pk in found]
    return page_obj, reviews


def _snippets_fallback(reviews: list[Review], terms: list[str]) -> None:
    sections: dict[int, list[str]] = {}
    for review_id, heading, body in ReviewSection.objects.filter(
        review__in=[r.pk for r in reviews]
    ).values_list("review_id", "heading", "body"):
        sections.setdefault(review_id, []).extend([heading, body])
    for review in reviews:
        parts = [review.standfirst, review.intro, *sections.get(review.pk, []), review.verdict]
        text = markdown_to_text("\n\n".join(p for p in parts if p))
        review.snippet = highlight(_window(text, terms), terms)


# --- reviews, films and people on SQLite with FTS5 ---

# (database alias, database name) pairs whose FTS5 tables answered a probe.
_fts_found: set[tuple[str, str]] = set()


def fts_available(using: str | None = None) -> bool:
    """Whether this database (by default, where reviews are read) has working FTS5 tables.

    They exist only where migration 0006 or `rebuild_index` could create them, and a database
    copied to a machine whose SQLite lacks FTS5 fails the probe: search then uses LIKE rather
    than failing. A success is remembered; a failure is probed again next time, so an index
    built later is picked up without a restart.
    """
    alias = using or router.db_for_read(Review)
    connection = connections[alias]
    if not FTS_ENABLED or connection.vendor != "sqlite":
        return False
    key = (alias, str(connection.settings_dict["NAME"]))
    if key in _fts_found:
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {REVIEW_FTS}, {FILM_FTS}, {PERSON_FTS} LIMIT 0")
    except DatabaseError:
        return False
    _fts_found.add(key)
    return True


def _fts_string(text: str) -> str:
    """`text` as an FTS5 string: whatever it holds is words to match, never an operator."""
    return '"' + text.replace('"', '""') + '"'


def fts_query(terms: list[str]) -> str:
    """An FTS5 query that every term must match, in any column; "" if no term has a word.

    A term's words (as the tokenizer splits them: "jean-luc" is a phrase of two) form one quoted
    string, so AND, NEAR(, col:x or * typed by a reader are only words or dropped punctuation.
    The last word matches as a prefix ("river" finds "riverside"), except a single character,
    which as a prefix would expand to a large part of the vocabulary.
    """
    phrases = []
    for term in terms:
        words = _FTS_WORD.findall(term)
        if words:
            prefix = "*" if len(words[-1]) > 1 else ""
            phrases.append(_fts_string(" ".join(words)) + prefix)
    return " AND ".join(phrases)


def _best_fts_matches(
    model: type[Film] | type[Person], table: str, match: str, limit: int, *order: str
) -> QuerySet:
    """The `limit` best bm25 matches of `match` in `table` (rowid = pk), best first."""
    if not match:
        return model.objects.none()
    quote = connections["default"].ops.quote_name
    model_table = quote(model._meta.db_table)
    best = RawSQL(
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT %s", (match, limit)
    )
    # Re-ranking the few rows found (rowid lookups) keeps the order in the same single query.
    rank = RawSQL(
        f"SELECT rank FROM {table} WHERE {table} MATCH %s AND rowid = {model_table}.{quote('id')}",
        (match,),
    )
    return (
        model.objects.filter(pk__in=best).annotate(search_rank=rank).order_by("search_rank", *order)
    )


class _FtsReviewIds:
    """Ids of published reviews matching an FTS5 query, best first, for a Paginator.

    The Paginator counts it and slices one page from it; both are single SQL statements, so
    neither the 50k reviews nor every match is ever loaded into Python.
    """

    def __init__(self, match: str, using: str) -> None:
        self.match = match
        self.using = using
        scheduled, params = (
            Review.objects.scheduled().order_by().values("pk").query.get_compiler(using).as_sql()
        )
        # The table holds status=published reviews only; those not due yet are left out here.
        self._where = f"{REVIEW_FTS} MATCH %s AND rowid NOT IN ({scheduled})"
        self._params = [match, *params]

    def _fetch(self, sql: str, params: list[object]) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self) -> int:
        if not self.match:
            return 0
        return self._fetch(f"SELECT count(*) FROM {REVIEW_FTS} WHERE {self._where}", self._params)[
            0
        ][0]

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        if not self.match or stop <= start:
            return []
        sql = (
            f"SELECT rowid FROM {REVIEW_FTS} WHERE {self._where}"
            f" ORDER BY bm25({REVIEW_FTS}, {_REVIEW_FTS_WEIGHTS}), rowid DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._fetch(sql, [*self._params, stop - start, start])]


def _plain(markdown: str) -> str:
    """Markdown as readable plain text, cheaply (a regex, not a render): for snippets only."""
    return " ".join(_MARKDOWN_PUNCTUATION.sub("", markdown).split())


def _page_fts(terms: list[str], page: str | int | None) -> tuple[Page, list[Review]]:
    """One page of matching reviews, best first, each with a highlighted snippet."""
    using = router.db_for_read(Review)
    page_obj = Paginator(_FtsReviewIds(fts_query(terms), using), RESULTS_PER_PAGE).get_page(page)
    quote = connections[using].ops.quote_name
    # The indexed body (standfirst, intro, sections, verdict) comes with the rows, in one query,
    # instead of loading sections and rendering their Markdown per result.
    body = RawSQL(
        f"SELECT body FROM {REVIEW_FTS} WHERE rowid = {quote(Review._meta.db_table)}.{quote('id')}",
        (),
    )
    found = (
        Review.objects.published()  # a stale index must never show what is not public
        .filter(pk__in=page_obj.object_list)
        .for_listing()
        .annotate(search_body=body)
        .in_bulk()
    )
    reviews = [found[pk] for pk in page_obj.object_list if pk in found]
    for review in reviews:
        text = _plain(review.search_body or "")
        review.snippet = highlight(_window(text, terms), terms)
    return page_obj, reviews


# --- the entry point ---


def search(raw_query: str, *, page: str | int | None = 1) -> SearchResults:
    """Search films, people and published reviews; reviews are ranked and paginated."""
    query = clean_query(raw_query)
    terms = query_terms(query)
    results = SearchResults(query=query)
    if not terms:
        return results
    postgresql = is_postgresql()
    if postgresql:
        results.reviews = Paginator(_ranked_reviews_postgresql(query), RESULTS_PER_PAGE).get_page(
            page
        )
        page_reviews = _with_film_and_critic(list(results.reviews.object_list.only("pk")))
        _snippets_postgresql(page_reviews, query)
    elif fts_available():
        results.reviews, page_reviews = _page_fts(terms, page)
    else:
        results.reviews, page_reviews = _page_fallback(terms, page)
        _snippets_fallback(page_reviews, terms)
    results.reviews.object_list = page_reviews
    for review in page_reviews:
        review.headline_marked = highlight(review.headline, terms)
    if results.reviews.number == 1:
        results.films = search_films(terms)
        results.people = search_people(terms)
        for film in results.films:
            film.title_marked = highlight(film.title, terms)
        for person in results.people:
            person.name_marked = highlight(person.name, terms)
    return results


# --- keeping the index in sync: PostgreSQL vectors, SQLite FTS5 tables ---


def _tables() -> dict[str, str]:
    quote = connections["default"].ops.quote_name
    return {
        "review": quote(Review._meta.db_table),
        "section": quote(ReviewSection._meta.db_table),
        "film": quote(Film._meta.db_table),
        "credit": quote(Credit._meta.db_table),
        "person": quote(Person._meta.db_table),
    }


# The body text of a review (intro, sections, verdict) as one string, for ts_headline.
_BODY_SQL = """
concat_ws(' ', {review}.standfirst, {review}.intro,
    (SELECT string_agg(s.heading || ' ' || s.body, ' ' ORDER BY s.position, s.id)
       FROM {section} s WHERE s.review_id = {review}.id),
    {review}.verdict)
"""

# Weights: A film titles and credited people, B headline and standfirst, C the body.
_UPDATE_SQL = """
UPDATE {review} SET search_vector =
    setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ', f.title, f.original_title,
        (SELECT string_agg(p.name, ' ') FROM {credit} c JOIN {person} p ON p.id = c.person_id
          WHERE c.film_id = f.id))), 'A')
 || setweight(to_tsvector(%(config)s::regconfig,
        concat_ws(' ', {review}.headline, {review}.standfirst)), 'B')
 || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ', {review}.intro,
        (SELECT string_agg(s.heading || ' ' || s.body, ' ') FROM {section} s
          WHERE s.review_id = {review}.id),
        {review}.verdict)), 'C')
FROM {film} f
WHERE f.id = {review}.film_id AND ({where})
"""


# One FTS5 document per published review (drafts are never indexed; scheduled ones are, and are
# filtered out at query time, as nothing is saved when their time comes).
_FTS_REVIEW_DOCUMENTS = """
INSERT INTO {fts}(rowid, title, headline, body)
SELECT r.id,
    f.title || ' ' || f.original_title || ' ' || ifnull((SELECT group_concat(p.name, ' ')
        FROM {credit} c JOIN {person} p ON p.id = c.person_id WHERE c.film_id = f.id), ''),
    r.headline,
    r.standfirst || ' ' || r.intro || ' ' || ifnull((SELECT group_concat(s.text, ' ')
        FROM (SELECT heading || ' ' || body AS text FROM {section}
              WHERE review_id = r.id ORDER BY position, id) s), '') || ' ' || r.verdict
FROM {review} r JOIN {film} f ON f.id = r.film_id
WHERE r.status = %s AND r.id IN ({ids})
"""
_FTS_FILM_DOCUMENTS = """
INSERT INTO {fts}(rowid, title, original_title)
SELECT id, title, original_title FROM {film} WHERE id IN ({ids})
"""
_FTS_PERSON_DOCUMENTS = (
    "INSERT INTO {fts}(rowid, name) SELECT id, name FROM {person} WHERE id IN ({ids})"
)
# The ids to refresh arrive as one JSON array, whatever their number (no variable limit).
_JSON_IDS = "SELECT value FROM json_each(%s)"


def _fts_write_alias() -> str | None:
    """Where search documents are written, if that database has FTS5 tables."""
    alias = router.db_for_write(Review)
    return alias if fts_available(alias) else None


def _replace_fts_rows(
    table: str,
    insert_sql: str,
    ids_sql: str,
    params: list[object],
    insert_params: tuple[object, ...] = (),
) -> int:
    """Delete the rows of `table` whose rowids `ids_sql` selects, then insert them afresh.

    Rows whose source is gone (deleted, or a review back in draft) are only deleted. Returns how
    many documents were written. `insert_params` precede `params` in the insert.
    """
    alias = _fts_write_alias()
    if alias is None:
        return 0
    insert = insert_sql.format(fts=table, ids=ids_sql, **_tables())
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({ids_sql})", params)
        cursor.execute(insert, [*insert_params, *params])
        return cursor.rowcount


def _refresh_fts(review_ids_sql: str, params: list[object]) -> int:
    """Rewrite the FTS5 documents of the reviews `review_ids_sql` selects."""
    return _replace_fts_rows(
        REVIEW_FTS, _FTS_REVIEW_DOCUMENTS, review_ids_sql, params, (Review.Status.PUBLISHED,)
    )


def refresh_film_entries(film_ids: list[int]) -> int:
    """Rewrite the FTS5 rows that find these films by title (SQLite; PostgreSQL uses LIKE)."""
    return _replace_fts_rows(FILM_FTS, _FTS_FILM_DOCUMENTS, _JSON_IDS, [json.dumps(film_ids)])


def refresh_person_entries(person_ids: list[int]) -> int:
    """Rewrite the FTS5 rows that find these people by name (SQLite; PostgreSQL uses LIKE)."""
    return _replace_fts_rows(PERSON_FTS, _FTS_PERSON_DOCUMENTS, _JSON_IDS, [json.dumps(person_ids)])


def _rebuild_fts(alias: str) -> int:
    """Drop, recreate and fill the FTS5 tables; 0, leaving search on LIKE, without FTS5.

    Recreating rather than emptying applies any change of columns or tokenizer made here since
    migration 0006, and writes each table's index compactly in one pass.
    """
    connection = connections[alias]
    _fts_found.discard((alias, str(connection.settings_dict["NAME"])))
    if not FTS_ENABLED or not sqlite_has_fts5(alias):
        return 0
    all_rows = "SELECT id FROM {table}"
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for table, columns in _FTS_COLUMNS.items():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = '{FTS_TOKENIZER}')"
            )
        tables = _tables()
        cursor.execute(
            _FTS_FILM_DOCUMENTS.format(
                fts=FILM_FTS, ids=all_rows.format(table=tables["film"]), **tables
            )
        )
        cursor.execute(
            _FTS_PERSON_DOCUMENTS.format(
                fts=PERSON_FTS, ids=all_rows.format(table=tables["person"]), **tables
            )
        )
        cursor.execute(
            _FTS_REVIEW_DOCUMENTS.format(
                fts=REVIEW_FTS, ids=all_rows.format(table=tables["review"]), **tables
            ),
            [Review.Status.PUBLISHED],
        )
        count = cursor.rowcount
        for table in _FTS_COLUMNS:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    return count


def sqlite_has_fts5(using: str) -> bool:
    """Whether this SQLite library was built with FTS5 (Python's usually is; some are not)."""
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(option == "ENABLE_FTS5" for (option,) in cursor.fetchall())


def _refresh(where: str, params: dict[str, object]) -> int:
    """Recompute the vectors of the reviews matching `where`; returns how many."""
    connection = connections[router.db_for_write(Review)]
    if connection.vendor != "postgresql":
        return 0
    sql = _UPDATE_SQL.format(where=where, **_tables())
    with connection.cursor() as cursor:
        cursor.execute(sql, {"config": SEARCH_CONFIG, **params})
        return cursor.rowcount


def refresh_reviews(review_ids: list[int]) -> int:
    """Recompute the search vectors (or FTS5 documents) of these reviews."""
    if _fts_write_alias():
        return _refresh_fts(_JSON_IDS, [json.dumps(list(review_ids))])
    return _refresh("{review}.id = ANY(%(ids)s)".format(**_tables()), {"ids": list(review_ids)})


def refresh_films(film_ids: list[int]) -> int:
    """Recompute the vectors of every review of these films (title or credits changed)."""
    if _fts_write_alias():
        reviews = "SELECT id FROM {review} WHERE film_id IN ({ids})"
        return _refresh_fts(
            reviews.format(ids=_JSON_IDS, **_tables()), [json.dumps(list(film_ids))]
        )
    return _refresh("{review}.film_id = ANY(%(ids)s)".format(**_tables()), {"ids": list(film_ids)})


def refresh_person(person_id: int) -> int:
    """Recompute the vectors of reviews of every film this person is credited on."""
    if _fts_write_alias():
        reviews = (
            "SELECT id FROM {review} WHERE film_id IN "
            "(SELECT film_id FROM {credit} WHERE person_id = %s)"
        )
        return _refresh_fts(reviews.format(**_tables()), [person_id])
    where = "{review}.film_id IN (SELECT film_id FROM {credit} WHERE person_id = %(pid)s)"
    return _refresh(where.format(**_tables()), {"pid": person_id})


def rebuild_index() -> int:
    """Recompute every review's vector or FTS5 document (after bulk loads, or a change of
    weights or tokenizer); on SQLite, the film and people tables too."""
    alias = router.db_for_write(Review)
    if connections[alias].vendor == "sqlite":
        return _rebuild_fts(alias)
    count = _refresh("TRUE", {})
    if count:
        # Fold the GIN index's pending list in now, so the planner trusts the index at once.
        with connections[router.db_for_write(Review)].cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('review_search_vector_gin')")
    return count


def _review_saved(sender: type[Review], instance: Review, **kwargs) -> None:
    refresh_reviews([instance.pk])


def _review_deleted(sender: type[Review], instance: Review, **kwargs) -> None:
    # PostgreSQL's vector goes with the row; an FTS5 document must be deleted.
    if _fts_write_alias():
        refresh_reviews([instance.pk])


def _section_changed(sender: type[ReviewSection], instance: ReviewSection, **kwargs) -> None:
    refresh_reviews([instance.review_id])


def _film_saved(sender: type[Film], instance: Film, **kwargs) -> None:
    refresh_film_entries([instance.pk])
    refresh_films([instance.pk])


def _film_deleted(sender: type[Film], instance: Film, **kwargs) -> None:
    # Films with reviews cannot be deleted (PROTECT), so only its own entry goes.
    refresh_film_entries([instance.pk])


def _credit_changed(sender: type[Credit], instance: Credit, **kwargs) -> None:
    refresh_films([instance.film_id])


def _person_saved(sender: type[Person], instance: Person, **kwargs) -> None:
    refresh_person_entries([instance.pk])
    refresh_person(instance.pk)


def _person_deleted(sender: type[Person], instance: Person, **kwargs) -> None:
    # Credits protect people, so no review mentions them any more: only their own entry goes.
    refresh_person_entries([instance.pk])


def connect_signals() -> None:
    """Keep the search index in step with every save or delete that changes what it finds."""
    post_save.connect(_review_saved, sender=Review, dispatch_uid="search:review")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid="search:review")
    post_save.connect(_section_changed, sender=ReviewSection, dispatch_uid="search:section")
    post_delete.connect(_section_changed, sender=ReviewSection, dispatch_uid="search:section")
    post_save.connect(_film_saved, sender=Film, dispatch_uid="search:film")
    post_delete.connect(_film_deleted, sender=Film, dispatch_uid="search:film")
    post_save.connect(_credit_changed, sender=Credit, dispatch_uid="search:credit")
    post_delete.connect(_credit_changed, sender=Credit, dispatch_uid="search:credit")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search:person")
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid="search:person")
