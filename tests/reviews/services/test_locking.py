"""No lost updates: two editors open the same review; the second save is refused, nothing lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.admin_forms import admin_form_data
from tests.factories import ReviewFactory, ReviewSectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    """A draft review with two sections (its edits land on the row itself)."""
    review = ReviewFactory(headline="The original headline", intro="Original intro.", draft=True)
    ReviewSectionFactory(review=review, heading="Performances", body="Original section one.")
    ReviewSectionFactory(review=review, heading="The city", body="Original section two.")
    return review


@pytest.fixture
def second_editor(editor):
    """Another member of the Editor group."""
    user = UserFactory(username="second", first_name="Sam", last_name="Second", is_staff=True)
    user.groups.set(editor.groups.all())
    return user


def open_form(client, user, review: Review) -> dict[str, object]:
    """Log in as user and return the POST data of the change page as it was opened."""
    client.force_login(user)
    response = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert response.status_code == 200
    return admin_form_data(response)


def save(client, user, review: Review, data: dict[str, object]):
    client.force_login(user)
    return client.post(reverse("admin:reviews_review_change", args=[review.pk]), data)


def test_change_form_carries_the_version(client, editor, review):
    """The change page sends back the version it was opened at."""
    data = open_form(client, editor, review)
    assert data["lock_version"] == review.version


def test_second_save_of_the_same_version_is_refused(client, editor, second_editor, review):
    """The second editor to save gets a conflict and the first editor's text stays saved."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    first["intro"] = "The first editor's intro."
    assert save(client, editor, review, first).status_code == 302
    second["intro"] = "The second editor's intro."
    response = save(client, second_editor, review, second)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.intro == "The first editor's intro."
    assert review.version == 2


def test_conflict_message_says_who_and_when(client, editor, second_editor, review):
    """The refusal names the other editor and the time of their save."""
    first = open_form(client, second_editor, review)
    second = open_form(client, editor, review)
    first["headline"] = "Sam's headline"
    save(client, second_editor, review, first)
    response = save(client, editor, review, second | {"headline": "My headline"})
    page = response.content.decode()
    assert "Someone else saved this review at" in page
    assert "(by Sam Second)" in page


def test_conflict_keeps_the_editors_text_in_the_form(client, editor, second_editor, review):
    """Nothing lost: the refused editor's words are still in the re-shown form."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    save(client, editor, review, first | {"intro": "Theirs."})
    response = save(client, second_editor, review, second | {"intro": "A long, careful paragraph."})
    assert "A long, careful paragraph." in response.content.decode()
    assert response.context["adminform"].form["intro"].value() == "A long, careful paragraph."


def test_conflict_shows_a_diff_of_their_version_against_yours(
    client, editor, second_editor, review
):
    """The conflict lists the other version's lines next to the refused ones."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    save(client, editor, review, first | {"verdict": "Their verdict line."})
    response = save(client, second_editor, review, second | {"verdict": "My verdict line."})
    page = response.content.decode()
    assert 'id="edit-conflict"' in page
    assert "- Their verdict line." in page
    assert "+ My verdict line." in page
    assert reverse("admin:reviews_review_history", args=[review.pk]) in page


def test_section_edits_conflict_too(client, editor, second_editor, review):
    """A section changed by one editor is not overwritten by another's stale form."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    first["sections-0-body"] = "First editor's section."
    save(client, editor, review, first)
    second["sections-0-body"] = "Second editor's section."
    second["sections-1-body"] = "Second editor's other section."
    save(client, second_editor, review, second)
    bodies = list(review.sections.values_list("body", flat=True))
    assert bodies == ["First editor's section.", "Original section two."]


def test_refused_save_changes_nothing_at_all(client, editor, second_editor, review):
    """Nothing is saved half-way: no field, section, version or history entry moves."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    save(client, editor, review, first | {"intro": "Saved once."})
    review.refresh_from_db()
    before = (review.version, review.updated_at, list(review.sections.values("heading", "body")))
    save(
        client,
        second_editor,
        review,
        second | {"headline": "Stale headline", "sections-0-heading": "Stale heading"},
    )
    review.refresh_from_db()
    after = (review.version, review.updated_at, list(review.sections.values("heading", "body")))
    assert after == before
    assert review.headline == "The original headline"


def test_saving_again_after_reading_the_conflict_wins(client, editor, second_editor, review):
    """After the conflict, the re-shown form carries the new version; a deliberate save goes in."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    save(client, editor, review, first | {"intro": "Theirs."})
    response = save(client, second_editor, review, second | {"intro": "Mine, after reading."})
    retry = admin_form_data(response)
    assert retry["lock_version"] == 2
    assert save(client, second_editor, review, retry).status_code == 302
    review.refresh_from_db()
    assert review.intro == "Mine, after reading."
    assert review.version == 3


def test_each_save_bumps_the_version(client, editor, review):
    """One editor saving twice in a row never conflicts with themself."""
    for n in range(2):
        data = open_form(client, editor, review)
        assert save(client, editor, review, data | {"intro": f"Pass {n}"}).status_code == 302
    review.refresh_from_db()
    assert review.version == 3


def test_hostile_section_count_in_a_conflict_is_harmless(client, editor, second_editor, review):
    """A conflict re-shown with a junk section count (here a superscript digit) is no 500."""
    first = open_form(client, editor, review)
    second = open_form(client, second_editor, review)
    save(client, editor, review, first | {"intro": "Theirs."})
    response = save(client, second_editor, review, second | {"sections-TOTAL_FORMS": "²"})
    assert response.status_code == 200
