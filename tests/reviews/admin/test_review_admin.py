"""Authoring reviews through the real admin, as a critic and as an editor."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from tests.factories import FilmFactory, ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:reviews_review_add")


def change_url(review: Review) -> str:
    return reverse("admin:reviews_review_change", args=[review.pk])


def review_form_data(film, **overrides) -> dict[str, object]:
    """A complete POST for the review form with two sections."""
    data: dict[str, object] = {
        "film": film.pk,
        "headline": "The shoes that carried a family",
        "slug": "shoes-that-carried-a-family",
        "standfirst": "A small story told at child height.",
        "intro": "An intro with *emphasis*.",
        "rating": "9",
        "verdict_heading": "Final verdict",
        "verdict": "See it.",
        "notes": "",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-heading": "Performances",
        "sections-0-body": "Natural and unforced.",
        "sections-0-position": "1",
        "sections-1-heading": "The city",
        "sections-1-body": "Tehran as a character.",
        "sections-1-position": "0",
        "sections-1-contains_spoilers": "on",
    }
    data.update(overrides)
    return data


def existing_sections_data(review: Review) -> dict[str, object]:
    """Management-form and section fields for a review's saved sections."""
    sections = list(review.sections.all())
    data: dict[str, object] = {
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "lock_version": review.version,
    }
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-review": review.pk,
            f"sections-{i}-heading": section.heading,
            f"sections-{i}-body": section.body,
            f"sections-{i}-position": section.position,
        }
    return data


def test_critic_creates_draft_with_sections(client, critic):
    """A critic's new review is saved as their draft, sections in the order they left them."""
    film = FilmFactory()
    client.force_login(critic)
    response = client.post(ADD_URL, review_form_data(film, status="published"))
    assert response.status_code == 302, response.context and response.context["errors"]
    review = Review.objects.get()
    assert review.author == critic
    assert review.status == Review.Status.DRAFT
    assert review.rating == 9
    assert [s.heading for s in review.sections.all()] == ["The city", "Performances"]
    assert [s.position for s in review.sections.all()] == [0, 1]
    assert review.sections.get(heading="The city").contains_spoilers


def test_critic_form_has_no_publish_controls(client, critic):
    """Critics see no status field and no publish action."""
    client.force_login(critic)
    response = client.get(ADD_URL)
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    ReviewFactory(author=critic, draft=True)
    changelist = client.get(reverse("admin:reviews_review_changelist"))
    assert "publish_selected" not in changelist.content.decode()


def test_critic_cannot_publish_through_action(client, critic):
    """A critic posting the publish action directly is refused; the review stays a draft."""
    review = ReviewFactory(author=critic, draft=True)
    ReviewSectionFactory(review=review)
    client.force_login(critic)
    client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish_selected", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


def test_critic_cannot_edit_others_review(client, critic, other_critic):
    """A critic saving another critic's review is turned away, and nothing changes."""
    review = ReviewFactory(author=other_critic, draft=True, headline="Theirs")
    client.force_login(critic)
    data = review_form_data(review.film, headline="Mine now", slug=review.slug)
    data |= existing_sections_data(review)
    response = client.post(change_url(review), data)
    assert response.status_code in (302, 403, 404)
    review.refresh_from_db()
    assert review.headline == "Theirs"


def test_critic_cannot_open_others_review(client, critic, other_critic):
    """A colleague's review does not open for a critic: not even read-only."""
    review = ReviewFactory(author=other_critic, draft=True, headline="Their private draft")
    client.force_login(critic)
    response = client.get(change_url(review), follow=True)
    assert "Their private draft" not in response.content.decode()


def test_critic_edits_own_review(client, critic):
    """A critic can change their own review's text."""
    review = ReviewFactory(author=critic, draft=True)
    ReviewSectionFactory(review=review)
    client.force_login(critic)
    data = review_form_data(review.film, headline="Revised headline", slug=review.slug)
    data |= existing_sections_data(review)
    response = client.post(change_url(review), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.headline == "Revised headline"


def test_editor_publishes_from_the_form(client, editor):
    """An editor can publish directly; the publication time defaults to now."""
    film = FilmFactory()
    client.force_login(editor)
    data = review_form_data(film, status="published", author=editor.pk)
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.status == Review.Status.PUBLISHED
    assert review.published_at is not None
    assert review.is_public


def test_editor_edits_critics_review(client, editor, critic):
    """Editors edit anyone's review."""
    review = ReviewFactory(author=critic, draft=True)
    ReviewSectionFactory(review=review)
    client.force_login(editor)
    data = review_form_data(
        review.film, headline="Edited by the desk", slug=review.slug, author=critic.pk
    )
    data |= existing_sections_data(review) | {"status": "draft"}
    response = client.post(change_url(review), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.headline == "Edited by the desk"
    assert review.author == critic


def test_publish_refused_when_incomplete(client, editor):
    """Publishing without a rating or sections is refused with a clear message."""
    film = FilmFactory()
    client.force_login(editor)
    data = review_form_data(film, status="published", author=editor.pk, rating="")
    data |= {"sections-TOTAL_FORMS": "0"}
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot be published yet" in body
    assert "Give it a star rating." in body
    assert "needs at least one section" in body
    assert not Review.objects.exists()


def test_publish_action_reports_refusals(client, editor):
    """The publish action publishes complete reviews and names what the others lack."""
    ready = ReviewFactory(draft=True)
    ReviewSectionFactory(review=ready)
    lacking = ReviewFactory(draft=True, rating=None, headline="Lacking")
    client.force_login(editor)
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, lacking.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Published 1 review(s)." in text
    assert "“Lacking” was not published: Give it a star rating." in text
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert ready.status == Review.Status.PUBLISHED
    assert lacking.status == Review.Status.DRAFT


def test_future_publication_is_scheduled(client, editor):
    """A future published_at makes a scheduled review, not a public one."""
    film = FilmFactory()
    client.force_login(editor)
    future = timezone.localtime() + timezone.timedelta(days=2)
    data = review_form_data(
        film,
        status="published",
        author=editor.pk,
        published_at_0=future.strftime("%Y-%m-%d"),
        published_at_1=future.strftime("%H:%M:%S"),
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.is_scheduled
    assert not Review.objects.published().exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rating": "11"}, "Select a valid choice"),
        ({"rating": "four"}, "Select a valid choice"),
        ({"headline": "x" * 201}, "at most 200 characters"),
        ({"headline": "   "}, "This field is required"),
        ({"sections-0-heading": "   "}, "Every section needs a heading."),
    ],
)
def test_bad_input_gives_form_errors(client, editor, overrides, message):
    """Bad values come back as form errors; nothing is saved half-way."""
    film = FilmFactory()
    client.force_login(editor)
    response = client.post(ADD_URL, review_form_data(film, author=editor.pk, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_duplicate_slug_is_a_form_error(client, editor):
    """A slug already taken is reported on the form, not as a server error."""
    existing = ReviewFactory()
    client.force_login(editor)
    data = review_form_data(existing.film, author=editor.pk, slug=existing.slug)
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Review with this Slug already exists." in response.content.decode()
    assert Review.objects.count() == 1


def test_preview_shows_draft_to_its_author(client, critic):
    """Staff with access see a draft on the public template, marked as a preview."""
    review = ReviewFactory(author=critic, draft=True, headline="Unseen draft")
    ReviewSectionFactory(review=review, heading="Hidden section")
    client.force_login(critic)
    response = client.get(reverse("admin:reviews_review_preview", args=[review.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Unseen draft" in text and "Hidden section" in text
    assert "Preview" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response.templates[0].name == "reviews/review_detail.html"


def test_preview_needs_staff_login(client, django_user_model):
    """Anonymous visitors and non-staff users are sent to the login page."""
    review = ReviewFactory(draft=True)
    url = reverse("admin:reviews_review_preview", args=[review.pk])
    assert client.get(url).status_code == 302
    reader = django_user_model.objects.create_user("reader", password="pw-reader-123")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_draft_not_on_public_page(client):
    """The public URL of a draft is a 404."""
    review = ReviewFactory(draft=True)
    assert client.get(review.get_absolute_url()).status_code == 404


def test_markdown_preview_is_sanitised(client, critic):
    """The live preview renders Markdown with the same sanitiser as the site."""
    client.force_login(critic)
    response = client.post(
        reverse("admin:reviews_review_markdown_preview"),
        {"text": "**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>bold</strong>" in html
    assert "onerror" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in html


def test_review_list_shows_stars_and_state(client, editor):
    """The review list shows the stars and whether a review is scheduled."""
    ReviewFactory(rating=9, headline="Listed")
    ReviewFactory(scheduled=True, headline="Later")
    client.force_login(editor)
    text = client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert "★★★★½" in text
    assert "Scheduled" in text


def test_blank_extra_section_with_only_a_position_is_ignored(client, editor):
    """A blank section form that the ordering script renumbered is not saved or refused."""
    film = FilmFactory()
    client.force_login(editor)
    data = review_form_data(film, author=editor.pk, status="draft")
    data |= {
        "sections-TOTAL_FORMS": "3",
        "sections-2-heading": "",
        "sections-2-body": "",
        "sections-2-position": "2",
    }
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    assert Review.objects.get().sections.count() == 2
