"""Discovery in a real browser: the trailer facade, sharing, and filters on a phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.factories import FilmFactory, GenreFactory
from tests.tools.catalogue import add_discovery, build_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_trailer_loads_nothing_from_a_third_party_before_the_click(page):
    """Every request is to our own server until "Play trailer"; then the no-cookie player."""
    catalogue = build_catalogue(1)
    add_discovery(catalogue)
    own = urlsplit(page.base_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(page.base_url + catalogue.films[0].get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert requested
    assert all(urlsplit(url).netloc == own for url in requested), requested
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Play trailer").click()
    frame = page.locator("iframe.trailer__frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(200)  # the frame's own request is issued right after insertion
    foreign = {urlsplit(url).netloc for url in requested} - {own}
    assert foreign == {"www.youtube-nocookie.com"}


def test_copy_link_copies_the_canonical_url(chromium, live_server):
    """ "Copy link" puts the page's canonical address (not the one typed) on the clipboard."""
    catalogue = build_catalogue(1, posters=False)
    found = add_discovery(catalogue)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + found.public_list.get_absolute_url() + "?page=1&utm_source=x")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied.").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    assert copied == canonical
    assert canonical.endswith("/lists/great-films/")


def test_phone_shows_results_in_the_first_screen(chromium, live_server):
    """At 390 px the filters sit behind one "Filter and sort" control and a film is visible."""
    drama = GenreFactory(slug="drama", name="Drama")
    for n in range(5):
        FilmFactory(title=f"Rain study {n}").genres.add(drama)
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/films/?genre=drama")
    toggle = page.locator("summary.browse__toggle")
    assert toggle.inner_text() == "Filter and sort (1 active)"
    assert not page.locator("#id_genre").is_visible()
    first_card = page.locator(".film-grid .film-card").first
    box = first_card.bounding_box()
    assert box is not None and box["y"] < 844
    assert page.get_by_role("link", name="Genre: Drama (remove this filter)").is_visible()
    toggle.click()
    assert page.locator("#id_genre").is_visible()
    context.close()
