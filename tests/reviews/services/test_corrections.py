"""Public corrections: dated notes on a published review, rating changes, JSON-LD dateModified."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Correction, Review
from tests.admin_forms import admin_form_data
from tests.factories import ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    review = ReviewFactory(rating=6)
    ReviewSectionFactory(review=review)
    return review


def add_correction(client, user, review: Review, note: str, **changes):
    """Open the change page, fill in one new correction, and save."""
    client.force_login(user)
    url = reverse("admin:reviews_review_change", args=[review.pk])
    data = admin_form_data(client.get(url))
    n = int(data["corrections-TOTAL_FORMS"])
    data |= {"corrections-TOTAL_FORMS": str(n + 1), f"corrections-{n}-note": note} | changes
    return client.post(url, data)


def jsonld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_editor_adds_a_dated_correction(client, editor, review):
    """The correction is saved with its author, date and the review's unchanged rating."""
    response = add_correction(client, editor, review, "The director's name was misspelt.")
    assert response.status_code == 302, response.context and response.context["errors"]
    correction = review.corrections.get()
    assert correction.created_by == editor
    assert correction.created_at <= timezone.now()
    assert correction.rating_change is None


def test_correction_records_a_rating_change(client, editor, review):
    """Changing the stars in the same save records before and after."""
    add_correction(client, editor, review, "Rating revised on a second viewing.", rating="8")
    correction = review.corrections.get()
    assert (correction.rating_before, correction.rating_after) == (6, 8)


def test_page_shows_updated_date_note_and_rating_change(client, editor, review):
    """Readers see “Updated <date>”, the note, and the rating change."""
    add_correction(client, editor, review, "Rating revised on a *second* viewing.", rating="8")
    page = client.get(review.get_absolute_url()).content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert "Updated <time" in page and today in page
    assert "Rating revised on a <em>second</em> viewing." in page
    assert "Rating changed from 3 out of 5 stars to 4 out of 5 stars." in page


def test_jsonld_date_modified_is_the_latest_correction(client, review):
    """dateModified is the time of the newest correction."""
    latest = timezone.now() - timedelta(minutes=5)
    Correction.objects.create(review=review, note="One", created_at=latest - timedelta(days=1))
    Correction.objects.create(review=review, note="Two", created_at=latest)
    data = jsonld(client.get(review.get_absolute_url()).content.decode())
    assert data["dateModified"] == latest.isoformat()


def test_page_without_corrections_has_no_updated_block(client, review):
    """No corrections, no “Updated” line."""
    page = client.get(review.get_absolute_url()).content.decode()
    assert "corrections-heading" not in page


def test_correction_note_is_sanitised(client, editor, review):
    """A correction note is Markdown run through the same sanitiser as the review."""
    add_correction(
        client, editor, review, "Fixed <script>alert(1)</script> [x](javascript:alert(1))"
    )
    page = client.get(review.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page


def test_critic_cannot_add_corrections(client, critic):
    """Corrections are an editor's call: a critic's form has no corrections block."""
    review = ReviewFactory(author=critic)
    client.force_login(critic)
    response = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert "corrections-TOTAL_FORMS" not in response.content.decode()


def test_corrections_cannot_be_deleted_from_the_form(client, editor, review):
    """A published correction stays: the inline offers no delete box."""
    Correction.objects.create(review=review, note="Kept for the record.")
    client.force_login(editor)
    response = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert "corrections-0-DELETE" not in response.content.decode()
