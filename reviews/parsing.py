"""Turn a pasted film-review draft into structured data, and render the canonical export.

The parser is pure: it takes text (or bytes) and returns dataclasses; it never touches Django,
the database or a request.

Accepted inputs
---------------
* Plain text in the shape editors paste from word processors: the first line is the headline,
  paragraphs are single long lines, and section headings are short title-like lines with or
  without blank lines around them ("Tehran: A Backdrop of Beauty and Contrast"). Such guessed
  headings are only looked for in drafts with no Markdown/HTML headings at all (a ``#``
  headline means the author writes Markdown and marks headings).
* One sentence per line: lines are joined into paragraphs; short sentences never become headings.
* Markdown: ATX (``#``/``##``/``###``) and setext (``===``/``---``) headings, bold-only lines
  (``**Heading**``) as headings when a draft has no real Markdown headings, lists, tables and
  blockquotes kept as Markdown, deeper headings kept inside their section as ``###``.
* YAML (``---``) or TOML (``+++``) front matter: ``title``, ``standfirst``/``description``/
  ``subtitle``/``summary``/``excerpt``, ``film``/``movie``, ``year``, ``director``, ``rating``.
* HTML from a web page or CMS export (``<h1>``-``<h6>``, ``<p>``, lists, tables, ``<strong>``,
  ``<em>``, entities); scripts, styles and page chrome are dropped.

The verdict is the section whose heading holds the rating, else the last section titled like a
verdict (Verdict, Conclusion, Bottom line, Final thoughts...), else the section whose text holds
the rating line; otherwise it is left empty with a warning.

Ratings are read from the verdict heading, ``Rating:``-style lines, score tables, list items and
front matter, in any of these shapes: ``★★★★☆``, ``★★★½``, ``4/5``, ``4.5 out of 5``,
``3.5 stars``, ``Three and a half stars``, ``8/10``, ``80/100``. They are normalised to half
stars (1-10); other scales are rescaled and the original is kept in ``notes``.

Canonical export format (``render_markdown``)::

    ---
    film: Children of Heaven
    year: 1997
    director: Majid Majidi
    rating: 4.5/5
    standfirst: One sentence that sells the review.
    ---
    # Headline

    Intro paragraphs.

    ## Section heading

    Section body (Markdown; sub-headings as ``###``).

    ## A section that gives the ending away [spoilers]

    Section body.

    ## Final verdict

    Rating: 4.5/5

    Verdict paragraphs.

A section heading ending in ``[spoilers]`` marks a section that contains spoilers: the parser
strips the marker and sets ``ParsedSection.contains_spoilers``. Front matter keys are only
written when they have a value. ``parse_review(render_markdown(p))`` reproduces ``p``'s
headline, standfirst, intro, sections, verdict, rating (in half stars) and film hint.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import ftfy
import yaml
from markdown_it import MarkdownIt

from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR

__all__ = [
    "MAX_BYTES",
    "FilmHint",
    "ParsedRating",
    "ParsedReview",
    "ParsedSection",
    "ReviewParseError",
    "parse_review",
    "render_markdown",
]

MAX_BYTES = 1_000_000

# Years a film can plausibly have: the catalogue's own range.
MIN_YEAR, MAX_YEAR = FIRST_FILM_YEAR, LAST_FILM_YEAR


class ReviewParseError(ValueError):
    """The draft cannot be parsed; the message explains why in words an editor understands."""


@dataclass
class ParsedRating:
    """A rating normalised to half stars, with the text and scale it was written in."""

    half_stars: int
    original: str
    value: float
    best: float

    @property
    def stars_value(self) -> float:
        """The rating in stars on a five-star scale, e.g. 4.5."""
        return self.half_stars / 2


@dataclass
class ParsedSection:
    """One headed section of the review body."""

    heading: str
    body: str
    contains_spoilers: bool = False


@dataclass
class FilmHint:
    """What the draft says about the film under review; any field may be unknown."""

    title: str = ""
    year: int | None = None
    director: str = ""


@dataclass
class ParsedReview:
    """The structured result of parsing one draft."""

    headline: str
    standfirst: str = ""
    intro: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    verdict_heading: str = ""
    verdict: str = ""
    rating: ParsedRating | None = None
    film: FilmHint = field(default_factory=FilmHint)
    warnings: list[str] = field(default_factory=list)
    notes: str = ""


# --------------------------------------------------------------------------------------------
# Decoding and normalisation
# --------------------------------------------------------------------------------------------

# File signatures of formats editors sometimes upload instead of pasting text.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "Word/ZIP"),
    (b"\xd0\xcf\x11\xe0", "Word 97"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"{\\rtf", "RTF"),
)


def _decode(data: bytes, warnings: list[str]) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM), falling back to Windows-1252."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReviewParseError(
                f"This looks like a {kind} file, not text. Paste the review text instead."
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise ReviewParseError("This looks like a binary file (it contains NUL bytes), not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(
            "The text was not valid UTF-8, so it was read as Windows-1252; "
            "check accented letters and quotes."
        )
        return data.decode("cp1252", errors="replace")


def _check_size(text: str) -> None:
    """Reject drafts over MAX_BYTES of UTF-8."""
    # len(text) is a cheap lower bound on the encoded size, so huge strings skip the encode.
    size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ReviewParseError(
            f"The draft is too large ({size:,} bytes); the limit is {MAX_BYTES:,} bytes (1 MB)."
        )


def _check_printable(text: str) -> None:
    """Reject text that is really a binary file."""
    if "\x00" in text:
        raise ReviewParseError("This looks like a binary file (it contains NUL bytes), not text.")
    sample = text[:200_000]
    # C1 controls (U+0080-U+009F) are left out: mojibake is full of them and is repairable.
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\n\t"))
    if sample and bad / len(sample) > 0.1:
        raise ReviewParseError(
            "This looks like a binary file (it is mostly non-printable characters), not text."
        )


def _strip_controls(text: str, *, c1: bool = True) -> str:
    """Drop stray control characters, keeping newlines and tabs (and C1 ones if c1=False)."""
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) != "Cc" or (not c1 and ch >= "\x7f")
    )


_SPACES_RE = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000]")


def _normalise_lines(text: str) -> str:
    """Unify line ends and drop BOMs and zero-width spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # U+200B is invisible noise; U+200C/U+200D are kept because Persian words need them.
    return text.replace("\ufeff", "").replace("\u200b", "")


def _normalise_spaces(text: str) -> str:
    """Turn no-break and other odd spaces into plain ones; empty whitespace-only lines."""
    text = _SPACES_RE.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _fix_mojibake(text: str, warnings: list[str]) -> str:
    """Repair text that was decoded with the wrong encoding, and say so."""
    fixed = text
    # Repeat until stable, so re-reading a repaired text never repairs it again.
    for _ in range(3):
        again = ftfy.fix_encoding(fixed)
        if again == fixed:
            break
        fixed = again
    if fixed != text:
        example = _first_difference(text, fixed)
        warnings.append(
            "Fixed garbled characters from a wrong text encoding"
            + (f" (e.g. “{example[0]}” → “{example[1]}”)" if example else "")
            + "; please check names and accents."
        )
    return fixed


def _first_difference(before: str, after: str) -> tuple[str, str] | None:
    """Return the first word that differs between two versions of a text."""
    for old, new in zip(before.split(), after.split(), strict=False):
        if old != new:
            return old.strip(",.;:()“”\"'"), new.strip(",.;:()“”\"'")
    return None


# --------------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML (---) or TOML (+++) front matter from the body; keys are lower-cased."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, text
    delim = lines[0].strip()
    closers = ("---", "...") if delim == "---" else ("+++",)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in closers), None)
    if end is None:
        return {}, text
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if delim == "+++":
        try:
            data: Any = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ReviewParseError(
                f"The front matter at the top (between +++ lines) is not valid TOML: {exc}."
            ) from exc
    else:
        # A draft that merely opens with a --- rule has no "key: value" lines; leave it be.
        if not re.search(r"^[\w][\w \-]*:(\s|$)", raw, re.M):
            return {}, text
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            raise ReviewParseError(
                f"The front matter at the top (between --- lines) is not valid YAML{where}: "
                f"{problem}."
            ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text
    return {_meta_key(k): v for k, v in data.items()}, body


def _meta_key(key: object) -> str:
    """Normalise a front matter key: 'Film Title' and 'film-title' become 'film_title'."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _meta_text(meta: dict[str, Any], *keys: str) -> str:
    """Return the first non-empty front matter value among keys, as text."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value is not None and not isinstance(value, dict) and str(value).strip():
            return " ".join(str(value).split())
    return ""


# --------------------------------------------------------------------------------------------
# HTML to Markdown
# --------------------------------------------------------------------------------------------

_SKIP_TAGS = frozenset(
    [
        "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form",
        "button", "iframe", "head", "select", "canvas", "object",
    ]
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    [
        "p", "div", "section", "article", "main", "header", "figure", "figcaption", "address",
        "center", "dl", "dt", "dd",
    ]
)  # fmt: skip
_HTML_START_RE = re.compile(r"\s*<(?:!doctype|html|head|body|article|main|div|section|h[1-6]|p)\b")
_HTML_CLOSE_RE = re.compile(r"</(?:p|h[1-6]|div|li|article|section|body|html)\s*>", re.I)


def _looks_like_html(text: str) -> bool:
    """Guess whether a draft is an HTML page or CMS export rather than Markdown."""
    head = text[:2000].lower()
    if head.lstrip().startswith("<!--") and _HTML_CLOSE_RE.search(text):
        return True
    return bool(_HTML_START_RE.match(head) and _HTML_CLOSE_RE.search(text))


class _HTMLToMarkdown(HTMLParser):
    """Convert the readable part of an HTML page into Markdown blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.text = ""
        self.marks: list[tuple[str, int]] = []
        self.skip = 0
        self.heading = 0
        self.quote = 0
        self.pre = 0
        self.lists: list[list[Any]] = []  # [tag, counter, marker width] per open list
        self.list_lines: list[str] = []
        self.item_open = False
        self.table: list[list[str]] | None = None
        self.row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a block or an inline marker."""
        if tag in _SKIP_TAGS:
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCK_TAGS or tag in ("hr", "table", "tr"):
            self._flush()
        if re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = int(tag[1])
        elif tag == "blockquote":
            self._flush()
            self.quote += 1
        elif tag == "pre":
            self._flush()
            self.pre += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0, 2 if tag == "ul" else 3])
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] += 1
            self.item_open = True
        elif tag == "table":
            self.table = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.text = ""
        elif tag == "br":
            self.text += "\n"
        elif tag in ("strong", "b") and not self.heading:
            self._open_mark("**")
        elif tag in ("em", "i", "cite") and not self.heading:
            self._open_mark("*")

    def handle_endtag(self, tag: str) -> None:
        """Close a block or an inline marker."""
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = 0
        elif tag in _BLOCK_TAGS or tag == "li":
            self._flush()
        elif tag == "blockquote":
            self._flush()
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            code = self.text.strip("\n")
            self.text = ""
            self.pre = max(0, self.pre - 1)
            if code:
                self.blocks.append(f"```\n{code}\n```")
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            if not self.lists and self.list_lines:
                self.blocks.append("\n".join(self.list_lines))
                self.list_lines = []
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(_collapse(self.text).replace("|", "\\|"))
            self.text = ""
        elif tag == "tr" and self.table is not None and self.row is not None:
            if any(self.row):
                self.table.append(self.row)
            self.row = None
        elif tag == "table":
            self._emit_table()
        elif tag in ("strong", "b") and not self.heading:
            self._close_mark("**")
        elif tag in ("em", "i", "cite") and not self.heading:
            self._close_mark("*")

    def handle_data(self, data: str) -> None:
        """Collect text; whitespace collapses as a browser would, except inside <pre>."""
        if self.skip:
            return
        self.text += data if self.pre else re.sub(r"\s+", " ", data)

    def close(self) -> None:
        """Flush whatever is still open at the end of the document."""
        super().close()
        self._flush()
        if self.list_lines:
            self.blocks.append("\n".join(self.list_lines))
        self._emit_table()

    def markdown(self) -> str:
        """Return the converted document."""
        return "\n\n".join(b for b in self.blocks if b.strip())

    def _open_mark(self, marker: str) -> None:
        self.marks.append((marker, len(self.text)))
        self.text += marker

    def _close_mark(self, marker: str) -> None:
        if not self.marks or self.marks[-1][0] != marker:
            return
        _, pos = self.marks.pop()
        inner = self.text[pos + len(marker) :]
        core = inner.strip()
        # Spaces inside the tags would break Markdown emphasis, so move them outside.
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        self.text = self.text[:pos] + lead + (f"{marker}{core}{marker}" if core else "") + trail

    def _flush(self) -> None:
        if self.table is not None and self.row is not None:
            return  # cell text is collected by </td>
        if self.pre:
            return
        text = _collapse(self.text)
        self.text = ""
        self.marks = []
        if not text:
            return
        if self.lists:
            indent = " " * sum(level[2] for level in self.lists[:-1])
            tag, count, width = self.lists[-1]
            marker = "-" if tag == "ul" else f"{count}."
            prefix = f"{indent}{marker} " if self.item_open else indent + " " * width
            self.list_lines.append(prefix + text.replace("\n", " "))
            self.item_open = False
            return
        if self.heading:
            text = "#" * self.heading + " " + text.replace("\n", " ")
        if self.quote:
            text = "\n".join("> " + line for line in text.split("\n"))
        self.blocks.append(text)

    def _emit_table(self) -> None:
        if not self.table:
            self.table = None
            return
        width = max(len(r) for r in self.table)
        rows = [r + [""] * (width - len(r)) for r in self.table]
        lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        self.blocks.append("\n".join(lines))
        self.table = None


def _collapse(text: str) -> str:
    """Collapse whitespace within lines and drop empty lines."""
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _html_to_markdown(text: str) -> str:
    """Convert an HTML document to Markdown."""
    converter = _HTMLToMarkdown()
    converter.feed(text)
    converter.close()
    return converter.markdown()


# --------------------------------------------------------------------------------------------
# Ratings
# --------------------------------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)?(?:\s?½)?|½"
_WORD_NUM = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)(?:[\s-]+and[\s-]+a[\s-]+half)?"
    r"|half(?:[\s-]+an?)?|a[\s-]+half"
)
_RATING_RE = re.compile(
    rf"""
    (?P<stars>(?:[★⭐🌟]\ufe0f?\s?)+(?:½\s?)?(?:[☆✩]\s?)*|(?:½\s?)?(?:[☆✩]\s?)+)
    |(?P<frac>(?<![\w.,/])(?P<fnum>{_NUM})\s*(?:stars?\s*)?(?:/|out\s+of)\s*
        (?P<fbest>\d+(?:\.\d+)?)(?![\d/])(?:\s*stars?\b)?)
    |(?P<wfrac>\b(?P<wnum>{_WORD_NUM})(?:\s+stars?)?\s+out\s+of\s+(?P<wbest>five|ten|5|10)\b
        (?:\s*stars?\b)?)
    |(?P<nstars>(?<![\w.,/])(?P<snum>{_NUM})[\s-]*stars?\b)
    |(?P<wstars>\b(?P<swnum>{_WORD_NUM})[\s-]+stars?\b)
    """,
    re.I | re.X,
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
)
_VERDICT_TITLE_RE = re.compile(rf"\b(?:{_VERDICT_WORDS}|overall|final\s+score|rating)\b", re.I)
_VERDICT_LABEL_RE = re.compile(rf"(?:(?:the|our|my|final|overall)\s+)*(?:{_VERDICT_WORDS})", re.I)
_OVERALL_LABEL_RE = re.compile(
    r"(?:(?:our|my|the|final|overall|total|film|movie|critic'?s?|editor'?s?)\s+)*"
    r"(?:rating|score|grade|overall|total|stars|mark|verdict)(?:\s+(?:rating|score|verdict))?",
    re.I,
)


@dataclass
class _Found:
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


def _found_from_match(m: re.Match[str]) -> _Found | None:
    """Turn a rating regex match into a value on its scale, or None if it is not a rating."""
    original = m.group(0).strip()
    if m.group("stars"):
        glyphs = m.group("stars")
        full = sum(glyphs.count(c) for c in "★⭐🌟")
        half = glyphs.count("½")
        empty = sum(glyphs.count(c) for c in "☆✩")
        best = float(full + half + empty) if empty else 5.0
        return _Found(full + 0.5 * half, best, original, "stars")
    if m.group("frac"):
        best = float(m.group("fbest"))
        if best not in _SCALES:
            return None
        return _Found(_parse_number(m.group("fnum")), best, original, "frac")
    if m.group("wfrac"):
        best = 5.0 if m.group("wbest").lower() in ("five", "5") else 10.0
        return _Found(_parse_word_number(m.group("wnum")), best, original, "words")
    if m.group("nstars"):
        return _Found(_parse_number(m.group("snum")), 5.0, original, "frac")
    return _Found(_parse_word_number(m.group("swnum")), 5.0, original, "words")


_EMPHASIS_RE = re.compile(r"\*\*|__|(?<![\w*])[*_]|[*_](?![\w*])")
_LINE_SEPARATORS = ":–—-|=(["


@dataclass
class _RatingLine:
    """A line that is nothing but a rating, optionally after a label ('Acting: 4/5')."""

    label: str
    found: list[_Found]

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


def _rating_line(text: str) -> _RatingLine | None:
    """Recognise a standalone rating line such as 'Rating: ★★★★☆ (4/5)' or 'Acting - 3.5 stars'."""
    plain = _EMPHASIS_RE.sub("", text).strip()
    if len(plain) > 120:
        return None
    matches = [m for m in _RATING_RE.finditer(plain) if m.group(0).strip()]
    found = [f for f in (_found_from_match(m) for m in matches) if f is not None]
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
        if len(label.split()) > 6 or _ends_sentence(label):
            return None
        line = _RatingLine(label, found)
        if not has_separator and not line.overall:
            return None
        return line
    return _RatingLine("", found)


# --------------------------------------------------------------------------------------------
# Line classification (plain-text headings, sentences, paragraphs)
# --------------------------------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    [
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
        "or", "the", "to", "vs", "via", "with", "without", "than", "that", "over", "under", "upon",
        "is", "are", "was", "be", "its", "it's", "de", "la", "le", "du", "des", "del", "di", "da",
        "van", "von", "der", "y", "et", "en",
    ]
)  # fmt: skip
_WORD_RE = re.compile(r"[^\W_][\w'’\-]*")
_CLOSERS = "\"'”’»)]*_ "
_TERMINALS = (".", "!", "?", "…", "؟", "。")
_META_LINE_RE = re.compile(
    r"^(?:(?:written\s+and\s+)?directed\s+by\b|starring\b|"
    r"(?:director|starring|cast|runtime|running\s+time|year|release(?:\s+date)?|released|genre"
    r"|country|language|writer|written\s+by|film|movie|rated|certificate|certification)\s*:)",
    re.I,
)
_BOLD_LINE_RE = re.compile(r"(\*\*|__)(?P<t>[^*_\s](?:(?!\1).)*?)\1\s*:?")
_ITALIC_LINE_RE = re.compile(r"(?P<m>[*_])(?P<t>[^*_\s][^*_]*?)(?<!\s)(?P=m)")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…]['\"”’)\]]*\s+(?=[\"“‘(\[]?[^\W\d_])")


def _ends_sentence(text: str) -> bool:
    """Whether text ends like a sentence (a full stop, '?' or '!', maybe before a quote)."""
    return text.rstrip(_CLOSERS).endswith(_TERMINALS)


def _starts_lower(text: str) -> bool:
    """Whether the first letter of text is lower-case (a continued sentence)."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower()


def _is_cased(word: str) -> bool:
    return word[0].isupper() or word[0].islower()


def _capitalised_share(text: str) -> float | None:
    """Share of significant cased words that start upper-case; None if there are none."""
    words = _WORD_RE.findall(text)
    significant = [
        w for i, w in enumerate(words) if (i == 0 or w.lower() not in _SMALL_WORDS) and w != "I"
    ]
    cased = [w for w in significant if _is_cased(w)]
    if not cased:
        return None
    return sum(1 for w in cased if w[0].isupper()) / len(cased)


def _title_like(line: str) -> bool:
    """Whether a line reads like a heading: short, capitalised words, no sentence ending."""
    s = line.strip()
    if not s or len(s) > 90 or len(s.split()) > 14:
        return False
    if _ends_sentence(s) or s.rstrip(_CLOSERS)[-1:] in (",", ";", ":"):
        return False
    first = next((ch for ch in s if ch.isalnum()), "")
    if not first or first.islower():
        return False
    if ":" in s:
        # "Tehran: A backdrop of beauty" - a capitalised lead-in, then a capitalised phrase.
        before, _, after = s.partition(":")
        if (
            1 <= len(before.split()) <= 4
            and after.strip()
            and not _starts_lower(after)
            and (_capitalised_share(before) or 0) >= 0.75
        ):
            return True
    share = _capitalised_share(s)
    if share is None:
        # Scripts without letter case (Persian, Arabic, Hebrew): judge by length alone.
        return len(s.split()) <= 10
    return share >= 0.75


def _sentence_count(line: str) -> int:
    return len(_SENTENCE_BREAK_RE.findall(line)) + 1


def _paragraph_like(line: str) -> bool:
    """Whether a line is a whole paragraph (several sentences or long), as pasted from Word."""
    return _ends_sentence(line) and (len(line) >= 200 or _sentence_count(line) >= 2)


def _bold_only(line: str) -> str | None:
    """Return the text of a line that is entirely bold ('**Heading**'), else None."""
    m = _BOLD_LINE_RE.fullmatch(line.strip())
    return m.group("t").strip().rstrip(":").strip() if m else None


def _italic_only(text: str) -> str | None:
    """Return the text of a paragraph that is entirely italic ('*Standfirst*'), else None."""
    m = _ITALIC_LINE_RE.fullmatch(text.strip())
    return m.group("t").strip() if m else None


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------


@dataclass
class _Block:
    """A unit of the draft: raw paragraph lines, a paragraph, a heading or verbatim Markdown."""

    kind: str  # "lines", "para", "heading" or "raw"
    text: str = ""
    lines: list[str] = field(default_factory=list)
    level: int = 0
    origin: str = ""  # for headings: "md" (written as a heading) or "plain"/"bold"/"verdict"
    raw_kind: str = ""  # for raw blocks: "list", "table", "quote", "code" or "html"
    remove: bool = False


_MD = MarkdownIt("commonmark").enable("table").disable("code")
_RAW_TOKENS = {
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "table_open": "table",
    "fence": "code",
    "html_block": "html",
}


def _markdown_blocks(body: str) -> list[_Block]:
    """Split a Markdown (or plain) body into top-level blocks with markdown-it."""
    src = body.split("\n")
    tokens = _MD.parse(body)
    blocks: list[_Block] = []
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.nesting == -1:
            continue
        if tok.type == "heading_open":
            content = tokens[i + 1].content
            level = int(tok.tag[1])
            if tok.markup in ("=", "-"):
                parts = [p.strip() for p in content.split("\n")]
                # A setext underline below a long sentence was meant as a rule, not a heading.
                if len(parts[-1]) <= 120 and not parts[-1].endswith("."):
                    if parts[:-1]:
                        blocks.append(_Block("lines", lines=parts[:-1]))
                    blocks.append(_Block("heading", text=parts[-1], level=level, origin="md"))
                else:
                    blocks.append(_Block("lines", lines=parts))
            else:
                blocks.append(_Block("heading", text=content.strip(), level=level, origin="md"))
        elif tok.type == "paragraph_open":
            lines = [line.strip() for line in tokens[i + 1].content.split("\n")]
            blocks.append(_Block("lines", lines=[line for line in lines if line]))
        elif tok.type in _RAW_TOKENS and tok.map:
            kind = _RAW_TOKENS[tok.type]
            lines = [line.rstrip() for line in src[tok.map[0] : tok.map[1]]]
            text = "\n".join(lines).strip("\n")
            if kind == "html" and text.lstrip().startswith("<!--"):
                continue  # editor comments are not content
            if kind == "code":
                # Rebuilt from the token so an unclosed fence cannot swallow what follows.
                fence = tok.markup or "```"
                code = (
                    tok.content
                    if tok.content.endswith("\n") or not tok.content
                    else tok.content + "\n"
                )
                text = f"{fence}{tok.info}\n{code}{fence}"
            if kind == "list":
                # One canonical bullet, so exports compare equal however the draft wrote lists.
                text = re.sub(r"^(\s*)[*+](\s)", r"\1-\2", text, flags=re.M)
                text = re.sub(r"\n{2,}", "\n", text)
            if not text.strip():
                continue
            # Bullet lists that differ only in their marker merge once all bullets are "-".
            style = "bullet" if tok.type == "bullet_list_open" else tok.markup
            prev = blocks[-1] if blocks else None
            if kind == "list" and prev and prev.raw_kind == "list" and prev.origin == style:
                prev.text += "\n" + text
            else:
                blocks.append(_Block("raw", text=text, raw_kind=kind, origin=style))
    return blocks


def _standalone(line: str) -> bool:
    """Italic lines (standfirsts) and rating lines are paragraphs of their own, even in
    wrapped text."""
    return _italic_only(line) is not None or _rating_line(line) is not None


def _split_lines(lines: list[str], *, plain: bool, bold: bool, more_content: bool) -> list[_Block]:
    """Turn one paragraph block's lines into paragraphs and headings (plain/bold if allowed)."""
    lines = [line for line in (ln.strip() for ln in lines) if line]
    n = len(lines)
    if not n:
        return []
    body_lines = [ln for ln in lines if not _title_like(ln) and _bold_only(ln) is None]
    # Word-processor pastes put a whole paragraph on each line; others wrap or split sentences.
    per_line = bool(body_lines) and 2 * sum(map(_paragraph_like, body_lines)) >= len(body_lines)
    heads: list[str | None] = [None] * n
    for i, line in enumerate(lines):
        # Per-line pastes make every line a paragraph, so each line is judged on its own.
        if i + 1 == n:
            followed = more_content
        else:
            nxt = lines[i + 1]
            followed = per_line or not _starts_lower(nxt) or _standalone(nxt)
        after_break = (
            per_line
            or i == 0
            or heads[i - 1] is not None
            or _ends_sentence(lines[i - 1])
            or _standalone(lines[i - 1])
        )
        if not followed or not after_break:
            continue
        rating = _rating_line(line)
        if rating is not None:
            if rating.verdict_label:
                heads[i] = "verdict"
            continue
        if bold and _bold_only(line) is not None and not _ends_sentence(_bold_only(line) or ""):
            heads[i] = "bold"
        elif (
            plain
            and _title_like(line)
            and not _META_LINE_RE.match(line)
            and (per_line or i == 0 or i == n - 1)
        ):
            heads[i] = "plain"
    blocks: list[_Block] = []
    run: list[str] = []

    def flush_run() -> None:
        if not run:
            return
        for text in run if per_line else [" ".join(run)]:
            # "2. Text" continuing a paragraph is a list once it starts a block; say so now.
            marker = re.match(r"\d{1,9}([.)])\s", text)
            if marker:
                blocks.append(_Block("raw", text=text, raw_kind="list", origin=marker.group(1)))
            else:
                blocks.append(_Block("para", text=text))
        run.clear()

    for line, head in zip(lines, heads, strict=True):
        if head is not None:
            flush_run()
            text = (_bold_only(line) or line) if head == "bold" else line
            blocks.append(_Block("heading", text=text.strip(), level=2, origin=head))
        elif _standalone(line):
            flush_run()
            blocks.append(_Block("para", text=line))
        else:
            run.append(line)
    flush_run()
    return blocks


# --------------------------------------------------------------------------------------------
# Film hint
# --------------------------------------------------------------------------------------------

_TITLE_SPAN_RE = re.compile(
    r"“(?P<a>[^”\n]{1,120})”"
    r"|\"(?P<b>[^\"\n]{1,120})\""
    r"|«\s?(?P<c>[^»\n]{1,120}?)\s?»"
    r"|(?<![*\w])\*(?!\*)(?P<d>[^*\n]{1,120}?)(?<![\s*])\*(?![*\w])"
    r"|(?<![_\w])_(?!_)(?P<e>[^_\n]{1,120}?)(?<![\s_])_(?![_\w])"
)
_YEAR_RE = re.compile(r"(?<![\w/.,])(1[89]\d\d|20\d\d|2100)(?![\w/])")
_PAREN_YEAR_RE = re.compile(r"\((1[89]\d\d|20\d\d|2100)\)")
_DIRECTOR_RE = re.compile(
    r"\b(?:directed\s+by|director|dir\.|film\s*maker|filmmaker|helmed\s+by)\s*:?\s+", re.I
)
_PARTICLES = frozenset(
    [
        "de", "da", "del", "della", "der", "den", "van", "von", "la", "le", "di", "du", "bin", "al",
        "el", "ben", "dos", "das",
    ]
)  # fmt: skip
_SENTENCE_STARTERS = frozenset(
    [
        "in", "with", "from", "for", "and", "but", "as", "at", "on", "like", "unlike", "of", "the",
        "a", "an", "this", "that", "after", "before", "while", "when", "where", "review",
    ]
)  # fmt: skip


def _clean_title(span: str) -> str:
    """Trim the punctuation that quotes drag along ('Children of Heaven,')."""
    return span.strip().rstrip(",.;:").strip()


def _take_name(text: str) -> str:
    """Read a person's name from the start of text: capitalised words and name particles."""
    out: list[str] = []
    for raw in text.split()[:8]:
        word = raw.strip('“”"()[]*_')
        possessive = re.sub(r"['’]s?[,.;:!?)]*$", "", word) != word and bool(
            re.search(r"['’]s?[,.;:!?)]*$", word)
        )
        core = re.sub(r"['’]s?$", "", word.rstrip(",.;:!?)")) if possessive else word
        core = core.rstrip(",.;:!?)")
        if not core:
            break
        if core.lower() in _PARTICLES and out or core[0].isalpha() and not core[0].islower():
            out.append(core)
        else:
            break
        if possessive or word != word.rstrip(",.;:!?)") or len(out) >= 5:
            break
    while out and out[-1].lower() in _PARTICLES:
        out.pop()
    return " ".join(out)


def _possessive_director(before: str) -> str:
    """Find 'Wim Wenders’s' (maybe 'Wim Wenders’s new film') right before a title."""
    m = re.search(r"([^\s]+(?:\s+[^\s]+){0,4})['’]s?\s+((?:[a-z][\w\-]*\s+){0,3})$", before)
    if not m:
        return ""
    words = m.group(1).split()
    # Keep the capitalised run that ends at the possessive.
    run: list[str] = []
    for word in reversed(words):
        core = word.strip('“”"()[]*_,')
        if core and (core[0].isupper() or (core.lower() in _PARTICLES and run)):
            run.insert(0, core)
        else:
            break
    while run and (run[0].lower() in _SENTENCE_STARTERS or run[0].lower() in _PARTICLES):
        run.pop(0)
    return " ".join(run[-4:])


def _title_before_year(text: str) -> tuple[str, int, int] | None:
    """Find 'Past Lives (2023)': a run of capitalised words just before a year in brackets."""
    for m in _PAREN_YEAR_RE.finditer(text):
        words = text[: m.start()].rsplit("\n", 1)[-1].rstrip().split(" ")
        run: list[str] = []
        for word in reversed(words):
            if not word or word[-1] in ",.;:!?" and run:
                break
            if word[0].isupper() or (word.lower() in _SMALL_WORDS and run):
                run.insert(0, word)
            else:
                break
        while run and run[0].lower() in _SMALL_WORDS | _SENTENCE_STARTERS and len(run) > 1:
            if run[0][0].isupper() and run[0].lower() in ("the", "a", "an"):
                break  # "The Quiet Girl" keeps its article
            run.pop(0)
        title = " ".join(run).strip('“”"*_ ')
        if title and _title_like(title):
            return title, m.start() - len(" ".join(run)) - 1, int(m.group(1))
    return None


def _nearest_year(text: str, pos: int) -> int | None:
    """Return the year in text closest to pos (within 300 characters), if any."""
    best: tuple[int, int] | None = None
    for m in _YEAR_RE.finditer(text):
        year = int(m.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        distance = abs(m.start() - pos)
        if distance <= 300 and (best is None or distance < best[0]):
            best = (distance, year)
    return best[1] if best else None


def _film_hint(meta: dict[str, Any], texts: list[str], warnings: list[str]) -> FilmHint:
    """Work out the film's title, year and director from front matter, then from the text."""
    hint = FilmHint()
    film = meta.get("film") or meta.get("movie")
    if isinstance(film, dict):
        sub = {_meta_key(k): v for k, v in film.items()}
        hint.title = _meta_text(sub, "title", "name")
        hint.director = _meta_text(sub, "director", "directed_by")
        year_value: Any = sub.get("year")
    else:
        hint.title = _meta_text(meta, "film", "movie", "film_title", "movie_title", "title_of_film")
        year_value = None
    hint.director = hint.director or _meta_text(meta, "director", "directed_by", "directors")
    if year_value is None:
        year_value = next(
            (meta[k] for k in ("year", "release_year", "film_year") if meta.get(k)), None
        )
    if year_value is not None:
        try:
            year = int(str(year_value).strip()[:4])
        except ValueError:
            year = 0
        if MIN_YEAR <= year <= MAX_YEAR:
            hint.year = year
        else:
            warnings.append(f"Ignored the front matter year “{year_value}”: it is not a film year.")

    title_pos: tuple[int, int] | None = None  # (text index, offset) where the title appears
    possessive = ""
    if not hint.title:
        for index, text in enumerate(texts):
            spans = []
            for m in _TITLE_SPAN_RE.finditer(text):
                title = _clean_title(next(g for g in m.groups() if g is not None))
                if title and len(title.split()) <= 10 and _title_like(title):
                    spans.append((m.start(), title))
            bracketed = _title_before_year(text)
            if bracketed:
                spans.append((bracketed[1], bracketed[0]))
            if spans:
                start, hint.title = min(spans)
                title_pos = (index, start)
                possessive = _possessive_director(text[:start])
                break
    elif texts:
        needle = hint.title.lower()
        title_pos = next(
            ((i, t.lower().find(needle)) for i, t in enumerate(texts) if needle in t.lower()),
            None,
        )

    if hint.year is None and title_pos is not None:
        hint.year = _nearest_year(texts[title_pos[0]], title_pos[1])
    if hint.year is None:
        for text in texts:
            m = re.search(r"^\s*(?:year|released?|release\s+date)\s*:\s*(\d{4})\b", text, re.I)
            if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
                hint.year = int(m.group(1))
                break
    if not hint.director:
        for text in texts:
            for m in _DIRECTOR_RE.finditer(text):
                name = _take_name(text[m.end() :])
                if name:
                    hint.director = name
                    break
            if hint.director:
                break
    if not hint.director and possessive:
        hint.director = possessive
    return hint


# --------------------------------------------------------------------------------------------
# Assembling the review
# --------------------------------------------------------------------------------------------

_SPOILER_SUFFIX_RE = re.compile(
    r"\s*[\[(]\s*(?:contains\s+|major\s+|minor\s+|some\s+)?spoilers?(?:\s+(?:ahead|warning|alert))?"
    r"\s*!?\s*[\])]\s*$",
    re.I,
)
_SPOILER_BODY_RE = re.compile(
    r"^[*_>\s]*(?:spoilers?\s*(?:warning|alert|ahead)|warning\s*:\s*spoilers?|"
    r"this\s+section\s+(?:contains|has)\s+spoilers)",
    re.I,
)


@dataclass
class _Section:
    heading: str
    blocks: list[_Block]
    spoilers: bool = False


@dataclass
class _Candidate:
    found: _Found
    where: str  # for warnings, e.g. "the verdict heading"
    priority: int  # lower wins: labelled lines, then headings, bare stars, front matter, prose
    holder: int | None  # index of the section that holds it; None for intro or front matter
    from_heading: bool = False


def _blocks_markdown(blocks: list[_Block], section_level: int) -> str:
    """Render a section's blocks as Markdown; deeper headings become ### and below."""
    parts: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        if block.remove or (block.kind != "heading" and not block.text.strip()):
            continue
        if (
            block.raw_kind == "list"
            and previous is not None
            and previous.raw_kind == "list"
            and previous.origin == block.origin
        ):
            # Markdown would read two lists in a row as one, so write them as one.
            parts[-1] += "\n" + block.text.strip()
        elif block.kind == "heading":
            depth = min(6, max(3, block.level - section_level + 2))
            parts.append(_atx(depth, block.text))
        else:
            parts.append(block.text.strip())
        previous = block
    return "\n\n".join(parts)


def _heading_rating(text: str) -> tuple[str, _RatingLine] | None:
    """Split an overall rating off a heading: 'Final Verdict: ★★★★★ 5/5' -> 'Final Verdict'."""
    line = _rating_line(text)
    if line is None or not line.overall:
        return None
    return (line.label or "Verdict"), line


def _line_candidates(
    line: _RatingLine, where: str, holder: int | None, priority: int, cands: list[_Candidate]
) -> None:
    """Add the ratings of one line; several that agree count once ('★★★★★ 5/5')."""
    values = {f.half_stars for f in line.found}
    if len(values) == 1 and len(line.found) > 1:
        best = min(line.found, key=lambda f: ("frac", "words", "stars").index(f.kind))
        joined = " ".join(f.original for f in line.found)
        merged = _Found(best.value, best.best, joined, best.kind)
        cands.append(_Candidate(merged, where, priority, holder, priority == 1))
        return
    for found in sorted(line.found, key=lambda f: ("frac", "words", "stars").index(f.kind)):
        cands.append(_Candidate(found, where, priority, holder, priority == 1))


def _collect_ratings(
    intro: list[_Block], sections: list[_Section], subscores: list[str]
) -> list[_Candidate]:
    """Find every overall rating in headings, lines, lists and tables; note the sub-scores."""
    cands: list[_Candidate] = []
    areas: list[tuple[int | None, list[_Block]]] = [(None, intro)]
    areas += [(i, s.blocks) for i, s in enumerate(sections)]
    for i, section in enumerate(sections):
        split = _heading_rating(section.heading)
        if split is not None:
            section.heading = split[0]
            _line_candidates(split[1], "the verdict heading", i, 1, cands)
        else:
            sub = _rating_line(section.heading)
            if sub is not None and sub.label:
                subscores.append(f"{sub.label} {sub.found[0].original}")
    for holder, blocks in areas:
        for block in blocks:
            if block.kind in ("para", "heading"):
                line = _rating_line(block.text)
                if line is None:
                    continue
                if line.overall:
                    block.remove = True
                    if block.kind == "heading":
                        where, priority = "a rating heading", 1
                    elif line.label:
                        where, priority = f"the “{line.label}” line", 0
                    else:
                        where, priority = "a rating line", 2
                    _line_candidates(line, where, holder, priority, cands)
                else:
                    subscores.append(f"{line.label} {line.found[0].original}")
            elif block.kind == "raw" and block.raw_kind in ("list", "table"):
                for label, line in _raw_ratings(block):
                    if line.overall and (line.label or label):
                        name = line.label or label
                        _line_candidates(line, f"the “{name}” row", holder, 0, cands)
                    elif line.overall:
                        _line_candidates(line, "a list item", holder, 2, cands)
                    else:
                        subscores.append(f"{line.label} {line.found[0].original}")
    return cands


def _raw_ratings(block: _Block) -> list[tuple[str, _RatingLine]]:
    """Ratings in list items ('- Acting: 4/5') and score tables ('| Overall | 4/5 |')."""
    out: list[tuple[str, _RatingLine]] = []
    for raw in block.text.split("\n"):
        if block.raw_kind == "list":
            m = re.match(r"\s*(?:[-*+]|\d+[.)])\s+(.*)", raw)
            line = _rating_line(m.group(1)) if m else None
            if line is not None:
                out.append(("", line))
            continue
        cells = [c.strip() for c in raw.strip().strip("|").split("|")]
        if len(cells) < 2 or all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        label = _EMPHASIS_RE.sub("", cells[0]).strip()
        for cell in cells[1:]:
            line = _rating_line(cell)
            if line is not None and not line.label:
                out.append((label, _RatingLine(label, line.found)))
                break
    return out


def _prose_rating(texts: list[str]) -> _Found | None:
    """Find 'I give it 4 out of 5' in verdict prose, as a last resort."""
    for text in texts:
        for m in re.finditer(
            r"\b(?:give|gives|giving|rate|rated|rating|score|scored|award|awarding|earns?|gets?)"
            r"\b[^.!?\n]{0,30}?",
            text,
            re.I,
        ):
            for r in _RATING_RE.finditer(text, m.end(), min(len(text), m.end() + 40)):
                found = _found_from_match(r)
                if found is not None and 1 <= found.half_stars <= 10 and found.value <= found.best:
                    return found
    return None


def _to_parsed_rating(found: _Found) -> ParsedRating:
    """Validate a rating and normalise it to half stars."""
    if found.value <= 0 or found.value > found.best:
        raise ReviewParseError(
            f"The rating “{found.original}” is out of range: it must be more than 0 and at most "
            f"{found.best:g} (ratings run from ½ star to 5 stars)."
        )
    if found.half_stars < 1:
        raise ReviewParseError(
            f"The rating “{found.original}” rounds to zero stars; the lowest rating is ½ star."
        )
    return ParsedRating(found.half_stars, found.original, found.value, found.best)


def _front_matter_rating(meta: dict[str, Any], warnings: list[str]) -> _Found | None:
    """Read the rating from front matter: 4.5, '4.5/5', '8/10' or '★★★★☆'."""
    raw = next(
        (meta[k] for k in ("rating", "score", "stars", "rating_value", "grade") if k in meta),
        None,
    )
    if raw is None or isinstance(raw, bool) or raw == "":
        return None
    best_raw = next(
        (
            meta[k]
            for k in ("out_of", "rating_out_of", "best", "best_rating", "scale", "max_rating")
            if k in meta
        ),
        None,
    )
    if isinstance(raw, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", raw):
        raw = float(raw.replace(",", "."))
    if isinstance(raw, int | float):
        value = float(raw)
        if best_raw is not None:
            try:
                best = float(best_raw)
            except (TypeError, ValueError):
                raise ReviewParseError(
                    f"The front matter rating scale “{best_raw}” is not a number."
                ) from None
        elif value <= 5:
            best = 5.0
        else:
            best = 10.0 if value <= 10 else 100.0
            warnings.append(
                f"The front matter rating {value:g} has no scale; assumed {value:g}/{best:g}."
            )
        return _Found(value, best, f"{value:g}/{best:g}", "frac")
    line = _rating_line(str(raw))
    if line is None or line.label:
        raise ReviewParseError(
            f"The front matter rating “{raw}” is not a rating the parser can read "
            "(write it as 4/5, 4.5 out of 5, 8/10 or ★★★★☆)."
        )
    if len({f.half_stars for f in line.found}) > 1:
        raise ReviewParseError(f"The front matter rating “{raw}” contradicts itself.")
    return line.found[0]


def _describe(found: _Found) -> str:
    return f"“{found.original}”"


def _choose_rating(
    cands: list[_Candidate], warnings: list[str]
) -> tuple[ParsedRating | None, _Candidate | None, str]:
    """Pick the overall rating, warn about disagreements, and write the rescaling note."""
    for cand in cands:
        _to_parsed_rating(cand.found)  # any out-of-range overall rating is an error
    if not cands:
        return None, None, ""
    kind_rank = ("frac", "words", "stars")
    order = sorted(
        enumerate(cands), key=lambda p: (p[1].priority, kind_rank.index(p[1].found.kind), p[0])
    )
    winner = order[0][1]
    distinct: list[_Candidate] = []
    for _, cand in order:
        if all(cand.found.half_stars != d.found.half_stars for d in distinct):
            distinct.append(cand)
    if len(distinct) > 1:
        listed = " vs ".join(f"{_describe(c.found)} ({c.where})" for c in distinct)
        warnings.append(
            f"Conflicting overall ratings: {listed}. Used {_describe(winner.found)}; "
            "please check which is right."
        )
    rating = _to_parsed_rating(winner.found)
    notes = ""
    if winner.found.best != 5:
        stars = f"{rating.stars_value:g}/5"
        exact = winner.found.value * 5 / winner.found.best
        rounded = "" if math.isclose(exact, rating.stars_value) else f", rounded from {exact:g}"
        notes = f"Original rating: {winner.found.original} (rescaled to {stars}{rounded})."
        warnings.append(
            f"The rating {winner.found.original} was rescaled to {stars}{rounded} "
            "(nearest half star)."
        )
    return rating, winner, notes


def _strip_spoiler_marker(heading: str) -> tuple[str, bool]:
    """Remove a '[spoilers]' marker from a heading; headings naming spoilers also count."""
    stripped = _SPOILER_SUFFIX_RE.sub("", heading).strip()
    if stripped != heading.strip():
        return stripped, True
    return heading, bool(re.search(r"\bspoilers?\b", heading, re.I))


def parse_review(text: str | bytes) -> ParsedReview:
    """Parse a pasted review draft (plain text, Markdown or HTML) into a ParsedReview."""
    warnings: list[str] = []
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            raise ReviewParseError(
                f"The draft is too large ({len(text):,} bytes); the limit is {MAX_BYTES:,} "
                "bytes (1 MB)."
            )
        text = _decode(bytes(text), warnings)
    if not isinstance(text, str):
        raise ReviewParseError("The draft must be text.")
    _check_size(text)
    text = _normalise_lines(text)
    _check_printable(text)
    if not text.strip():
        raise ReviewParseError("The draft is empty: paste the review text.")
    # Repair mojibake before touching spaces and controls: both are part of its byte patterns.
    text = _strip_controls(text, c1=False)
    fixed = _fix_mojibake(text, warnings)
    already_fixed = fixed != text
    text = _normalise_spaces(_strip_controls(fixed))
    meta, body = _split_front_matter(text.lstrip("\n"))
    if _looks_like_html(body):
        body = _normalise_spaces(_html_to_markdown(body))
        # Entities can hide mojibake until they are decoded; warn only once.
        body = _fix_mojibake(body, [] if already_fixed else warnings)

    blocks = _markdown_blocks(body)
    # A draft written with Markdown headings gets no guessed headings from plain lines, and
    # none from bold lines either once it has Markdown section headings.
    plain = not any(b.kind == "heading" for b in blocks)
    headline = _take_headline(blocks, meta, warnings)
    bold = not any(b.kind == "heading" for b in blocks)

    # Resolve paragraph lines now that we know how the draft marks its headings.
    resolved: list[_Block] = []
    for i, block in enumerate(blocks):
        if block.kind != "lines":
            resolved.append(block)
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        more = nxt is not None and nxt.kind != "heading"
        resolved.extend(_split_lines(block.lines, plain=plain, bold=bold, more_content=more))

    standfirst = _meta_text(meta, "standfirst", "description", "subtitle", "summary", "excerpt")
    standfirst = standfirst or _meta_text(meta, "dek", "lede", "deck")
    # The standfirst follows the headline, perhaps after a rating line ("Rating: 4/5").
    first_index = next(
        (
            i
            for i, b in enumerate(resolved)
            if not (b.kind == "para" and _rating_line(b.text) is not None)
        ),
        None,
    )
    first = resolved[first_index] if first_index is not None else None
    if not standfirst and first is not None and first_index is not None:
        if first.kind == "para" and _italic_only(first.text) is not None:
            standfirst = _italic_only(first.text) or ""
            resolved.pop(first_index)
        elif first.kind == "raw" and first.raw_kind == "quote":
            standfirst = " ".join(
                re.sub(r"^\s*>\s?", "", line).strip() for line in first.text.split("\n")
            ).strip()
            resolved.pop(first_index)

    # Headings written as Markdown set the section level; the rest sit at that level.
    md_levels = [b.level for b in resolved if b.kind == "heading" and b.origin == "md"]
    section_level = min(md_levels) if md_levels else 2
    intro: list[_Block] = []
    sections: list[_Section] = []
    for block in resolved:
        if block.kind == "heading":
            if block.origin != "md":
                block.level = section_level
            if block.level <= section_level:
                heading, spoilers = _strip_spoiler_marker(block.text)
                sections.append(_Section(heading, [], spoilers))
                continue
        (sections[-1].blocks if sections else intro).append(block)

    subscores: list[str] = []
    cands = _collect_ratings(intro, sections, subscores)
    fm_found = _front_matter_rating(meta, warnings)
    if fm_found is not None:
        cands.append(_Candidate(fm_found, "front matter", 3, None))

    titled = [i for i, s in enumerate(sections) if _VERDICT_TITLE_RE.search(s.heading)]
    prose_found = None
    if not cands:
        prose_texts = [b.text for b in (sections[titled[-1]].blocks if titled else intro[-1:])]
        prose_found = _prose_rating(prose_texts)
        if prose_found is not None:
            cands.append(_Candidate(prose_found, "the verdict text", 9, None))
            warnings.append(
                f"The rating {_describe(prose_found)} was taken from a sentence in the text; "
                "please check it."
            )
    rating, winner, notes = _choose_rating(cands, warnings)
    if rating is None:
        if subscores:
            warnings.append(
                "Found only sub-scores ("
                + ", ".join(subscores)
                + "), no overall rating; add a line such as “Rating: 4/5”."
            )
        else:
            warnings.append("No overall rating found; add a line such as “Rating: 4/5”.")

    verdict_index = _pick_verdict(sections, titled, winner)
    verdict_heading = verdict = ""
    if verdict_index is None:
        warnings.append(
            "No verdict section found (no section holds the rating or is titled Verdict, "
            "Conclusion, Bottom line or Final thoughts); the verdict was left empty."
        )
    else:
        chosen = sections.pop(verdict_index)
        verdict_heading = chosen.heading or "Verdict"
        verdict = _blocks_markdown(chosen.blocks, section_level)

    parsed_sections = []
    for section in sections:
        body_md = _blocks_markdown(section.blocks, section_level)
        spoilers = section.spoilers or bool(_SPOILER_BODY_RE.match(body_md))
        parsed_sections.append(ParsedSection(section.heading, body_md, spoilers))
    intro_md = _blocks_markdown(intro, section_level)

    has_text = any(
        b.kind in ("para", "raw") and not b.remove
        for b in intro + [b for s in sections for b in s.blocks]
    ) or bool(verdict.strip())
    if not has_text:
        raise ReviewParseError(
            "The draft has no paragraphs of text: only a headline and/or headings were found."
        )

    texts = [headline, standfirst]
    for md in [intro_md] + [s.body for s in parsed_sections] + [verdict]:
        texts.extend(p for p in md.split("\n\n") if p.strip())
    film = _film_hint(meta, [t for t in texts if t], warnings)

    return ParsedReview(
        headline=headline,
        standfirst=standfirst,
        intro=intro_md,
        sections=parsed_sections,
        verdict_heading=verdict_heading,
        verdict=verdict,
        rating=rating,
        film=film,
        warnings=warnings,
        notes=notes,
    )


def _take_headline(blocks: list[_Block], meta: dict[str, Any], warnings: list[str]) -> str:
    """Remove and return the headline: a leading heading, the front matter title, or line 1."""
    title = _meta_text(meta, "title", "headline")
    # A rating written above the headline ("★★★★☆") is not the headline.
    index = 0
    while (
        index < len(blocks)
        and blocks[index].kind == "lines"
        and all(_rating_line(line) is not None for line in blocks[index].lines)
    ):
        index += 1
    if index == len(blocks):
        return title
    first = blocks[index]
    if first.kind == "heading" and (first.level == 1 or not title):
        blocks.pop(index)
        return _bold_only(first.text) or first.text
    if title or first.kind != "lines":
        if not title:
            warnings.append("No headline found; add one as the first line.")
        return title
    at = next(i for i, line in enumerate(first.lines) if _rating_line(line) is None)
    line = first.lines[at]
    if len(line) > 200 or _sentence_count(line) > 2:
        # The draft starts straight into a paragraph: keep it as text.
        warnings.append("No headline found; add one as the first line.")
        return ""
    del first.lines[at]
    if not first.lines:
        blocks.pop(index)
    return _bold_only(line) or line


def _pick_verdict(
    sections: list[_Section], titled: list[int], winner: _Candidate | None
) -> int | None:
    """Choose the verdict: the section whose heading holds the rating, else a 'Verdict' one."""
    holder = winner.holder if winner is not None else None
    if winner is not None and winner.from_heading and holder is not None:
        return holder
    if holder is not None and holder in titled:
        return holder
    if titled:
        return titled[-1]
    return holder


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _atx(level: int, text: str) -> str:
    """Write an ATX heading; a text ending in '#' gets a closing '#' so it survives re-reading."""
    line = f"{'#' * level} {text}".rstrip()
    return line + " #" if text.endswith("#") else line


def render_markdown(review: ParsedReview) -> str:
    """Write a review in the canonical export format (see the module docstring)."""
    meta: dict[str, Any] = {}
    if review.film.title:
        meta["film"] = review.film.title
    if review.film.year is not None:
        meta["year"] = review.film.year
    if review.film.director:
        meta["director"] = review.film.director
    rating = f"{review.rating.stars_value:g}/5" if review.rating else ""
    if rating:
        meta["rating"] = rating
    if review.standfirst:
        meta["standfirst"] = review.standfirst
    parts: list[str] = []
    if meta:
        dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000)
        parts.append("---\n" + dumped.rstrip("\n") + "\n---")
    parts.append(_atx(1, review.headline))
    if review.intro:
        parts.append(review.intro)
    for section in review.sections:
        marker = " [spoilers]" if section.contains_spoilers else ""
        parts.append(_atx(2, section.heading + marker))
        if section.body:
            parts.append(section.body)
    if review.verdict_heading or review.verdict:
        parts.append(_atx(2, review.verdict_heading or "Verdict"))
        if rating:
            parts.append(f"Rating: {rating}")
        if review.verdict:
            parts.append(review.verdict)
    return "\n\n".join(parts) + "\n"
