"""Database invariants and the one definition of public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from films.models import Film
from reviews.models import (
    CuratedList,
    Review,
    ReviewSection,
    latest_public_review_at,
    public_critics,
)
from tests.factories import (
    CuratedListFactory,
    FilmFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", [0, 11, 40])
def test_database_rejects_bad_rating(bad):
    """The CHECK constraint itself refuses a rating outside 1..10 half stars."""
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(rating=bad)


def test_database_rejects_published_without_date():
    """A published review must carry a publication time."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            film=FilmFactory(),
            author=UserFactory(),
            headline="No date",
            slug="no-date",
            rating=6,
            status=Review.Status.PUBLISHED,
            published_at=None,
        )


def test_database_rejects_empty_section_heading():
    """A section heading cannot be empty, whatever path the write takes."""
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewSection.objects.create(review=review, heading="", body="text")


def test_published_includes_past_only():
    """published() shows past reviews and hides drafts and scheduled ones."""
    past = ReviewFactory()
    ReviewFactory(draft=True)
    ReviewFactory(scheduled=True)
    assert list(Review.objects.published()) == [past]


def test_scheduled_review_goes_live_without_a_job(time_machine):
    """A scheduled review is public once its time has come, with nothing run in between."""
    review = ReviewFactory(scheduled=True)
    assert not Review.objects.published().filter(pk=review.pk).exists()
    time_machine.move_to(review.published_at + timedelta(seconds=1))
    assert Review.objects.published().filter(pk=review.pk).exists()
    assert review.is_public


def test_markdown_rendered_on_save():
    """Intro, verdict and section bodies are rendered (and sanitised) once, on save."""
    review = ReviewFactory(intro="Some **bold** <script>alert(1)</script>", verdict="_Yes_")
    section = ReviewSectionFactory(review=review, body="[x](javascript:alert(1)) *fine*")
    assert "<strong>bold</strong>" in review.intro_html
    assert "<script>" not in review.intro_html
    assert review.verdict_html == "<p><em>Yes</em></p>\n"
    assert 'href="javascript' not in section.body_html
    assert "<em>fine</em>" in section.body_html


def test_publication_problems_name_what_is_missing():
    """An incomplete review lists each missing part."""
    review = ReviewFactory.build(rating=None, standfirst="", verdict="", film=FilmFactory())
    problems = review.publication_problems(section_count=0)
    assert problems == [
        "Give it a star rating.",
        "Write a standfirst.",
        "Add at least one section.",
        "Write the verdict.",
    ]


def test_state_label():
    """Editors see Draft, Scheduled or Published."""
    assert ReviewFactory(draft=True).state_label == "Draft"
    assert ReviewFactory(scheduled=True).state_label == "Scheduled"
    assert ReviewFactory(published_at=timezone.now()).state_label == "Published"


def test_public_critics_are_the_users_with_a_published_review():
    """A draft or a scheduled review does not make its author a public critic."""
    public = ReviewFactory(author__username="seen").author
    ReviewFactory(author__username="drafting", draft=True)
    ReviewFactory(author__username="waiting", scheduled=True)
    ReviewFactory(author=public)  # two reviews, still one critic
    assert [user.username for user in public_critics()] == ["seen"]


def test_latest_public_review_at_skips_reviews_not_yet_public():
    """A film's and a critic's latest public review time ignore drafts and scheduled reviews."""
    review = ReviewFactory(published_at=timezone.now() - timedelta(days=3))
    newer = ReviewFactory(
        film=review.film, author=review.author, published_at=timezone.now() - timedelta(days=1)
    )
    ReviewFactory(film=review.film, author=review.author, scheduled=True)
    ReviewFactory(film=review.film, author=review.author, draft=True)
    film = Film.objects.annotate(latest=latest_public_review_at()).get(pk=review.film_id)
    critic = (
        get_user_model()
        .objects.annotate(latest=latest_public_review_at(of="author"))
        .get(pk=review.author_id)
    )
    assert film.latest == critic.latest == newer.published_at


def test_review_cards_read_what_cards_show_and_no_credentials():
    """for_cards() selects the card's columns: no review text, and nothing of the critic's
    account but their name (public pages must not load password hashes or emails)."""
    sql = str(Review.objects.for_cards().query)
    for column in ("headline", "standfirst", "rating", '"films_film"."title"', "first_name"):
        assert column in sql
    for column in ("password", "email", "intro_html", "verdict_html", '"notes"', "synopsis"):
        assert column not in sql


def test_a_lists_summary_is_made_from_its_intro_on_save(db):
    """The plain-text summary (meta tags, feeds, the index) is stored, not rendered per view."""
    curated = CuratedListFactory(intro="Why **these** films: [five](https://example.org) of them.")
    stored = CuratedList.objects.values_list("summary", flat=True).get(pk=curated.pk)
    assert stored == curated.description == "Why these films: five of them."
    curated.intro = "x" * 400
    curated.save(update_fields=["intro"])
    stored = CuratedList.objects.values_list("summary", flat=True).get(pk=curated.pk)
    assert stored == "x" * 300
