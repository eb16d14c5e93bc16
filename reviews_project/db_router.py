"""Reads from a replica, writes to the primary (enabled by DATABASE_REPLICA_URL).

Replication lags, so anything that must see its own writes reads from the primary: editors
(any request with a session), unsafe methods, and code inside a transaction. Middleware marks
such requests with `use_primary()`; everything else (anonymous public pages, feeds, search)
reads from the replica.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"

_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


@contextmanager
def use_primary() -> Iterator[None]:
    """Within this block every read goes to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReadReplicaRouter:
    """Sends reads to the replica unless they must see fresh writes."""

    def db_for_read(self, model: type[Model], **hints) -> str:
        if _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool:
        # Both aliases hold the same data.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints
    ) -> bool:
        # The replica receives schema changes through replication, never from migrate.
        return db == PRIMARY


class PrimaryForEditorsMiddleware:
    """Pins editors' requests and every write request to the primary database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            with use_primary():
                return self.get_response(request)
        return self.get_response(request)
