"""Which review changes purge which cache tags: only what readers can see, after commit."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reviews.caching import CRITICS, REVIEWS, critic_tag, review_tag
from reviews.models import Correction, Review
from reviews.signals import public_review_changed
from tests.factories import CreditFactory, ReviewFactory, ReviewSectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's after-commit callbacks, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _all(purged) -> set[str]:
    return set().union(*purged)


def test_an_autosave_of_a_draft_purges_nothing(commit, purged):
    """Saving a draft again and again (the desk autosaves) purges no tag."""
    draft = ReviewFactory(draft=True)
    with commit():
        for n in range(3):
            draft.intro = f"Still writing, pass {n}."
            draft.save()
    assert purged == []


def test_private_notes_on_a_live_review_purge_nothing(commit, purged):
    """Notes are for editors: changing them on a published review purges no tag."""
    review = ReviewFactory()
    with commit():
        review.notes = "Check the runtime with the distributor."
        review.save()
    assert purged == []


def test_a_login_purges_nothing(commit, purged):
    """A critic signing in (last_login) changes no byline."""
    review = ReviewFactory()
    with commit():
        review.author.last_login = timezone.now()
        review.author.save(update_fields=["last_login"])
    assert purged == []


def test_publishing_purges_the_review_and_the_reviews_of_its_film_critic_and_people(commit, purged):
    """Going public purges exactly the pages that can show the review."""
    draft = ReviewFactory(draft=True)
    director = CreditFactory(film=draft.film).person
    with commit():
        draft.status = Review.Status.PUBLISHED
        draft.published_at = timezone.now()
        draft.save()
    assert _all(purged) >= {
        review_tag(draft.pk),
        f"film-reviews:{draft.film_id}",
        f"critic-reviews:{draft.author_id}",
        f"person-reviews:{director.pk}",
        REVIEWS,
        CRITICS,
    }
    # Not the film's, critic's or director's own tags: every page naming them (a credit, a
    # byline, a film card) shows them as before.
    assert not _all(purged) & {
        f"film:{draft.film_id}",
        critic_tag(draft.author_id),
        f"person:{director.pk}",
    }


def test_unpublishing_purges_the_review(commit, purged):
    """A review returned to draft leaves every page that showed it."""
    review = ReviewFactory()
    with commit():
        review.status = Review.Status.DRAFT
        review.save()
    assert review_tag(review.pk) in _all(purged)


def test_nothing_is_purged_before_the_commit(django_capture_on_commit_callbacks, purged):
    """A reader rendering before the commit must not refill the cache: purges wait for it."""
    review = ReviewFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review.headline = "Changed inside the transaction"
        review.save()
    assert purged == []
    for callback in callbacks:
        callback()
    assert review_tag(review.pk) in _all(purged)


def test_a_section_of_a_public_review_purges_only_that_review(commit, purged):
    """A section edit refreshes its review's page, and no list."""
    section = ReviewSectionFactory()
    with commit():
        section.body = "A sharper paragraph."
        section.save()
    assert _all(purged) == {review_tag(section.review_id)}


def test_a_section_of_a_draft_purges_nothing(commit, purged):
    """Drafts are invisible: their sections purge nothing."""
    section = ReviewSectionFactory(review=ReviewFactory(draft=True))
    with commit():
        section.body = "Still drafting."
        section.save()
    assert purged == []


def test_a_correction_purges_its_review(commit, purged):
    """A published correction shows on its review's page."""
    review = ReviewFactory()
    with commit():
        Correction.objects.create(review=review, note="The year was 1994.")
    assert review_tag(review.pk) in _all(purged)


def test_renaming_a_critic_purges_their_bylines(commit, purged):
    """A critic's new name shows wherever their reviews do."""
    review = ReviewFactory()
    with commit():
        review.author.first_name = "Maren"
        review.author.save()
    assert critic_tag(review.author_id) in _all(purged)


def test_renaming_a_user_without_public_reviews_purges_nothing(commit, purged):
    """A user with no public review has no byline on the site."""
    user = UserFactory()
    with commit():
        user.first_name = "Nobody"
        user.save()
    assert purged == []


def test_the_publishing_signal_purges_the_review_and_extra_tags(purged):
    """public_review_changed (sent by the publishing service after commit) purges at once."""
    review = ReviewFactory()
    purged.clear()
    public_review_changed.send(sender=None, review=review, tags={"theme:night"})
    assert _all(purged) >= {
        review_tag(review.pk),
        f"film-reviews:{review.film_id}",
        "theme:night",
    }
