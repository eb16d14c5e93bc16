"""The embedded single-machine cache: files every gunicorn worker shares (no Redis needed).

Django's FileBasedCache lists its whole folder on every write to decide whether to cull. With
tens of thousands of cached pages and fragments that listing costs more than the write, so here
it happens on one write in CULL_CHECK_EVERY (at random), which bounds the folder just as well.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 200


class SharedFileCache(FileBasedCache):
    """FileBasedCache that checks its size now and then instead of on every write."""

    def _cull(self) -> None:
        if random.randrange(CULL_CHECK_EVERY) == 0:  # noqa: S311 - not for security
            super()._cull()
