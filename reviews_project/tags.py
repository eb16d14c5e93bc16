"""Cache tags: what a cached page or fragment shows, and purging exactly that.

A render runs inside `collect()`; whatever it reads announces its tags with `add()` (the apps
do this for their own models, see films/caching.py and reviews/caching.py). An entry is stored
with its tags and the purge *clock* read before its render began. `purge(tags)` advances the
clock and stamps each tag with the new value: an entry is fresh while none of its tags carries a
stamp later than its clock. A purge that lands while a page is rendering therefore makes that
page stale too, and clock and stamps live in the shared cache, so every server sees a purge.

A stamp the cache lost counts as "purged just now" (never as "never purged"), and a lost clock
restarts from the wall clock in microseconds, above any value it reached before: eviction can
cost a render, never serve an old page.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

CLOCK_KEY = "tags:clock"
# The clock value of the last purge whose stamps are all written (see _stamps).
SETTLED_KEY = "tags:settled"
LAST_PURGE_KEY = "tags:last-purge"
STAMP_PREFIX = "tags:stamp:"
NEXT_CHANGE_PREFIX = "tags:next-change:"
# An entry keeps at most this many tags: past it, the rows of its biggest kinds are summed up as
# `kind:*` (a purge of any `film:N` also purges `film:*`), which keeps freshness checks and
# Surrogate-Key headers small on pages listing thousands of rows (sitemaps).
MAX_TAGS = 64

_collectors: ContextVar[tuple[set[str], ...]] = ContextVar("cache_tag_collectors", default=())
# The clock as the outermost render in progress (a request) first read it: see _read_clock.
_clock_seen: ContextVar[int | None] = ContextVar("cache_tag_clock_seen", default=None)
# Called with the purged tags after each purge (front caches: reviews_project.frontcache).
_purge_listeners: list[Callable[[frozenset[str]], None]] = []
# Each returns the epoch time of the next change that happens without a save (a scheduled
# publication), or None.
_next_change_sources: list[Callable[[], float | None]] = []
# Stamps this process has read, valid while the clock reads the first item (see _stamps).
_known: tuple[int | None, dict[str, int]] = (None, {})
KNOWN_STAMPS_MAX = 20_000


@contextmanager
def collect(initial: Iterable[str] = ()) -> Iterator[set[str]]:
    """Collect the tags of everything read inside the block (nested blocks feed outer ones)."""
    tags: set[str] = set(initial)
    outermost = not _collectors.get()
    token = _collectors.set((*_collectors.get(), tags))
    clock_token = _clock_seen.set(None) if outermost else None
    try:
        yield tags
    finally:
        _collectors.reset(token)
        if clock_token is not None:
            _clock_seen.reset(clock_token)


def collecting() -> bool:
    """Whether some render is collecting tags right now."""
    return bool(_collectors.get())


def so_far() -> set[str]:
    """The tags the innermost render in progress has read until now."""
    found = _collectors.get()
    return set(found[-1]) if found else set()


def add(*tags: str) -> None:
    """Record tags for every render in progress (a no-op outside one)."""
    for collected in _collectors.get():
        collected.update(tags)


def listing(view: Callable, *collections: str) -> Callable:
    """Wrap a view whose page lists or counts whole collections (its rows tag themselves when
    loaded; a collection's tag is what a new row in it purges)."""

    @functools.wraps(view)
    def tagged(request, *args, **kwargs):
        add(*collections)
        return view(request, *args, **kwargs)

    return tagged


def compact(found: set[str]) -> set[str]:
    """At most MAX_TAGS tags standing for `found`: the biggest kinds become `kind:*`."""
    if len(found) <= MAX_TAGS:
        return set(found)
    kinds: dict[str, set[str]] = {}
    for tag in found:
        kind, sep, _ = tag.partition(":")
        kinds.setdefault(kind if sep else tag, set()).add(tag)
    result = set(found)
    for kind, members in sorted(kinds.items(), key=lambda item: -len(item[1])):
        if len(result) <= MAX_TAGS or len(members) < 2:
            break
        result = (result - members) | {f"{kind}:*"}
    return result


def _with_kinds(purged: frozenset[str]) -> frozenset[str]:
    """A purge of `film:12` is also one of `film:*` (entries that summed their films up)."""
    kinds = {f"{tag.partition(':')[0]}:*" for tag in purged if ":" in tag}
    return purged | kinds


def _seed() -> int:
    return time.time_ns() // 1000


def clock() -> int:
    """The purge clock now; an entry rendered from here on is fresh until a later purge."""
    value = _read_clock()
    if value is None:
        cache.add(CLOCK_KEY, _seed(), timeout=None)
        value = cache.get(CLOCK_KEY)
        if _collectors.get():
            _clock_seen.set(value)
    return int(value)


def _read_clock() -> int | None:
    """The clock, read once per request: a render (the page and each fragment in it) checks it
    several times. A purge landing later in the request is seen by the next one; this one is
    then as if it had started a few milliseconds earlier, and what it stores carries the
    earlier clock, so it is stale at once (never the other way round)."""
    seen = _clock_seen.get()
    if seen is not None:
        return seen
    value = cache.get(CLOCK_KEY)
    if value is not None and _collectors.get():
        _clock_seen.set(value)
    return value


def is_fresh(tags: Iterable[str], rendered_at: int) -> bool:
    """No tag of an entry rendered at clock `rendered_at` was purged since.

    While the clock still reads `rendered_at` nothing at all was purged since, and one read
    answers: on the shared file cache each stamp is a file, and reading a page's twenty stamps
    cost more than the rest of a cached response. (A lost clock restarts above every value it
    had, so it never equals an old entry's.)
    """
    keys = [STAMP_PREFIX + tag for tag in tags]
    if not keys:
        return True
    now = _read_clock()
    if now is not None and int(now) == rendered_at:
        return True
    stamps = _stamps(keys, now)
    return len(stamps) == len(keys) and all(int(s) <= rendered_at for s in stamps.values())


def _stamps(keys: list[str], now: int | None) -> dict[str, int]:
    """The stamps of `keys` while the clock reads `now`, read from the cache once per clock value.

    Stamps only change in a purge, and every purge moves the clock, so a stamp read while the
    clock reads `now` holds until it moves. Without this, every hit after a purge read all its
    tags' stamps again, for as long as the entry lived. A stamp is only remembered when no
    purge is half done: purge() moves the clock, writes its stamps, then marks the clock value
    settled; read after the clock, a settled value equal to it means no stamp of a later
    purge can be missing from what is read now. A stamp written by a later purge while this
    one is read is only later, never older, so at worst it costs a render.
    """
    global _known
    if now is None or cache.get(SETTLED_KEY) != now:
        return cache.get_many(keys)
    at, known = _known
    if at != now or len(known) > KNOWN_STAMPS_MAX:
        known = {}
        _known = (now, known)
    missing = [key for key in keys if key not in known]
    if missing:
        known.update(cache.get_many(missing))
    return {key: known[key] for key in keys if key in known}


def remember(tags: Iterable[str]) -> None:
    """Give tags that have no stamp yet one from the current clock (before storing an entry).

    `add` never overwrites, so a purge that raced ahead keeps its later stamp.
    """
    keys = [STAMP_PREFIX + tag for tag in tags]
    missing = set(keys) - set(cache.get_many(keys))
    if missing:
        now = clock()
        for key in missing:
            cache.add(key, now, timeout=None)


def _tick() -> int:
    """Move the clock on; its new value."""
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:  # the clock was lost: restart it above anything it was
        cache.add(CLOCK_KEY, _seed(), timeout=None)
        return cache.incr(CLOCK_KEY)


def advance() -> None:
    """Move the clock without purging anything: what a process keeps only while the clock
    reads one value (the parameters a page reads, reviews_project.cache) is read afresh."""
    cache.set(SETTLED_KEY, _tick(), timeout=None)


def purge(tags: Iterable[str]) -> None:
    """Make every entry showing any of these tags stale, here and on every front cache."""
    purged = frozenset(tags)
    if not purged:
        return
    stamped = _with_kinds(purged)
    try:
        stamp = _tick()
        cache.set_many({STAMP_PREFIX + tag: stamp for tag in stamped}, timeout=None)
        cache.set(SETTLED_KEY, stamp, timeout=None)
        cache.set(LAST_PURGE_KEY, time.time(), timeout=3600)
    except Exception:
        # Saving an editor's work must not fail because the cache is down; entries expire.
        logger.warning("Could not purge cache tags %s", sorted(purged), exc_info=True)
    for listener in _purge_listeners:
        listener(purged)


def purge_on_commit(tags: Iterable[str], *, using: str | None = None) -> None:
    """purge() once the current transaction commits (at once outside a transaction)."""
    purged = frozenset(tags)
    if purged:
        transaction.on_commit(lambda: purge(purged), using=using)


def seconds_since_last_purge() -> float | None:
    """How long ago the last purge happened anywhere, or None if not recently."""
    at = cache.get(LAST_PURGE_KEY)
    return None if at is None else time.time() - at


def on_purge(listener: Callable[[frozenset[str]], None]) -> None:
    """Call `listener(tags)` after every purge (once per listener)."""
    if listener not in _purge_listeners:
        _purge_listeners.append(listener)


def next_change_from(source: Callable[[], float | None]) -> None:
    """Register a source of time-based changes: entries never outlive its next time."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def seconds_until_next_change(rendered_at: int) -> float | None:
    """Seconds until the next time-based change, remembered per clock value: the answer only
    moves with a purge (the apps purge when a schedule changes) or once the time has passed."""
    key = f"{NEXT_CHANGE_PREFIX}{rendered_at}"
    now = time.time()
    at = cache.get(key)
    if at is None or (at and at <= now):
        times = [t for t in (source() for source in _next_change_sources) if t is not None]
        at = min(times) if times else 0
        cache.set(key, at, timeout=24 * 3600)
    return at - now if at else None


def header_value(tags: Iterable[str], *, separator: str = " ") -> str:
    """Tags as a response header value (Surrogate-Key, xkey, Cache-Tag)."""
    return separator.join(sorted(tags))
