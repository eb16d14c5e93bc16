"""The Django side of `make bench`: choose the pages to load-test and count their queries.

Run by bench/run.py with the benchmark's environment (DEBUG off, its own database). Prints one
JSON document: for each page its path, status, bytes and the queries one request makes (counted
in-process with CaptureQueriesContext, not from gunicorn); on PostgreSQL also the EXPLAIN ANALYZE
of the search queries and whether a GIN index serves them.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from films.models import Film, Offer, Person, Theme  # noqa: E402
from reviews.models import CuratedList, Review  # noqa: E402

FILMS_FILTER = os.environ.get("BENCH_FILMS_QUERY", "genre=drama&decade=2000&country=US&sort=rating")
SEARCH_TERM = os.environ.get("BENCH_SEARCH_TERM", "river")
SEARCH_SAMPLES = 60


def choose_pages() -> dict[str, str]:
    """The pages the issue lists, picked as the heaviest of their kind in the catalogue."""
    pages = {"home": "/", "films": "/films/", "films_filtered": f"/films/?{FILMS_FILTER}"}
    public = Q(reviews__in=Review.objects.published())
    film = (
        Film.objects.annotate(n_reviews=Count("reviews", filter=public, distinct=True))
        .annotate(n_credits=Count("credits", distinct=True))
        .order_by("-n_reviews", "-n_credits", "pk")
        .first()
    )
    if film is not None:
        pages["film"] = film.get_absolute_url()
    review = (
        Review.objects.published()
        .annotate(n_sections=Count("sections"))
        .filter(n_sections=6)
        .order_by("-published_at", "pk")
        .first()
    )
    if review is not None:
        pages["review"] = review.get_absolute_url()
    pages["reviews"] = "/reviews/"
    person = Person.objects.annotate(n=Count("credits")).order_by("-n", "pk").first()
    if person is not None:
        pages["person"] = person.get_absolute_url()
    pages.update(discovery_pages())
    pages["feed"] = "/feeds/reviews/"
    # Last: on SQLite search is by far the slowest page, and the others are timed after it.
    pages["search"] = f"/search/?{urlencode({'q': SEARCH_TERM})}"
    return pages


def discovery_pages() -> dict[str, str]:
    """Lists, themes, the indexes of critics and people, and the film page with the most offers
    readers see (where to watch varies by region: its page is cached once per region)."""
    pages = {"lists": "/lists/"}
    curated = (
        CuratedList.objects.published().annotate(n=Count("entries")).order_by("-n", "pk").first()
    )
    if curated is not None:
        pages["list"] = curated.get_absolute_url()
    pages["themes"] = "/themes/"
    theme = Theme.objects.annotate(n=Count("films")).order_by("-n", "pk").first()
    if theme is not None:
        pages["theme"] = theme.get_absolute_url()
    pages["critics"] = "/critics/"
    pages["people"] = "/people/"
    offered = (
        Film.objects.filter(offers__in=Offer.objects.current())
        .annotate(n=Count("offers", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if offered is not None:
        pages["film_offers"] = offered.get_absolute_url()
    return pages


def measure(client: Client, path: str) -> dict[str, object]:
    """Status, bytes and queries of one anonymous request (after a warming one)."""
    client.get(path)  # fills caches, compiles templates, opens the connection
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {
        "path": path,
        "status": response.status_code,
        "bytes": len(response.content) if hasattr(response, "content") else None,
        "queries": len(queries.captured_queries),
        "sql": [query["sql"] for query in queries.captured_queries],
    }


def explain_search(client: Client, path: str) -> dict[str, object]:
    """EXPLAIN ANALYZE the search page's queries; report whether a GIN index is used."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gin%'")
        gin_indexes = [row[0] for row in cursor.fetchall()]
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    plans = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or "@@" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    used = sorted({name for name in gin_indexes for plan in plans if name in plan})
    # One reader at a time, so the figure is the search's own latency, not queueing under load.
    timings = []
    for _ in range(SEARCH_SAMPLES):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    cut = statistics.quantiles(timings, n=100)
    return {
        "gin_indexes": gin_indexes,
        "gin_indexes_used": used,
        "plans": plans,
        "single_client_ms": {"p50": cut[49], "p95": cut[94], "samples": SEARCH_SAMPLES},
    }


def main() -> None:
    client = Client(headers={"host": "127.0.0.1"})
    pages = choose_pages()
    report = {
        "vendor": connection.vendor,
        "pages": {name: measure(client, path) for name, path in pages.items()},
    }
    # Not with the page cache: a cached search page runs no SQL to explain or time. Fragments
    # are turned off for it, so the search itself is what is explained and timed.
    uncached = settings.PAGE_CACHE_SECONDS <= 0
    search_ok = report["pages"]["search"]["status"] == 200
    if connection.vendor == "postgresql" and uncached and search_ok:
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            report["search_explain"] = explain_search(client, pages["search"])
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
