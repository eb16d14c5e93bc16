"""Playwright for Python driving Debian's Chromium; every test here is skipped without it."""

from __future__ import annotations

import gc
import os
import time
import warnings
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Nothing leaves the machine: any host but the live server fails to resolve or connect.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls that build test data
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium; skips (saying why) when /usr/bin/chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Browser tests need Debian's Chromium at /usr/bin/chromium "
            "(apt-get install chromium); it is not installed on this machine"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    # Django keeps database connections in context-local storage, and Playwright's event loop
    # gives the tests a new context: the connection objects seen from then on are new ones,
    # without the snapshot that serialized rollback restores seeded rows (roles, countries,
    # languages) from. Hand the snapshot over, or later transactional tests start empty.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_api.sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page at desktop width; `page.base_url` is the live server."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    pending = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    yield page
    # Requests already out (an autosave locks its review's row) are answered first, or the
    # flush after the test waits on them, or deadlocks on PostgreSQL.
    settle(context, pending)
    # Then cut the network before closing: a handler fired while the page goes away (a text box
    # losing focus autosaves) must not reach the live server after the test's database access
    # has ended; on SQLite (one connection shared with the server thread) that request fails
    # and leaves the connection outside autocommit for every later test of the worker.
    context.route("**/*", lambda route: route.abort())
    context.set_offline(True)
    context.close()


# Clears every timer a page has set (timer ids count up from 1).
STOP_TIMERS = """() => {
  const last = setTimeout(() => {});
  for (let id = 0; id <= last; id += 1) { clearTimeout(id); clearInterval(id); }
}"""


def settle(context, pending: set, *, seconds: float = 10) -> None:
    """Let the server answer what the pages still asked for (an autosave, a live preview).

    A request still running in a live-server thread holds rows (an autosave locks its review)
    while the test's database is flushed: the flush then waits on it, or deadlocks.
    """
    for opened in context.pages:
        try:
            opened.evaluate(STOP_TIMERS)
        except Exception:  # a page closing or navigating has no timers to stop
            continue
    deadline = time.monotonic() + seconds
    while pending and context.pages and time.monotonic() < deadline:
        context.pages[-1].wait_for_timeout(50)


@pytest.fixture
def record_figure(record_property, capsys):
    """Report a measured figure: in the terminal (even without -s) and in JUnit XML."""

    def record(name: str, value: object) -> None:
        record_property(name, value)
        with capsys.disabled():
            print(f"\n[figure] {name}: {value}")

    return record


@pytest.fixture(autouse=True)
def _drop_server_thread_connections():
    """Collect the SQLite connections the live server's request threads leave behind.

    Those threads open their own connection objects and never close them; left to the garbage
    collector at an arbitrary later moment, each raises a ResourceWarning that
    `filterwarnings = error` turns into a failure of whichever test happens to be running.
    """
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def pytest_collection_modifyitems(config, items) -> None:
    """Server threads' SQLite connections may be collected in the middle of a browser test.

    The fixture above collects them after each test, but a test that sends many requests (axe
    over several forms, a whole review typed) can trigger a collection while it runs; the
    ResourceWarning it raises then says nothing about the test.
    """
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore:unclosed database:ResourceWarning"))


def pytest_sessionfinish(session, exitstatus) -> None:
    """The same clean-up once the live server itself has stopped (its last connections)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
