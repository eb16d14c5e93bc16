"""Reviews' cache tags: what a page read, and what a public change purges.

Reviews and critics loaded while a page renders tag it (`review:55`, `critic:3`); pages that
list or count public reviews as a whole add `REVIEWS` themselves. Only a change readers can see
purges: `public_review_changed` (sent by the publishing service after commit), or a save of a
public review's visible fields from anywhere else (the shell, an importer). Autosaves, drafts,
working copies and private notes purge nothing. Purges run after the transaction commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Min, Model
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from films.caching import FILMS, film_tag, person_tag
from films.models import Credit
from reviews.models import Correction, Review, ReviewSection
from reviews.signals import public_review_changed
from reviews_project import tags

# Lists, counts, feeds and sitemaps of public reviews (and the ratings they make).
REVIEWS = "reviews"
# The index of critics.
CRITICS = "critics"
# What readers see of a review: a save that changes none of these purges nothing.
SEEN_REVIEW_FIELDS = (
    "film_id",
    "author_id",
    "headline",
    "slug",
    "standfirst",
    "intro",
    "rating",
    "verdict_heading",
    "verdict",
    "status",
    "published_at",
)
SEEN_SECTION_FIELDS = ("review_id", "position", "heading", "body", "contains_spoilers")
SEEN_USER_FIELDS = ("username", "first_name", "last_name")


def review_tag(pk: object) -> str:
    return f"review:{pk}"


def critic_tag(pk: object) -> str:
    return f"critic:{pk}"


def tags_of_review(review: Review) -> set[str]:
    """Everything a public change of this review may show on: its page, its film's, its
    critic's, the pages of the film's people, and every list of reviews or films."""
    people = Credit.objects.filter(film_id=review.film_id).values_list("person_id", flat=True)
    return {
        review_tag(review.pk),
        film_tag(review.film_id),
        critic_tag(review.author_id),
        REVIEWS,
        FILMS,
        CRITICS,
        *(person_tag(pk) for pk in people),
    }


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


def _user_saved(sender: type[Model], instance: Model, **kwargs) -> None:
    before = getattr(instance, "_cache_seen_before", None)
    if before is None or before == _seen(instance, SEEN_USER_FIELDS):
        return  # a new user, or a login (last_login): no byline changed
    if Review.objects.published().filter(author=instance).exists():
        tags.purge_on_commit({critic_tag(instance.pk), CRITICS, REVIEWS}, using=kwargs.get("using"))


def _public_review_changed(sender: object, review: Review, **kwargs) -> None:
    """The publishing service's signal (sent after commit): purge now."""
    tags.purge(tags_of_review(review) | set(kwargs.get("tags") or ()))


def next_publication() -> float | None:
    """When the next scheduled review goes public (epoch seconds), or None."""
    first = Review.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    return None if first is None else first.timestamp()


def connect() -> None:
    """Tag reviews and critics as pages read them; purge public changes after commit."""
    user = get_user_model()
    post_init.connect(_loaded_review, sender=Review, dispatch_uid="reviews.caching:review")
    post_init.connect(_loaded_user, sender=user, dispatch_uid="reviews.caching:user")
    for model in (Review, ReviewSection, user):
        pre_save.connect(_remember_before, sender=model, dispatch_uid="reviews.caching:before")
    post_save.connect(_review_saved, sender=Review, dispatch_uid="reviews.caching:review")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid="reviews.caching:review")
    for model in (ReviewSection, Correction):
        post_save.connect(_part_changed, sender=model, dispatch_uid="reviews.caching:part")
        post_delete.connect(_part_changed, sender=model, dispatch_uid="reviews.caching:part")
    post_save.connect(_user_saved, sender=user, dispatch_uid="reviews.caching:user")
    public_review_changed.connect(_public_review_changed, dispatch_uid="reviews.caching:public")
    tags.next_change_from(next_publication)
