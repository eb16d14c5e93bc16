"""The published() boundary holds on every public surface, for anonymous and logged-in readers.

Drafts and scheduled reviews carry distinctive words in headline, slug, standfirst and intro;
none may appear on any page, feed, sitemap or search result, nor move counts and averages.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import CreditFactory, FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRETS = ["zanzibardraft", "quokkascheduled"]


@pytest.fixture
def world():
    """One film with a published 5-star review, a 1-star draft and a 1-star scheduled review;
    another film whose only review is a draft."""
    critic = UserFactory(username="leakcritic", is_staff=True)
    film = FilmFactory(title="Boundary Film", slug="boundary-film")
    director = CreditFactory(film=film).person
    ReviewFactory(film=film, author=critic, rating=10, headline="The public one", slug="public")
    for secret, extra in [
        ("zanzibardraft", {"draft": True}),
        ("quokkascheduled", {"scheduled": True}),
    ]:
        ReviewFactory(
            film=film,
            author=critic,
            rating=2,
            headline=f"Headline {secret}",
            slug=f"slug-{secret}",
            standfirst=f"Standfirst {secret}",
            intro=f"Intro {secret}",
            **extra,
        )
    lonely = FilmFactory(title="Lonely Film", slug="lonely-film")
    draft_only_author = UserFactory(username="draftonly", is_staff=True)
    ReviewFactory(
        film=lonely,
        author=draft_only_author,
        draft=True,
        rating=2,
        headline="Headline zanzibardraft lonely",
        slug="slug-zanzibardraft-lonely",
    )
    return {"film": film, "lonely": lonely, "critic": critic, "director": director}


@pytest.fixture(params=["anonymous", "reader"])
def visitor(request, client, django_user_model):
    """Anonymous, and logged in without staff rights."""
    if request.param == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    return client


def assert_no_secret(response) -> str:
    assert response.status_code == 200, response.status_code
    body = b"".join(response) if response.streaming else response.content
    page = body.decode()
    for secret in SECRETS:
        assert secret not in page, secret
    return page


def test_home(visitor, world):
    """Front page: latest reviews and top-rated films."""
    assert_no_secret(visitor.get(reverse("home")))


def test_film_list_with_filters_and_counts(visitor, world):
    """Browse page, also filtered by minimum rating and sorted by rating."""
    assert_no_secret(visitor.get(reverse("films:film_list")))
    assert_no_secret(visitor.get(reverse("films:film_list"), {"min_rating": "1", "sort": "rating"}))


def test_film_page_average_counts_only_published(visitor, world):
    """The film page's average is the published review's 5 stars, not dragged down by others."""
    page = assert_no_secret(visitor.get(world["film"].get_absolute_url()))
    assert "The public one" in page
    assert "5 out of 5 stars" in page
    assert "2.7" not in page and "3 out of 5" not in page and "3 reviews" not in page


def test_film_page_stays_public_when_its_only_review_is_a_draft(visitor, world):
    """The film is catalogue, so it shows; its draft review does not."""
    page = assert_no_secret(visitor.get(world["lonely"].get_absolute_url()))
    assert "Lonely Film" in page


def test_review_list(visitor, world):
    """Latest reviews, filtered by rating and by critic."""
    assert_no_secret(visitor.get(reverse("reviews:review_list")))
    assert_no_secret(visitor.get(reverse("reviews:review_list"), {"rating": "1"}))
    assert_no_secret(visitor.get(reverse("reviews:review_list"), {"critic": "leakcritic"}))


@pytest.mark.parametrize("slug", ["slug-zanzibardraft", "slug-quokkascheduled"])
def test_unpublished_review_pages_are_not_found(visitor, world, slug):
    """A draft or scheduled review's address is a 404, even for a logged-in reader."""
    assert visitor.get(reverse("reviews:review_detail", kwargs={"slug": slug})).status_code == 404


def test_critic_page(visitor, world):
    """A critic's page lists only their published reviews."""
    url = reverse("reviews:critic_detail", kwargs={"username": "leakcritic"})
    assert "The public one" in assert_no_secret(visitor.get(url))


def test_critic_with_only_drafts_shows_nothing_of_them(visitor, world):
    """A critic with nothing published has no public page (or an empty one)."""
    response = visitor.get(reverse("reviews:critic_detail", kwargs={"username": "draftonly"}))
    assert response.status_code in {200, 404}
    assert "zanzibardraft" not in response.content.decode()


def test_person_page(visitor, world):
    """The director's page shows the film, not the unpublished reviews."""
    assert_no_secret(visitor.get(world["director"].get_absolute_url()))


@pytest.mark.parametrize("name", ["reviews:feed_rss", "reviews:feed_atom"])
def test_feeds(visitor, world, name):
    """RSS and Atom carry only the published review."""
    page = assert_no_secret(visitor.get(reverse(name)))
    assert "The public one" in page


def test_sitemap(visitor, world):
    """The sitemap (its index and every page it names) lists no unpublished review address."""
    index = assert_no_secret(visitor.get(reverse("sitemap")))
    pages = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    listed = "".join(assert_no_secret(visitor.get(page)) for page in pages)
    assert "/reviews/public/" in listed


@pytest.mark.parametrize("q", ["zanzibardraft", "quokkascheduled", "Headline", "Boundary"])
def test_search(visitor, world, q):
    """Searching for the secret words finds nothing unpublished (the query itself is echoed)."""
    response = visitor.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    for secret in SECRETS:
        for shown in [f"Headline {secret}", f"Standfirst {secret}", f"slug-{secret}"]:
            assert shown not in page, shown
