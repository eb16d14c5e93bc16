"""The writing desk in a real browser: the unsaved-changes guard and the folding side panel."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ReviewFactory, ReviewSectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, user) -> None:
    """Give the browser a session for `user` (the login page has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.base_url, "httpOnly": True}]
    )


@pytest.fixture
def review(critic):
    review = ReviewFactory(author=critic, draft=True, intro="The first paragraph.")
    ReviewSectionFactory(review=review, heading="The look")
    return review


def test_breadcrumb_click_with_unsaved_intro_asks_before_leaving(page, editor, review):
    """Typing in the intro, then clicking a breadcrumb, asks first; "Stay" keeps the text."""
    sign_in(page, editor)
    url = page.base_url + reverse("admin:reviews_review_change", args=[review.pk])
    page.goto(url)
    page.locator("#id_intro").press_sequentially(" And a second thought.")
    page.locator(".breadcrumbs a", has_text="Reviews").last.click()

    dialog = page.locator("dialog.guard-dialog")
    dialog.wait_for(state="visible")
    assert page.url == url
    dialog.get_by_role("button", name="Stay on this page").click()
    assert "And a second thought." in page.locator("#id_intro").input_value()

    page.locator(".breadcrumbs a", has_text="Reviews").last.click()
    dialog.get_by_role("button", name="Leave without saving").click()
    page.wait_for_url("**/admin/reviews/review/")


def test_side_panel_stays_beside_the_form_on_wide_screens_and_folds_on_phones(page, editor, review):
    """At 1280 px the state and slug are visible beside the form; at 390 px they fold away."""
    sign_in(page, editor)
    page.goto(page.base_url + reverse("admin:reviews_review_change", args=[review.pk]))
    assert page.locator("#desk-state").inner_text() == "Draft"
    assert page.locator("#id_slug").is_visible()
    panel = page.locator(".desk__panel").bounding_box()
    main = page.locator(".desk__main").bounding_box()
    assert panel["x"] > main["x"] + main["width"] - 1

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("!document.querySelector('.desk__fold').open")
    assert not page.locator("#id_slug").is_visible()
    assert page.locator("#desk-state").is_visible()
    page.locator(".desk__summary").click()
    assert page.locator("#id_slug").is_visible()
