"""The catalogue's cache tags: what a page read, and what a catalogue change purges.

Every film, person, genre, country and language loaded while a page renders tags it
(`film:12`, `person:7`, ...; reviews_project.tags). A page that lists or counts the catalogue
as a whole adds `FILMS` (or `PEOPLE`) itself. A change purges the row's own tag and the list
tag, after the transaction commits. Every catalogue row is public, so every save counts.
"""

from __future__ import annotations

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from films.models import Country, Credit, Film, Genre, Language, Person
from reviews_project import tags

# Lists, counts and facets over the whole catalogue (film lists, filters, sitemaps).
FILMS = "films"
# Lists of people (the people index, sitemaps).
PEOPLE = "people"

TAG_KIND: dict[type[Model], str] = {
    Film: "film",
    Person: "person",
    Genre: "genre",
    Country: "country",
    Language: "language",
}
# Columns no reader sees: saving only these purges nothing.
UNSEEN_FIELDS = frozenset({"updated_at", "created_at", "search_vector"})


def tag_of(model: type[Model], pk: object) -> str:
    """The tag of one catalogue row, e.g. `film:12`."""
    return f"{TAG_KIND[model]}:{pk}"


def film_tag(pk: object) -> str:
    return tag_of(Film, pk)


def person_tag(pk: object) -> str:
    return tag_of(Person, pk)


def _loaded(sender: type[Model], instance: Model, **kwargs) -> None:
    if instance.pk is not None and tags.collecting():
        tags.add(tag_of(sender, instance.pk))


def _only_unseen(update_fields: frozenset[str] | None) -> bool:
    return bool(update_fields) and update_fields <= UNSEEN_FIELDS


def _row_changed(sender: type[Model], instance: Model, **kwargs) -> None:
    if _only_unseen(kwargs.get("update_fields")):
        return
    lists = PEOPLE if sender is Person else FILMS
    tags.purge_on_commit({tag_of(sender, instance.pk), lists}, using=kwargs.get("using"))


def _credit_changed(sender: type[Model], instance: Credit, **kwargs) -> None:
    # A credit shows on its film's page and its person's filmography; directors are a facet.
    purged = {film_tag(instance.film_id), person_tag(instance.person_id), FILMS}
    tags.purge_on_commit(purged, using=kwargs.get("using"))


def _film_relations_changed(
    sender: type[Model], instance: Model, action: str, pk_set: set | None, **kwargs
) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Film):
        purged = {film_tag(instance.pk), FILMS}
    else:  # changed from the genre's (country's, language's) side
        purged = {tag_of(type(instance), instance.pk), FILMS}
        purged |= {film_tag(pk) for pk in pk_set or ()}
    tags.purge_on_commit(purged, using=kwargs.get("using"))


def connect() -> None:
    """Tag catalogue rows as pages read them; purge their tags when they change."""
    for model in TAG_KIND:
        uid = f"films.caching:{model._meta.label}"
        post_init.connect(_loaded, sender=model, dispatch_uid=uid)
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_credit_changed, sender=Credit, dispatch_uid="films.caching:credit")
    post_delete.connect(_credit_changed, sender=Credit, dispatch_uid="films.caching:credit")
    for field in (Film.genres, Film.countries, Film.languages):
        m2m_changed.connect(
            _film_relations_changed,
            sender=field.through,
            dispatch_uid=f"films.caching:{field.field.name}",
        )
