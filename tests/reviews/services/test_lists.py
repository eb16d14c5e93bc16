"""Publishing curated lists: one service, permission checked, readers told after commit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from reviews.models import CuratedList
from reviews.services.lists import publish_list, unpublish_list
from reviews.signals import public_list_changed
from tests.factories import CuratedListFactory, ListEntryFactory

pytestmark = pytest.mark.django_db


def test_published_means_published_and_due():
    """Drafts and lists scheduled for later are not public."""
    public = CuratedListFactory()
    CuratedListFactory(draft=True)
    CuratedListFactory(scheduled=True)
    assert list(CuratedList.objects.published()) == [public]


def test_editor_publishes_a_complete_list_and_readers_are_told_after_commit(
    editor, django_capture_on_commit_callbacks
):
    """Publishing sets the state and date, then sends public_list_changed with film tags."""
    entry = ListEntryFactory(curated_list=CuratedListFactory(draft=True))
    sent = []

    def receiver(sender, curated_list, tags, **kwargs):
        sent.append(tags)

    public_list_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            problems = publish_list(curated_list=entry.curated_list, actor=editor)
        assert problems == []
        assert sent == []  # nothing before commit
        for callback in callbacks:
            callback()
    finally:
        public_list_changed.disconnect(receiver)
    assert sent == [{f"film-lists:{entry.film_id}"}]
    assert CuratedList.objects.published().get() == entry.curated_list


def test_empty_list_is_not_published(editor):
    """A list with no films stays a draft and the editor is told why."""
    empty = CuratedListFactory(draft=True)
    assert publish_list(curated_list=empty, actor=editor) == ["Add at least one film."]
    empty.refresh_from_db()
    assert empty.status == CuratedList.Status.DRAFT


def test_critic_cannot_publish_or_unpublish(critic):
    """Only editors hold the publish permission for lists."""
    entry = ListEntryFactory(curated_list=CuratedListFactory(draft=True))
    with pytest.raises(PermissionDenied):
        publish_list(curated_list=entry.curated_list, actor=critic)
    with pytest.raises(PermissionDenied):
        unpublish_list(curated_list=CuratedListFactory(), actor=critic)


def test_unpublish_returns_to_draft_and_keeps_the_date(editor):
    """Unpublishing hides the list; its first publication date is kept."""
    public = CuratedListFactory()
    first = public.published_at
    assert unpublish_list(curated_list=public, actor=editor) is True
    public.refresh_from_db()
    assert public.status == CuratedList.Status.DRAFT
    assert public.published_at == first
    assert unpublish_list(curated_list=public, actor=editor) is False
