"""Autosave in a real browser: nothing typed is lost, and it never gets in the way of Save."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from django.urls import reverse
from reversion.models import Version

from reviews.models import Review
from reviews.services import publishing
from reviews.services.content import content_of
from tests.browser.test_desk import sign_in
from tests.factories import FilmFactory, ReviewFactory, ReviewSectionFactory

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAVED = re.compile(r"^Saved \d\d:\d\d:\d\d$")
# The panel says "Saved" and this device's copy is the one the server answered for.
ALL_SAVED = """() => {
  const key = document.querySelector(".desk").dataset.autosaveKey;
  const copy = JSON.parse(localStorage.getItem(key) || "null");
  return document.querySelector("#desk-autosave").dataset.state === "saved" && copy && copy.synced;
}"""


@pytest.fixture
def draft(critic):
    """A critic's draft with one section, saved once by the critic (a revision to compare with)."""
    review = ReviewFactory(author=critic, draft=True, intro="The first paragraph.")
    ReviewSectionFactory(review=review, heading="The look")
    publishing.save_content(
        review=review,
        actor=critic,
        content={**content_of(review), "standfirst": "A standfirst as saved."},
        lock_version=review.version,
    )
    review.refresh_from_db()
    return review


def change_url(base_url: str, review: Review) -> str:
    return base_url + reverse("admin:reviews_review_change", args=[review.pk])


def test_text_left_for_ten_seconds_survives_closing_the_tab(page, critic, draft):
    """Typed, left 10 s, tab closed: the server has it; reopening offers it, with the diff."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    intro = page.locator("#id_intro")
    intro.press("Control+End")
    intro.press_sequentially(" A thought worth keeping.", delay=20)
    page.wait_for_timeout(10_000)
    expect(page.locator("#desk-autosave")).to_have_text(SAVED)
    # Autosaved is not saved: leaving still asks, and says where the words are.
    page.locator(".breadcrumbs a", has_text="Reviews").last.click()
    dialog = page.locator("dialog.guard-dialog")
    expect(dialog).to_contain_text("autosaved at")
    dialog.get_by_role("button", name="Stay on this page").click()
    page.close()

    draft.refresh_from_db()
    assert draft.intro == "The first paragraph. A thought worth keeping."
    reopened = page.context.new_page()
    reopened.goto(change_url(page.base_url, draft))
    offer = reopened.locator("#desk-autosave-offer")
    expect(offer).to_contain_text("There is an autosave of this review more recent than its last")
    expect(offer.locator("pre ins")).to_contain_text("A thought worth keeping.")
    expect(reopened.locator("#id_intro")).to_have_value(
        "The first paragraph. A thought worth keeping."
    )
    offer.get_by_role("button", name="Keep the autosave").click()
    expect(offer).to_have_count(0)


def test_discarding_an_autosave_on_reopening_brings_back_the_last_save(page, critic, draft):
    """Reopened with an autosave: "Discard" puts the last save's words back in the form."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    page.fill("#id_intro", "Words I do not want after all.")
    page.locator("#id_intro").blur()
    expect(page.locator("#desk-autosave")).to_have_text(SAVED)
    page.goto(change_url(page.base_url, draft))
    page.get_by_role("button", name="Discard it: back to the last save").click()
    expect(page.locator(".messagelist")).to_contain_text("Discarded the autosave")
    expect(page.locator("#id_intro")).to_have_value("The first paragraph.")
    expect(page.locator("#desk-autosave-offer")).to_have_count(0)


def test_offline_text_is_kept_on_the_device_and_sent_when_back_online(page, critic, draft):
    """No connection: "Offline — kept on this device"; back online, the server gets the words."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    page.context.set_offline(True)
    page.fill("#id_intro", "Written on a train without signal.")
    page.locator("#id_intro").blur()
    status = page.locator("#desk-autosave")
    expect(status).to_have_text("Offline — kept on this device")
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('desk:review:{draft.pk}'))")
    assert kept["fields"]["intro"] == "Written on a train without signal."
    assert kept["synced"] is False
    draft.refresh_from_db()
    assert draft.intro == "The first paragraph."

    page.context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=15_000)
    draft.refresh_from_db()
    assert draft.intro == "Written on a train without signal."


def test_save_waits_for_an_autosave_in_flight_and_is_not_a_conflict(page, critic, draft):
    """Save pressed while an autosave is out: it waits, then goes with the new lock version."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    answered = []

    def hold(route):
        # The autosave reaches the server (the version moves on); its answer is held back.
        answered.append((route, route.fetch()))

    page.route("**/autosave/", hold)
    page.fill("#id_intro", "Saved while an autosave was out.")
    page.keyboard.press("Tab")  # focus leaves the intro: an autosave goes
    deadline = time.monotonic() + 10
    while not answered and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert answered, "no autosave was sent when the intro lost focus"
    page.locator("input[name=_continue]").first.click()
    page.wait_for_timeout(300)
    assert page.locator("#edit-conflict").count() == 0
    route, response = answered[0]
    route.fulfill(response=response)

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#edit-conflict")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.intro == "Saved while an autosave was out."


def test_focus_moving_to_save_sends_no_autosave(page, critic, draft):
    """Typed, then Save clicked: the save carries the words; no autosave races it."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if "/autosave/" in request.url else 0
    )
    page.fill("#id_intro", "Straight to Save.")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert sent == []
    draft.refresh_from_db()
    assert draft.intro == "Straight to Save."
    assert Version.objects.get_for_object(draft).count() == 2  # the fixture's save and this one


def test_two_people_autosaving_one_review_get_a_conflict_not_an_overwrite(
    chromium, live_server, critic, editor, draft
):
    """The second one's autosave is refused; their Save shows the conflict with both versions."""
    pages = []
    for user in (critic, editor):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        opened = context.new_page()
        opened.set_default_timeout(10_000)
        opened.base_url = live_server.url
        sign_in(opened, user)
        opened.goto(change_url(live_server.url, draft))
        pages.append(opened)
    mine, theirs = pages
    try:
        mine.fill("#id_intro", "The critic's words.")
        mine.locator("#id_intro").blur()
        expect(mine.locator("#desk-autosave")).to_have_text(SAVED)

        theirs.fill("#id_intro", "The editor's words.")
        theirs.locator("#id_intro").blur()
        expect(theirs.locator("#desk-autosave")).to_contain_text("Someone else saved")
        draft.refresh_from_db()
        assert draft.intro == "The critic's words."

        theirs.locator("input[name=_continue]").first.click()
        expect(theirs.locator("#edit-conflict")).to_contain_text("The critic's words.")
        draft.refresh_from_db()
        assert draft.intro == "The critic's words."
    finally:
        for opened in pages:
            opened.context.close()


def test_autosave_round_trip_time(page, critic, draft, record_figure):
    """About twenty autosaves, each from its request to "Saved" on the page: the median."""
    sign_in(page, critic)
    page.goto(change_url(page.base_url, draft))
    status = page.locator("#desk-autosave")
    times = []
    for n in range(20):
        page.fill("#id_intro", f"Draft number {n}.")
        page.locator("#id_intro").blur()
        expect(status).to_have_attribute("data-state", "saved")
        times.append(int(status.get_attribute("data-round-trip-ms")))
        page.locator("#id_intro").focus()
    median = statistics.median(times)
    record_figure("autosave round trip p50 (ms)", median)
    record_figure("autosave round trip max (ms)", max(times))
    assert median < 2000


def test_the_add_forms_first_autosave_creates_the_draft_and_save_keeps_one_review(
    page, critic, record_figure
):
    """Film, headline, intro typed on the add form: "Saved", the draft is on the server, the
    page goes on as its change form; Save then keeps one review with the words."""
    FilmFactory(title="Harbour Lights", year=2025)
    sign_in(page, critic)
    page.goto(page.base_url + reverse("admin:reviews_review_add"))
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    page.locator(".select2-selection--single").first.click()
    page.locator(".select2-search__field").fill("Harbour")
    page.locator(".select2-results__option", has_text="Harbour Lights").click()
    with page.expect_response(lambda r: "/autosave-new/" in r.url) as created:
        page.locator("#id_headline").press_sequentially("A quiet storm in a small town", delay=5)
        page.locator("#id_sections-0-heading").fill("The look")
        page.locator("#id_sections-0-body").fill("Grey skies and salt spray.")
        page.locator("#id_intro").press_sequentially("Set over one winter.", delay=5)
    status = page.locator("#desk-autosave")
    expect(status).to_have_text(SAVED, timeout=15_000)
    # Saved with nothing typed since (an autosave answered while typing went on is not enough).
    page.wait_for_function(ALL_SAVED)
    assert created.value.status == 200
    timing = created.value.request.timing
    record_figure(
        "autosave-create round trip (ms)", round(timing["responseEnd"] - timing["requestStart"])
    )
    # Once per page: later autosaves go to the draft's own address.
    assert sum("/autosave-new/" in url for url in posted) == 1

    review = Review.objects.get()
    assert (review.headline, review.intro) == (
        "A quiet storm in a small town",
        "Set over one winter.",
    )
    assert (review.author, review.status) == (critic, Review.Status.DRAFT)
    change = reverse("admin:reviews_review_change", args=[review.pk])
    expect(page).to_have_url(page.base_url + change)
    assert page.locator("#review_form").get_attribute("action") == change
    expect(page.locator("#desk-state")).to_have_text("Draft")

    # Typing goes on into the same draft, through its own autosave address.
    page.locator("#id_intro").press_sequentially(" Then spring.", delay=5)
    page.locator("#id_intro").blur()
    page.wait_for_function(ALL_SAVED)
    review.refresh_from_db()
    assert review.intro == "Set over one winter. Then spring."
    assert sum("/autosave-new/" in url for url in posted) == 1
    page.locator("input[name=_continue]").last.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Review.objects.count() == 1
    review.refresh_from_db()
    assert review.intro == "Set over one winter. Then spring."
    assert [(s.heading, s.body) for s in review.sections.all()] == [
        ("The look", "Grey skies and salt spray.")
    ]
    page.goto(page.base_url + change)
    expect(page.locator("#id_intro")).to_have_value("Set over one winter. Then spring.")
    expect(page.locator("#id_sections-0-heading")).to_have_value("The look")
