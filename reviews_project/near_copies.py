"""Near copies: the cache entries a process read or stored last, kept in its memory.

On the embedded default every cache read opens a file, and on Redis it is a round trip; a page
hit read the page, and an uncached page read each of its fragments. A process now keeps its
last entries in memory and serves one only while it is fresh by the same rule as the shared
entry: not expired, and none of its tags purged since its render (reviews_project.tags). A
purge from any process reaches a near copy on the next request: the purge clock is still read
from the shared cache on each request. A near copy can never show what the shared copy would
not: a newer shared copy exists only once the older one is stale or expired.

Kept only: entries with tags (an entry without any would outlive an emptied shared cache) whose
value nobody can change (a page's bytes, a fragment's text; not objects a view could modify).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache

from reviews_project import tags


def servable(entry: dict) -> bool:
    """A stored entry may be used: not expired, and none of its tags purged since its render."""
    return entry["expires"] > time.time() and tags.is_fresh(entry["tags"], entry["clock"])


class NearCopies:
    """The entries this process used last, at most `size` of them (the oldest leave first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        """The near copy of `key` while it is servable, else None (then read the shared one)."""
        entry = self.entries.get(key)
        if entry is not None and not servable(entry):
            self.entries.pop(key, None)
            return None
        return entry

    def read(self, key: str, *, keep: Callable[[dict], bool] = lambda entry: True) -> dict | None:
        """The servable entry under `key`: the near copy, else the shared one, kept near when
        `keep(entry)` says so; None for neither."""
        entry = self.get(key)
        if entry is not None:
            return entry
        entry = cache.get(key)
        if entry is None or not servable(entry):
            return None
        if keep(entry):
            self.keep(key, entry)
        return entry

    def keep(self, key: str, entry: dict) -> None:
        if not entry.get("tags"):
            return
        self.entries.pop(key, None)
        self.entries[key] = entry
        while len(self.entries) > self.size:
            try:
                del self.entries[next(iter(self.entries))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                break

    def clear(self) -> None:
        self.entries.clear()


# About 200 pages of 20-40 KB and 1,000 fragments of a few KB: a few MB per worker.
pages = NearCopies(200)
fragments = NearCopies(1000)


def clear() -> None:
    """Forget every near copy in this process (tests start from an empty cache)."""
    pages.clear()
    fragments.clear()
