"""Review themes in the editors' admin: edited on the form, saved by the publishing service, and
on a live review kept in its working copy until "Publish changes"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reversion.models import Version

from reviews.models import Review, ReviewWorkingCopy
from reviews.services import publishing
from reviews.services.content import content_of_version
from tests.admin_forms import admin_form_data
from tests.factories import ReviewFactory, ReviewSectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def change_url(review: Review) -> str:
    return reverse("admin:reviews_review_change", args=[review.pk])


def form_as_opened(client, user, review: Review) -> dict[str, object]:
    client.force_login(user)
    response = client.get(change_url(review))
    assert response.status_code == 200
    return admin_form_data(response)


def theme_page(client, theme) -> str:
    client.logout()
    return client.get(theme.get_absolute_url()).content.decode()


def test_the_review_form_offers_themes(client, editor):
    """The change form has a Themes field: a labelled box for each theme."""
    review = ReviewFactory(draft=True)
    night = ThemeFactory(name="Night")
    client.force_login(editor)
    html = client.get(change_url(review)).content.decode()
    assert f'type="checkbox" name="themes" value="{night.pk}"' in html


def test_themes_saved_on_a_draft_go_to_its_rows(client, critic):
    """A critic's draft takes its themes at once: nothing of it is live."""
    review = ReviewFactory(author=critic, draft=True)
    night, sea = ThemeFactory(name="Night"), ThemeFactory(name="Sea")
    data = form_as_opened(client, critic, review)
    response = client.post(change_url(review), data | {"themes": [night.pk, sea.pk]})
    assert response.status_code == 302
    assert set(review.themes.all()) == {night, sea}


def test_a_theme_change_on_a_live_review_waits_for_publish_changes(
    client, editor, django_capture_on_commit_callbacks
):
    """Saved, the new theme is in the working copy only (readers' theme page unchanged, the form
    shows it); "Publish changes" makes it live and refreshes the theme's page."""
    review = ReviewFactory(headline="Lamps at low tide")
    ReviewSectionFactory(review=review)
    night = ThemeFactory(name="Night", slug="night")
    assert "Lamps at low tide" not in theme_page(client, night)

    data = form_as_opened(client, editor, review)
    client.post(change_url(review), data | {"themes": [night.pk]})
    assert list(review.themes.all()) == []
    assert ReviewWorkingCopy.objects.get(review=review).content["themes"] == [night.pk]
    assert "Lamps at low tide" not in theme_page(client, night)

    data = form_as_opened(client, editor, review)
    assert data["themes"] == [night.pk]  # the form shows the working copy's themes
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(review), data | {"_publish_changes": "Publish changes"})
    assert response.status_code == 302
    assert list(review.themes.all()) == [night]
    assert not ReviewWorkingCopy.objects.filter(review=review).exists()
    assert "Lamps at low tide" in theme_page(client, night)


def test_removing_a_theme_from_a_live_review_is_published_too(client, editor):
    """A theme taken off stays on readers' pages until the changes are published."""
    review = ReviewFactory(headline="Lamps at low tide")
    ReviewSectionFactory(review=review)
    night = ThemeFactory(name="Night", slug="night")
    review.themes.add(night)
    data = form_as_opened(client, editor, review)
    client.post(change_url(review), data | {"themes": []})
    assert list(review.themes.all()) == [night]
    data = form_as_opened(client, editor, review)
    assert data.get("themes") in ([], None)
    client.post(change_url(review), data | {"_publish_changes": "Publish changes"})
    assert list(review.themes.all()) == []


def test_a_theme_change_counts_as_a_pending_change(editor):
    """The workflow panel counts a theme change like any other unpublished change."""
    review = ReviewFactory()
    night = ThemeFactory(name="Night")
    publishing.save_content(
        review=review,
        actor=editor,
        content={"themes": [night.pk]},
        lock_version=review.version,
    )
    assert publishing.pending_changes(review) == 1


def test_a_revision_remembers_the_themes(editor):
    """A revision's content carries the review's themes (restoring brings them back)."""
    review = ReviewFactory(draft=True)
    night = ThemeFactory(name="Night")
    publishing.save_content(
        review=review, actor=editor, content={"themes": [night.pk]}, lock_version=review.version
    )
    newest = Version.objects.get_for_object(review).order_by("-pk").first()
    assert content_of_version(newest)["themes"] == [night.pk]
