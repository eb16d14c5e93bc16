"""Rating expressions: stars, fractions and words, and lines that are nothing but a rating."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reviews.parsing.lines import ends_sentence

_NUM = r"\d+(?:[.,]\d+)?(?:\s?½)?|½"
_WORD_NUM = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)(?:[\s-]+and[\s-]+a[\s-]+half)?"
    r"|half(?:[\s-]+an?)?|a[\s-]+half"
)
# "out of" as critics write it in English, Spanish/Portuguese, French, Italian, German and Dutch.
_OUT_OF = r"(?:/|out\s+of|sobre|sur|su|von|op)"
_STARS = r"(?:stars?|sterne?n?|étoiles?|estrellas?|estrelas?|stelle|stella|sterren|ster)"
RATING_RE = re.compile(
    rf"""
    (?P<stars>(?:[★⭐🌟]\ufe0f?\s?)+(?:½\s?)?(?:[☆✩]\s?)*|(?:½\s?)?(?:[☆✩]\s?)+)
    |(?P<frac>(?<![\w.,/])(?P<fnum>{_NUM})\s*(?:{_STARS}\s*)?\(?\s*{_OUT_OF}\s*
        (?P<fbest>\d+(?:\.\d+)?)(?![\d/])\)?(?:\s*{_STARS}\b)?)
    |(?P<wfrac>\b(?P<wnum>{_WORD_NUM})(?:\s+stars?)?\s+out\s+of\s+(?P<wbest>five|ten|5|10)\b
        (?:\s*stars?\b)?)
    |(?P<nstars>(?<![\w.,/])(?P<snum>{_NUM})[\s-]*{_STARS}\b)
    |(?P<wstars>\b(?P<swnum>{_WORD_NUM})[\s-]+stars?\b)
    """,
    re.I | re.X,
)
_MAYBE_RATING_RE = re.compile(
    r"[\d★☆✩⭐🌟½]|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|half)\b", re.I
)
_WORD_VALUES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# Scales a "x/y" rating may use; anything else ("24/7", "3/4 of the film") is not a rating.
_SCALES = (4.0, 5.0, 10.0, 20.0, 100.0)

_VERDICT_WORDS = (
    r"verdict|conclusions?|bottom\s+line|final\s+thoughts|final\s+words?|in\s+conclusion"
    r"|in\s+short|the\s+takeaway|wrap[\s-]?up|summing\s+up|to\s+sum\s+up"
    # Spanish, Portuguese, French, Italian, German, Dutch
    r"|veredicto|veredito|conclusi[oó]n|conclus[aã]o|en\s+r[eé]sum[eé]|en\s+bref|notre\s+avis"
    r"|mon\s+avis|verdetto|in\s+sintesi|in\s+conclusione|fazit|urteil|conclusie|oordeel"
)
VERDICT_TITLE_RE = re.compile(rf"\b(?:{_VERDICT_WORDS}|overall|final\s+score|rating)\b", re.I)
_ARTICLES = r"the|our|my|final|overall|el|la|le|il|o|a|de|het|das|der|unser|notre|nuestro|nosso"
_VERDICT_LABEL_RE = re.compile(rf"(?:(?:{_ARTICLES})\s+)*(?:{_VERDICT_WORDS})", re.I)
_OVERALL_LABEL_RE = re.compile(
    r"(?:(?:our|my|the|final|overall|total|film|movie|critic'?s?|editor'?s?|notre|ma|la|le|mi"
    r"|nuestra|il|mio|nostro|unsere|meine|minha|nossa|onze|mijn|eind|gesamt)\s+)*"
    r"(?:rating|score|grade|overall|total|stars|mark|verdict|note|nota|voto|valutazione"
    r"|giudizio|puntuaci[oó]n|calificaci[oó]n|valoraci[oó]n|classifica[cç][aã]o|avalia[cç][aã]o"
    r"|bewertung|wertung|gesamtwertung|punkte|cijfer|beoordeling|waardering|oordeel)"
    r"(?:\s+(?:rating|score|verdict|finale?|globale?|g[eé]n[eé]rale|totale?))?",
    re.I,
)


@dataclass
class FoundRating:
    """One rating expression found in the text."""

    value: float
    best: float
    original: str
    kind: str  # "frac", "words" or "stars": exact numbers beat pictures when lines disagree

    @property
    def half_stars(self) -> int:
        """The rating in half stars, rounded half up (may be out of range)."""
        if self.best <= 0:
            return 0
        return math.floor(self.value * 10 / self.best + 0.5)

    def label(self) -> str:
        """Describe the rating for messages, e.g. '8/10'."""
        return self.original


def _parse_number(text: str) -> float:
    """Read '4', '4.5', '4,5', '3½' or '½'."""
    text = text.replace(" ", "")
    half = 0.5 if text.endswith("½") else 0.0
    digits = text.rstrip("½").replace(",", ".")
    return (float(digits) if digits else 0.0) + half


def _parse_word_number(text: str) -> float:
    """Read 'three and a half', 'half a' or 'a half'."""
    words = re.split(r"[\s-]+", text.lower())
    if words[0] in ("half", "a"):
        return 0.5
    return _WORD_VALUES[words[0]] + (0.5 if "half" in words else 0.0)


def found_from_match(m: re.Match[str]) -> FoundRating | None:
    """Turn a rating regex match into a value on its scale, or None if it is not a rating."""
    original = m.group(0).strip()
    if m.group("stars"):
        glyphs = m.group("stars")
        full = sum(glyphs.count(c) for c in "★⭐🌟")
        half = glyphs.count("½")
        empty = sum(glyphs.count(c) for c in "☆✩")
        best = float(full + half + empty) if empty else 5.0
        return FoundRating(full + 0.5 * half, best, original, "stars")
    if m.group("frac"):
        best = float(m.group("fbest"))
        if best not in _SCALES:
            return None
        return FoundRating(_parse_number(m.group("fnum")), best, original, "frac")
    if m.group("wfrac"):
        best = 5.0 if m.group("wbest").lower() in ("five", "5") else 10.0
        return FoundRating(_parse_word_number(m.group("wnum")), best, original, "words")
    if m.group("nstars"):
        return FoundRating(_parse_number(m.group("snum")), 5.0, original, "frac")
    return FoundRating(_parse_word_number(m.group("swnum")), 5.0, original, "words")


EMPHASIS_RE = re.compile(r"\*\*|__|(?<![\w*])[*_]|[*_](?![\w*])")
_LINE_SEPARATORS = ":–—-|=(["


@dataclass
class RatingLine:
    """A line that is nothing but a rating, optionally after a label ('Acting: 4/5')."""

    label: str
    found: list[FoundRating]

    @property
    def overall(self) -> bool:
        """Whether the label makes this the film's overall rating rather than a sub-score."""
        label = self.label.lower()
        return (
            not label
            or bool(_OVERALL_LABEL_RE.fullmatch(label))
            or bool(_VERDICT_LABEL_RE.fullmatch(label))
        )

    @property
    def verdict_label(self) -> bool:
        """Whether the label names a verdict ('Final Verdict: 5/5'), so the line heads one."""
        return bool(self.label) and bool(_VERDICT_LABEL_RE.fullmatch(self.label.lower()))


def rating_line(text: str) -> RatingLine | None:
    """Recognise a standalone rating line such as 'Rating: ★★★★☆ (4/5)' or 'Acting - 3.5 stars'."""
    # Emphasis markers add a few characters at most; longer lines are prose, and a line with
    # no digit, star or number word holds no rating: both skip the full pattern.
    if len(text) > 240 or not _MAYBE_RATING_RE.search(text):
        return None
    plain = EMPHASIS_RE.sub("", text).strip()
    if len(plain) > 120:
        return None
    matches = [m for m in RATING_RE.finditer(plain) if m.group(0).strip()]
    found = [f for f in (found_from_match(m) for m in matches) if f is not None]
    if not matches or len(found) != len(matches):
        return None
    if not re.fullmatch(r"[\s.!)\]]*", plain[matches[-1].end() :]):
        return None
    for a, b in zip(matches, matches[1:], strict=False):
        gap = plain[a.end() : b.start()]
        if not re.fullmatch(r"[\s()\[\]|/,=–—-]*|\s*(?:or|and|=)\s*", gap):
            return None
    prefix = plain[: matches[0].start()].strip()
    label = prefix.rstrip(_LINE_SEPARATORS + " ").strip()
    has_separator = bool(prefix) and prefix[-1] in _LINE_SEPARATORS
    if label:
        if len(label.split()) > 6 or ends_sentence(label):
            return None
        line = RatingLine(label, found)
        if not has_separator and not line.overall:
            return None
        return line
    return RatingLine("", found)
