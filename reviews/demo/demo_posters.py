"""Demo posters drawn with Pillow: geometric shapes from each film's slug, no borrowed images."""

from __future__ import annotations

import colorsys
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH = 800
HEIGHT = 1200
MARGIN = 64

# DejaVu covers Latin, Arabic and Hebrew; Pillow's built-in font (the fallback) covers Latin only.
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

HUE_NAMES = (
    (15, "red"),
    (40, "orange"),
    (65, "amber"),
    (90, "olive"),
    (150, "green"),
    (185, "teal"),
    (210, "cyan"),
    (250, "blue"),
    (280, "indigo"),
    (310, "violet"),
    (340, "magenta"),
    (360, "red"),
)
RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
MOTIFS = ("circles", "stripes", "triangles", "rectangles", "sun", "dots")


@dataclass(frozen=True)
class Poster:
    """A drawn poster: JPEG bytes and alt text that says what was drawn."""

    jpeg: bytes
    alt: str


@dataclass(frozen=True)
class Palette:
    """Background, two accents and a text colour, with words for the alt text."""

    background: RGB
    accent: RGB
    accent2: RGB
    text: RGB
    background_name: str
    accent_name: str
    text_name: str


def _hue_name(hue_degrees: float) -> str:
    for limit, name in HUE_NAMES:
        if hue_degrees < limit:
            return name
    return "red"


def _rgb(hue: float, lightness: float, saturation: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def palette_for(slug: str) -> Palette:
    """A palette derived from the slug, so every film keeps its own colours across runs."""
    digest = hashlib.sha256(slug.encode()).digest()
    hue = digest[0] / 256
    dark = digest[1] % 3 != 0  # two posters in three are dark with light text
    shift = (0.33 + digest[2] / 256 * 0.34) % 1.0  # accent sits well away from the background
    accent_hue = hue + shift
    if dark:
        background = _rgb(hue, 0.16 + digest[3] / 256 * 0.08, 0.55)
        accent = _rgb(accent_hue, 0.55, 0.70)
        accent2 = _rgb(hue, 0.40, 0.45)
        text, text_name, shade = (250, 247, 240), "white", "deep"
    else:
        background = _rgb(hue, 0.84 + digest[3] / 256 * 0.06, 0.55)
        accent = _rgb(accent_hue, 0.45, 0.65)
        accent2 = _rgb(hue, 0.65, 0.50)
        text, text_name, shade = (24, 22, 28), "near-black", "pale"
    return Palette(
        background=background,
        accent=accent,
        accent2=accent2,
        text=text,
        background_name=f"{shade} {_hue_name(hue * 360)}",
        accent_name=_hue_name(accent_hue % 1.0 * 360),
        text_name=text_name,
    )


def _a(word: str) -> str:
    """The word with its indefinite article."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _font(size: int) -> Font:
    """DejaVu Sans Bold when installed, else Pillow's own scalable font."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _is_rtl(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in RTL_RANGES)


def _can_draw(font: Font, text: str) -> bool:
    """Whether the font has a glyph for every character (missing ones render as the same box)."""
    if not isinstance(font, ImageFont.FreeTypeFont):
        return text.isascii()
    if _is_rtl(text) and not features.check("raqm"):
        return False  # without Raqm, Arabic script would be drawn unjoined and backwards
    missing = font.getmask("\U0010fffd")
    missing_key = (missing.size, bytes(missing))
    for ch in set(text):
        if ch.isspace() or ch in "\u200c\u200d":
            continue
        mask = font.getmask(ch)
        if (mask.size, bytes(mask)) == missing_key:
            return False
    return True


def _draw_motif(draw: ImageDraw.ImageDraw, motif: str, palette: Palette, seed: bytes) -> str:
    """Draw the shapes in the poster's upper half; returns their description."""
    top, bottom = 120, 700
    if motif == "circles":
        r1 = 150 + seed[0] % 60
        r2 = 110 + seed[1] % 50
        cx = WIDTH // 2 - 60
        cy = (top + bottom) // 2
        draw.ellipse((cx - r1, cy - r1, cx + r1, cy + r1), fill=palette.accent)
        draw.ellipse(
            (cx + 120 - r2, cy + 40 - r2, cx + 120 + r2, cy + 40 + r2),
            outline=palette.accent2,
            width=18,
        )
        return f"{_a(palette.accent_name)} disc overlapped by a ring"
    if motif == "stripes":
        count = 5 + seed[0] % 4
        step = (bottom - top) // count
        for i in range(count):
            colour = palette.accent if i % 2 == 0 else palette.accent2
            y = top + i * step
            draw.polygon(
                [(0, y + 40), (WIDTH, y), (WIDTH, y + step // 2), (0, y + 40 + step // 2)],
                fill=colour,
            )
        return f"{count} slanting bands, {palette.accent_name} alternating with a softer tone"
    if motif == "triangles":
        base = 220 + seed[0] % 80
        draw.polygon(
            [(MARGIN, bottom), (MARGIN + base * 2, bottom), (MARGIN + base, top + 40)],
            fill=palette.accent,
        )
        draw.polygon(
            [
                (WIDTH - MARGIN - base * 2, bottom),
                (WIDTH - MARGIN, bottom),
                (WIDTH - MARGIN - base, top + 140),
            ],
            fill=palette.accent2,
        )
        return f"two overlapping mountain-like triangles, the taller one {palette.accent_name}"
    if motif == "sun":
        r = 190 + seed[0] % 50
        horizon = bottom - 60
        draw.pieslice(
            (WIDTH // 2 - r, horizon - r, WIDTH // 2 + r, horizon + r),
            180,
            360,
            fill=palette.accent,
        )
        for i in range(3):
            y = horizon + 10 + i * 22
            draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 10), fill=palette.accent2)
        return f"{_a(palette.accent_name)} half sun setting behind three horizontal bars"
    if motif == "dots":
        cols = 4 + seed[0] % 2
        step = (WIDTH - 2 * MARGIN) // cols
        r = step // 3
        rows = (bottom - top) // step
        for row in range(rows):
            for col in range(cols):
                cx = MARGIN + step // 2 + col * step
                cy = top + step // 2 + row * step
                colour = palette.accent if (row + col) % 3 else palette.accent2
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        return f"a grid of {palette.accent_name} dots"
    # rectangles
    for i in range(3):
        inset = 60 + i * 70
        draw.rectangle(
            (inset, top + i * 50, WIDTH - inset, bottom - i * 50),
            outline=palette.accent if i != 1 else palette.accent2,
            width=14,
        )
    return f"three nested rectangular frames in {palette.accent_name}"


def _draw_lines(
    draw: ImageDraw.ImageDraw, lines: list[str], font: Font, fill: RGB, y: int, gap: int
) -> int:
    """Draw centred lines from y; returns the y below the last one."""
    for line in lines:
        left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
        draw.text(((WIDTH - (right - left)) / 2 - left, y - top), line, font=font, fill=fill)
        y += bottom - top + gap
    return y


def _drawable(font: Font, text: str) -> str:
    """The text, with accents dropped if the font lacks them (Pillow's built-in font is ASCII)."""
    if _can_draw(font, text):
        return text
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return "".join(ch for ch in plain if ch.isspace() or _can_draw(font, ch))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    """Greedy word wrap by drawn width."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(draw: ImageDraw.ImageDraw, title: str, *, max_lines: int) -> tuple[list[str], Font]:
    """Wrap and size the title to fit the margins, with no stranded short last line."""
    usable = WIDTH - 2 * MARGIN
    for size in (84, 76, 68, 60, 52, 46):
        font = _font(size)
        text = _drawable(font, title)
        lines = _wrap(draw, text, font, usable)
        stranded = len(lines) > 1 and len(lines[-1]) <= 2
        fits = all(draw.textlength(line, font=font) <= usable for line in lines)
        if len(lines) <= max_lines and fits and not stranded:
            return lines, font
    font = _font(40)
    return _wrap(draw, _drawable(font, title), font, usable), font


def draw_poster(
    *, slug: str, title: str, year: int, directors: list[str], original_title: str = ""
) -> Poster:
    """Draw an 800×1200 poster for a film and describe it."""
    palette = palette_for(slug)
    seed = hashlib.sha256(f"motif:{slug}".encode()).digest()
    motif = MOTIFS[seed[2] % len(MOTIFS)]
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    draw = ImageDraw.Draw(image)
    shapes = _draw_motif(draw, motif, palette, seed)

    max_lines = 2 if original_title and original_title != title else 3
    title_lines, title_font = _fit_title(draw, title.upper(), max_lines=max_lines)
    y = _draw_lines(draw, title_lines, title_font, palette.text, 760, 14)

    drew_original = False
    if original_title and original_title != title:
        direction = "rtl" if _is_rtl(original_title) else None
        for size in (44, 38, 32, 28):
            original_font = _font(size)
            if not _can_draw(original_font, original_title):
                break
            left, top, right, bottom = draw.textbbox(
                (0, 0), original_title, font=original_font, direction=direction
            )
            if right - left <= WIDTH - 2 * MARGIN:
                draw.text(
                    ((WIDTH - (right - left)) / 2 - left, y + 16 - top),
                    original_title,
                    font=original_font,
                    fill=palette.text,
                    direction=direction,
                )
                y += bottom - top + 32
                drew_original = True
                break

    draw.line((WIDTH // 2 - 80, y + 20, WIDTH // 2 + 80, y + 20), fill=palette.accent, width=6)
    small = _font(32)
    credit = _drawable(small, f"A film by {' & '.join(directors)}") if directors else ""
    _draw_lines(draw, [str(year), credit] if credit else [str(year)], small, palette.text, 1060, 18)

    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True, progressive=True)

    alt = (
        f"Poster: on {palette.background_name}, {shapes}, above the title {title} "
        f"in {palette.text_name} capitals"
    )
    if drew_original:
        alt += f" and the original title {original_title}"
    alt += f"; the year {year} and the director's name below." if directors else f"; {year}."
    return Poster(jpeg=out.getvalue(), alt=alt[:250])
