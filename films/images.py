"""Uploaded images: verified with Pillow, cleaned of metadata, and resized for srcset."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
RENDITION_WIDTHS = (160, 320, 480, 720, 960)
RENDITION_FORMAT = "WEBP"
# Posters, stills and portraits: nothing narrower than this or more elongated than MAX_ASPECT
# to one. Beyond these a rendition would be 0 pixels high or over WebP's 16383-pixel limit.
MIN_SIDE = 16
MAX_SIDE = 16383
MAX_ASPECT = 8


def _limits() -> tuple[int, int]:
    return settings.MAX_UPLOAD_BYTES, settings.MAX_IMAGE_PIXELS


def clean_uploaded_image(upload) -> ContentFile:
    """Verify an upload is a real, reasonably sized image and re-encode it without metadata.

    Raises ValidationError with a message an editor can act on; never lets Pillow's own
    exceptions (or a decompression bomb) escape as a server error.
    """
    max_bytes, max_pixels = _limits()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"This file is {size / 1_048_576:.1f} MB; images may be at most "
            f"{max_bytes / 1_048_576:.0f} MB."
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"Images may be at most {max_bytes / 1_048_576:.0f} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{image_format or 'This'} images are not accepted; "
                        "upload a JPEG, PNG or WebP."
                    )
                if width * height > max_pixels:
                    raise ValidationError(
                        f"This image is {width}×{height} pixels, more than the "
                        f"{max_pixels / 1_000_000:.0f} megapixels allowed."
                    )
                check_proportions(width, height)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                cleaned = ImageOps.exif_transpose(image)
                return _encode(cleaned, image_format)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            f"This image has more pixels than the {max_pixels / 1_000_000:.0f} megapixels allowed."
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "This file is not an image that can be opened, or it is damaged."
        ) from exc


def check_proportions(width: int, height: int) -> None:
    """Refuse sizes no page can show (and no rendition can be made of)."""
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise ValidationError(
            f"This image is {width}×{height} pixels; each side must be between "
            f"{MIN_SIDE} and {MAX_SIDE} pixels."
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ValidationError(
            f"This image is {width}×{height} pixels, too long and thin to show: "
            f"one side may be at most {MAX_ASPECT} times the other."
        )


def _pixels_only(image: Image.Image, *, allow_alpha: bool) -> Image.Image:
    """A new image holding only the pixels, in sRGB: no EXIF, XMP, IPTC, ICC, comments or text.

    Pillow copies some metadata from ``image.info`` when saving (a JPEG comment, a PNG's ICC
    profile), so the pixels go into a fresh image whose ``info`` is empty. An embedded colour
    profile is applied first, so colours stay right without carrying the profile's text along.
    """
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode == "CMYK" or image.mode not in ("L", "RGB", "RGBA", "LA"):
        image = image.convert("RGBA" if has_alpha and allow_alpha else "RGB")
    elif not allow_alpha and image.mode in ("RGBA", "LA"):
        image = image.convert("RGB" if image.mode == "RGBA" else "L")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile: keep the pixels as they are, drop the profile.
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, image_format: str) -> ContentFile:
    """Re-encode pixels only: every metadata segment and trailing byte is left behind."""
    image = _pixels_only(image, allow_alpha=image_format != "JPEG")
    out = io.BytesIO()
    options: dict[str, object] = {}
    if image_format == "JPEG":
        options = {"quality": 88, "optimize": True, "progressive": True}
    elif image_format == "WEBP":
        options = {"quality": 88}
    image.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=f"upload{ALLOWED_FORMATS[image_format]}")


@dataclass(frozen=True)
class Rendition:
    """One resized copy of an image."""

    width: int
    name: str


def rendition_name(original_name: str, width: int) -> str:
    """Where the rendition of a stored image at a width lives (derivable, so no lookups)."""
    path = PurePosixPath(original_name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.webp")


def rendition_widths(original_width: int | None) -> list[int]:
    """Widths worth making for an image: never upscale."""
    if not original_width:
        return []
    widths = [w for w in RENDITION_WIDTHS if w < original_width]
    return widths or [original_width]


def make_renditions(name: str, *, storage: Storage | None = None) -> list[Rendition]:
    """Write WebP renditions of a stored image; returns what it wrote."""
    storage = storage or default_storage
    with storage.open(name, "rb") as fh, Image.open(fh) as image:
        image.load()
        image = image.convert("RGB")
        made = []
        for width in rendition_widths(image.width):
            height = max(1, round(image.height * width / image.width))
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            resized.save(out, format=RENDITION_FORMAT, quality=80, method=4)
            target = rendition_name(name, width)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(out.getvalue()))
            made.append(Rendition(width, target))
    return made


def delete_with_renditions(
    name: str, original_width: int | None = None, *, storage: Storage | None = None
) -> None:
    """Delete a stored image and every rendition that may have been made of it."""
    storage = storage or default_storage
    widths = set(RENDITION_WIDTHS) | set(rendition_widths(original_width))
    for target in [name, *(rendition_name(name, w) for w in sorted(widths))]:
        storage.delete(target)


def srcset_for(name: str, original_width: int | None, *, storage: Storage | None = None) -> str:
    """A srcset attribute value for a stored image's renditions."""
    storage = storage or default_storage
    return ", ".join(
        f"{storage.url(rendition_name(name, w))} {w}w" for w in rendition_widths(original_width)
    )
