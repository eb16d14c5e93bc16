"""Revision history (django-reversion): who changed what and when, diffs, restore, recover."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reversion.models import Version

from films.models import Film
from reviews.models import Review
from tests.admin_forms import admin_form_data
from tests.factories import FilmFactory, ReviewFactory, ReviewSectionFactory

pytestmark = pytest.mark.django_db


def change_url(review: Review) -> str:
    return reverse("admin:reviews_review_change", args=[review.pk])


def edit(client, url: str, **changes) -> None:
    """Open an admin change page and save it with some fields changed."""
    data = admin_form_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def confirm(client, url: str) -> None:
    """Open a restore or recover page and press its button, as the editor's browser would."""
    page = client.get(url)
    assert page.status_code == 200
    data = {"lock_version": page.context["lock_version"]} if "lock_version" in page.context else {}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def review(client, editor):
    """A draft with one section, saved twice through the admin by the editor."""
    review = ReviewFactory(intro="Before the admin.", draft=True)
    ReviewSectionFactory(review=review, heading="Performances", body="Before the admin.")
    client.force_login(editor)
    edit(
        client,
        change_url(review),
        intro="First draft of the intro.",
        **{"sections-0-body": "First section text."},
    )
    edit(client, change_url(review), intro="Second draft.", **{"sections-0-body": "Rewritten."})
    return review


def test_each_admin_save_is_a_revision_with_its_author(review, editor):
    """Every save leaves a revision recording who saved it."""
    versions = Version.objects.get_for_object(review)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}


def test_revision_includes_the_sections(review):
    """A review's revision holds its sections as they were then."""
    first = Version.objects.get_for_object(review).order_by("pk").first()
    section_versions = [
        v for v in first.revision.version_set.all() if v.content_type.model == "reviewsection"
    ]
    assert [v.field_dict["body"] for v in section_versions] == ["First section text."]


def test_history_page_lists_revisions_and_offers_compare(client, review):
    """The history page names the editor and has the compare form."""
    page = client.get(reverse("admin:reviews_review_history", args=[review.pk])).content.decode()
    assert "editor" in page
    assert 'id="compare-revisions"' in page


def test_compare_shows_changed_lines_of_review_and_sections(client, review):
    """Comparing two revisions shows removed and added lines, sections included."""
    old, new = Version.objects.get_for_object(review).order_by("pk")
    url = reverse("admin:reviews_review_compare", args=[review.pk])
    page = client.get(url, {"a": old.pk, "b": new.pk}).content.decode()
    assert "- First draft of the intro." in page
    assert "+ Second draft." in page
    assert "- First section text." in page
    assert "+ Rewritten." in page


@pytest.mark.parametrize(
    "query", [{}, {"a": "x", "b": "1"}, {"a": "999999", "b": "1"}, {"a": "²", "b": "1"}]
)
def test_compare_with_bad_revision_ids_is_not_found(client, review, query):
    """Missing, malformed or foreign revision ids are a 404, never a 500."""
    url = reverse("admin:reviews_review_compare", args=[review.pk])
    assert client.get(url, query).status_code == 404


def test_restore_brings_back_text_and_sections(client, review):
    """Reverting to the first revision restores its intro and its section text."""
    old = Version.objects.get_for_object(review).order_by("pk").first()
    url = reverse("admin:reviews_review_revision", args=[review.pk, old.pk])
    confirm(client, url)
    review.refresh_from_db()
    assert review.intro == "First draft of the intro."
    assert list(review.sections.values_list("body", flat=True)) == ["First section text."]


def test_restore_keeps_the_version_counting_up(client, review):
    """A restore does not roll the lock version back, so stale forms still conflict."""
    review.refresh_from_db()
    live = review.version
    old = Version.objects.get_for_object(review).order_by("pk").first()
    confirm(client, reverse("admin:reviews_review_revision", args=[review.pk, old.pk]))
    review.refresh_from_db()
    assert review.version == live + 1


def test_deleted_review_is_recovered_with_its_sections(client, review):
    """A deleted review comes back from the admin's recover page, sections and all."""
    pk = review.pk
    response = client.post(reverse("admin:reviews_review_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Review.objects.filter(pk=pk).exists()
    deleted = Version.objects.get_deleted(Review).first()
    assert deleted is not None
    recover = reverse("admin:reviews_review_recover", args=[deleted.pk])
    confirm(client, recover)
    restored = Review.objects.get(pk=pk)
    assert restored.intro == "Second draft."
    assert list(restored.sections.values_list("body", flat=True)) == ["Rewritten."]


def test_deleted_review_is_listed_for_recovery(client, review):
    """The recover list offers the deleted review by headline."""
    headline = review.headline
    client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
    page = client.get(reverse("admin:reviews_review_recoverlist")).content.decode()
    assert headline in page


def test_film_history_records_changes_and_compares(client, editor):
    """Films have history and a diff too."""
    film = FilmFactory(synopsis="Old synopsis.")
    client.force_login(editor)
    url = reverse("admin:films_film_change", args=[film.pk])
    edit(client, url)
    edit(client, url, synopsis="New synopsis.")
    old, new = Version.objects.get_for_object(film).order_by("pk")
    compare = reverse("admin:films_film_compare", args=[film.pk])
    page = client.get(compare, {"a": old.pk, "b": new.pk}).content.decode()
    assert "- Old synopsis." in page
    assert "+ New synopsis." in page
    edit(client, reverse("admin:films_film_revision", args=[film.pk, old.pk]))
    assert Film.objects.get(pk=film.pk).synopsis == "Old synopsis."


def test_compare_is_for_staff_only(client, review, django_user_model):
    """A logged-in reader without staff rights cannot read revisions."""
    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    old, new = Version.objects.get_for_object(review).order_by("pk")
    url = reverse("admin:reviews_review_compare", args=[review.pk])
    response = client.get(url, {"a": old.pk, "b": new.pk})
    assert response.status_code == 302
    assert "First draft" not in response.content.decode()
