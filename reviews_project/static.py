"""Static files: WhiteNoise, without the manifest that maps every file to its hashed name.

`staticfiles.json` is read by the app from disk (ManifestStaticFilesStorage); served, it is a
list of every static file, admin scripts included, for anyone to read. Nothing links to it.
"""

from __future__ import annotations

import os

from django.contrib.staticfiles.storage import staticfiles_storage
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import MissingFileError


def _is_manifest(path: str) -> bool:
    name = getattr(staticfiles_storage, "manifest_name", None)
    root = getattr(staticfiles_storage, "location", None)
    if not name or not root:
        return False
    return os.path.abspath(path) == os.path.abspath(os.path.join(root, name))


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise serving every collected file except the manifest (a 404 like any unknown)."""

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not _is_manifest(path):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file_at_path(self, path, url):
        if _is_manifest(path):
            raise MissingFileError(path)
        return super().find_file_at_path(path, url)
