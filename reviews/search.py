"""Site search: films, people and published reviews.

On PostgreSQL, reviews carry a weighted `search_vector` column (film title and people > review
headline and standfirst > body text) with a GIN index, added by migration 0003 and refreshed
here whenever a review, its sections, its film, the film's credits or a credited person is
saved. Queries match that column directly (so the index is used), rank with ts_rank and
highlight with ts_headline. On SQLite every term must appear somewhere (icontains), and
matches are highlighted in Python. Either way only `Review.objects.published()` is searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Page, Paginator
from django.db import connections, router
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
    snippet = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
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
    """Films whose title or original title contains every term."""
    if not terms:
        return []
    films = Film.objects.filter(_matches_all(terms, "title", "original_title")).select_related(
        "original_language"
    )
    return list(films.order_by("title", "year")[:MAX_FILMS])


def search_people(terms: list[str]) -> list[Person]:
    """People whose name contains every term."""
    if not terms:
        return []
    return list(Person.objects.filter(_matches_all(terms, "name")).order_by("name")[:MAX_PEOPLE])


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
        .for_listing()
        .order_by("-rank", "-published_at", "-id")
    )


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
        page_reviews = list(results.reviews.object_list)
    else:
        results.reviews, page_reviews = _page_fallback(terms, page)
    results.reviews.object_list = page_reviews
    if postgresql:
        _snippets_postgresql(page_reviews, query)
    else:
        _snippets_fallback(page_reviews, terms)
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


# --- keeping the vectors in sync (PostgreSQL only) ---


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
    """Recompute the search vectors of these reviews."""
    return _refresh("{review}.id = ANY(%(ids)s)".format(**_tables()), {"ids": list(review_ids)})


def refresh_films(film_ids: list[int]) -> int:
    """Recompute the vectors of every review of these films (title or credits changed)."""
    return _refresh("{review}.film_id = ANY(%(ids)s)".format(**_tables()), {"ids": list(film_ids)})


def refresh_person(person_id: int) -> int:
    """Recompute the vectors of reviews of every film this person is credited on."""
    where = "{review}.film_id IN (SELECT film_id FROM {credit} WHERE person_id = %(pid)s)"
    return _refresh(where.format(**_tables()), {"pid": person_id})


def rebuild_index() -> int:
    """Recompute every review's vector (after bulk loads or a change of weights)."""
    count = _refresh("TRUE", {})
    if count:
        # Fold the GIN index's pending list in now, so the planner trusts the index at once.
        with connections[router.db_for_write(Review)].cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('review_search_vector_gin')")
    return count


def _review_saved(sender: type[Review], instance: Review, **kwargs) -> None:
    refresh_reviews([instance.pk])


def _section_changed(sender: type[ReviewSection], instance: ReviewSection, **kwargs) -> None:
    refresh_reviews([instance.review_id])


def _film_saved(sender: type[Film], instance: Film, **kwargs) -> None:
    refresh_films([instance.pk])


def _credit_changed(sender: type[Credit], instance: Credit, **kwargs) -> None:
    refresh_films([instance.film_id])


def _person_saved(sender: type[Person], instance: Person, **kwargs) -> None:
    refresh_person(instance.pk)


def connect_signals() -> None:
    """Keep search vectors in step with every save that changes a review's searchable text."""
    post_save.connect(_review_saved, sender=Review, dispatch_uid="search:review")
    post_save.connect(_section_changed, sender=ReviewSection, dispatch_uid="search:section")
    post_delete.connect(_section_changed, sender=ReviewSection, dispatch_uid="search:section")
    post_save.connect(_film_saved, sender=Film, dispatch_uid="search:film")
    post_save.connect(_credit_changed, sender=Credit, dispatch_uid="search:credit")
    post_delete.connect(_credit_changed, sender=Credit, dispatch_uid="search:credit")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search:person")
