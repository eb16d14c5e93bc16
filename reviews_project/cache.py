"""Whole-page caching for anonymous readers, and its invalidation.

Every cached page is stored with the content *generation* current when it was rendered. Any
save or delete of a film, person, credit, review or section replaces the generation, so every
page that might show the change is stale at once, on every app server sharing the cache.
Time is the other source of change: a scheduled review goes public without a save, so an
entry never outlives the next scheduled publication time.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Min, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce

from reviews.models import Review

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache:page:"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:"
# Paths that are never cached: editors' pages, the health check, files.
EXCLUDED_PREFIXES = ("/admin/", "/healthz")
# Cookies that mean the page may differ for this visitor (a session, flash messages).
_PERSONAL_COOKIES = ("messages",)
# Vary values that do not change a page for a visitor without cookies.
_HARMLESS_VARY = frozenset({"cookie", "accept-encoding"})


def current_generation() -> str:
    """The content generation; created (at random) if the cache lost it."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Random, not a counter: an evicted counter restarting at 0 would revive old pages.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate_pages() -> None:
    """Make every cached page stale (content changed)."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # Saving an editor's work must not fail because the cache is down; the TTL bounds
        # how long readers can see the old page.
        logger.warning("Could not invalidate cached pages", exc_info=True)


def _content_changed(sender: type[Model], **kwargs) -> None:
    """Signal receiver: a catalogue or review row changed."""
    update_fields = kwargs.get("update_fields")
    if sender is get_user_model() and update_fields and set(update_fields) <= {"last_login"}:
        return  # an editor logging in changes nothing readers see
    invalidate_pages()


def _relation_changed(sender: type[Model], action: str, **kwargs) -> None:
    """Signal receiver: genres, countries or languages of a film changed."""
    if action.startswith("post_") and sender._meta.app_label in ("films", "reviews"):
        invalidate_pages()


def connect_signals() -> None:
    """Invalidate cached pages whenever anything a public page shows is saved or deleted."""
    models = [
        *apps.get_app_config("films").get_models(),
        *apps.get_app_config("reviews").get_models(),
        get_user_model(),  # critics' names and pages
    ]
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_content_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(_relation_changed, dispatch_uid="pagecache:m2m")


def next_publication_in() -> float | None:
    """Seconds until the next scheduled review goes public, or None if none is scheduled."""
    first = Review.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    return None if first is None else first.timestamp() - time.time()


def seconds_until_next_publication(generation: str) -> float | None:
    """next_publication_in(), remembered per content generation: it only moves when something
    is saved (a new generation) or when the remembered time has passed."""
    key = NEXT_PUBLICATION_KEY + generation
    now = time.time()
    at = cache.get(key)
    if at is None or (at and at <= now):
        seconds = next_publication_in()
        at = 0 if seconds is None else now + seconds
        cache.set(key, at, timeout=24 * 3600)
    return at - now if at else None


def page_key(request: HttpRequest) -> str:
    """The cache key of a page: scheme, host and full path (query string included)."""
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    """A GET/HEAD of a public page by a visitor with no session."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(
        name in cookies for name in _PERSONAL_COOKIES
    )


def is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete 200 that is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - _HARMLESS_VARY:
        return False
    # A page holding a CSRF token or a CSP nonce is personal to this response.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return not get_nonce(request)


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers whole pages from the shared cache.

    It sits before the session and auth middleware: a hit costs one cache round trip
    (generation and page in one get_many) and no database query. Visitors with a session
    cookie (editors) always get a freshly rendered page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
        except Exception:
            logger.warning("Page cache unavailable; rendering without it", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry and entry["generation"] == generation and entry["expires"] > time.time():
            return self._replay(entry)
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            self._store(key, generation, response)
        return response

    def _store(self, key: str, generation: str, response: HttpResponse) -> None:
        ttl = float(settings.PAGE_CACHE_SECONDS)
        try:
            until_next = seconds_until_next_publication(generation)
        except Exception:
            logger.warning("Page cache unavailable; page not stored", exc_info=True)
            return
        if until_next is not None:
            ttl = min(ttl, until_next)
        response["X-Cache"] = "miss"
        if ttl < 1:
            return
        entry = {
            "generation": generation,
            # Checked on read as well as given as the timeout: the stored clock is ours.
            "expires": time.time() + ttl,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k != "X-Cache"],
            "content": response.content,
        }
        try:
            cache.set(key, entry, timeout=int(ttl))
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)

    @staticmethod
    def _replay(entry: dict) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        response["X-Cache"] = "hit"
        return response
