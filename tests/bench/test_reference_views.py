"""The benchmark's reference views: hello-world and the naive 24-row page."""

from __future__ import annotations

import pytest

from bench import settings as bench_settings
from tests.factories import ReviewFactory


@pytest.fixture
def bench_routes(settings):
    """The URLconf and templates of bench.settings, which `make bench` runs gunicorn with."""
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.TEMPLATES = bench_settings.TEMPLATES


@pytest.mark.django_db
def test_reference_views_are_not_routed_by_the_site_settings(client):
    """With the production settings the reference URLs do not exist."""
    assert client.get("/__bench__/hello/").status_code == 404


@pytest.mark.django_db
def test_bench_settings_still_serve_the_site(client, bench_routes):
    """The bench URLconf adds its references in front of every page of the site."""
    assert client.get("/films/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_hello_world_says_ok(client, bench_routes):
    """The floor reference is a bare two-byte response."""
    response = client.get("/__bench__/hello/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_naive_page_renders_24_rows_from_three_queries(
    client, bench_routes, django_assert_num_queries
):
    """The naive reference shows 24 reviews using exactly three queries at any data size."""
    ReviewFactory.create_batch(30)
    with django_assert_num_queries(3):
        response = client.get("/__bench__/naive/")
    assert response.status_code == 200
    assert response.content.count(b"<tr>") == 25  # the header row and 24 reviews


@pytest.mark.django_db
def test_reference_views_are_never_cached(client, bench_routes):
    """The page cache must not serve the references, or the ratios would mean nothing."""
    response = client.get("/__bench__/naive/")
    assert "no-cache" in response.headers["Cache-Control"]
