"""Database outage: 503 with the styled page, /healthz says so, and the site recovers by itself.

Runs against the real PostgreSQL: the app's default connection is pointed at a closed port,
then back at the live one, in the same process (no restart). SQLite has no server to lose.
"""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ReviewFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot become unreachable",
    ),
]


def closed_port() -> int:
    """A local TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def outage():
    """Point the live connection at a closed port; put it back afterwards, whatever happens."""
    real_port = connection.settings_dict["PORT"]
    real_host = connection.settings_dict["HOST"]

    def go_down() -> None:
        connection.close()
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = closed_port()

    def come_back() -> None:
        connection.close()
        connection.settings_dict["HOST"] = real_host
        connection.settings_dict["PORT"] = real_port

    yield go_down, come_back
    come_back()


@pytest.fixture
def pages():
    """Public pages that all need the database."""
    review = ReviewFactory()
    return [
        reverse("home"),
        review.get_absolute_url(),
        review.film.get_absolute_url(),
    ]


def test_pages_answer_503_with_the_styled_page(client, outage, pages):
    """With the database unreachable, every page is the styled 503, with Retry-After."""
    go_down, _ = outage
    go_down()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"].isdigit()
        page = response.content.decode()
        assert "Back shortly" in page
        assert "css/site.css" in page
        assert "Traceback" not in page and "OperationalError" not in page


def test_healthz_reports_the_outage(client, outage):
    """/healthz answers 503 while the database is unreachable, 200 when it is back."""
    go_down, come_back = outage
    assert client.get(reverse("healthz")).status_code == 200
    go_down()
    assert client.get(reverse("healthz")).status_code == 503
    come_back()
    assert client.get(reverse("healthz")).status_code == 200


def test_site_recovers_by_itself_when_the_database_returns(client, outage, pages):
    """Down, then up again: the same process serves 200s without a restart."""
    go_down, come_back = outage
    for url in pages:
        assert client.get(url).status_code == 200, url
    go_down()
    assert {client.get(url).status_code for url in pages} == {503}
    come_back()
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_admin_answers_503_too(client, outage, django_user_model):
    """Editors get the same 503, never a traceback, while the database is away."""
    go_down, _ = outage
    client.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    go_down()
    response = client.get(reverse("admin:reviews_review_changelist"))
    assert response.status_code == 503
    assert "Traceback" not in response.content.decode()
