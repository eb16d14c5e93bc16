"""The publishing service: each transition's permission, lock, revision, mail and signal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from reviews.models import Review, ReviewWorkingCopy
from reviews.services import bulk, publishing, scheduled
from reviews.services.content import content_of
from reviews.signals import public_review_changed
from tests.factories import ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The public_review_changed signals sent, as (review pk, tags)."""
    calls = []

    def receiver(sender, review, tags, **kwargs):
        calls.append((review.pk, tags))

    public_review_changed.connect(receiver)
    yield calls
    public_review_changed.disconnect(receiver)


@pytest.fixture
def draft(critic):
    review = ReviewFactory(author=critic, draft=True, standfirst="Draft standfirst.")
    ReviewSectionFactory(review=review)
    return review


@pytest.fixture
def live(critic):
    review = ReviewFactory(author=critic, standfirst="Live standfirst.")
    ReviewSectionFactory(review=review)
    return review


def edited(review: Review, **changes) -> dict:
    return content_of(review) | changes


def test_publish_sends_the_signal_only_after_commit(
    draft, editor, sent, django_capture_on_commit_callbacks
):
    """Caches and search hear of a publication once the transaction has committed."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishing.publish(review=draft, actor=editor, lock_version=draft.version)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [(draft.pk, set())]


def test_critic_cannot_publish(draft, critic):
    """Publishing is for editors."""
    with pytest.raises(publishing.Refused):
        publishing.publish(review=draft, actor=critic, lock_version=draft.version)


def test_every_transition_needs_the_current_version(draft, editor):
    """No version is refused; an old one is a conflict; each transition bumps it."""
    with pytest.raises(publishing.Refused):
        publishing.publish(review=draft, actor=editor, lock_version=None)
    with pytest.raises(publishing.StaleVersion):
        publishing.publish(review=draft, actor=editor, lock_version=draft.version - 1 or 99)
    review = publishing.publish(review=draft, actor=editor, lock_version=draft.version)
    assert review.version == draft.version + 1


def test_submit_mails_the_editors_and_request_changes_mails_the_critic(
    draft, critic, editor, django_capture_on_commit_callbacks
):
    """Submitting tells the editors; a request for changes tells the critic, with the message."""
    editor.email, critic.email = "editor@example.org", "critic@example.org"
    editor.save()
    critic.save()
    with django_capture_on_commit_callbacks(execute=True):
        review = publishing.submit(review=draft, actor=critic, lock_version=draft.version)
    assert review.status == Review.Status.SUBMITTED
    assert mail.outbox[-1].to == ["editor@example.org"]
    assert draft.headline in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        review = publishing.request_changes(
            review=review, actor=editor, lock_version=review.version, message="Tighten the intro."
        )
    assert review.status == Review.Status.DRAFT
    assert mail.outbox[-1].to == ["critic@example.org"]
    assert "Tighten the intro." in mail.outbox[-1].body


def test_publishing_mails_the_author(draft, critic, editor, django_capture_on_commit_callbacks):
    """The critic hears when their review goes live."""
    critic.email = "critic@example.org"
    critic.save()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(review=draft, actor=editor, lock_version=draft.version)
    assert mail.outbox[-1].to == ["critic@example.org"]
    assert "now live" in mail.outbox[-1].body


def test_editing_a_live_review_fills_the_working_copy(live, critic, sent, client):
    """The row (what readers see) keeps its words; the working copy holds the edit; no signal."""
    publishing.save_content(
        review=live,
        actor=critic,
        content=edited(live, standfirst="Pending words."),
        lock_version=live.version,
    )
    live.refresh_from_db()
    assert live.standfirst == "Live standfirst."
    assert ReviewWorkingCopy.objects.get(review=live).content["standfirst"] == "Pending words."
    assert publishing.pending_changes(live) == 1
    assert sent == []


def test_publish_changes_makes_the_working_copy_live(
    live, critic, editor, sent, django_capture_on_commit_callbacks
):
    """Publish changes: the working copy becomes the row, then the signal goes out."""
    review = publishing.save_content(
        review=live,
        actor=critic,
        content=edited(live, standfirst="Pending words."),
        lock_version=live.version,
    )
    with pytest.raises(publishing.Refused):
        publishing.publish_changes(review=review, actor=critic, lock_version=review.version)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_changes(review=review, actor=editor, lock_version=review.version)
    live.refresh_from_db()
    assert live.standfirst == "Pending words."
    assert not ReviewWorkingCopy.objects.filter(review=live).exists()
    assert sent == [(live.pk, set())]


def test_scheduled_changes_go_live_on_the_first_request_after_their_time(
    live, editor, client, django_capture_on_commit_callbacks
):
    """No cron: the first request after the scheduled time publishes the changes."""
    review = publishing.save_content(
        review=live,
        actor=editor,
        content=edited(live, standfirst="Later words."),
        lock_version=live.version,
    )
    soon = timezone.now() + timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_changes(
            review=review, actor=editor, lock_version=review.version, at=soon
        )
    page = reverse("reviews:review_detail", args=[live.slug])
    assert "Later words." not in client.get(page).content.decode()
    ReviewWorkingCopy.objects.filter(review=live).update(publish_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        scheduled.apply_due_changes(now=timezone.now() - timedelta(days=1))  # nothing due yet
    publishing._remember_next_due_changes()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(page)
    live.refresh_from_db()
    assert live.standfirst == "Later words."


def test_changes_that_could_not_go_live_are_refused_when_scheduled(live, critic, editor):
    """The editor who schedules hears what is missing, not a reader when the time comes."""
    review = publishing.save_content(
        review=live, actor=critic, content=edited(live, sections=[]), lock_version=live.version
    )
    with pytest.raises(publishing.NotPublishable):
        publishing.publish_changes(
            review=review,
            actor=editor,
            lock_version=review.version,
            at=timezone.now() + timedelta(hours=1),
        )
    assert ReviewWorkingCopy.objects.get(review=live).publish_at is None


def test_due_changes_that_cannot_go_live_stay_unscheduled_and_fail_no_request(
    live, critic, editor, client, caplog
):
    """Should scheduled changes no longer be publishable when due, the reader still gets the
    page, the words stay in the working copy, and it is not retried on every request."""
    review = publishing.save_content(
        review=live, actor=critic, content=edited(live, sections=[]), lock_version=live.version
    )
    ReviewWorkingCopy.objects.filter(review=live).update(publish_at=timezone.now())
    publishing._remember_next_due_changes()
    assert client.get(reverse("reviews:review_detail", args=[live.slug])).status_code == 200
    copy = ReviewWorkingCopy.objects.get(review=review)
    assert copy.publish_at is None
    assert copy.content["sections"] == []
    assert "not published" in caplog.text
    live.refresh_from_db()
    assert live.standfirst == "Live standfirst."


def test_discard_changes_keeps_the_live_version(live, critic):
    """Discarding throws the working copy away and leaves readers' text alone."""
    review = publishing.save_content(
        review=live,
        actor=critic,
        content=edited(live, standfirst="Oops."),
        lock_version=live.version,
    )
    publishing.discard_changes(review=review, actor=critic, lock_version=review.version)
    live.refresh_from_db()
    assert live.standfirst == "Live standfirst."
    assert not ReviewWorkingCopy.objects.filter(review=live).exists()


def test_save_draft_records_no_revision_and_sends_nothing(live, critic, sent):
    """The desk's autosave: the working copy is saved, the history and caches are untouched."""
    before = Version.objects.get_for_object(live).count()
    review = publishing.save_draft(
        review=live, actor=critic, content=edited(live, intro="Typing…"), lock_version=live.version
    )
    assert review.version == live.version + 1
    assert Version.objects.get_for_object(live).count() == before
    assert ReviewWorkingCopy.objects.get(review=live).content["intro"] == "Typing…"
    assert sent == []


def test_unchanged_save_records_nothing(draft, critic):
    """Saving the same words is not a revision and does not bump the version."""
    review = publishing.save_content(
        review=draft, actor=critic, content=content_of(draft), lock_version=draft.version
    )
    assert review.version == draft.version
    assert not Version.objects.get_for_object(draft).exists()


def test_restore_puts_words_back_never_the_status(draft, critic, editor):
    """Restoring a published revision after an unpublish brings back words, not publication."""
    review = publishing.publish(review=draft, actor=editor, lock_version=draft.version)
    published = Version.objects.get_for_object(review).first()
    review = publishing.unpublish(review=review, actor=editor, lock_version=review.version)
    review = publishing.save_content(
        review=review,
        actor=critic,
        content=edited(review, standfirst="Rewritten."),
        lock_version=review.version,
    )
    review = publishing.restore_revision(
        review=review, actor=critic, version=published, lock_version=review.version
    )
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert review.standfirst == "Draft standfirst."


def test_list_actions_bump_the_version(live, editor):
    """Unpublishing from the list makes every open form of the review stale."""
    bulk.unpublish_reviews(reviews=Review.objects.filter(pk=live.pk), actor=editor)
    assert Review.objects.get(pk=live.pk).version == live.version + 1


def test_deleting_a_public_review_sends_the_signal(
    live, editor, sent, django_capture_on_commit_callbacks
):
    """Readers lose a deleted public review: caches hear of it after commit."""
    pk = live.pk
    with django_capture_on_commit_callbacks(execute=True):
        publishing.delete_review(review=live, actor=editor)
    assert sent == [(pk, set())]
