"""Metadata stripping: every segment a camera, an editor's tool or an attacker can add is dropped.

Each case is a real file written by Pillow (IPTC spliced in as the APP13 segment Photoshop
writes, which Pillow cannot write itself) and cleaned by the same function the admin's upload
fields use. The marker must be gone from the stored bytes, and Pillow must see no metadata.
"""

from __future__ import annotations

import io
import struct

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from films.images import clean_uploaded_image
from films.models import Film

MARK = "GPS 51.5033N 0.1196W <script>alert(1)</script>"
MARK_BYTES = b"51.5033N"
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop"}


def pixels(mode: str = "RGB") -> Image.Image:
    return Image.new(mode, (60, 90), (200, 40, 40) if mode == "RGB" else (200, 40, 40, 255))


def save(image: Image.Image, image_format: str, **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **kwargs)
    return out.getvalue()


def exif_with_mark() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = MARK  # ImageDescription
    exif.get_ifd(0x8825)[1] = "N"
    return exif


def xmp_with_mark() -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"<rdf:Description>{MARK}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def icc_with_mark() -> bytes:
    """A real sRGB profile whose copyright text carries the marker (same length, so still valid)."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    old, new = "No copyright".encode("utf-16-be"), "8N 51.5033N ".encode("utf-16-be")
    assert old in icc
    return icc.replace(old, new)


def jpeg_with_iptc() -> bytes:
    """A Pillow JPEG with a Photoshop APP13 (IPTC) segment spliced in after SOI."""
    caption = MARK.encode()
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption  # 2:120 caption
    resource = b"8BIM" + b"\x04\x04" + b"\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    data = save(pixels(), "JPEG")
    return data[:2] + segment + data[2:]


def png_with_text(kind: str) -> bytes:
    info = PngInfo()
    if kind == "tEXt":
        info.add_text("Comment", MARK)
    elif kind == "zTXt":
        info.add_text("Comment", MARK * 4, zip=True)
    else:
        info.add_itxt("Description", MARK, lang="en", tkey="Description")
    return save(pixels(), "PNG", pnginfo=info)


CASES = {
    "JPEG comment (COM)": lambda: save(pixels(), "JPEG", comment=MARK.encode()),
    "JPEG EXIF": lambda: save(pixels(), "JPEG", exif=exif_with_mark()),
    "JPEG XMP": lambda: save(pixels(), "JPEG", xmp=xmp_with_mark()),
    "JPEG IPTC (APP13)": jpeg_with_iptc,
    "JPEG ICC profile text": lambda: save(pixels(), "JPEG", icc_profile=icc_with_mark()),
    "JPEG trailing data": lambda: save(pixels(), "JPEG") + MARK.encode(),
    "PNG tEXt": lambda: png_with_text("tEXt"),
    "PNG zTXt": lambda: png_with_text("zTXt"),
    "PNG iTXt": lambda: png_with_text("iTXt"),
    "PNG eXIf": lambda: save(pixels(), "PNG", exif=exif_with_mark()),
    "PNG iCCP": lambda: save(pixels(), "PNG", icc_profile=icc_with_mark()),
    "PNG trailing data": lambda: save(pixels(), "PNG") + MARK.encode(),
    "WebP EXIF": lambda: save(pixels(), "WEBP", exif=exif_with_mark()),
    "WebP XMP": lambda: save(pixels(), "WEBP", xmp=xmp_with_mark()),
    "WebP ICC profile text": lambda: save(pixels(), "WEBP", icc_profile=icc_with_mark()),
    "WebP with alpha, EXIF": lambda: save(pixels("RGBA"), "WEBP", exif=exif_with_mark()),
}


@pytest.mark.parametrize("label", list(CASES))
def test_metadata_segment_is_stripped(label):
    """The marker is in the upload and nowhere in the cleaned file; Pillow finds no metadata."""
    original = CASES[label]()
    if label not in ("PNG zTXt", "PNG iCCP"):  # compressed chunks hide the marker
        assert MARK_BYTES in original or MARK_BYTES in original.replace(b"\x00", b"")
    cleaned = clean_uploaded_image(SimpleUploadedFile("upload", original)).read()
    assert MARK_BYTES not in cleaned and MARK_BYTES not in cleaned.replace(b"\x00", b"")
    assert b"<script>" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        image.load()
        assert METADATA_KEYS.isdisjoint(image.info), sorted(image.info)
        assert not image.getexif()
        assert not getattr(image, "text", None)
        assert image.size == (60, 90)


def test_colour_profile_is_applied_before_it_is_dropped():
    """A profile's colours survive as sRGB pixels even though the profile itself is removed."""
    original = save(pixels(), "PNG", icc_profile=icc_with_mark())
    cleaned = clean_uploaded_image(SimpleUploadedFile("upload.png", original)).read()
    with Image.open(io.BytesIO(cleaned)) as image:
        red, green, blue = image.convert("RGB").getpixel((5, 5))
    assert abs(red - 200) <= 2 and abs(green - 40) <= 2 and abs(blue - 40) <= 2


@pytest.mark.django_db
def test_poster_comment_does_not_reach_storage(client, editor):
    """Through the real admin: a JPEG comment with a location and markup is not stored."""
    client.force_login(editor)
    upload = SimpleUploadedFile("p.jpg", save(pixels(), "JPEG", comment=MARK.encode()))
    data = {
        "title": "Commented",
        "slug": "commented",
        "year": "2000",
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
    assert client.post(reverse("admin:films_film_add"), data).status_code == 302
    with default_storage.open(Film.objects.get().poster.name) as fh:
        assert MARK_BYTES not in fh.read()
