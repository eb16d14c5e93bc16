"""Request ids in responses and logs; structured JSON error logs."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.db import OperationalError
from django.urls import path

from reviews_project.logformat import JsonFormatter, RequestIdFilter
from reviews_project.urls import urlpatterns as site_urlpatterns


def _boom(request):
    raise RuntimeError("the projector caught fire")


urlpatterns = [path("boom/", _boom), *site_urlpatterns]


def test_every_response_has_a_fresh_request_id(client, db):
    """Each response carries its own X-Request-ID."""
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_proxy_request_id_is_kept(client, db):
    """An id set by nginx or the load balancer follows the request through the app."""
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21e4"})
    assert response["X-Request-ID"] == "lb-7f3a9c21e4"


@pytest.mark.parametrize("bad", ["short", "x" * 200, "a b c d e f g h", "id\r\nSet-Cookie: x=1"])
def test_implausible_incoming_request_id_is_replaced(client, db, bad):
    """Anything that is not a plain token of sane length is replaced by our own id."""
    assert client.get("/healthz", headers={"X-Request-ID": bad})["X-Request-ID"] != bad


def test_unhandled_error_is_logged_with_request_id_and_traceback(client, settings, caplog):
    """A 500 logs an error record carrying the response's request id and the exception."""
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    RequestIdFilter().filter(records[0])
    entry = json.loads(JsonFormatter().format(records[0]))
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["level"] == "ERROR"
    assert entry["exc_type"] == "RuntimeError"
    assert "the projector caught fire" in entry["traceback"]
    assert entry["status_code"] == 500


def test_not_found_is_logged_with_request_id(client, db, caplog):
    """A 404 returned by a view is logged once, with the request id."""
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    RequestIdFilter().filter(records[0])
    assert records[0].request_id == response["X-Request-ID"]


def test_json_formatter_writes_one_parseable_line():
    """Messages with quotes and newlines still make one valid JSON line."""
    record = logging.LogRecord(
        "reviews", logging.WARNING, __file__, 1, 'a "quoted"\nline', (), None
    )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == 'a "quoted"\nline'
    assert json.loads(line)["request_id"] == "-"


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed:\nConnection refused")


urlpatterns += [path("gone/", _database_gone)]


def _records_at_warning_or_above(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_bad_host_header_logs_one_warning_without_traceback(client, db, caplog):
    """A Host header not in ALLOWED_HOSTS: 400, one WARNING line with the request id."""
    with caplog.at_level(logging.DEBUG):
        response = client.get("/", headers={"Host": "scanner.example.net"})
    assert response.status_code == 400
    records = _records_at_warning_or_above(caplog)
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].exc_info is None
    assert "scanner.example.net" in records[0].getMessage()
    RequestIdFilter().filter(records[0])
    assert records[0].request_id == response["X-Request-ID"]


def test_database_outage_logs_one_warning_per_request(client, db, settings, caplog):
    """Each 503 of an outage is one WARNING line with the request id: no ERROR, no traceback."""
    settings.ROOT_URLCONF = __name__
    with caplog.at_level(logging.DEBUG):
        response = client.get("/gone/")
    assert response.status_code == 503
    records = _records_at_warning_or_above(caplog)
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].exc_info is None
    assert "\n" not in records[0].getMessage()
    RequestIdFilter().filter(records[0])
    assert records[0].request_id == response["X-Request-ID"]
