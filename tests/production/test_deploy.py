"""Production settings end to end: check --deploy, and gunicorn behind a TLS-terminating proxy."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import make_image_bytes
from tests.production_env import BASE_DIR, production_env, run_python

HTTPS = {"X-Forwarded-Proto": "https"}


def test_check_deploy_reports_no_issues(tmp_path):
    """`manage.py check --deploy` is clean, with nothing silenced, under production settings."""
    result = run_python(production_env(tmp_path), "manage.py", "check", "--deploy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running gunicorn with production settings, and what it printed."""

    def __init__(self, port: int, process: subprocess.Popen, log: Path) -> None:
        self.port, self.process, self.log = port, process, log

    def request(self, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:  # closed even when the server drops the connection while starting
            conn.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn (gunicorn.conf.py) on a migrated SQLite database with collected static files."""
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    env = production_env(
        tmp, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", GUNICORN_THREADS="2"
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run_python(env, "manage.py", *command, "-v0", timeout=300)
        assert result.returncode == 0, result.stderr
    log = tmp / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "reviews_project.settings"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Server(port, process, log)
    deadline = time.monotonic() + 30
    while True:
        try:
            running.request("/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
    yield running
    process.terminate()
    process.wait(timeout=30)


def test_plain_http_is_redirected_to_https(server):
    """Without the proxy's X-Forwarded-Proto, a page redirects to its https:// address."""
    response, _ = server.request("/reviews/")
    assert response.status == 301
    assert response.getheader("Location") == "https://127.0.0.1/reviews/"


def test_forwarded_https_request_is_served_without_redirect_loop(server):
    """X-Forwarded-Proto: https from the proxy makes Django treat the request as secure."""
    response, body = server.request("/reviews/", HTTPS)
    assert response.status == 200
    assert b"<html" in body


def test_pages_carry_the_security_headers(server):
    """HSTS, CSP, Referrer-Policy, nosniff, COOP, frame denial and a request id on every page."""
    response, _ = server.request("/", HTTPS)
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    csp = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response.getheader("X-Request-ID"))


def test_healthz_answers_load_balancers_over_plain_http(server):
    """/healthz is exempt from the HTTPS redirect and reports ok as JSON."""
    response, body = server.request("/healthz")
    assert response.status == 200
    assert json.loads(body)["status"] == "ok"


def test_static_files_are_fingerprinted_compressed_and_cached_for_ever(server):
    """WhiteNoise serves the hashed stylesheet compressed, with a far-future cache header."""
    _, page = server.request("/", HTTPS)
    href = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    response, _ = server.request(href, {**HTTPS, "Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") in ("br", "gzip")
    cache_control = response.getheader("Cache-Control")
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control


def test_each_request_writes_one_access_line_with_its_request_id(server):
    """gunicorn's access log prints one line per request, carrying the X-Request-ID."""
    response, _ = server.request("/films/?probe=access-log", HTTPS)
    request_id = response.getheader("X-Request-ID")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [ln for ln in server.log.read_text().splitlines() if "probe=access-log" in ln]
        if lines:
            break
        time.sleep(0.1)
    assert len(lines) == 1
    assert f"request_id={request_id}" in lines[0]
    assert '"GET /films/?probe=access-log HTTP/1.1" 200' in lines[0]


@pytest.mark.parametrize("path", ["/static/staticfiles.json", "/static/staticfiles.json.gz"])
def test_static_manifest_is_not_served(server, path):
    """The manifest of every static file (staticfiles.json) is a 404, like any unknown file."""
    response, _ = server.request(path, HTTPS)
    assert response.status == 404


def _log_lines_with(server, needle: str) -> list[str]:
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = [ln for ln in server.log.read_text().splitlines() if needle in ln]
        if lines:
            time.sleep(0.3)  # anything else the request logs lands too
            return [ln for ln in server.log.read_text().splitlines() if needle in ln]
        time.sleep(0.1)
    return lines


def test_bad_host_header_is_one_warning_line_in_the_log(server):
    """A scanner's Host header: 400, and one WARNING line with the request id, no traceback."""
    before = server.log.read_text()
    response, _ = server.request("/", {**HTTPS, "Host": "scanner.example.net"})
    assert response.status == 400
    request_id = response.getheader("X-Request-ID")
    lines = [ln for ln in _log_lines_with(server, request_id) if "request_id=" not in ln]
    assert len(lines) == 1, lines
    entry = json.loads(lines[0])
    assert entry["level"] == "WARNING"
    assert "traceback" not in entry
    assert "Traceback" not in server.log.read_text()[len(before) :]


def test_workers_are_recycled_rarely_and_not_all_at_once():
    """max_requests comes from measured growth (gunicorn.conf.py), with a tenth as jitter."""
    config = run_python(
        {"PATH": "/usr/bin:/bin"},
        "-c",
        "import runpy; c = runpy.run_path('gunicorn.conf.py');"
        "print(c['max_requests'], c['max_requests_jitter'])",
    )
    max_requests, jitter = map(int, config.stdout.split())
    assert max_requests >= 20_000  # 2,000 restarted every worker 14 times a minute under load
    assert jitter >= max_requests // 10


def test_a_poster_uploaded_after_start_is_served_by_gunicorn(server):
    """With local storage and no nginx, gunicorn serves a new upload: image, nosniff, ranges."""
    poster = server.log.parent / "media" / "posters" / "added-later.jpg"
    poster.parent.mkdir(parents=True, exist_ok=True)
    data = make_image_bytes((300, 450))
    poster.write_bytes(data)
    response, body = server.request("/media/posters/added-later.jpg", HTTPS)
    assert response.status == 200
    assert body == data
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.getheader("Content-Security-Policy")
    response, body = server.request(
        "/media/posters/added-later.jpg", {**HTTPS, "Range": "bytes=0-9"}
    )
    assert response.status == 206
    assert body == data[:10]
    assert response.getheader("Content-Range") == f"bytes 0-9/{len(data)}"
    response, _ = server.request("/media/posters/", HTTPS)
    assert response.status == 404
