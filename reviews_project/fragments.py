"""Parts of public pages cached per content generation: partials and the data behind them.

The anonymous page cache (reviews_project.cache) serves whole pages to readers without a
session. Every other request renders its page: signed-in readers and editors, the first
request for a page after a change, a filter combination nobody asked for yet. These caches keep
that render cheap. Expensive data (facet counts, the top-rated ranking, list counts) and
expensive partials (card grids, the filter form, a filmography) are stored under the current
content *generation*, the same one whole pages use, so any save or delete of a film, person,
credit, review or section makes every entry stale at once. An entry never outlives the next
scheduled publication either: a review going public changes lists without a save.

What is stored must be the same for every visitor: no CSRF token, no user, no messages.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from reviews_project.cache import current_generation, seconds_until_next_publication

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:"
_NO_CACHE = object()  # the request's marker for "no usable cache: build everything"


def enabled() -> bool:
    """Off while developing (template edits show at once) and when the timeout is 0."""
    return settings.FRAGMENT_CACHE_SECONDS > 0


def generation_for(request: HttpRequest | None) -> str | None:
    """The content generation, read once per request; None when there is no usable cache."""
    found = getattr(request, "_content_generation", None)
    if found is not None:
        return None if found is _NO_CACHE else found
    try:
        generation = current_generation()
    except Exception:
        logger.warning("Fragment cache unavailable; rendering without it", exc_info=True)
        generation = None
    if request is not None:
        request._content_generation = _NO_CACHE if generation is None else generation
    return generation


def query_key(request: HttpRequest, *, without: tuple[str, ...] = ()) -> str:
    """The request's query string in a fixed order, for fragments that show what was typed."""
    pairs = ((k, v) for k, values in request.GET.lists() for v in values if k not in without)
    return urlencode(sorted(pairs))


def fragment_key(name: str, generation: str, parts: tuple[object, ...]) -> str:
    """One key per fragment name, generation and the values the fragment varies on."""
    raw = "\x1f".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"{KEY_PREFIX}{name}:{generation}:{digest}"


def timeout_for(generation: str) -> int:
    """Seconds an entry may live: the configured time, capped at the next publication."""
    ttl = settings.FRAGMENT_CACHE_SECONDS
    until_next = seconds_until_next_publication(generation)
    if until_next is not None:
        ttl = min(ttl, until_next)
    return int(ttl)


def get(request: HttpRequest | None, name: str, parts: tuple[object, ...]) -> tuple[str, object]:
    """(key, value) of a fragment; the value is None on a miss, the key "" when not caching."""
    if not enabled():
        return "", None
    generation = generation_for(request)
    if generation is None:
        return "", None
    key = fragment_key(name, generation, parts)
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Fragment cache unavailable; rendering without it", exc_info=True)
        return "", None
    # The expiry is checked here as well as given to the cache: the stored clock is ours.
    if entry is None or entry[0] <= time.time():
        return key, None
    return key, entry[1]


def store(request: HttpRequest | None, key: str, value: object) -> None:
    """Keep a freshly built value under the key get() returned (nothing when it was "")."""
    if not key:
        return
    try:
        ttl = timeout_for(generation_for(request) or "")
        if ttl >= 1:
            cache.set(key, (time.time() + ttl, value), timeout=ttl)
    except Exception:
        logger.warning("Could not store a fragment in the cache", exc_info=True)


def cached[T](
    request: HttpRequest | None, name: str, parts: tuple[object, ...], build: Callable[[], T]
) -> T:
    """The value built by `build()` for these parts in this generation, built at most once."""
    key, value = get(request, name, parts)
    if value is None:
        value = build()
        store(request, key, value)
    return value


class Once:
    """A value computed the first time a template (or anyone) asks for it, then remembered.

    Views hand these to templates so that a partial served from the cache never runs the
    queries only its own rendering needed. Django templates call callables they resolve.
    """

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build
        self._done = False
        self._value: object = None

    def __call__(self) -> object:
        if not self._done:
            self._value = self._build()
            self._done = True
        return self._value
