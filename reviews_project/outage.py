"""An unreachable database answers 503 with the styled page, never a 500 or a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.log import log_response

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def outage_response() -> HttpResponse:
    """The 503 page, rendered without the request so no context processor touches the DB."""
    body = render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns database connection errors raised by a view into a 503.

    Django drops a broken connection at the end of the request (CONN_HEALTH_CHECKS checks
    a reused one at the start of the next), so the site recovers by itself when the
    database is back: no restart needed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = outage_response()
        # One WARNING line per request, no traceback (an outage floods the log otherwise);
        # log_response marks the response logged, so RequestIdMiddleware does not add an ERROR.
        log_response(
            "Database unavailable for %s %s: %s",
            request.method,
            request.path,
            " ".join(str(exception).split()),
            response=response,
            request=request,
            logger=logger,
            level="warning",
        )
        return response
