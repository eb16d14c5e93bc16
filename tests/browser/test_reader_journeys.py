"""A reader's paths through the site in a real browser (no search: another suite covers it)."""

from __future__ import annotations

import re

import pytest

from films.models import Credit
from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory, UserFactory
from tests.tools.catalogue import SPOILER_TEXT, build_catalogue

# serialized_rollback: the flush after each test must leave the database as other
# transactional tests expect it (seeded rows restored, post_migrate not rerun).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_to_film_to_review_to_critic(page):
    """From the front page a reader reaches a film, its review and the critic's page."""
    catalogue = build_catalogue(2, posters=False)
    film = catalogue.films[-1]
    review = catalogue.reviews[-1]
    critic = catalogue.critics[-1]
    critic.first_name, critic.last_name = "Mara", "Okafor"
    critic.save()
    page.goto(page.base_url + "/")
    page.locator(".featured .kicker").get_by_role("link", name=film.title).click()
    page.wait_for_url(re.compile(re.escape(film.get_absolute_url()) + "$"))
    page.get_by_role("link", name=review.headline).click()
    page.wait_for_url(re.compile(re.escape(review.get_absolute_url()) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == review.headline
    page.locator(".review__meta").get_by_role("link", name="Mara Okafor").click()
    page.wait_for_url(re.compile("/critics/" + critic.username + "/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mara Okafor"


def test_filter_browse_page_and_page_through(page):
    """Choosing a genre filters the grid; the next page keeps the filter."""
    drama = GenreFactory(slug="drama", name="Drama")
    director = PersonFactory(name="Agnès Varda")
    for n in range(30):
        film = FilmFactory(title=f"Drama {n:02d}")
        film.genres.add(drama)
        CreditFactory(film=film, person=director, role=Credit.Role.DIRECTOR)
    FilmFactory(title="Not a drama")
    page.goto(page.base_url + "/films/")
    page.get_by_label("Genre").select_option("drama")
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url(re.compile(r"genre=drama"))
    assert "30 films match" in page.locator(".page-header__lede").inner_text()
    assert page.get_by_role("link", name="Not a drama").count() == 0
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"genre=drama.*page=2"))
    assert page.locator(".film-card").count() == 6
    assert page.get_by_label("Genre").input_value() == "drama"


def test_spoiler_section_opens_with_the_keyboard(page):
    """A spoiler stays hidden until the reader opens it (here with Enter on the summary)."""
    catalogue = build_catalogue(1, posters=False)
    page.goto(page.base_url + catalogue.reviews[0].get_absolute_url())
    spoiler = page.get_by_text(SPOILER_TEXT)
    assert not spoiler.is_visible()
    page.locator("details.spoiler summary").focus()
    page.keyboard.press("Enter")
    assert spoiler.is_visible()


def test_keyboard_reaches_the_filter_controls(page):
    """Tabbing from the top of the browse page reaches every filter and the submit button."""
    build_catalogue(1, posters=False)
    page.goto(page.base_url + "/films/")
    wanted = {"genre", "decade", "country", "language", "director", "min_rating"}
    wanted |= {"has_reviews", "sort", "Show films"}
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "() => document.activeElement.name || document.activeElement.textContent.trim()"
            )
        )
        if wanted <= reached:
            break
    assert wanted <= reached


def test_filters_work_without_javascript(chromium, live_server):
    """With JavaScript off, the filter form still submits and filters."""
    drama = GenreFactory(slug="drama", name="Drama")
    FilmFactory(title="Kept drama").genres.add(drama)
    FilmFactory(title="Other film")
    UserFactory()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/films/")
    page.get_by_label("Genre").select_option("drama")
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url(re.compile(r"genre=drama"))
    assert page.get_by_role("link", name="Kept drama").count() == 1
    assert page.get_by_role("link", name="Other film").count() == 0
    context.close()
