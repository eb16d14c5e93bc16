"""The writing desk from the keyboard alone: a whole review written, ordered and submitted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.browser.test_desk import sign_in
from tests.factories import FilmFactory

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTIONS = [
    ("The performances", "The two leads carry the film with restraint."),
    ("The look", "Grey skies and salt spray, lived in."),
    ("The sound", "Foghorns and a spare piano score."),
    ("The town", "A harbour town that feels like a character."),
]


class Keyboard:
    """Drives the page with key presses only, counting interactions as the issue counts them.

    Each focus move (Tab or Shift+Tab) is one, each field typed is one, each activation or
    other key (Enter, Space, an arrow) is one; `keys` counts every key press besides.
    """

    def __init__(self, page) -> None:
        self.page = page
        self.interactions = 0
        self.keys = 0

    def focused(self) -> str:
        return self.page.evaluate(
            "() => { const e = document.activeElement; const text = e.tagName === 'A' ?"
            " e.textContent.trim() : ''; return e.name || e.id || text || e.className; }"
        )

    def tab_to(self, name: str, *, back: bool = False, limit: int = 30) -> None:
        """Tab (or Shift+Tab) until the field or button called `name` has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            self.interactions += 1
            self.keys += 1
            if self.focused() == name:
                return
        raise AssertionError(f"{name} not reached in {limit} focus moves")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.interactions += 1
        self.keys += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.interactions += 1
        self.keys += 1


def test_a_whole_review_is_written_and_submitted_with_the_keyboard_alone(
    page, critic, record_figure
):
    """Film, headline, standfirst, intro, four sections (one moved), verdict, 3½ stars, submit."""
    film = FilmFactory(title="Harbour Lights", year=2025)
    sign_in(page, critic)
    page.goto(page.base_url + reverse("admin:reviews_review_add"))
    keys = Keyboard(page)

    keys.tab_to("select2-selection select2-selection--single")
    keys.press("Enter")
    keys.type("Harbour")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("Harbour Lights")
    keys.press("Enter")
    keys.tab_to("headline")
    keys.type("A quiet storm in a small town")
    keys.tab_to("standfirst")
    keys.type("A modest drama that earns every one of its tears.")
    keys.tab_to("intro")
    keys.type("Set over one winter, it follows a lighthouse keeper and his daughter.")
    for i, (heading, body) in enumerate(SECTIONS):
        if i:
            keys.tab_to("Add another Section")
            keys.press("Enter")
            assert keys.focused() == f"sections-{i}-heading"
        else:
            keys.tab_to("sections-0-heading")
        keys.type(heading)
        keys.tab_to(f"sections-{i}-body")
        keys.type(body)
    # The last section ("The town") belongs before "The sound": move it up once.
    keys.tab_to("sections-3-heading", back=True)
    keys.tab_to("move-up", back=True)
    keys.press("Enter")
    keys.tab_to("verdict")
    keys.type("Not flawless, but honest and affecting.")
    keys.tab_to("rating")
    for _ in range(7):  # half stars: from "No rating yet" to 3½
        keys.press("ArrowRight")
    expect(page.locator(".star-rating__value")).to_have_text("3.5/5")
    keys.tab_to("_submit", limit=12)
    keys.press("Enter")

    page.wait_for_url("**/admin/reviews/review/")
    review = Review.objects.get(headline="A quiet storm in a small town")
    assert review.film == film
    assert review.status == Review.Status.SUBMITTED
    assert review.rating == 7
    assert review.verdict == "Not flawless, but honest and affecting."
    assert [s.heading for s in review.sections.order_by("position")] == [
        "The performances",
        "The look",
        "The town",
        "The sound",
    ]
    record_figure("keyboard-only review: interactions", keys.interactions)
    record_figure("keyboard-only review: key presses", keys.keys)
