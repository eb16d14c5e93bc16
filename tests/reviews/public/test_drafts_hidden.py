"""Drafts and scheduled reviews appear nowhere public: one test per surface."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CreditFactory, FilmFactory, PersonFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN = "Secret unpublished headline"


@pytest.fixture(params=["draft", "scheduled"])
def hidden(request):
    """A review readers must not see: a draft, or one scheduled for later."""
    film = FilmFactory(title="Hidden film")
    CreditFactory(film=film, person=PersonFactory(slug="the-director"))
    return ReviewFactory(
        film=film,
        author=UserFactory(username="ghost"),
        headline=HIDDEN,
        rating=2,
        **{request.param: True},
    )


def test_hidden_review_page_is_404(client, hidden):
    """Its own page does not exist for readers."""
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_hidden_review_not_on_home(client, hidden):
    """The front page does not show it (featured, latest or top-rated)."""
    html = client.get(reverse("home")).content.decode()
    assert HIDDEN not in html
    assert "Hidden film" not in html


def test_hidden_review_not_in_review_list(client, hidden):
    """The list of reviews does not show it."""
    assert HIDDEN not in client.get(reverse("reviews:review_list")).content.decode()


def test_hidden_review_not_counted_on_film_page(client, hidden):
    """The film page has no review, no average, no histogram from it."""
    ReviewFactory(film=hidden.film, rating=10)
    response = client.get(hidden.film.get_absolute_url())
    assert HIDDEN not in response.content.decode()
    assert response.context["page"].average.count == 1
    assert response.context["page"].histogram is None


def test_hidden_review_not_in_browse_counts_or_ratings(client, hidden):
    """Browse facets and the has-reviews count ignore it."""
    html = client.get(reverse("films:film_list")).content.decode()
    assert "Has reviews (0)" in html
    assert "Not yet reviewed" in html


def test_hidden_review_not_on_person_page(client, hidden):
    """The director's page lists no review of the film."""
    response = client.get(reverse("films:person_detail", args=["the-director"]))
    assert list(response.context["page"].reviews) == []


def test_hidden_review_author_has_no_critic_page(client, hidden):
    """Someone with only hidden reviews is not a public critic."""
    assert client.get(reverse("reviews:critic_detail", args=["ghost"])).status_code == 404


def test_hidden_review_not_in_feeds(client, hidden):
    """Neither feed carries it."""
    for name in ("reviews:feed_rss", "reviews:feed_atom"):
        assert HIDDEN not in client.get(reverse(name)).content.decode()


def test_hidden_review_author_has_no_feed(client, hidden):
    """The per-critic feed of someone with only hidden reviews is a 404."""
    response = client.get(reverse("reviews:critic_feed_rss", args=["ghost"]))
    assert response.status_code == 404


def test_hidden_review_not_in_sitemap(client, hidden):
    """sitemap.xml lists neither the review nor its author's critic page."""
    xml = client.get(reverse("sitemap")).content.decode()
    assert hidden.get_absolute_url() not in xml
    assert "/critics/ghost/" not in xml


def test_hidden_review_not_in_critic_filter(client, hidden):
    """The critic filter on the review list does not offer its author."""
    assert "ghost" not in client.get(reverse("reviews:review_list")).content.decode()
