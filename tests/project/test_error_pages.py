"""The 404 and 500 pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from reviews_project.views import server_error


@pytest.mark.django_db
def test_404_page_is_in_the_site_style(client, settings):
    """An unknown address gets the site's 404 page with links back in."""
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This reel is missing" in response.content.decode()


def test_500_page_needs_no_database():
    """The 500 page renders with database access blocked (no db mark, so a query raises)."""
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "The projector jammed" in response.content.decode()
