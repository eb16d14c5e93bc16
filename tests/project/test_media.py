"""Uploaded files served by the app (local storage, no nginx): safe types, caching, ranges."""

from __future__ import annotations

import pytest

from films.images import make_renditions, rendition_name
from reviews_project import media
from tests.conftest import make_image_bytes

pytestmark = pytest.mark.django_db


def get(client, path: str, **kwargs):
    """GET, reading a streamed file to the end (and closing it) as a browser would."""
    response = client.get(path, **kwargs)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
        response.close()
    else:
        response.body = response.content
    return response


@pytest.fixture
def poster(settings):
    """A real JPEG poster and its renditions in MEDIA_ROOT, as an upload leaves them."""
    folder = settings.MEDIA_ROOT / "posters"
    folder.mkdir(parents=True)
    (folder / "lantern.jpg").write_bytes(make_image_bytes((400, 600)))
    make_renditions("posters/lantern.jpg")
    return "posters/lantern.jpg"


def test_a_poster_is_served_as_an_image_with_safe_headers(client, poster, settings):
    """The original: its bytes, image/jpeg, nosniff, a sandboxing CSP, cached for an hour."""
    response = get(client, f"/media/{poster}")
    assert response.status_code == 200
    assert response.body == (settings.MEDIA_ROOT / poster).read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == media.ORIGINAL
    assert "attachment" not in response["Content-Disposition"]


def test_renditions_are_cached_for_ever(client, poster):
    """A rendition's name is derived and never rewritten: a year, immutable."""
    response = get(client, "/media/" + rendition_name(poster, 320))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("header", "status", "content_range", "length"),
    [
        ("bytes=0-99", 206, "bytes 0-99/{size}", 100),
        ("bytes=100-", 206, "bytes 100-{last}/{size}", None),
        ("bytes=-10", 206, "bytes {tail}-{last}/{size}", 10),
        ("bytes=999999-", 416, "bytes */{size}", 0),
    ],
)
def test_byte_ranges(client, poster, settings, header, status, content_range, length):
    """A single byte range is a 206 with Content-Range; one past the end a 416."""
    data = (settings.MEDIA_ROOT / poster).read_bytes()
    size = len(data)
    response = get(client, f"/media/{poster}", headers={"Range": header})
    assert response.status_code == status
    expected = content_range.format(size=size, last=size - 1, tail=size - 10)
    assert response["Content-Range"] == expected
    if status == 206:
        first = int(expected.split()[1].split("-")[0])
        assert response.body == data[first : first + (length or size - first)]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("posters/evil.html", b"<script>alert(1)</script>"),
        ("posters/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("posters/evil.jpg.html", b"<script>alert(1)</script>"),
        ("posters/noext", b"<html><script>alert(1)</script>"),
    ],
)
def test_files_that_are_not_images_are_downloads_never_pages(client, settings, name, body):
    """HTML, SVG or anything unknown: octet-stream, attachment, nosniff, sandboxed."""
    target = settings.MEDIA_ROOT / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    response = get(client, f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/media/posters/", "/media/posters", "/media/../manage.py", "/media/%2e%2e/manage.py",
     "/media/posters/missing.jpg", "/media/posters/.hidden.jpg"],
)  # fmt: skip
def test_no_directory_listing_no_escape_no_hidden_files(client, poster, settings, path):
    """Folders, paths out of MEDIA_ROOT, missing and hidden files: 404."""
    (settings.MEDIA_ROOT / "posters" / ".hidden.jpg").write_bytes(b"x")
    assert get(client, path).status_code == 404


def test_only_reads_are_allowed(client, poster):
    """POST, PUT or DELETE on a media file: 405."""
    assert client.post(f"/media/{poster}").status_code == 405


def test_not_modified_since(client, poster):
    """A browser's If-Modified-Since with the file's date: 304."""
    first = get(client, f"/media/{poster}")
    again = get(client, f"/media/{poster}", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_media_is_not_routed_when_nginx_or_object_storage_serves_it(settings):
    """DJANGO_SERVE_MEDIA=0 (nginx) or S3 storage: the app adds no media URL."""
    settings.SERVE_MEDIA = False
    assert media.media_urlpatterns() == []
    settings.SERVE_MEDIA = True
    assert len(media.media_urlpatterns()) == 1
