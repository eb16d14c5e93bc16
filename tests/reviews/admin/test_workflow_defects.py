"""The six reproductions of issue 11, each through the real admin as editors and critics use it.

They drive pages only (no service calls), so the same tests ran against the code before the
publishing service: there each failed; here each passes.
"""

from __future__ import annotations

import re

import pytest
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from films.models import Film
from reviews.models import Review
from tests.admin_forms import admin_form_data
from tests.factories import (
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_review_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def public_status(client, review: Review) -> int:
    client.logout()
    return client.get(reverse("reviews:review_detail", args=[review.slug])).status_code


def form_as_opened(client, user, obj) -> dict[str, object]:
    client.force_login(user)
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return admin_form_data(response)


def list_action(client, user, action: str, review: Review):
    client.force_login(user)
    data = {"action": action, "_selected_action": [review.pk]}
    return client.post(CHANGELIST, data)


def press_restore(client, url: str):
    """Open a revision (or recover) page and press its button, whichever kind of page it is."""
    page = client.get(url)
    assert page.status_code == 200
    if "adminform" in page.context:
        return client.post(url, admin_form_data(page))
    return client.post(url, {"lock_version": page.context.get("lock_version", "")})


@pytest.fixture
def second_editor(editor):
    user = UserFactory(username="second", is_staff=True)
    user.groups.set(editor.groups.all())
    return user


@pytest.fixture
def critics_review(critic):
    """A complete draft by the critic."""
    review = ReviewFactory(author=critic, draft=True, headline="Critic's own words")
    ReviewSectionFactory(review=review, body="A section the critic wrote.")
    return review


# --- 1. a critic cannot put back online what an editor took down ------------------------------


def test_critic_restoring_the_published_revision_does_not_republish(
    client, critic, editor, critics_review
):
    """Editor publishes, then unpublishes; the critic restores the published revision: still 404."""
    data = form_as_opened(client, editor, critics_review)
    assert (
        client.post(change_url(critics_review), data | {"status": "published"}).status_code == 302
    )
    critics_review.refresh_from_db()
    assert critics_review.is_public
    list_action(client, editor, "unpublish_selected", critics_review)
    published = [
        v
        for v in Version.objects.get_for_object(critics_review).order_by("pk")
        if v.field_dict.get("status") == "published"
    ][-1]
    client.force_login(critic)
    url = reverse("admin:reviews_review_revision", args=[critics_review.pk, published.pk])
    press_restore(client, url)
    critics_review.refresh_from_db()
    assert critics_review.status == Review.Status.DRAFT
    assert public_status(client, critics_review) == 404


# --- 2. list actions bump the version: a stale form cannot undo them ---------------------------


def test_stale_form_cannot_republish_what_the_list_unpublished(client, editor, second_editor):
    """A opens a live review; B returns it to draft from the list; A's typo fix is refused."""
    review = ReviewFactory(headline="Live for now")
    ReviewSectionFactory(review=review)
    opened = form_as_opened(client, editor, review)
    list_action(client, second_editor, "unpublish_selected", review)
    client.force_login(editor)
    client.post(change_url(review), opened | {"standfirst": "A typo, fixed."})
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert public_status(client, review) == 404


def test_stale_form_cannot_unpublish_what_the_list_published(client, editor, second_editor):
    """A opens a draft; B publishes it from the list; A's save does not take it down again."""
    review = ReviewFactory(draft=True, headline="Going out")
    ReviewSectionFactory(review=review)
    opened = form_as_opened(client, editor, review)
    list_action(client, second_editor, "publish_selected", review)
    client.force_login(editor)
    client.post(change_url(review), opened | {"standfirst": "A typo, fixed."})
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert public_status(client, review) == 200


# --- 3. critics do not read colleagues' drafts or notes ----------------------------------------


def test_critic_reads_nothing_of_a_colleagues_review(client, critic, other_critic, editor):
    """List, form, preview, history, compare, revisions, recover and export: nothing leaks."""
    theirs = ReviewFactory(
        author=other_critic, draft=True, headline="Colleague secret", notes="Private note"
    )
    ReviewSectionFactory(review=theirs)
    data = form_as_opened(client, editor, theirs)
    client.post(change_url(theirs), data | {"intro": "A change to make a second revision."})
    versions = list(Version.objects.get_for_object(theirs).order_by("pk"))
    gone = ReviewFactory(author=other_critic, draft=True, headline="Colleague deleted secret")
    client.force_login(editor)
    client.post(reverse("admin:reviews_review_delete", args=[gone.pk]), {"post": "yes"})
    deleted = Version.objects.get_deleted(Review).first()
    pages = [
        CHANGELIST,
        change_url(theirs),
        reverse("admin:reviews_review_preview", args=[theirs.pk]),
        reverse("admin:reviews_review_history", args=[theirs.pk]),
        reverse("admin:reviews_review_recoverlist"),
    ]
    if deleted is not None:
        pages.append(reverse("admin:reviews_review_recover", args=[deleted.pk]))
    if versions:
        pages.append(reverse("admin:reviews_review_revision", args=[theirs.pk, versions[0].pk]))
        pages.append(
            reverse("admin:reviews_review_compare", args=[theirs.pk])
            + f"?a={versions[0].pk}&b={versions[-1].pk}"
        )
    client = Client()  # a browser of the critic's own, with none of the editor's messages
    client.force_login(critic)
    leaks = []
    for url in pages:
        body = client.get(url, follow=True).content.decode()
        leaks += [(url, word) for word in ("Colleague", "Private note") if word in body]
    export = client.post(
        CHANGELIST, {"action": "export_markdown_selected", "_selected_action": [theirs.pk]}
    )
    if export.status_code == 200 and "Colleague secret" in export.content.decode(errors="ignore"):
        leaks.append(("export", "Colleague secret"))
    assert not leaks


# --- 4. no lost edits: films and people have edit locks; no version, no save -------------------


def test_two_editors_on_one_film_lose_nothing(client, editor, second_editor):
    """A changes the synopsis, B (opened before) the runtime: B is refused, A's words stay."""
    film = FilmFactory(synopsis="Old synopsis.", runtime_minutes=90)
    first = form_as_opened(client, editor, film)
    second = form_as_opened(client, second_editor, film)
    client.force_login(editor)
    assert client.post(change_url(film), first | {"synopsis": "New synopsis."}).status_code == 302
    client.force_login(second_editor)
    response = client.post(change_url(film), second | {"runtime_minutes": "95"})
    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    film.refresh_from_db()
    assert (film.synopsis, film.runtime_minutes) == ("New synopsis.", 90)


def test_person_edit_lock_refuses_a_stale_save(client, editor, second_editor):
    """People have the same lock: the second of two saves from one version is refused."""
    someone = PersonFactory(bio="Old bio.")
    first = form_as_opened(client, editor, someone)
    second = form_as_opened(client, second_editor, someone)
    client.force_login(editor)
    client.post(change_url(someone), first | {"bio": "First bio."})
    client.force_login(second_editor)
    assert client.post(change_url(someone), second | {"bio": "Second bio."}).status_code == 200
    someone.refresh_from_db()
    assert someone.bio == "First bio."


def test_review_post_without_lock_version_is_refused(client, editor):
    """A change form sent without its version saves nothing and says why."""
    review = ReviewFactory(draft=True, standfirst="Before.")
    ReviewSectionFactory(review=review)
    data = form_as_opened(client, editor, review)
    del data["lock_version"]
    response = client.post(change_url(review), data | {"standfirst": "After."})
    assert response.status_code == 200
    assert "edit-lock version" in response.content.decode()
    review.refresh_from_db()
    assert review.standfirst == "Before."


def test_film_post_without_lock_version_is_refused(client, editor):
    """Films too: no version, no save."""
    film = FilmFactory(synopsis="Before.")
    data = form_as_opened(client, editor, film)
    data.pop("lock_version", None)
    response = client.post(change_url(film), data | {"synopsis": "After."})
    assert response.status_code == 200
    film.refresh_from_db()
    assert film.synopsis == "Before."


# --- 5. a critic's edit to a live review waits for an editor -----------------------------------


def test_critics_edit_to_a_live_review_waits_for_an_editor(client, critic, editor):
    """Readers keep the live text until an editor publishes the changes; then they see them."""
    review = ReviewFactory(author=critic, standfirst="The live standfirst.")
    ReviewSectionFactory(review=review)
    data = form_as_opened(client, critic, review)
    client.post(change_url(review), data | {"standfirst": "The critic's rewrite."})
    client.logout()
    page = client.get(reverse("reviews:review_detail", args=[review.slug])).content.decode()
    assert "The live standfirst." in page
    assert "The critic's rewrite." not in page
    data = form_as_opened(client, editor, review)
    assert data["standfirst"] == "The critic's rewrite."
    client.post(change_url(review), data | {"_publish_changes": "Publish changes"})
    client.logout()
    page = client.get(reverse("reviews:review_detail", args=[review.slug])).content.decode()
    assert "The critic's rewrite." in page


# --- 6. clear messages, no 500s, honest links and history --------------------------------------


def test_constraint_messages_are_in_editors_words(client, editor):
    """Publishing without a rating names what is missing, never a constraint."""
    film = FilmFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:reviews_review_add"))
    data = admin_form_data(response) | {
        "film": film.pk,
        "headline": "No stars",
        "slug": "no-stars",
        "standfirst": "A standfirst.",
        "verdict": "A verdict.",
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00:00",
        "sections-0-heading": "One",
        "sections-0-body": "Text.",
    }
    body = client.post(reverse("admin:reviews_review_add"), data).content.decode()
    assert "Give it a star rating." in body
    assert "violated" not in body
    assert "review_published_has_date_and_rating" not in body


def test_slug_taken_in_a_race_is_a_form_error(client, editor):
    """Another review takes the address between the form's check and the save: a form error."""
    film = FilmFactory()
    client.force_login(editor)
    data = admin_form_data(client.get(reverse("admin:reviews_review_add"))) | {
        "film": film.pk,
        "headline": "Raced",
        "slug": "raced",
        "sections-0-heading": "One",
        "sections-0-body": "Text.",
    }
    other = ReviewFactory.build(slug="raced", film=film, author=editor, status="draft")

    def racer(sender, instance, **kwargs):
        if instance.slug == "raced" and instance is not other and other.pk is None:
            other.published_at = None
            Review.objects.bulk_create([other])
            other.pk = Review.objects.get(slug="raced").pk

    pre_save.connect(racer, sender=Review)
    client.raise_request_exception = False
    try:
        response = client.post(reverse("admin:reviews_review_add"), data)
    finally:
        pre_save.disconnect(racer, sender=Review)
    assert response.status_code == 200
    assert "taken the address" in response.content.decode()


def test_view_on_site_only_for_what_readers_can_see(client, editor):
    """Drafts and scheduled reviews offer Preview, not a "View on site" link that 404s."""
    client.force_login(editor)
    for review, shown in (
        (ReviewFactory(draft=True), False),
        (ReviewFactory(scheduled=True), False),
        (ReviewFactory(), True),
    ):
        body = client.get(change_url(review)).content.decode()
        assert ("View on site" in body) is shown, review.state_label


def test_history_shows_seconds(client, editor):
    """Two saves in one minute are told apart: history times carry seconds."""
    review = ReviewFactory(draft=True)
    ReviewSectionFactory(review=review)
    data = form_as_opened(client, editor, review)
    client.post(change_url(review), data | {"intro": "Changed."})
    body = client.get(reverse("admin:reviews_review_history", args=[review.pk])).content.decode()
    table = body[body.index('id="change-history"') :]
    assert re.search(r"\d{1,2}:\d{2}:\d{2}", table)


def test_save_and_preview_without_changes_records_no_revision(client, editor):
    """Pressing "Save and preview" on an unchanged form adds nothing to the history."""
    review = ReviewFactory(draft=True)
    ReviewSectionFactory(review=review)
    data = form_as_opened(client, editor, review)
    before = Version.objects.get_for_object(review).count()
    response = client.post(change_url(review), data | {"_preview": "Save and preview"})
    assert response.status_code == 302
    assert Version.objects.get_for_object(review).count() == before


def test_film_constraint_message_is_in_editors_words():
    """A catalogue constraint speaks to editors too."""
    constraint = next(c for c in Film._meta.constraints if c.name == "film_year_in_range")
    assert "violated" not in str(constraint.get_violation_error_message())


def test_preview_shows_the_unpublished_changes(client, critic, editor):
    """Editors preview what "Publish changes" would put live; readers still see the live text."""
    review = ReviewFactory(author=critic, standfirst="Live standfirst.")
    ReviewSectionFactory(review=review, body="Live section.")
    data = form_as_opened(client, critic, review)
    client.post(
        change_url(review),
        data | {"standfirst": "Pending standfirst.", "sections-0-body": "Pending section."},
    )
    client.force_login(editor)
    page = client.get(reverse("admin:reviews_review_preview", args=[review.pk])).content.decode()
    assert "Pending standfirst." in page
    assert "Pending section." in page
    assert "Live section." not in page
