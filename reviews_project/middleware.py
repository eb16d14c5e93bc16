"""Request ids: one per request, in every log line it produces and in the response."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.log import log_response

from reviews_project.logformat import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's own id (nginx $request_id, a load balancer's trace id) is kept if it looks sane,
# so one id follows the request through every tier; anything else is replaced.
_TRUSTED_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Gives each request an id, exposes it to logging, and returns it as X-Request-ID.

    Django logs unhandled exceptions (logger django.request) inside this middleware, so those
    error records carry the id too; the JSON formatter adds the traceback. The one line per
    request is gunicorn's access log, which prints this response header (gunicorn.conf.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _TRUSTED_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django would log a returned (not raised) 4xx/5xx after every middleware has
                # finished, without the id; logging it here marks it done.
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RejectNulMiddleware:
    """A NUL byte in the path, or in the admin's query strings, is a 400 before any query.

    No URL of ours can contain one, and PostgreSQL refuses NUL in text outright (a DataError,
    so a 500) where SQLite stores it. Public filters already ignore and report a bad value, so
    public query strings are left to them; the admin's (search, autocomplete) are not.
    Form posts are checked by Django's own fields (ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.admin_prefix:
            self.admin_prefix = reverse("admin:index")
        if "\x00" in request.path or (
            request.path.startswith(self.admin_prefix)
            and any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            return HttpResponseBadRequest(
                "Bad request: a NUL character in the address.", content_type="text/plain"
            )
        return self.get_response(request)


class RejectBadHostMiddleware:
    """A Host header not in ALLOWED_HOSTS: a 400 and one WARNING line with the request id.

    Django would log it at ERROR with a traceback (logger django.security.DisallowedHost),
    and then the 400 again: scanners send such requests all day, and none is our error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost as exc:
            response = HttpResponseBadRequest(
                "Bad request: this site does not answer to that host name.",
                content_type="text/plain",
            )
            # Marks the response as logged, so RequestIdMiddleware does not log it again.
            log_response("Disallowed host: %s", exc, response=response, request=request)
            return response
        return self.get_response(request)
