"""The critics and people indexes, theme pages, and people's photos and bios."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import CriticProfile
from tests.factories import PersonFactory, ReviewFactory, UserFactory
from tests.tools.catalogue import add_discovery, build_catalogue

pytestmark = pytest.mark.django_db


def test_critics_index_shows_profile_count_and_latest_review(client):
    """Each public critic with bio, number of reviews and the newest review's headline."""
    critic = UserFactory(first_name="Maya", last_name="Reel")
    CriticProfile.objects.create(user=critic, bio="Watches everything twice.")
    ReviewFactory(author=critic, headline="An older one")
    newest = ReviewFactory(author=critic, headline="The newest one")
    ReviewFactory(author=critic, draft=True, headline="Unfinished draft")
    UserFactory(first_name="Only", last_name="Drafts")
    html = client.get(reverse("reviews:critic_index")).content.decode()
    assert "Maya Reel" in html and "Watches everything twice." in html
    assert "2 reviews" in html
    assert newest.headline in html
    assert "Unfinished draft" not in html
    assert "Only Drafts" not in html


def test_critic_page_shows_bio(client):
    """A critic's own page carries their bio."""
    review = ReviewFactory()
    CriticProfile.objects.create(user=review.author, bio="Writes on documentaries.")
    url = reverse("reviews:critic_detail", args=[review.author.username])
    assert "Writes on documentaries." in client.get(url).content.decode()


def test_people_index_by_letter_and_by_name(client):
    """?letter=K keeps names starting with K; ?q= finds every word of a name."""
    PersonFactory(name="Akira Kurosawa")
    PersonFactory(name="Kinuyo Tanaka")
    PersonFactory(name="Agnès Varda")
    by_letter = client.get(reverse("films:person_index"), {"letter": "k"}).content.decode()
    assert "Kinuyo Tanaka" in by_letter and "Akira Kurosawa" not in by_letter
    by_name = client.get(reverse("films:person_index"), {"q": "kuro akira"}).content.decode()
    assert "Akira Kurosawa" in by_name and "Agnès Varda" not in by_name


@pytest.mark.parametrize("params", [{"letter": "ß" * 300}, {"q": "x" * 5000}, {"q": "%_\\"}])
def test_people_index_never_fails_on_typed_input(client, params):
    """Anything typed or edited into the address gives a page, never an error."""
    assert client.get(reverse("films:person_index"), params).status_code == 200


def test_person_page_shows_bio(client):
    """A person's page shows their biography."""
    person = PersonFactory(bio="Directed films about rain.")
    assert "Directed films about rain." in client.get(person.get_absolute_url()).content.decode()


def test_theme_page_lists_films_and_public_reviews_with_counts(client):
    """A theme shows its films and published reviews, with both counts; drafts stay out."""
    catalogue = build_catalogue(2, posters=False)
    found = add_discovery(catalogue)
    draft = ReviewFactory(film=catalogue.films[0], draft=True, headline="Draft on childhood")
    draft.themes.add(found.theme)
    html = client.get(found.theme.get_absolute_url()).content.decode()
    assert "2 films · 2 reviews" in html
    assert catalogue.reviews[0].headline in html
    assert "Draft on childhood" not in html
    assert "Childhood" in client.get(reverse("films:theme_index")).content.decode()


def test_theme_is_a_facet_on_browse(client):
    """?theme= narrows the browse page to films with that theme."""
    catalogue = build_catalogue(2, posters=False)
    add_discovery(catalogue)
    other = build_catalogue(1, posters=False)  # noqa: F841 - a film without the theme
    response = client.get("/films/", {"theme": "childhood"})
    assert response.context["page_obj"].paginator.count == 2


def test_theme_index_counts_reviews_from_the_link_table_not_from_every_review():
    """The themes' review counts start from each theme's links and join the review (the
    public condition applied to it); `review__in=<every public review>` made SQLite walk all
    public reviews once per theme (45 ms of a 57 ms page at 10,000 reviews)."""
    from django.db import connection

    from reviews.public.themes import themes_with_counts

    sql, params = themes_with_counts().query.sql_with_params()
    assert "IN (SELECT" not in sql.upper()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "LIST SUBQUERY" not in plan
