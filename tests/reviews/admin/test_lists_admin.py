"""Curated lists and critics' profiles in the real admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import CriticProfile, CuratedList
from tests.factories import CuratedListFactory, FilmFactory, ListEntryFactory

pytestmark = pytest.mark.django_db


def list_form_data(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Great Movies",
        "slug": "great-movies",
        "intro": "Films we return to.",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_draft_list_with_ranked_entries(client, editor):
    """A new list is a draft, credited to its editor, with each film's note rendered."""
    first, second = FilmFactory(), FilmFactory()
    client.force_login(editor)
    data = list_form_data(
        author=editor.pk,
        ranked="on",
        **{
            "entries-TOTAL_FORMS": "2",
            "entries-0-film": first.pk,
            "entries-0-position": "1",
            "entries-0-note": "The *first*.",
            "entries-1-film": second.pk,
            "entries-1-position": "2",
        },
    )
    response = client.post(reverse("admin:reviews_curatedlist_add"), data)
    assert response.status_code == 302, response.context["errors"]
    created = CuratedList.objects.get()
    assert created.status == CuratedList.Status.DRAFT
    assert created.author == editor
    assert [e.film for e in created.entries.all()] == [first, second]
    assert "<em>first</em>" in created.entries.first().note_html


def test_publish_action_goes_through_the_service(client, editor):
    """The admin action publishes complete lists and reports the empty ones."""
    complete = ListEntryFactory(curated_list=CuratedListFactory(draft=True)).curated_list
    empty = CuratedListFactory(draft=True, title="Nothing yet")
    client.force_login(editor)
    response = client.post(
        reverse("admin:reviews_curatedlist_changelist"),
        {"action": "publish_selected", "_selected_action": [complete.pk, empty.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Add at least one film." in text
    assert set(CuratedList.objects.published()) == {complete}


def test_critic_has_no_publish_action_for_lists(client, critic):
    """Critics cannot reach lists at all (no permission on them)."""
    client.force_login(critic)
    response = client.get(reverse("admin:reviews_curatedlist_changelist"))
    assert response.status_code == 403


def test_critic_edits_only_their_own_profile(client, critic, other_critic):
    """A critic's profile form saves to their own user, and others' profiles are hidden."""
    theirs = CriticProfile.objects.create(user=other_critic, bio="Someone else.")
    client.force_login(critic)
    response = client.post(
        reverse("admin:reviews_criticprofile_add"),
        {"user": other_critic.pk, "bio": "I write about silent comedy.", "avatar_alt": ""},
    )
    assert response.status_code == 302
    assert CriticProfile.objects.get(user=critic).bio == "I write about silent comedy."
    theirs.refresh_from_db()
    assert theirs.bio == "Someone else."
    change = reverse("admin:reviews_criticprofile_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # Django's "does not exist" redirect
