"""axe-core finds no serious or critical accessibility violation on any public page type."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory
from tests.tools.catalogue import add_discovery, build_catalogue

# serialized_rollback: the flush after each test must leave the database as other
# transactional tests expect it (seeded rows restored, post_migrate not rerun).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe_source() -> str:
    """axe-core's script from npm; skips (saying why) when `npm ci` has not been run."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root")
    return AXE.read_text(encoding="utf-8")


def _page_paths() -> dict[str, str]:
    catalogue = build_catalogue(3)
    found = add_discovery(catalogue)
    ReviewFactory(film=catalogue.films[0], rating=5)  # several reviews: the histogram shows
    return {
        "list_index": reverse("reviews:list_index"),
        "list_detail": found.public_list.get_absolute_url(),
        "theme_detail": found.theme.get_absolute_url(),
        "critic_index": reverse("reviews:critic_index"),
        "person_index": reverse("films:person_index"),
        "film_list_chips": reverse("films:film_list") + "?theme=childhood&stream_in=GB",
        "home": reverse("home"),
        "film_list": reverse("films:film_list") + "?genre=drama",
        "film_list_empty": reverse("films:film_list") + "?min_rating=5&genre=nope",
        "film_detail": catalogue.films[0].get_absolute_url(),
        "person_detail": catalogue.people[0].get_absolute_url(),
        "review_list": reverse("reviews:review_list"),
        "review_detail": catalogue.reviews[0].get_absolute_url(),
        "critic_detail": reverse("reviews:critic_detail", args=[catalogue.critics[0].username]),
        "search": reverse("search") + "?q=film",
        "not_found": "/no/such/page/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages_have_no_serious_axe_violations(chromium, live_server, axe_source, scheme):
    """Every public page type, in both colour schemes, passes axe's serious and critical rules."""
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    for name, path in _page_paths().items():
        # The live server's threads leave SQLite connections behind (see conftest.py): collect
        # them between pages, before the collector meets them in the middle of a check.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
        page.goto(live_server.url + path)
        # evaluate(), unlike a <script> tag, is not blocked by the site's Content Security Policy.
        page.evaluate(axe_source)
        result = page.evaluate("async () => await axe.run(document)")
        assert result["passes"], f"axe checked nothing on {name}"
        problems += [
            f"{name}: {v['id']} ({v['impact']}) {v['help']} at "
            + ", ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in BLOCKING
        ]
    context.close()
    assert not problems, "\n".join(problems)


def test_review_page_stars_read_as_words(page):
    """The accessible name of a 4½-star rating is "4.5 out of 5 stars"."""
    review = ReviewFactory(rating=9)
    page.goto(page.base_url + review.get_absolute_url())
    stars = page.locator(".review__rating [role=img]")
    assert stars.get_attribute("aria-label") == "4.5 out of 5 stars"
