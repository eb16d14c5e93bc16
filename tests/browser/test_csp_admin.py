"""Under the Content-Security-Policy the admin, the star widget and section ordering still work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import ReviewSection
from tests.factories import ReviewFactory, ReviewSectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"

# Recorded from the page itself, so violations the console might not print are caught too.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation (event or console message) collected."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_errors = []
    page.on(
        "console",
        lambda msg: (
            page.console_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return page


def _violations(page) -> list[str]:
    return [*page.evaluate("window.__cspViolations || []"), *page.console_errors]


def _log_in(page, user) -> None:
    page.goto(page.base_url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_admin_star_widget_and_section_ordering_work_under_csp(watched, editor, critic):
    """Log in, click a star, move a section, save: it all works and nothing breaks the CSP."""
    page = watched
    # A draft: its saves land on the row (a live review's would wait in its working copy).
    review = ReviewFactory(author=critic, rating=4, draft=True)
    ReviewSectionFactory(review=review, position=0, heading="Opening movement")
    ReviewSectionFactory(review=review, position=1, heading="Closing movement")
    assert (
        "default-src 'self'"
        in page.request.get(page.base_url + "/").headers["content-security-policy"]
    )

    _log_in(page, editor)
    assert _violations(page) == []
    page.goto(page.base_url + reverse("admin:reviews_review_change", args=[review.pk]))

    # The star widget: clicking the label of 3½ stars selects it and updates the read-out.
    page.click("label.star-rating__half[title^='3½'], label.star-rating__half[title^='3.5']")
    assert page.locator(".star-rating__value").inner_text() == "3.5/5"

    # The section ordering script: "Move down" on the first section swaps the two.
    first_item = page.locator(".sortable-sections .inline-related", has_text="Opening movement")
    first_item.locator("button.move-down").click()
    assert first_item.locator("input.section-position").input_value() == "1"

    # Fill the blank extra section too: the ordering script renumbers it, and a renumbered blank
    # form counts as changed and fails validation (reported to the admin's owner).
    page.fill("#id_sections-2-heading", "Coda")
    page.fill("#id_sections-2-body", "A last word.")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()
    assert _violations(page) == []
    review.refresh_from_db()
    assert review.rating == 7
    # The service stores sections as the ordered content the form posted (rows are reused).
    assert list(review.sections.values_list("heading", flat=True)) == [
        "Closing movement",
        "Opening movement",
        "Coda",
    ]
    assert ReviewSection.objects.filter(review=review).count() == 3


def test_public_pages_raise_no_csp_violations(watched, db):
    """Home, lists, film, review and search pages load with no CSP complaint."""
    page = watched
    review = ReviewFactory(headline="A policy-abiding review")
    ReviewSectionFactory(review=review)
    for url in [
        "/",
        reverse("films:film_list"),
        reverse("reviews:review_list"),
        review.film.get_absolute_url(),
        review.get_absolute_url(),
        reverse("search") + "?q=policy",
    ]:
        page.goto(page.base_url + url)
        page.wait_for_load_state("load")
        assert _violations(page) == [], url
