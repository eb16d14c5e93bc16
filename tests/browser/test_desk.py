"""The writing desk in a real browser: the unsaved-changes guard and the folding side panel."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from films.models import Film, Person
from tests.factories import PersonFactory, ReviewFactory, ReviewSectionFactory

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

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
    expect(page.locator("#id_slug")).to_be_hidden()
    assert page.locator("#desk-state").is_visible()
    page.locator(".desk__summary").click()
    assert page.locator("#id_slug").is_visible()


def test_film_with_director_and_three_cast_in_at_most_twelve_interactions(page, editor):
    """Title, year, four names typed (one known person, three new), save: no pop-up window."""
    known = PersonFactory(name="Kelly Reichardt")
    sign_in(page, editor)
    page.goto(page.base_url + reverse("admin:films_film_add"))
    popups = []
    page.context.on("page", lambda opened: popups.append(opened))
    steps = [
        lambda: page.fill("#id_title", "Harbour Lights"),
        lambda: page.fill("#id_year", "2025"),
        lambda: page.fill("#id_credits-0-person_name", "Kelly Reichardt"),
        lambda: page.fill("#id_credits-1-person_name", "Ines Moreau"),
        lambda: page.fill("#id_credits-2-person_name", "Tomas Lindqvist"),
        lambda: page.fill("#id_credits-3-person_name", "Aiko Tanabe"),
        lambda: page.click("input[name=_save]"),
    ]
    for step in steps[:-1]:
        step()
    # The suggestion for the known name filled the row's hidden person id.
    expect(page.locator("#id_credits-0-person")).to_have_value(str(known.pk))
    steps[-1]()
    page.wait_for_url("**/admin/films/film/")

    assert len(steps) <= 12
    assert popups == []
    film = Film.objects.get(title="Harbour Lights")
    assert film.slug == "harbour-lights-2025"
    credits = film.credits.select_related("person").order_by("billing_order")
    assert [(c.role, c.person.name) for c in credits] == [
        ("director", "Kelly Reichardt"),
        ("cast", "Ines Moreau"),
        ("cast", "Tomas Lindqvist"),
        ("cast", "Aiko Tanabe"),
    ]
    assert Person.objects.filter(name="Kelly Reichardt").count() == 1
