"""Reviews' cache tags: what a page read, and what a public change purges.

Reviews, critics and curated lists loaded while a page renders tag it (`review:55`,
`critic:3`, `list:4`); pages that list or count public reviews (lists) as a whole add `REVIEWS`
(`LISTS`) themselves. Only a change readers can see purges: `public_review_changed` and
`public_list_changed` (sent by the publishing services after commit), or a save of a public
review's visible fields from anywhere else (the shell, an importer). Autosaves, drafts, working
copies, draft lists and private notes purge nothing. Purges run after the transaction commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Min, Model
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone

from films.caching import FILMS, THEMES
from films.models import Credit
from reviews.models import (
    CONTENT_FIELDS,
    Correction,
    CriticProfile,
    CuratedList,
    Review,
    ReviewSection,
    ReviewWorkingCopy,
    film_reviews_tag,
    public_critics,
)
from reviews.signals import public_list_changed, public_review_changed
from reviews_project import tags

# Lists, counts, feeds and sitemaps of public reviews (and the ratings they make).
REVIEWS = "reviews"
# The index of critics.
CRITICS = "critics"
# The index, feeds and sitemap of published curated lists.
LISTS = "lists"
# What readers see of a review: a save that changes none of these purges nothing.
SEEN_REVIEW_FIELDS = (*CONTENT_FIELDS, "status", "published_at")
SEEN_SECTION_FIELDS = ("review_id", "position", "heading", "body", "contains_spoilers")
SEEN_USER_FIELDS = ("username", "first_name", "last_name")


def review_tag(pk: object) -> str:
    return f"review:{pk}"


def critic_tag(pk: object) -> str:
    return f"critic:{pk}"


def critic_reviews_tag(user_pk: object) -> str:
    """A critic's public reviews: their page and feed, "More from" on their reviews' pages.
    (`critic:N` is the critic's name, on every byline.)"""
    return f"critic-reviews:{user_pk}"


def person_reviews_tag(person_pk: object) -> str:
    """The public reviews of a person's films, as their page lists them. (`person:N` is the
    person's own row: their name on every credit.)"""
    return f"person-reviews:{person_pk}"


def list_tag(pk: object) -> str:
    return f"list:{pk}"


def film_lists_tag(film_pk: object) -> str:
    """Which public lists a film is on (its page names them; related films compare them)."""
    return f"film-lists:{film_pk}"


def theme_reviews_tag(theme_pk: object) -> str:
    """Which public reviews carry a theme (its page lists and counts them)."""
    return f"theme-reviews:{theme_pk}"


def tags_of_review(review: Review) -> set[str]:
    """Everything a public change of this review may show on: its page; the reviews of its
    film (and the film's average), of its critic and of the film's people; its themes' pages;
    every list of reviews or films. Not the film's, critic's or people's own tags: their names
    did not change, and every page naming them (a credit, a byline, a card) stays cached."""
    people = Credit.objects.filter(film_id=review.film_id).values_list("person_id", flat=True)
    themes = getattr(review, "_cache_theme_ids", None)
    if themes is None:
        themes = _theme_ids(review)
    return {
        review_tag(review.pk),
        film_reviews_tag(review.film_id),
        critic_reviews_tag(review.author_id),
        REVIEWS,
        FILMS,
        CRITICS,
        *(person_reviews_tag(pk) for pk in people),
        *(theme_reviews_tag(pk) for pk in themes),
        *([THEMES] if themes else []),
    }


def _theme_ids(review: Review) -> list[int]:
    if review.pk is None:
        return []
    links = Review.themes.through.objects.filter(review_id=review.pk)
    return list(links.values_list("theme_id", flat=True))


def _remember_themes(sender: type[Model], instance: Review, **kwargs) -> None:
    """A deleted review's theme links are gone by post_delete: keep them for its purge."""
    instance._cache_theme_ids = _theme_ids(instance)


def _loaded_review(sender: type[Model], instance: Review, **kwargs) -> None:
    if instance.pk is not None and tags.collecting():
        tags.add(review_tag(instance.pk))


def _loaded_user(sender: type[Model], instance: Model, **kwargs) -> None:
    if instance.pk is not None and tags.collecting():
        tags.add(critic_tag(instance.pk))


def _seen(instance: Model, fields: tuple[str, ...]) -> tuple:
    return tuple(getattr(instance, name) for name in fields)


def _remember_before(sender: type[Model], instance: Model, **kwargs) -> None:
    """Keep what readers could see of the row before this save (one query per save)."""
    fields = {Review: SEEN_REVIEW_FIELDS, ReviewSection: SEEN_SECTION_FIELDS}.get(
        sender, SEEN_USER_FIELDS
    )
    before = None
    if instance.pk is not None and not kwargs.get("raw"):
        before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance._cache_seen_before = before


def _was_or_is_public(review: Review, before: tuple | None) -> bool:
    if review.is_public:
        return True
    if before is None:
        return False
    old = dict(zip(SEEN_REVIEW_FIELDS, before, strict=True))
    was = Review(status=old["status"], published_at=old["published_at"])
    return was.is_public or was.is_scheduled


def _review_saved(sender: type[Model], instance: Review, **kwargs) -> None:
    before = getattr(instance, "_cache_seen_before", None)
    if before == _seen(instance, SEEN_REVIEW_FIELDS):
        return  # a draft, an autosave or private notes: nothing readers see changed
    if _was_or_is_public(instance, before) or instance.is_scheduled:
        tags.purge_on_commit(tags_of_review(instance), using=kwargs.get("using"))


def _review_deleted(sender: type[Model], instance: Review, **kwargs) -> None:
    if instance.is_public:
        tags.purge_on_commit(tags_of_review(instance), using=kwargs.get("using"))


def _part_changed(sender: type[Model], instance: ReviewSection | Correction, **kwargs) -> None:
    """A section or correction of a public review changed."""
    before = getattr(instance, "_cache_seen_before", None)
    if sender is ReviewSection and before == _seen(instance, SEEN_SECTION_FIELDS):
        return
    review = Review.objects.filter(pk=instance.review_id).first()
    if review is not None and review.is_public:
        tags.purge_on_commit({review_tag(review.pk)}, using=kwargs.get("using"))


def _loaded_list(sender: type[Model], instance: CuratedList, **kwargs) -> None:
    if instance.pk is not None and tags.collecting():
        tags.add(list_tag(instance.pk))


def _has_byline(user: Model) -> bool:
    """Whether readers see this user's name: on a public review or a public list."""
    return (
        public_critics().filter(pk=user.pk).exists()
        or CuratedList.objects.published().filter(author=user).exists()
    )


def _user_saved(sender: type[Model], instance: Model, **kwargs) -> None:
    before = getattr(instance, "_cache_seen_before", None)
    if before is None or before == _seen(instance, SEEN_USER_FIELDS):
        return  # a new user, or a login (last_login): no byline changed
    if _has_byline(instance):
        purged = {critic_tag(instance.pk), CRITICS, REVIEWS, LISTS}
        tags.purge_on_commit(purged, using=kwargs.get("using"))


def profile_tag(user_pk: object) -> str:
    """A critic's bio and avatar (their page and the critics index show them, bylines do not)."""
    return f"critic-profile:{user_pk}"


def _loaded_profile(sender: type[Model], instance: CriticProfile, **kwargs) -> None:
    if instance.user_id is not None and tags.collecting():
        tags.add(profile_tag(instance.user_id))


def _profile_changed(sender: type[Model], instance: CriticProfile, **kwargs) -> None:
    """A bio or avatar changed: the pages that read it. A new profile (or a deleted one) also
    changes pages that read the critic without one: theirs and the index."""
    if not public_critics().filter(pk=instance.user_id).exists():
        return
    purged = {profile_tag(instance.user_id)}
    if kwargs.get("created", True):  # post_delete sends no `created`
        purged |= {critic_tag(instance.user_id), CRITICS}
    tags.purge_on_commit(purged, using=kwargs.get("using"))


def _review_themes_changed(
    sender: type[Model], instance: Model, action: str, pk_set: set | None, **kwargs
) -> None:
    """A public review's themes show on those themes' pages and counts (not on the review)."""
    if action == "pre_clear":
        # post_clear names no rows: remember which ones the clear is about to unlink.
        related = instance.themes if isinstance(instance, Review) else instance.reviews
        instance._cache_cleared_pks = set(related.values_list("pk", flat=True))
        return
    if not action.startswith("post_"):
        return
    pks = pk_set if action != "post_clear" else getattr(instance, "_cache_cleared_pks", set())
    if isinstance(instance, Review):
        if instance.is_public and pks:
            purged = {THEMES, *(theme_reviews_tag(pk) for pk in pks)}
            tags.purge_on_commit(purged, using=kwargs.get("using"))
    elif Review.objects.published().filter(pk__in=pks or ()).exists():
        purged = {THEMES, theme_reviews_tag(instance.pk)}
        tags.purge_on_commit(purged, using=kwargs.get("using"))


def _public_review_changed(sender: object, review: Review, **kwargs) -> None:
    """The publishing service's signal (sent after commit): purge now."""
    tags.purge(tags_of_review(review) | set(kwargs.get("tags") or ()))


def _public_list_changed(sender: object, curated_list: CuratedList, **kwargs) -> None:
    """The lists service's signal (sent after commit): the list's page, the lists index and
    feeds, and the pages of its films (`tags`: `film_lists_tag` of each film on it before or
    after the change: their pages name their lists and compare films by them)."""
    tags.purge({list_tag(curated_list.pk), LISTS, *(kwargs.get("tags") or ())})


def next_publication() -> float | None:
    """When the next scheduled review goes public (epoch seconds), or None."""
    first = Review.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    return None if first is None else first.timestamp()


def next_list_publication() -> float | None:
    """When the next scheduled list goes public (epoch seconds), or None."""
    first = CuratedList.objects.filter(
        status=CuratedList.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(first=Min("published_at"))["first"]
    return None if first is None else first.timestamp()


def next_due_changes() -> float | None:
    """When the next scheduled changes to a live review go live (epoch seconds), or None."""
    first = ReviewWorkingCopy.objects.aggregate(first=Min("publish_at"))["first"]
    return None if first is None else first.timestamp()


def connect() -> None:
    """Tag reviews and critics as pages read them; purge public changes after commit."""
    user = get_user_model()
    post_init.connect(_loaded_review, sender=Review, dispatch_uid="reviews.caching:review")
    post_init.connect(_loaded_user, sender=user, dispatch_uid="reviews.caching:user")
    post_init.connect(_loaded_list, sender=CuratedList, dispatch_uid="reviews.caching:list")
    post_init.connect(_loaded_profile, sender=CriticProfile, dispatch_uid="reviews.caching:bio")
    for model in (Review, ReviewSection, user):
        pre_save.connect(_remember_before, sender=model, dispatch_uid="reviews.caching:before")
    post_save.connect(_review_saved, sender=Review, dispatch_uid="reviews.caching:review")
    pre_delete.connect(_remember_themes, sender=Review, dispatch_uid="reviews.caching:review")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid="reviews.caching:review")
    for model in (ReviewSection, Correction):
        post_save.connect(_part_changed, sender=model, dispatch_uid="reviews.caching:part")
        post_delete.connect(_part_changed, sender=model, dispatch_uid="reviews.caching:part")
    post_save.connect(_user_saved, sender=user, dispatch_uid="reviews.caching:user")
    for signal in (post_save, post_delete):
        signal.connect(_profile_changed, sender=CriticProfile, dispatch_uid="reviews.caching:bio")
    m2m_changed.connect(
        _review_themes_changed, sender=Review.themes.through, dispatch_uid="reviews.caching:themes"
    )
    public_review_changed.connect(_public_review_changed, dispatch_uid="reviews.caching:public")
    public_list_changed.connect(_public_list_changed, dispatch_uid="reviews.caching:list")
    tags.next_change_from(next_publication)
    tags.next_change_from(next_list_publication)
    tags.next_change_from(next_due_changes)
