"""Parts of public pages cached by tag: partials and the data behind them.

The anonymous page cache (reviews_project.cache) serves whole pages to readers without a
session. Every other request renders its page: signed-in readers and editors, the first
request for a page after a change, a filter combination nobody asked for yet. These caches keep
that render cheap. Expensive data (facet counts, the top-rated ranking, list counts) and
expensive partials (card grids, the filter form, a filmography) are stored with the tags of
what they read (reviews_project.tags), so a purge makes exactly the entries showing it stale.
A hit hands its tags on to the page around it. An entry never outlives the next scheduled
publication either: a review going public changes lists without a save.

What is stored must be the same for every visitor: no CSRF token, no user, no messages.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

from reviews_project import near_copies, tags

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:"


def enabled() -> bool:
    """Off while developing (template edits show at once) and when the timeout is 0."""
    return settings.FRAGMENT_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def query_key(request: HttpRequest, *, without: tuple[str, ...] = ()) -> str:
    """The request's query string in a fixed order, for fragments that show what was typed."""
    # MultiValueDict.lists: reading the query for a key is not the view reading its parameters
    # (reviews_project.cache learns a page's parameters from those reads).
    lists = MultiValueDict.lists(request.GET)
    pairs = ((k, v) for k, values in lists for v in values if k not in without)
    return urlencode(sorted(pairs))


def fragment_key(name: str, parts: tuple[object, ...]) -> str:
    """One key per fragment name and the values the fragment varies on."""
    raw = "\x1f".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"{KEY_PREFIX}{name}:{digest}"


def get(request: HttpRequest | None, name: str, parts: tuple[object, ...]) -> tuple[str, object]:
    """(key, value) of a fragment; the value is None on a miss, the key "" when not caching.

    A hit adds the entry's tags to the renders in progress (the page around it).
    """
    if not enabled():
        return "", None
    key = fragment_key(name, parts)
    try:
        # Only text is kept near: data fragments are objects a view could change.
        entry = near_copies.fragments.read(key, keep=lambda found: isinstance(found["value"], str))
        if entry is None:
            return key, None
    except Exception:
        logger.warning("Fragment cache unavailable; rendering without it", exc_info=True)
        return "", None
    tags.add(*entry["tags"])
    return key, entry["value"]


def cached[T](
    request: HttpRequest | None,
    name: str,
    parts: tuple[object, ...],
    build: Callable[[], T],
    *,
    standalone: bool = False,
) -> T:
    """The value built by `build()` for these parts, rebuilt only when what it read changed.

    A fragment inside a page inherits the tags the page read before it (the object the page is
    about may show in it). A `standalone` one depends on its parts alone (the header's search
    box): it keeps only the tags of what it reads itself, so no purge of the page's content
    makes every page's copy of it stale.
    """
    key, value = get(request, name, parts)
    if value is not None:
        return value
    if not key:
        return build()
    try:
        started = tags.clock()
    except Exception:
        logger.warning("Fragment cache unavailable; rendering without it", exc_info=True)
        return build()
    # What the request read before the fragment (the object a page is about) may show in it.
    with tags.collect(() if standalone else tags.so_far()) as read:
        value = build()
    read = tags.compact(read)
    store(key, value, read, started)
    return value


def store(key: str, value: object, read: set[str], started: int) -> None:
    """Keep a value built from clock `started` that read `read` (nothing when key is "")."""
    if not key:
        return
    try:
        ttl = float(settings.FRAGMENT_CACHE_SECONDS)
        until_next = tags.seconds_until_next_change(started)
        if until_next is not None:
            ttl = min(ttl, until_next)
        if ttl >= 1:
            tags.remember(read)
            entry = {"expires": time.time() + ttl, "clock": started, "tags": sorted(read)}
            entry["value"] = value
            cache.set(key, entry, timeout=int(ttl))
            if isinstance(value, str):  # text nobody can change: this process keeps it near
                near_copies.fragments.keep(key, entry)
    except Exception:
        logger.warning("Could not store a fragment in the cache", exc_info=True)


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
