"""Stage 1, decoding: bytes to text, size and binary checks, mojibake repair, odd spaces."""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

from reviews.parsing.results import MAX_BYTES, ReviewParseError

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


def decode(data: bytes, warnings: list[str]) -> str:
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
        pass
    encoding, reason = _guess_encoding(data)
    warnings.append(
        f"The text was not valid UTF-8, so it was read as {_encoding_name(encoding)}, {reason}; "
        "check accented letters and quotes."
    )
    return data.decode(encoding, errors="replace")


_DECLARED_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)
_NAMES = {
    "cp1252": "Windows-1252 (Western European)",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "iso8859_15": "Latin-9 (ISO-8859-15)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
}


def _encoding_name(encoding: str) -> str:
    return _NAMES.get(encoding, encoding.upper().replace("_", "-"))


def _guess_encoding(data: bytes) -> tuple[str, str]:
    """Choose how to read bytes that are not UTF-8, and say why."""
    declared = _DECLARED_RE.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name.replace("-", "_")
            data.decode(name)
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
        else:
            # Browsers read a page declared Latin-1 as Windows-1252, its superset; so do we.
            western = name in ("latin_1", "iso8859_1")
            return ("cp1252" if western else name), "as the page declares"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    western = "the usual encoding of Western European text"
    if best is None:
        return "cp1252", western
    try:
        # Single-byte encodings agree on most letters; Windows-1252 reads the same text and
        # also has curly quotes and dashes, so it is preferred whenever it reads the same.
        if data.decode("cp1252") == data.decode(best.encoding):
            return "cp1252", western
    except UnicodeDecodeError:
        pass
    language = f" ({best.language} text)" if best.language not in (None, "", "Unknown") else ""
    return best.encoding, f"as charset-normalizer detected it{language}"


def check_size(text: str) -> None:
    """Reject drafts over MAX_BYTES of UTF-8."""
    # len(text) is a cheap lower bound on the encoded size, so huge strings skip the encode.
    size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ReviewParseError(
            f"The draft is too large ({size:,} bytes); the limit is {MAX_BYTES:,} bytes (1 MB)."
        )


def check_printable(text: str) -> None:
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


# Control characters (Unicode category Cc) other than newline and tab; C1 is U+0080-U+009F.
_C0_RE = re.compile("[\x00-\x08\x0b-\x1f]")
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str, *, c1: bool = True) -> str:
    """Drop stray control characters, keeping newlines and tabs (and C1 ones if c1=False)."""
    return (_CONTROLS_RE if c1 else _C0_RE).sub("", text)


_SPACES_RE = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000]")


def normalise_lines(text: str) -> str:
    """Unify line ends and drop BOMs and zero-width spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # U+200B is invisible noise; U+200C/U+200D are kept because Persian words need them.
    return text.replace("\ufeff", "").replace("\u200b", "")


def normalise_spaces(text: str) -> str:
    """Turn no-break and other odd spaces into plain ones; empty whitespace-only lines."""
    text = _SPACES_RE.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def fix_mojibake(text: str, warnings: list[str]) -> str:
    """Repair text that was decoded with the wrong encoding, and say so."""
    if text.isascii():
        return text  # nothing was decoded wrongly: mojibake needs non-ASCII characters
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


def read_text(text: str | bytes, warnings: list[str]) -> tuple[str, bool]:
    """Decode and clean a draft; also says whether mojibake was repaired (and warned about)."""
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            raise ReviewParseError(
                f"The draft is too large ({len(text):,} bytes); the limit is {MAX_BYTES:,} "
                "bytes (1 MB)."
            )
        text = decode(bytes(text), warnings)
    if not isinstance(text, str):
        raise ReviewParseError("The draft must be text.")
    check_size(text)
    text = normalise_lines(text)
    check_printable(text)
    if not text.strip():
        raise ReviewParseError("The draft is empty: paste the review text.")
    # Repair mojibake before touching spaces and controls: both are part of its byte patterns.
    text = strip_controls(text, c1=False)
    fixed = fix_mojibake(text, warnings)
    return normalise_spaces(strip_controls(fixed)), fixed != text
