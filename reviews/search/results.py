"""The one entry point: `search(query, page=...)` finds films, people, critics, curated lists
and reviews.

Every word must match (as a word or the start of one). When nothing matches as typed, the
words are compared with the titles and names that look most like them (pg_trgm on PostgreSQL,
the trigram table on SQLite), each misspelt word is replaced by the closest word of those
(scored with rapidfuzz), and the corrected query is searched instead: the results then say
"Did you mean …?". Only `Review.objects.published()` and `CuratedList.objects.published()` are
ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db import router
from rapidfuzz import fuzz, process

from films.models import Film, Person
from reviews.models import CuratedList, Review, ReviewSection, display_name, public_critics
from reviews.search import index
from reviews.search.text import (
    MAX_QUERY_LENGTH,
    Term,
    clean_query,
    fold,
    highlight,
    parse,
    snippet,
    words,
)

__all__ = ["MAX_QUERY_LENGTH", "RESULTS_PER_PAGE", "SearchResults", "clean_query", "search"]

RESULTS_PER_PAGE = 20
MAX_FILMS = 8
MAX_PEOPLE = 8
MAX_CRITICS = 4
MAX_LISTS = 4
# How close (rapidfuzz ratio, 0 to 100) a known word must be to replace a misspelt one.
TYPO_SCORE = 70
# How many look-alike titles and names are weighed for each correction.
TYPO_CANDIDATES = 12


@dataclass
class SearchResults:
    """What the results page shows for one query."""

    query: str
    films: list[Film] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    critics: list[AbstractBaseUser] = field(default_factory=list)
    lists: list[CuratedList] = field(default_factory=list)
    reviews: Page | None = None
    # What the reader typed, when it found nothing and `query` is its correction.
    typed: str = ""

    @property
    def total(self) -> int:
        review_count = self.reviews.paginator.count if self.reviews else 0
        found = len(self.films) + len(self.people) + len(self.critics) + len(self.lists)
        return found + review_count


def _in_order(model: type, ids: list[int], using: str, *related: str) -> list:
    rows = model.objects.using(using)
    found = (rows.select_related(*related) if related else rows).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _name_matches(name_words: list[str], terms: list[Term]) -> bool:
    """Whether every term is a word (or the start of one) of a name."""
    joined = " ".join(name_words)
    for term in terms:
        phrase = " ".join(term.words)
        if not any(
            joined[i:].startswith(phrase) and (i == 0 or joined[i - 1] == " ")
            for i in range(len(joined))
        ):
            return False
    return True


def _critics(terms: list[Term], critics: list[AbstractBaseUser]) -> list[AbstractBaseUser]:
    found = []
    for critic in critics:
        if _name_matches(words(f"{display_name(critic)} {critic.get_username()}"), terms):
            critic.name_marked = highlight(display_name(critic), terms)
            found.append(critic)
    return found[:MAX_CRITICS]


def _lists(terms: list[Term], using: str) -> list[CuratedList]:
    """The best matching lists readers can see, with a highlighted title."""
    # A few more than shown: a list scheduled for later is indexed but not public yet.
    ids = index.engine(using).list_ids(terms, MAX_LISTS * 2, using)
    found = CuratedList.objects.using(using).published().only("title", "slug", "intro")
    by_id = found.in_bulk(ids)
    lists = [by_id[pk] for pk in ids if pk in by_id][:MAX_LISTS]
    for curated in lists:
        curated.title_marked = highlight(curated.title, terms)
    return lists


def _reviews_page(terms: list[Term], page: str | int | None, using: str) -> Page:
    """One page of matching reviews, best first, each with a highlighted headline and snippet."""
    page_obj = Paginator(index.engine(using).review_ids(terms, using), RESULTS_PER_PAGE).get_page(
        page
    )
    ids = list(page_obj.object_list)
    reviews = [
        review
        for review in _in_order(Review, ids, using, "film", "author")
        if review.is_public  # a stale index must never show what is not public
    ]
    sections: dict[int, list[str]] = {}
    for review_id, heading, body in (
        ReviewSection.objects.using(using)
        .filter(review_id__in=ids)
        .values_list("review_id", "heading", "body")
    ):
        sections.setdefault(review_id, []).extend([heading, body])
    for review in reviews:
        body = "\n\n".join([review.intro, *sections.get(review.pk, []), review.verdict])
        review.headline_marked = highlight(review.headline, terms)
        review.snippet = snippet(body, terms)
        if "<mark>" not in review.snippet and review.standfirst:
            # Found by its film, people or critic: the standfirst says more than a random window.
            review.snippet = highlight(review.standfirst, terms)
    page_obj.object_list = reviews
    return page_obj


def _search(query: str, page: str | int | None, using: str, critics) -> SearchResults:
    results = SearchResults(query=query)
    terms = parse(query)
    if not terms:
        return results
    engine = index.engine(using)
    results.reviews = _reviews_page(terms, page, using)
    if results.reviews.number == 1:
        film_ids = engine.film_ids(terms, MAX_FILMS, using)
        results.films = _in_order(Film, film_ids, using, "original_language")
        results.people = _in_order(Person, engine.person_ids(terms, MAX_PEOPLE, using), using)
        results.critics = _critics(terms, critics())
        results.lists = _lists(terms, using)
        for film in results.films:
            film.title_marked = highlight(film.title, terms)
        for person in results.people:
            person.name_marked = highlight(person.name, terms)
    return results


def correction(query: str, names: list[str]) -> str:
    """`query` with each word that is in none of `names` replaced by the closest word that
    is (as spelt there), or "" if no word changed."""
    known: dict[str, str] = {}
    for name in names:
        for word in name.split():
            folded = " ".join(words(word))
            if folded and folded.isalnum():
                known.setdefault(folded, word.strip(".,:;!?()\"'"))
    changed = False
    out = []
    for token in query.split():
        folded = " ".join(words(token))
        if len(folded) < 3 or not folded.isalnum() or folded in known:
            out.append(token)
            continue
        best = process.extractOne(folded, list(known), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        if best is None:
            out.append(token)
            continue
        out.append(known[best[0]])
        changed = True
    return " ".join(out) if changed else ""


def search(
    raw_query: str, *, page: str | int | None = 1, using: str | None = None
) -> SearchResults:
    """Search films, people, critics and published reviews; reviews are ranked and paginated."""
    using = using or router.db_for_read(Review)
    query = clean_query(raw_query)
    cache: list = []

    def critics() -> list[AbstractBaseUser]:
        if not cache:
            cache.append(list(public_critics().using(using)))
        return cache[0]

    results = _search(query, page, using, critics)
    if results.total or not results.query or not parse(query):
        return results
    typed_words = " ".join(fold(token) for token in query.split())
    names = index.engine(using).similar_names(typed_words, TYPO_CANDIDATES, using)
    corrected = correction(query, [*names, *(display_name(c) for c in critics())])
    if not corrected:
        return results
    fixed = _search(corrected, page, using, critics)
    if not fixed.total:
        return results
    fixed.typed = query
    return fixed
