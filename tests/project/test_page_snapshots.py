"""Every public page type renders the same document as its committed snapshot.

The demo content (`load_demo`) is loaded and every page of `tools.page_snapshots.PAGES` (home,
browse and filtered browse, a film, the reviews list and a review, a person and the people
index, a critic and the critics index, lists, themes, search, the feeds, the sitemap, 404) is
fetched anonymously at a fixed instant, parsed (html5lib for HTML, ElementTree for feeds and
sitemaps) and compared with tests/project/snapshots/<page>.txt, white space aside.

Normalised, because they vary legitimately from run to run and nothing else is: CSRF tokens,
CSP nonces, hashed static file names, uploaded files' random names. Dates relative to "now"
do not vary: the demo is loaded and read at one frozen instant. Request ids are only in headers,
which are not compared.

A change of markup fails here on purpose; when it is intended, rewrite the snapshots with
`UPDATE_SNAPSHOTS=1 pytest tests/project/test_page_snapshots.py` and read their diff before
committing it. `python tools/page_snapshots.py diff REV` compares the same pages at a past
revision with the working tree.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings

from films.models import Credit, Film, Person
from reviews.models import CuratedList, Review, ReviewSection
from tools.page_snapshots import PAGES, SNAPSHOT_SUFFIX, load_demo, render_pages

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

# The mark makes pytest-django create the test database; the pages are rendered once, below.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, str]:
    """Every page, rendered once on the demo in a transaction that is rolled back afterwards."""
    media = tmp_path_factory.mktemp("snapshot-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            SITE_URL="http://127.0.0.1:8000",
            SITE_NAME="Frame Rate",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        # Identifiers count from 1 whatever other tests inserted and rolled back (PostgreSQL
        # sequences are not transactional), so pages that show one show the same one.
        models = [Film, Person, Credit, Review, ReviewSection, CuratedList]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        for cache in caches.all():
            cache.clear()
        # The search index is kept up to date after commit; run those callbacks here.
        with TestCase.captureOnCommitCallbacks(execute=True):
            load_demo()
        pages = render_pages(Client())
        transaction.set_rollback(True)
    for cache in caches.all():
        cache.clear()
    return pages


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_its_snapshot(rendered: dict[str, str], page: str) -> None:
    """The page's parsed document is the committed one (UPDATE_SNAPSHOTS=1 rewrites it)."""
    snapshot = SNAPSHOTS / f"{page}{SNAPSHOT_SUFFIX}"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(rendered[page], encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {page}: run with UPDATE_SNAPSHOTS=1"
    expected = snapshot.read_text(encoding="utf-8")
    if rendered[page] != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), rendered[page].splitlines(), "snapshot", "rendered", lineterm=""
        )
        pytest.fail(f"{PAGES[page]} differs from its snapshot:\n" + "\n".join(diff))


def test_every_snapshot_is_a_page() -> None:
    """No snapshot is left behind for a page that is no longer rendered."""
    files = SNAPSHOTS.glob(f"*{SNAPSHOT_SUFFIX}")
    names = {path.name.removesuffix(SNAPSHOT_SUFFIX) for path in files}
    assert names == set(PAGES)
