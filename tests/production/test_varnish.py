"""Varnish (docs/varnish.vcl, vmod xkey) in front of gunicorn: pages are served from Varnish,
and a public change purges exactly its pages there, through the background task queue."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.production_env import BASE_DIR, production_env, run_python


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


VARNISH_PORT = _free_port()
APP_PORT = _free_port()
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

XKEY = list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"))

pytestmark = [
    pytest.mark.skipif(
        not Path(VARNISHD).exists() or not XKEY,
        reason="Debian's varnish and varnish-modules are not installed (.ci/run installs them)",
    ),
    # One worker starts the servers once for the module (make test runs two workers).
    pytest.mark.xdist_group("varnish"),
]

SEED = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from films.models import Film
from reviews.models import Review, ReviewSection
for n, title in enumerate(["A Quiet Harbour", "Salt Roads"]):
    critic = get_user_model().objects.create_user(f"critic{n}", first_name=f"Critic {n}")
    film = Film.objects.create(title=title, slug=f"film-{n}", year=1994 + n)
    review = Review.objects.create(
        film=film, author=critic, headline=f"Headline {n}", slug=f"review-{n}",
        standfirst="Short.", intro="Intro.", rating=8, verdict="Yes.",
        status=Review.Status.PUBLISHED, published_at=timezone.now(),
    )
    ReviewSection.objects.create(review=review, position=1, heading="Part", body="Text.")
"""

EDIT = """
from reviews.models import Review
review = Review.objects.get(slug="review-0")
review.headline = "A corrected headline"
review.save()
"""


def _get(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(port, "/healthz")
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"server on {port} did not start:\n{log.read_text()}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn on a seeded SQLite database, Varnish with docs/varnish.vcl in front of it."""
    tmp = tmp_path_factory.mktemp("varnish")
    env = production_env(
        tmp,
        GUNICORN_BIND=f"127.0.0.1:{APP_PORT}",
        GUNICORN_WORKERS="2",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PURGE_URLS=f"http://127.0.0.1:{VARNISH_PORT}/",
    )
    # Seeded before Varnish runs: nothing to purge there yet.
    setup_env = {**env, "DJANGO_PURGE_URLS": ""}
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shell", "-c", SEED]):
        result = run_python(setup_env, "manage.py", *args, "-v0", timeout=300)
        assert result.returncode == 0, result.stderr
    # varnishd reads its VCL as its own unprivileged user: a world-readable folder, not tmp's.
    shared = Path(tempfile.mkdtemp(prefix="varnish-caching-"))
    shared.chmod(0o755)
    vcl = (BASE_DIR / "docs" / "varnish.vcl").read_text().replace('"8000"', f'"{APP_PORT}"')
    (shared / "site.vcl").write_text(vcl)
    (shared / "site.vcl").chmod(0o644)
    processes = []
    try:
        app_log = tmp / "gunicorn.log"
        with app_log.open("w") as out:
            app = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env={**env, "DJANGO_SETTINGS_MODULE": "reviews_project.settings"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(app)
        _wait_for(APP_PORT, app, app_log)
        varnish_log = tmp / "varnish.log"
        with varnish_log.open("w") as out:
            varnish = subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    "-n",
                    str(shared / "work"),
                    "-a",
                    f"127.0.0.1:{VARNISH_PORT}",
                    "-f",
                    str(shared / "site.vcl"),
                    "-s",
                    "malloc,64m",
                    "-T",
                    "none",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(varnish)
        _wait_for(VARNISH_PORT, varnish, varnish_log)
        yield env
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(shared, ignore_errors=True)


def test_varnish_serves_a_cached_page_from_memory(site):
    """The second request for a public page is a Varnish hit."""
    _get(VARNISH_PORT, "/reviews/review-1/")
    response, body = _get(VARNISH_PORT, "/reviews/review-1/")
    assert response.status == 200
    assert response.getheader("X-Front-Cache") == "hit"
    assert b"Headline 1" in body


def test_a_public_change_purges_its_pages_in_varnish_and_nothing_else(site):
    """After the edit commits and the queued purge runs, Varnish serves the new text on the
    review, film and list pages at once, while the other film's review stays a hit."""
    changed = ["/reviews/review-0/", "/films/film-0/", "/reviews/"]
    untouched = "/reviews/review-1/"
    for path in [*changed, untouched, *changed, untouched]:
        _get(VARNISH_PORT, path)
    assert _get(VARNISH_PORT, untouched)[0].getheader("X-Front-Cache") == "hit"

    result = run_python(site, "manage.py", "shell", "-c", EDIT)
    assert result.returncode == 0, result.stderr
    # The purge was queued by the edit, not sent by it: Varnish still has the old page.
    assert b"A corrected headline" not in _get(VARNISH_PORT, changed[0])[1]
    result = run_python(site, "manage.py", "db_worker", "--batch", "--no-startup-delay")
    assert result.returncode == 0, result.stderr

    for path in changed:
        response, body = _get(VARNISH_PORT, path)
        assert b"A corrected headline" in body, path
    response, body = _get(VARNISH_PORT, untouched)
    assert response.getheader("X-Front-Cache") == "hit"
    assert b"Headline 1" in body
