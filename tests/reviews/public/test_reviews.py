"""The review page, the list of reviews and critics' pages."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)
from tests.tools.catalogue import SPOILER_TEXT

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def review():
    """A published 4½-star review with a plain section and a spoiler section."""
    critic = UserFactory(username="mara", first_name="Mara", last_name="Okafor")
    film = FilmFactory(title="Children of Heaven", year=1997)
    CreditFactory(film=film, person=PersonFactory(name="Majid Majidi"))
    review = ReviewFactory(film=film, author=critic, rating=9, headline="The weight of shoes")
    ReviewSectionFactory(review=review, heading="The brother and sister", position=1)
    ReviewSectionFactory(
        review=review, heading="The race", body=SPOILER_TEXT, contains_spoilers=True, position=2
    )
    return review


def test_review_page_reads_stars_to_screen_readers(client, review):
    """The stars carry the text "4.5 out of 5 stars"."""
    html = client.get(review.get_absolute_url()).content.decode()
    assert 'role="img" aria-label="4.5 out of 5 stars">★★★★½</span>' in html


def test_review_page_contents_link_to_each_section(client, review):
    """The contents list links to every section heading's id."""
    html = client.get(review.get_absolute_url()).content.decode()
    for section in review.sections.all():
        assert f'<a href="#{section.anchor}">{section.heading}</a>' in html
        assert f'id="{section.anchor}"' in html


def test_review_page_collapses_spoiler_sections(client, review):
    """A spoiler section's text sits inside a closed <details> element."""
    html = client.get(review.get_absolute_url()).content.decode()
    assert re.search(r"<details class=\"spoiler\"><summary>[^<]+</summary>.*" + SPOILER_TEXT, html)


def test_review_page_links_the_critic_byline(client, review):
    """The byline shows the critic's full name, linked to their page."""
    html = client.get(review.get_absolute_url()).content.decode()
    assert '<a href="/critics/mara/" rel="author">Mara Okafor</a>' in html


def test_review_jsonld_matches_visible_rating_and_has_no_spoilers(client, review):
    """Review JSON-LD: itemReviewed Movie, the same rating value, author, dates, no spoiler text."""
    html = client.get(review.get_absolute_url()).content.decode()
    data = _jsonld(html)
    assert data["@type"] == "Review"
    assert data["itemReviewed"]["@type"] == "Movie"
    assert data["itemReviewed"]["director"][0]["name"] == "Majid Majidi"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4.5,
        "bestRating": 5,
        "worstRating": 0.5,
    }
    assert data["author"]["name"] == "Mara Okafor"
    assert data["author"]["url"].endswith("/critics/mara/")
    assert data["publisher"]["@type"] == "Organization"
    assert {"datePublished", "dateModified"} <= data.keys()
    assert SPOILER_TEXT not in json.dumps(data)


def test_review_meta_description_has_no_spoilers(client, review):
    """The meta and Open Graph descriptions come from the standfirst, never a spoiler section."""
    html = client.get(review.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert SPOILER_TEXT not in head
    assert '<meta property="og:type" content="article">' in head


def test_jsonld_escapes_script_breaking_text(client):
    """A headline containing </script> cannot end the JSON-LD element early."""
    review = ReviewFactory(headline="Bad </script><script>alert(1)</script>")
    html = client.get(review.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["name"] == review.headline


def test_review_page_shows_more_by_the_critic(client, review):
    """Other published reviews by the same critic are linked under the review."""
    other = ReviewFactory(author=review.author, headline="Another take")
    response = client.get(review.get_absolute_url())
    assert response.context["page"].more_by_critic == [other]


def test_review_page_shows_more_reviews_of_the_film(client, review):
    """Other critics' published reviews of the same film are linked under the review."""
    other = ReviewFactory(film=review.film)
    response = client.get(review.get_absolute_url())
    assert response.context["page"].more_of_film == [other]


def test_review_list_filters_by_rating(client):
    """?rating=4.5 keeps only 4½-star reviews."""
    kept = ReviewFactory(rating=9)
    ReviewFactory(rating=6)
    response = client.get(reverse("reviews:review_list"), {"rating": "4.5"})
    assert list(response.context["reviews"]) == [kept]


def test_review_list_filters_by_critic(client):
    """?critic=<username> keeps that critic's reviews."""
    kept = ReviewFactory(author=UserFactory(username="leila"))
    ReviewFactory()
    response = client.get(reverse("reviews:review_list"), {"critic": "leila"})
    assert list(response.context["reviews"]) == [kept]


@pytest.mark.parametrize("params", [{"rating": "11"}, {"critic": "nobody"}, {"page": "x"}])
def test_review_list_ignores_malformed_filters(client, params):
    """Unknown values are reported and ignored, never an error page."""
    review = ReviewFactory()
    response = client.get(reverse("reviews:review_list"), params)
    assert response.status_code == 200
    assert list(response.context["reviews"]) == [review]


def test_critic_page_lists_their_published_reviews(client):
    """/critics/<username>/ lists that critic's published reviews."""
    critic = UserFactory(username="tomas")
    review = ReviewFactory(author=critic)
    ReviewFactory()
    response = client.get(reverse("reviews:critic_detail", args=["tomas"]))
    assert list(response.context["reviews"]) == [review]


def test_unknown_critic_is_404(client):
    """A username that does not exist is a 404."""
    response = client.get(reverse("reviews:critic_detail", args=["nobody"]))
    assert response.status_code == 404


def test_admin_preview_still_renders_a_draft(admin_client):
    """The admin preview uses review_page_context on the same template, drafts included."""
    draft = ReviewFactory(draft=True, rating=None, headline="Work in progress")
    response = admin_client.get(reverse("admin:reviews_review_preview", args=[draft.pk]))
    assert response.status_code == 200
    assert "Work in progress" in response.content.decode()
    assert "application/ld+json" not in response.content.decode()
