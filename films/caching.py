"""The catalogue's cache tags: what a page read, and what a catalogue change purges.

Every film, person, genre, country, language, theme and provider loaded while a page renders
tags it (`film:12`, `person:7`, `theme:3`, ...; reviews_project.tags). A page that lists or
counts the catalogue as a whole adds `FILMS` (or `PEOPLE`, `THEMES`) itself. A change purges the
row's own tag and the list tag, after the transaction commits. Every catalogue row is public,
so every save counts. Offers belong to their film but only its page shows them: they have
their own tag, `offers:<film>`; a trailer is a column of the film's row (a film save).
"""

from __future__ import annotations

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from films.models import Country, Credit, Film, Genre, Language, Offer, Person, Provider, Theme
from reviews_project import tags

# Lists, counts and facets over the whole catalogue (film lists, filters, sitemaps).
FILMS = "films"
# Lists of people (the people index, sitemaps).
PEOPLE = "people"
# The index of themes with their counts (a theme's first film or review adds it there).
THEMES = "themes"

TAG_KIND: dict[type[Model], str] = {
    Film: "film",
    Person: "person",
    Genre: "genre",
    Country: "country",
    Language: "language",
    Theme: "theme",
    Provider: "provider",
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


def theme_tag(pk: object) -> str:
    return tag_of(Theme, pk)


def film_themes_tag(film_pk: object) -> str:
    """Which themes a film carries (its page names them)."""
    return f"film-themes:{film_pk}"


def theme_films_tag(theme_pk: object) -> str:
    """Which films carry a theme (its page lists them; related films compare them)."""
    return f"theme-films:{theme_pk}"


def offers_tag(film_pk: object) -> str:
    """A film's offers (where to watch): added by whatever reads them, even none."""
    return f"offers:{film_pk}"


def _loaded(sender: type[Model], instance: Model, **kwargs) -> None:
    if instance.pk is not None and tags.collecting():
        tags.add(tag_of(sender, instance.pk))


def _only_unseen(update_fields: frozenset[str] | None) -> bool:
    return bool(update_fields) and update_fields <= UNSEEN_FIELDS


def _row_changed(sender: type[Model], instance: Model, **kwargs) -> None:
    if _only_unseen(kwargs.get("update_fields")):
        return
    lists = {Person: {PEOPLE}, Theme: {FILMS, THEMES}}.get(sender, {FILMS})
    tags.purge_on_commit({tag_of(sender, instance.pk), *lists}, using=kwargs.get("using"))


def _credit_changed(sender: type[Model], instance: Credit, **kwargs) -> None:
    # A credit shows on its film's page and its person's filmography; directors are a facet.
    purged = {film_tag(instance.film_id), person_tag(instance.person_id), FILMS}
    tags.purge_on_commit(purged, using=kwargs.get("using"))


# Film's many-to-many fields (their related models call films `films`).
_M2M_FIELDS = {
    field.through: field.field.name
    for field in (Film.genres, Film.countries, Film.languages, Film.themes)
}


def _offer_changed(sender: type[Model], instance: Offer, **kwargs) -> None:
    # Shown on its film's page; "available to stream in <region>" filters /films/.
    tags.purge_on_commit({offers_tag(instance.film_id), FILMS}, using=kwargs.get("using"))


def _film_relations_changed(
    sender: type[Model], instance: Model, action: str, pk_set: set | None, model, **kwargs
) -> None:
    if action == "pre_clear":
        # post_clear names no rows: remember which ones the clear is about to unlink.
        name = _M2M_FIELDS[sender] if isinstance(instance, Film) else "films"
        instance._cache_cleared_pks = set(getattr(instance, name).values_list("pk", flat=True))
        return
    if not action.startswith("post_"):
        return
    pks = pk_set if action != "post_clear" else getattr(instance, "_cache_cleared_pks", set())
    if sender is Film.themes.through:
        # Neither row changed, only who carries what: the films' themes, the themes' films,
        # the themes index (its counts) and the theme facet on /films/.
        films, themes = ([instance.pk], pks) if isinstance(instance, Film) else (pks, [instance.pk])
        purged = {THEMES, FILMS, *map(film_themes_tag, films), *map(theme_films_tag, themes)}
    else:
        # Both sides: the row changed from here, and each row linked or unlinked on the other.
        purged = {tag_of(type(instance), instance.pk), FILMS}
        purged |= {tag_of(model, pk) for pk in pks or ()}
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
    post_save.connect(_offer_changed, sender=Offer, dispatch_uid="films.caching:offer")
    post_delete.connect(_offer_changed, sender=Offer, dispatch_uid="films.caching:offer")
    for through, name in _M2M_FIELDS.items():
        m2m_changed.connect(
            _film_relations_changed, sender=through, dispatch_uid=f"films.caching:{name}"
        )
