"""Uploaded files served by the app itself, for a site run on gunicorn alone with local storage.

nginx (docs/deploy.md) or object storage serves media faster; set DJANGO_SERVE_MEDIA=0 when
one does. Compared before writing this: WhiteNoise lists files once at start-up, so it never
serves a poster uploaded later; dj-static (static3) and django-ranged-response are no longer
maintained; django-downloadview serves storage files but adds no byte ranges or upload-safe
headers of its own. Django's `static.serve` is for development (no ranges, and it serves any
type, HTML included). So this view is small and strict:

- only files under MEDIA_ROOT (safe_join), only regular files: no directory listing;
- a Content-Type from an allow-list of image types; anything else is sent as a download
  (application/octet-stream, Content-Disposition: attachment), never as HTML or SVG;
- X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy on every file;
- renditions (derived names, never rewritten) are cached for a year, `immutable`; originals
  for an hour; Last-Modified with If-Modified-Since;
- single byte ranges (HTTP 206), and 416 for a range past the end.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import re_path
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# The only types a browser is told a file is; everything else downloads.
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
}
# A file opened on its own can run nothing, load nothing and be framed by nobody.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
IMMUTABLE = "public, max-age=31536000, immutable"
ORIGINAL = "public, max-age=3600"
RENDITIONS_FOLDER = "renditions"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _cache_control(name: str) -> str:
    """Renditions have derived names that are never rewritten: cache them for ever."""
    return IMMUTABLE if RENDITIONS_FOLDER in PurePosixPath(name).parts[:-1] else ORIGINAL


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `bytes=` range; None for no (or an unusable) range header."""
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        return max(size - int(last), 0), size - 1
    return int(first), min(int(last), size - 1) if last else size - 1


def _headers(response: HttpResponse, name: str, modified: float) -> HttpResponse:
    suffix = PurePosixPath(name).suffix.lower()
    response["Content-Type"] = IMAGE_TYPES.get(suffix, "application/octet-stream")
    if suffix not in IMAGE_TYPES:
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = _cache_control(name)
    response["Last-Modified"] = http_date(modified)
    response["Accept-Ranges"] = "bytes"
    return response


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """One uploaded file from MEDIA_ROOT, with safe types and headers (see the module)."""
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        info = os.stat(full_path)
    except (SuspiciousFileOperation, OSError, ValueError) as exc:
        raise Http404("No such file.") from exc
    if not stat.S_ISREG(info.st_mode) or PurePosixPath(path).name.startswith("."):
        raise Http404("No such file.")
    if not was_modified_since(request.headers.get("If-Modified-Since"), info.st_mtime):
        return _headers(HttpResponseNotModified(), path, info.st_mtime)
    wanted = _byte_range(request.headers.get("Range", ""), info.st_size)
    if wanted is None:
        response = FileResponse(open(full_path, "rb"))  # noqa: SIM115 (FileResponse closes it)
        return _headers(response, path, info.st_mtime)
    first, last = wanted
    if first >= info.st_size or first > last:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{info.st_size}"
        return _headers(response, path, info.st_mtime)
    with open(full_path, "rb") as fh:
        fh.seek(first)
        body = fh.read(last - first + 1)
    response = HttpResponse(body, status=206)
    response["Content-Range"] = f"bytes {first}-{last}/{info.st_size}"
    return _headers(response, path, info.st_mtime)


def media_urlpatterns() -> list:
    """The media URL, when the app serves media itself (local storage, DJANGO_SERVE_MEDIA on)."""
    if not settings.SERVE_MEDIA:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{re.escape(prefix)}(?P<path>.+)$", serve_media, name="media")]
