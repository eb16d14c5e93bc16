"""Uploads: posters and photos verified with Pillow, limited, stripped, renamed; crafted files.

Every file here is real bytes made with Pillow (or crafted by hand from real bytes) and goes
through the real admin form for films (posters) and people (photos).
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from films.models import Film, Person
from tests.conftest import make_image_bytes

pytestmark = pytest.mark.django_db

FILM_ADD = reverse("admin:films_film_add")
PERSON_ADD = reverse("admin:films_person_add")


def film_data(upload) -> dict[str, object]:
    return {
        "title": "Crafted",
        "slug": "crafted",
        "year": "1997",
        "poster": upload,
        "poster_alt": "A poster.",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "1000",
    }


def person_data(upload) -> dict[str, object]:
    return {"name": "Someone", "slug": "someone", "photo": upload, "photo_alt": "A face."}


def upload_poster(client, editor, name: str, content: bytes):
    client.force_login(editor)
    return client.post(FILM_ADD, film_data(SimpleUploadedFile(name, content)))


def upload_photo(client, editor, name: str, content: bytes):
    client.force_login(editor)
    return client.post(PERSON_ADD, person_data(SimpleUploadedFile(name, content)))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny real PNG whose header claims another size (a decompression-bomb header)."""
    data = bytearray(make_image_bytes((1, 1), "PNG"))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def jpeg_with_gps() -> bytes:
    """A JPEG carrying camera and GPS EXIF tags, as phones write them."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 0.0)
    return make_image_bytes((300, 450), "JPEG", exif=exif)


def png_with_text_chunk() -> bytes:
    """A PNG with a tEXt chunk carrying markup."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    return make_image_bytes((200, 300), "PNG", pnginfo=info)


def rgba_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (120, 180), (10, 20, 30, 128)).save(out, format="PNG")
    return out.getvalue()


def cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (120, 180), (0, 50, 100, 0)).save(out, format="JPEG")
    return out.getvalue()


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


REFUSED = [
    ("GIF", "poster.gif", make_image_bytes((64, 64), "GIF"), "GIF images are not accepted"),
    ("BMP", "poster.bmp", make_image_bytes((64, 64), "BMP"), "BMP images are not accepted"),
    ("TIFF", "poster.tif", make_image_bytes((64, 64), "TIFF"), "TIFF images are not accepted"),
    ("ICO", "poster.ico", make_image_bytes((64, 64), "ICO"), "ICO images are not accepted"),
    ("SVG", "poster.svg", svg(), "not an image"),
    ("SVG named jpg", "poster.jpg", svg(), "not an image"),
    ("HTML named jpg", "poster.jpg", b"<html><script>alert(1)</script></html>", "not an image"),
    ("PHP named png", "shell.png", b"<?php system($_GET['c']); ?>", "not an image"),
    ("PDF", "poster.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "not an image"),
    ("zero bytes", "poster.jpg", b"", "not an image"),
    ("truncated JPEG", "poster.jpg", make_image_bytes((600, 900))[:400], "not an image"),
    ("truncated PNG", "poster.png", make_image_bytes((600, 900), "PNG")[:120], "not an image"),
    ("huge header PNG", "bomb.png", png_claiming(100_000, 100_000), "megapixels allowed"),
    ("wide header PNG", "bomb.png", png_claiming(1_000_000, 50), "megapixels allowed"),
    ("JPEG magic only", "poster.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "not an image"),
]

ACCEPTED = [
    ("JPEG", "poster.jpg", make_image_bytes((300, 450), "JPEG"), ".jpg"),
    ("PNG", "poster.png", make_image_bytes((300, 450), "PNG"), ".png"),
    ("WEBP", "poster.webp", make_image_bytes((300, 450), "WEBP"), ".webp"),
    ("PNG with alpha", "poster.png", rgba_png(), ".png"),
    ("JPEG named png", "poster.png", make_image_bytes((300, 450), "JPEG"), ".jpg"),
    ("CMYK JPEG", "poster.jpg", cmyk_jpeg(), ".jpg"),
]


@pytest.mark.parametrize(
    ("label", "name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_poster_refused_with_a_form_error(client, editor, label, name, content, message):
    """Refused files are a form error naming the problem; nothing saved, nothing stored."""
    response = upload_poster(client, editor, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Film.objects.exists()


@pytest.mark.parametrize(
    ("label", "name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_photo_refused_with_a_form_error(client, editor, label, name, content, message):
    """People's photos get the same checks as posters."""
    response = upload_photo(client, editor, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("label", "name", "content", "suffix"), ACCEPTED, ids=[a[0] for a in ACCEPTED]
)
def test_poster_accepted_and_stored_under_a_generated_name(
    client, editor, label, name, content, suffix
):
    """Allowed formats are stored re-encoded, under a random name with the true extension."""
    response = upload_poster(client, editor, name, content)
    assert response.status_code == 302
    stored = Film.objects.get().poster.name
    assert stored.startswith("posters/") and stored.endswith(suffix)
    assert "poster" not in stored.removeprefix("posters/")
    with default_storage.open(stored) as fh, Image.open(fh) as image:
        image.verify()


@pytest.mark.parametrize(
    ("label", "name", "content", "suffix"), ACCEPTED, ids=[a[0] for a in ACCEPTED]
)
def test_photo_accepted_and_stored_under_a_generated_name(
    client, editor, label, name, content, suffix
):
    """People's photos are accepted the same way."""
    response = upload_photo(client, editor, name, content)
    assert response.status_code == 302
    stored = Person.objects.get().photo.name
    assert stored.startswith("people/") and stored.endswith(suffix)


def test_exif_gps_is_stripped_from_posters(client, editor):
    """Camera and GPS tags never reach the stored file."""
    upload_poster(client, editor, "holiday.jpg", jpeg_with_gps())
    with default_storage.open(Film.objects.get().poster.name) as fh, Image.open(fh) as image:
        exif = image.getexif()
        assert 0x8825 not in exif
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif


def test_exif_gps_is_stripped_from_photos(client, editor):
    """A person's photo loses its location too."""
    upload_photo(client, editor, "portrait.jpg", jpeg_with_gps())
    with default_storage.open(Person.objects.get().photo.name) as fh:
        assert b"PhoneMaker" not in fh.read()


def test_png_text_chunks_are_stripped(client, editor):
    """Text chunks (a place to smuggle markup) are dropped by re-encoding."""
    upload_poster(client, editor, "poster.png", png_with_text_chunk())
    with default_storage.open(Film.objects.get().poster.name) as fh:
        assert b"<script>" not in fh.read()


def test_polyglot_tail_is_dropped(client, editor):
    """A JPEG with HTML appended (a polyglot) is stored as pixels only."""
    content = make_image_bytes((200, 300)) + b"<html><script>alert(1)</script></html>"
    upload_poster(client, editor, "poster.jpg", content)
    with default_storage.open(Film.objects.get().poster.name) as fh:
        assert b"<script>" not in fh.read()


def test_byte_limit_refuses_big_files(client, editor, settings):
    """Files over MAX_UPLOAD_BYTES are refused with the limit in the message."""
    settings.MAX_UPLOAD_BYTES = 50_000
    content = make_image_bytes((900, 900), "PNG", compress_level=0)
    response = upload_photo(client, editor, "big.png", content)
    assert "may be at most" in response.content.decode()
    assert not Person.objects.exists()


def test_pixel_limit_refuses_real_large_images(client, editor, settings):
    """A real image over MAX_IMAGE_PIXELS is refused by its header, before decoding."""
    settings.MAX_IMAGE_PIXELS = 100_000
    out = io.BytesIO()
    Image.new("L", (1000, 1000)).save(out, format="PNG")
    response = upload_poster(client, editor, "wide.png", out.getvalue())
    assert "megapixels allowed" in response.content.decode()
