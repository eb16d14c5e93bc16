"""A critic and an editor take a review from draft to live, and a live review through changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from tests.factories import ReviewFactory, ReviewSectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def _log_in(page, user) -> None:
    page.goto(page.base_url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def _press(page, name: str) -> None:
    with page.expect_navigation():
        page.click(f"input[name={name}]")
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()


@pytest.fixture
def editor_page(chromium, live_server):
    """A second browser, for the editor, beside the critic's."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_critic_and_editor_take_a_review_live_then_through_changes(
    page, editor_page, critic, editor
):
    """Submit, request changes, revise, schedule, live on time; changes wait for "Publish"."""
    review = ReviewFactory(author=critic, draft=True, standfirst="A first standfirst.")
    ReviewSectionFactory(review=review, heading="The city", body="Streets at child height.")
    change = page.base_url + reverse("admin:reviews_review_change", args=[review.pk])
    public = page.base_url + reverse("reviews:review_detail", args=[review.slug])

    # The critic writes and submits.
    _log_in(page, critic)
    page.goto(change)
    page.fill("#id_standfirst", "The critic's standfirst.")
    _press(page, "_submit")
    assert Review.objects.get(pk=review.pk).status == Review.Status.SUBMITTED

    # The editor asks for changes, with a message.
    _log_in(editor_page, editor)
    editor_page.goto(change)
    editor_page.fill("#id_changes_message", "Say more about the ending.")
    _press(editor_page, "_request_changes")
    assert Review.objects.get(pk=review.pk).status == Review.Status.DRAFT

    # The critic revises and submits again.
    page.goto(change)
    page.fill("#id_verdict", "The ending earns its quiet.")
    _press(page, "_submit")

    # The editor schedules it a few seconds ahead; it goes live by itself then.
    editor_page.goto(change)
    at = timezone.localtime(timezone.now() + timedelta(seconds=10))
    editor_page.select_option("#id_status", "published")
    editor_page.fill("#id_published_at_0", at.strftime("%Y-%m-%d"))
    editor_page.fill("#id_published_at_1", at.strftime("%H:%M:%S"))
    _press(editor_page, "_continue")
    assert "Scheduled" in editor_page.content()
    assert page.request.get(public).status == 404
    for _ in range(90):  # waiting for the clock, not timing anything
        if page.request.get(public).status == 200:
            break
        editor_page.wait_for_timeout(500)
    assert page.request.get(public).status == 200

    # The editor edits the live review: readers keep the live text until "Publish changes".
    editor_page.goto(change)
    editor_page.fill("#id_standfirst", "The editor's sharper standfirst.")
    _press(editor_page, "_continue")
    assert "unpublished change" in editor_page.content()
    text = page.request.get(public).text().replace("&#x27;", "'")
    assert "The critic's standfirst." in text
    assert "sharper standfirst" not in text
    _press(editor_page, "_publish_changes")
    text = page.request.get(public).text().replace("&#x27;", "'")
    assert "The editor's sharper standfirst." in text
