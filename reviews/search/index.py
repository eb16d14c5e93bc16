"""Keeping the search index in step with the content, after each commit.

Saves and deletes of reviews, sections, films, credits, people, critics and curated lists mark
the rows whose documents they change; once the transaction commits (never inside it, and not
at all if it rolls back) each marked document is rebuilt from what the database then holds.
So an importer that creates a review and then its sections in one transaction indexes the
review once, with its sections. `reviews.signals.public_review_changed` (sent by the publishing
service after commit) re-indexes its review too, and `public_list_changed` its list.
Only published lists have documents; one scheduled for later is left out by the search itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from types import ModuleType

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save

from films.models import Credit, Film, Person
from reviews.models import CuratedList, Review, ReviewSection
from reviews.rendering import markdown_to_text
from reviews.search import postgres, sqlite
from reviews.search.text import document
from reviews.signals import public_list_changed, public_review_changed

BATCH = 500


def engine(using: str) -> ModuleType:
    """The engine for this database: PostgreSQL's, or SQLite's FTS5."""
    return postgres if connections[using].vendor == "postgresql" else sqlite


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, BATCH)):
        yield chunk


def _people_by_film(film_ids: list[int], using: str) -> dict[int, list[str]]:
    people: dict[int, list[str]] = defaultdict(list)
    credits = (
        Credit.objects.using(using)
        .filter(film_id__in=film_ids)
        .order_by("film_id", "billing_order", "id")
        .values_list("film_id", "person__name")
    )
    for film_id, name in credits:
        people[film_id].append(name)
    return people


def review_documents(ids: list[int], using: str) -> dict[int, tuple[str, str, str]]:
    """(film and people, headline and critic, body) of each published review among `ids`."""
    reviews = list(
        Review.objects.using(using)
        .filter(pk__in=ids, status=Review.Status.PUBLISHED)
        .select_related("film", "author")
        .only(
            "film__title",
            "film__original_title",
            "film__year",
            "author__username",
            "author__first_name",
            "author__last_name",
            "headline",
            "standfirst",
            "intro",
            "verdict",
        )
    )
    people = _people_by_film([r.film_id for r in reviews], using)
    sections: dict[int, list[str]] = defaultdict(list)
    for review_id, heading, body in (
        ReviewSection.objects.using(using)
        .filter(review_id__in=[r.pk for r in reviews])
        .order_by("review_id", "position", "id")
        .values_list("review_id", "heading", "body")
    ):
        sections[review_id] += [heading, body]
    return {
        review.pk: (
            document(
                review.film.title,
                review.film.original_title,
                str(review.film.year),
                *people[review.film_id],
            ),
            document(review.headline, review.standfirst, _display_name(review.author)),
            document(review.intro, *sections[review.pk], review.verdict),
        )
        for review in reviews
    }


def film_documents(
    ids: list[int], using: str
) -> tuple[dict[int, tuple[str, str, str]], dict[int, str]]:
    """(titles and year, people, synopsis) of each film among `ids`, and its titles as
    written (what typos are corrected against)."""
    films = list(
        Film.objects.using(using)
        .filter(pk__in=ids)
        .only("title", "original_title", "year", "synopsis")
    )
    people = _people_by_film([f.pk for f in films], using)
    documents = {
        film.pk: (
            document(film.title, film.original_title, str(film.year)),
            document(*people[film.pk]),
            document(film.synopsis),
        )
        for film in films
    }
    return documents, {film.pk: f"{film.title} {film.original_title}".strip() for film in films}


def list_documents(ids: list[int], using: str) -> dict[int, tuple[str, str]]:
    """(title, introduction as text) of each published list among `ids`."""
    lists = (
        CuratedList.objects.using(using)
        .filter(pk__in=ids, status=CuratedList.Status.PUBLISHED)
        .only("title", "intro")
    )
    return {
        curated.pk: (document(curated.title), document(markdown_to_text(curated.intro)))
        for curated in lists
    }


def reindex_lists(ids: Iterable[int], using: str | None = None) -> None:
    """Rebuild the documents of these lists (dropping those no longer published)."""
    using = using or router.db_for_write(CuratedList)
    for chunk in _chunks(ids):
        documents = list_documents(chunk, using)
        engine(using).delete("list", set(chunk) - set(documents), using)
        engine(using).store("list", documents, {}, using)


def reindex_reviews(ids: Iterable[int], using: str | None = None) -> None:
    """Rebuild the documents of these reviews (dropping those no longer published)."""
    using = using or router.db_for_write(Review)
    for chunk in _chunks(ids):
        documents = review_documents(chunk, using)
        engine(using).delete("review", set(chunk) - set(documents), using)
        engine(using).store("review", documents, {}, using)


def reindex_films(ids: Iterable[int], using: str | None = None) -> None:
    """Rebuild the documents of these films and of their reviews (which carry their titles)."""
    using = using or router.db_for_write(Film)
    for chunk in _chunks(ids):
        documents, names = film_documents(chunk, using)
        engine(using).delete("film", set(chunk) - set(documents), using)
        engine(using).store("film", documents, names, using)
        reindex_reviews(
            Review.objects.using(using).filter(film_id__in=chunk).values_list("pk", flat=True),
            using,
        )


def reindex_people(ids: Iterable[int], using: str | None = None) -> None:
    """Rebuild the documents of these people and of the films and reviews crediting them."""
    using = using or router.db_for_write(Person)
    for chunk in _chunks(ids):
        names = dict(Person.objects.using(using).filter(pk__in=chunk).values_list("pk", "name"))
        documents = {pk: (document(name),) for pk, name in names.items()}
        engine(using).delete("person", set(chunk) - set(documents), using)
        engine(using).store("person", documents, names, using)
        reindex_films(
            Credit.objects.using(using)
            .filter(person_id__in=chunk)
            .values_list("film_id", flat=True)
            .distinct(),
            using,
        )


def rebuild(using: str | None = None) -> int:
    """Rebuild the whole index (after bulk loads, or a change of documents or weights);
    returns how many reviews it holds."""
    using = using or router.db_for_write(Review)
    with transaction.atomic(using=using):
        engine(using).clear(using)
        people = Person.objects.using(using).values_list("pk", flat=True).iterator()
        for chunk in _chunks(people):
            names = dict(Person.objects.using(using).filter(pk__in=chunk).values_list("pk", "name"))
            documents = {pk: (document(name),) for pk, name in names.items()}
            engine(using).store("person", documents, names, using)
        for chunk in _chunks(Film.objects.using(using).values_list("pk", flat=True).iterator()):
            documents, names = film_documents(chunk, using)
            engine(using).store("film", documents, names, using)
        published = Review.objects.using(using).filter(status=Review.Status.PUBLISHED)
        count = 0
        for chunk in _chunks(published.values_list("pk", flat=True).iterator()):
            documents = review_documents(chunk, using)
            engine(using).store("review", documents, {}, using)
            count += len(documents)
        published_lists = CuratedList.objects.using(using).filter(
            status=CuratedList.Status.PUBLISHED
        )
        for chunk in _chunks(published_lists.values_list("pk", flat=True).iterator()):
            engine(using).store("list", list_documents(chunk, using), {}, using)
    engine(using).optimize(using)
    return count


# --- after commit ---

_REINDEX = {
    "review": reindex_reviews,
    "film": reindex_films,
    "person": reindex_people,
    "list": reindex_lists,
}


class _Pending:
    """What one transaction changed, re-indexed once when it commits."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.ids: dict[str, set[int]] = defaultdict(set)
        self.done = False

    def __call__(self) -> None:
        self.done = True
        # People first: they re-index their films, which re-index their reviews.
        for kind in ("person", "film", "review", "list"):
            if self.ids[kind]:
                _REINDEX[kind](self.ids[kind], self.using)


def mark(kind: str, ids: Iterable[int], using: str) -> None:
    """Re-index these rows after the current transaction commits (at once outside one)."""
    connection = connections[using]
    # One callback per transaction: it is found again while the same list of commit hooks is
    # open (a commit, rollback or savepoint rollback starts a new list).
    pending, hooks = getattr(connection, "_search_pending", (None, None))
    if (
        pending is None
        or pending.done
        or hooks is not connection.run_on_commit
        or not connection.in_atomic_block
    ):
        pending = _Pending(using)
        pending.ids[kind].update(ids)
        connection._search_pending = (pending, connection.run_on_commit)
        transaction.on_commit(pending, using=using)
        return
    pending.ids[kind].update(ids)


def _review_changed(sender, instance: Review, using: str, **kwargs) -> None:
    mark("review", [instance.pk], using)


def _section_changed(sender, instance: ReviewSection, using: str, **kwargs) -> None:
    mark("review", [instance.review_id], using)


def _film_changed(sender, instance: Film, using: str, **kwargs) -> None:
    mark("film", [instance.pk], using)


def _credit_changed(sender, instance: Credit, using: str, **kwargs) -> None:
    mark("film", [instance.film_id], using)


def _person_changed(sender, instance: Person, using: str, **kwargs) -> None:
    mark("person", [instance.pk], using)


_NAME_FIELDS = {"first_name", "last_name", "username"}


def _critic_saved(sender, instance, using: str, created: bool = False, **kwargs) -> None:
    # A critic's name is in their reviews' documents; a new account has no reviews yet, and a
    # login (which saves last_login only) changes no name.
    update_fields = kwargs.get("update_fields")
    if not created and (update_fields is None or _NAME_FIELDS & set(update_fields)):
        ids = Review.objects.using(using).filter(author=instance).values_list("pk", flat=True)
        mark("review", list(ids), using)


def _public_review_changed(sender, review: Review, **kwargs) -> None:
    reindex_reviews([review.pk], router.db_for_write(Review))


def _list_changed(sender, instance: CuratedList, using: str, **kwargs) -> None:
    mark("list", [instance.pk], using)


def _public_list_changed(sender, curated_list: CuratedList, **kwargs) -> None:
    reindex_lists([curated_list.pk], router.db_for_write(CuratedList))


def connect_signals() -> None:
    """Re-index after every save or delete that changes what search finds."""
    for model, receiver in [
        (Review, _review_changed),
        (ReviewSection, _section_changed),
        (Film, _film_changed),
        (Credit, _credit_changed),
        (Person, _person_changed),
        (CuratedList, _list_changed),
    ]:
        uid = f"search:{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    post_save.connect(_critic_saved, sender=get_user_model(), dispatch_uid="search:critic")
    public_review_changed.connect(_public_review_changed, dispatch_uid="search:public-review")
    public_list_changed.connect(_public_list_changed, dispatch_uid="search:public-list")


def fill_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Build the index when the catalogue has rows but no documents (right after the
    migration that made the search tables, on a database that already had content)."""
    if engine(using).is_empty(using) and (
        Film.objects.using(using).exists() or Person.objects.using(using).exists()
    ):
        rebuild(using)
    elif not engine(using).has_lists(using):
        # Lists came to search later than the rest (search 0002): index those published.
        published = CuratedList.objects.using(using).filter(status=CuratedList.Status.PUBLISHED)
        reindex_lists(list(published.values_list("pk", flat=True)), using)
