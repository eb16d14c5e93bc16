"""Whole-page caching for anonymous readers, by tag, and the HTTP headers front caches use.

A page is stored with the tags of everything its render read (reviews_project.tags) and is
served until one of them is purged, the configured time runs out, or the next scheduled
publication comes. The same response tells a front cache (Varnish, a CDN) how long it may keep
the page (`s-maxage`) and under which tags to purge it (`Surrogate-Key`, `Cache-Tag`).

Query strings are normalised: a page is stored under the parameters its view actually read
(learned from the first render of that address with a query string), sorted, empty ones dropped;
anything else in the URL shares the canonical entry. One address stores a bounded number of
variants per cache period.

A page may also differ by something the request carries in a header (a film page puts the
offers of the reader's region first, from Accept-Language). It then says so with `vary_page()`:
which named variant, and the few values it can take *for this page* (the regions the film has
offers in). The entry under the page's key becomes a pointer naming the variant and its values;
each value's page is stored under its own key; a request is mapped to one of those values by
the function the app registered with `variant_source()`. A header can then produce no more
entries than the page itself has values, whatever readers send.

Each process keeps near copies of the last pages (and pointers) it served or stored
(reviews_project.near_copies): a hit then reads the page from memory and only the purge clock
from the shared cache.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.datastructures import MultiValueDict
from django.utils.http import http_date

from reviews_project import near_copies, tags
from reviews_project.db_router import use_primary

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:page:"
PARAMS_PREFIX = "pagecache:params:"
VARIANTS_PREFIX = "pagecache:variants:"
# Paths that are never cached: editors' pages, the health check, files.
EXCLUDED_PREFIXES = ("/admin/", "/healthz")
# Vary values that do not change a page for a visitor without cookies.
_HARMLESS_VARY = frozenset({"cookie", "accept-encoding"})
# A page read by everyone: any parameter its view reads is part of its address.
_ALL = "*"
# name -> function(request, the page's values) returning one of them ("" for none of them).
_variant_sources: dict[str, Callable[[HttpRequest, tuple[str, ...]], str]] = {}


def variant_source(name: str, choose: Callable[[HttpRequest, tuple[str, ...]], str]) -> None:
    """Register how a request picks its variant among a page's values (apps call this once)."""
    _variant_sources[name] = choose


def vary_page(response: HttpResponse, name: str, values: list[str], *, header: str) -> None:
    """This page differs by the variant `name`, taken from `header`, among `values` only.

    The response still sends `Vary: header` (front caches keep one copy per header value);
    this page cache stores one copy per value, chosen by the registered `variant_source`.
    """
    patch_vary_headers(response, [header])
    response.page_cache_variant = (name, tuple(values), header.lower())


def _variant_value(request: HttpRequest, name: str, values: tuple[str, ...]) -> str:
    choose = _variant_sources.get(name)
    value = choose(request, values) if choose is not None else ""
    return value if value in values else ""


def _variant_key(key: str, name: str, value: str) -> str:
    return f"{key}:{_digest(f'{name}={value}')[:16]}"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def cache_available() -> bool:
    """False when caching is switched off with a dummy backend (bench.settings' cold mode)."""
    return not isinstance(caches["default"], DummyCache)


def _has_session(request: HttpRequest) -> bool:
    """A session that exists (not merely a cookie with the right name)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        return bool(store.load())
    except Exception:
        return True  # cannot tell: render the page for this visitor rather than risk it


def _has_messages(request: HttpRequest) -> bool:
    """Flash messages signed by this site are waiting (a forged cookie is not)."""
    value = request.COOKIES.get(CookieStorage.cookie_name)
    return bool(value) and CookieStorage(request)._decode(value) is not None


def is_cacheable_request(request: HttpRequest) -> bool:
    """A GET/HEAD of a public page by a visitor with no session and no pending messages."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or not cache_available():
        return False
    return not _has_session(request) and not _has_messages(request)


def is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete 200 that is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    variant = getattr(response, "page_cache_variant", None)
    if variant is not None and variant[0] not in _variant_sources:
        return False  # nobody can say which variant a request wants
    # A header the page declared a variant for is part of its key (vary_page).
    if vary - _HARMLESS_VARY - ({variant[2]} if variant else set()):
        return False
    # A page holding a CSRF token or a CSP nonce is personal to this response.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return not get_nonce(request)


# The parameters each address reads, as this process last read them, with the purge clock read
# just before: learning moves the clock (tags.advance), so a copy holds while the clock reads the
# same value (a hit with a query string then reads nothing but the clock).
_near_learnt: dict[str, tuple[int, dict]] = {}
NEAR_LEARNT_MAX = 1000


def _learnt(digest: str) -> dict | None:
    """What the page at this address was learnt to read (None before its first query string)."""
    now = tags.clock()
    near = _near_learnt.get(digest)
    if near is not None and near[0] == now:
        return near[1]
    learnt = cache.get(PARAMS_PREFIX + digest)
    if learnt is not None:
        if len(_near_learnt) >= NEAR_LEARNT_MAX:
            _near_learnt.clear()
        _near_learnt[digest] = (now, learnt)
    return learnt


class ReadTrackingQueryDict(QueryDict):
    """request.GET that remembers which parameters the view read (to learn its address)."""

    def __init__(self, *args, **kwargs) -> None:
        self.read: set[str] = set()
        self.read_all = False
        super().__init__(*args, **kwargs)
        self.read.clear()  # parsing the query string is not the view reading it

    def __getitem__(self, key: str):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)

    def _everything(self, method: Callable, *args):
        self.read_all = True
        return method(self, *args)

    def lists(self):
        return self._everything(MultiValueDict.lists)

    def items(self):
        return self._everything(MultiValueDict.items)

    def values(self):
        return self._everything(MultiValueDict.values)

    def keys(self):
        return self._everything(dict.keys)

    def __iter__(self):
        return self._everything(dict.__iter__)

    def dict(self):
        return self._everything(MultiValueDict.dict)

    def urlencode(self, safe: str | None = None) -> str:
        return self._everything(QueryDict.urlencode, safe)

    def copy(self):
        return self._everything(QueryDict.copy)


def _query(request: HttpRequest, known: set[str] | None) -> str:
    """The canonical query string: known parameters (all if None), sorted, empty ones dropped."""
    pairs = [
        (name, value)
        for name, values in MultiValueDict.lists(request.GET)
        for value in values
        if value != "" and (known is None or name in known)
    ]
    return urlencode(sorted(pairs))


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers whole pages from the shared cache, and tags every page.

    It sits before the session and auth middleware: a hit reads the purge clock from the shared
    cache (and the page, unless this process holds a near copy) and no database query.
    Visitors with a session (editors) always get a freshly rendered page. Every safe request
    collects tags, so fragments know what the page read before them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)
        with tags.collect() as read:
            if is_cacheable_request(request):
                return self._cached(request, read)
            with self._primary_after_purge():
                return self.get_response(request)

    def _primary_after_purge(self):
        """Reads right after a purge go to the primary: a replica may not have replayed it."""
        if not settings.DATABASE_ROUTERS:
            return nullcontext()
        try:
            since = tags.seconds_since_last_purge()
        except Exception:
            since = 0.0
        pinned = since is not None and since < settings.REPLICA_PIN_SECONDS
        return use_primary() if pinned else nullcontext()

    def _cached(self, request: HttpRequest, read: set[str]) -> HttpResponse:
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        has_query = bool(request.META.get("QUERY_STRING"))
        try:
            learnt = _learnt(_digest(address)) if has_query else None
            learning = has_query and self._must_learn(request, address, learnt)
            known = None if learning else (learnt or {}).get("read", set())
            query = _query(request, None if known == _ALL else known) if has_query else ""
            key = KEY_PREFIX + _digest(f"{address}?{query}")
            # A pointer to a page's variants carries the page's tags and clock, so it holds as
            # long as the page stored with it (new values are a change the page read: a purge).
            entry = None if learning else near_copies.pages.read(key)
            if entry and "variant" in entry:  # a pointer: this page has one copy per value
                name, values = entry["variant"], entry["values"]
                variant_key = _variant_key(key, name, _variant_value(request, name, values))
                entry = near_copies.pages.read(variant_key)
            if entry:
                return self._replay(request, entry)
            started = tags.clock()
        except Exception:
            logger.warning("Page cache unavailable; rendering without it", exc_info=True)
            return self.get_response(request)
        if learning:
            # Learn which parameters this page reads (first query string, or a new name).
            request.GET = ReadTrackingQueryDict(
                request.META["QUERY_STRING"], encoding=request.encoding
            )
        elif has_query and known != _ALL:
            request.GET = QueryDict(query, encoding=request.encoding)
        with self._primary_after_purge():
            response = self.get_response(request)
        if learning:
            known = self._learn(request, address, learnt)
            query = _query(request, None if known == _ALL else known)
            key = KEY_PREFIX + _digest(f"{address}?{query}")
        if is_cacheable_response(request, response):
            self._store(request, key, address if has_query else "", started, read, response)
        return response

    def _must_learn(self, request: HttpRequest, address: str, learnt: dict | None) -> bool:
        """Render with read tracking: the address's first query string, or a parameter name not
        seen there before (a new filter after a deploy, or junk), within its variants budget."""
        if learnt is None:
            return True
        if learnt["read"] == _ALL:
            return False
        present = {name for name, values in MultiValueDict.lists(request.GET) if any(values)}
        return bool(present - learnt["seen"]) and self._variants_left(address)

    @staticmethod
    def _learn(request: HttpRequest, address: str, learnt: dict | None) -> set[str] | str:
        """Remember the parameters the view read (`read`) and every name seen (`seen`)."""
        query = request.GET
        learnt = learnt or {"read": set(), "seen": set()}
        everything = query.read_all or learnt["read"] == _ALL
        read = _ALL if everything else learnt["read"] | query.read
        seen = learnt["seen"] | set(MultiValueDict.keys(query))
        try:
            cache.set(
                PARAMS_PREFIX + _digest(address), {"read": read, "seen": seen}, timeout=24 * 3600
            )
            tags.advance()  # every process reads the address's parameters afresh
        except Exception:
            logger.warning("Could not remember a page's parameters", exc_info=True)
        return read

    @staticmethod
    def _variants_left(address: str) -> bool:
        """One address keeps at most PAGE_CACHE_MAX_VARIANTS query strings per period."""
        key = VARIANTS_PREFIX + _digest(address)
        cache.add(key, 0, timeout=settings.PAGE_CACHE_SECONDS)
        try:
            return cache.incr(key) <= settings.PAGE_CACHE_MAX_VARIANTS
        except ValueError:  # expired between add and incr
            return True

    def _store(
        self,
        request: HttpRequest,
        key: str,
        address: str,
        started: int,
        read: set[str],
        response: HttpResponse,
    ) -> None:
        ttl = float(settings.PAGE_CACHE_SECONDS)
        read = tags.compact(read)
        try:
            until_next = tags.seconds_until_next_change(started)
            if until_next is not None:
                ttl = min(ttl, until_next)
            response["X-Cache"] = "miss"
            add_front_cache_headers(response, read, ttl)
            if ttl < 1 or (address and not self._variants_left(address)):
                return
            tags.remember(read)
            # Checked on read as well as given as the timeout: the stored clock is ours.
            freshness = {"clock": started, "tags": sorted(read), "expires": time.time() + ttl}
            variant = getattr(response, "page_cache_variant", None)
            if variant is not None:
                name, values, _header = variant
                pointer = {"variant": name, "values": values, **freshness}
                cache.set(key, pointer, timeout=int(ttl))
                near_copies.pages.keep(key, pointer)
                key = _variant_key(key, name, _variant_value(request, name, values))
            entry = {
                **freshness,
                "status": response.status_code,
                "headers": [(k, v) for k, v in response.items() if k != "X-Cache"],
                "content": response.content,
            }
            cache.set(key, entry, timeout=int(ttl))
            near_copies.pages.keep(key, entry)
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)

    @staticmethod
    def _replay(request: HttpRequest, entry: dict) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        response["X-Cache"] = "hit"
        # What is left of the entry's time is what a front cache may keep it for.
        left = max(0, int(entry["expires"] - time.time()))
        response["Cache-Control"] = _cache_control(left)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,
            response=response,
        )


def _cache_control(seconds: int) -> str:
    # Browsers revalidate (ETag, 304); shared caches keep the page until a purge or s-maxage.
    return (
        f"public, max-age=0, s-maxage={seconds}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE_SECONDS}"
    )


def add_front_cache_headers(response: HttpResponse, page_tags: set[str], ttl: float) -> None:
    """Cache-Control with s-maxage, ETag and Last-Modified, and the page's tags for purges."""
    response["Cache-Control"] = _cache_control(max(0, int(ttl)))
    response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    response["Last-Modified"] = http_date(time.time())
    if page_tags:
        response["Surrogate-Key"] = tags.header_value(page_tags)
        response["Cache-Tag"] = tags.header_value(page_tags, separator=",")
