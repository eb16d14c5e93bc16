"""NUL bytes and overflowing numbers in URLs are a 4xx on every database, never a 500.

PostgreSQL refuses NUL in text (a DataError) where SQLite stores it, and dates past year 9999
overflow in Python: each of these was a 500 on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/critics/%00/",
    "/critics/a%00b/",
    "/feeds/critics/%00/",
    "/feeds/critics/%00/atom/",
    "/films/%00/",
    "/people/a%00/",
    "/reviews/%00/",
    "/lists/%00/",
    "/themes/%00/",
    "/search/?q=%00",
    "/films/?genre=%00&country=%00&language=%00",
    "/reviews/?critic=%00",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_nul_bytes_in_public_urls_are_not_server_errors(client, path):
    """A public URL with a NUL byte answers 4xx (or the page without it)."""
    ReviewFactory(author__username="mara")
    response = client.get(path)
    assert response.status_code < 500


ADMIN = [
    "/admin/autocomplete/?term=%00&app_label=films&model_name=credit&field_name=person",
    "/admin/autocomplete/?term=%00&app_label=reviews&model_name=review&field_name=film",
    "/admin/films/film/?q=%00",
    "/admin/reviews/review/?q=%00",
    "/admin/reviews/review/?published_at__year=99999999999",
    "/admin/reviews/review/?published_at__year=2024&published_at__month=99999999999",
    "/admin/reviews/review/?published_at__year=-1",
    "/admin/films/film/%00/change/",
    "/admin/films/film/%00/history/",
    "/admin/films/film/%00/history/compare/?left=%00&right=1",
    "/admin/films/person/%00/history/",
    "/admin/reviews/review/%00/history/",
    "/admin/reviews/review/%00/history/compare/?left=1&right=2",
]


@pytest.mark.parametrize("path", ADMIN)
def test_nul_bytes_and_overflows_in_admin_urls_are_not_server_errors(client, editor, path):
    """An editor's edited URL with a NUL byte or a huge number answers 4xx, 302 or the page."""
    client.force_login(editor)
    ReviewFactory()
    response = client.get(path)
    assert response.status_code < 500


def test_history_compare_with_nul_revision_ids(client, editor):
    """Revision ids in the compare view are checked before they reach the database."""
    client.force_login(editor)
    review = ReviewFactory()
    url = reverse("admin:reviews_review_compare", args=[review.pk])
    assert client.get(url, {"left": "\x00", "right": "9" * 30}).status_code < 500
