"""Query-count guards: every public page costs the same number of queries at 1 and at 40 rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.tools.catalogue import build_catalogue

SIZES = [1, 40]


def _pages(catalogue) -> dict[str, str]:
    film = catalogue.films[0]
    review = catalogue.reviews[0]
    critic = catalogue.critics[0]
    return {
        "home": reverse("home"),
        "film_list": reverse("films:film_list"),
        "film_list_filtered": reverse("films:film_list")
        + "?genre=drama&country=IR&language=fa&min_rating=3&has_reviews=1&sort=rating",
        "film_detail": film.get_absolute_url(),
        "person_detail": catalogue.people[0].get_absolute_url(),
        "review_list": reverse("reviews:review_list"),
        "review_detail": review.get_absolute_url(),
        "critic_detail": reverse("reviews:critic_detail", args=[critic.username]),
        "feed_rss": reverse("reviews:feed_rss"),
        "feed_atom": reverse("reviews:feed_atom"),
        "critic_feed": reverse("reviews:critic_feed_rss", args=[critic.username]),
        "sitemap": reverse("sitemap"),
        "sitemap_reviews": reverse("sitemap_section", args=["reviews"]),
        "sitemap_films": reverse("sitemap_section", args=["films"]),
    }


# The most queries each page may make, whatever the amount of data (measured, then fixed).
BOUNDS = {
    "home": 3,
    "film_list": 15,
    "film_list_filtered": 15,
    "film_detail": 7,
    "person_detail": 3,
    "review_list": 3,
    "review_detail": 8,
    "critic_detail": 3,
    "feed_rss": 1,
    "feed_atom": 1,
    "critic_feed": 3,
    "sitemap": 8,
    "sitemap_reviews": 2,
    "sitemap_films": 2,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", sorted(BOUNDS))
def test_page_query_count_does_not_grow_with_data(
    client, db, django_assert_max_num_queries, page, size
):
    """No N+1: posters, directors, critics, sections and stats are fetched in bulk."""
    url = _pages(build_catalogue(size, posters=page in {"home", "film_list", "film_detail"}))[page]
    with django_assert_max_num_queries(BOUNDS[page]):
        response = client.get(url)
    assert response.status_code == 200
