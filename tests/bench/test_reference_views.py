"""The benchmark's reference views: hello-world and the naive 24-row page."""

from __future__ import annotations

import importlib

import pytest
from django.urls import clear_url_caches

import reviews_project.urls
from tests.factories import ReviewFactory


def _reload_urls() -> None:
    importlib.reload(reviews_project.urls)
    clear_url_caches()


@pytest.fixture
def bench_routes(settings):
    """The root URLconf as `make bench` builds it (BENCH_REFERENCE_VIEWS on)."""
    settings.BENCH_REFERENCE_VIEWS = True
    _reload_urls()
    yield
    settings.BENCH_REFERENCE_VIEWS = False
    _reload_urls()


@pytest.mark.django_db
def test_reference_views_are_not_routed_by_default(client):
    """Without the bench switch the reference URLs do not exist."""
    assert client.get("/__bench__/hello/").status_code == 404


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
