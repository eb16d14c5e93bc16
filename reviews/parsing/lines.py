"""Line classification: what reads as a heading, a sentence or a whole paragraph."""

from __future__ import annotations

import re

SMALL_WORDS = frozenset(
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
META_LINE_RE = re.compile(
    r"^(?:(?:written\s+and\s+)?directed\s+by\b|starring\b|"
    r"(?:director|starring|cast|runtime|running\s+time|year|release(?:\s+date)?|released|genre"
    r"|country|language|writer|written\s+by|film|movie|rated|certificate|certification)\s*:)",
    re.I,
)
_BOLD_LINE_RE = re.compile(r"(\*\*|__)(?P<t>[^*_\s](?:(?!\1).)*?)\1\s*:?")
_ITALIC_LINE_RE = re.compile(r"(?P<m>[*_])(?P<t>[^*_\s][^*_]*?)(?<!\s)(?P=m)")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…]['\"”’)\]]*\s+(?=[\"“‘(\[]?[^\W\d_])")


def ends_sentence(text: str) -> bool:
    """Whether text ends like a sentence (a full stop, '?' or '!', maybe before a quote)."""
    return text.rstrip(_CLOSERS).endswith(_TERMINALS)


def starts_lower(text: str) -> bool:
    """Whether the first letter of text is lower-case (a continued sentence)."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower()


def _is_cased(word: str) -> bool:
    return word[0].isupper() or word[0].islower()


def _capitalised_share(text: str) -> float | None:
    """Share of significant cased words that start upper-case; None if there are none."""
    words = _WORD_RE.findall(text)
    significant = [
        w for i, w in enumerate(words) if (i == 0 or w.lower() not in SMALL_WORDS) and w != "I"
    ]
    cased = [w for w in significant if _is_cased(w)]
    if not cased:
        return None
    return sum(1 for w in cased if w[0].isupper()) / len(cased)


def title_like(line: str) -> bool:
    """Whether a line reads like a heading: short, capitalised words, no sentence ending."""
    s = line.strip()
    if not s or len(s) > 90 or len(s.split()) > 14:
        return False
    if ends_sentence(s) or s.rstrip(_CLOSERS)[-1:] in (",", ";", ":"):
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
            and not starts_lower(after)
            and (_capitalised_share(before) or 0) >= 0.75
        ):
            return True
    share = _capitalised_share(s)
    if share is None:
        # Scripts without letter case (Persian, Arabic, Hebrew): judge by length alone.
        return len(s.split()) <= 10
    return share >= 0.75


def sentence_count(line: str) -> int:
    return len(_SENTENCE_BREAK_RE.findall(line)) + 1


def paragraph_like(line: str) -> bool:
    """Whether a line is a whole paragraph (several sentences or long), as pasted from Word."""
    return ends_sentence(line) and (len(line) >= 200 or sentence_count(line) >= 2)


def bold_only(line: str) -> str | None:
    """Return the text of a line that is entirely bold ('**Heading**'), else None."""
    m = _BOLD_LINE_RE.fullmatch(line.strip())
    return m.group("t").strip().rstrip(":").strip() if m else None


def italic_only(text: str) -> str | None:
    """Return the text of a paragraph that is entirely italic ('*Standfirst*'), else None."""
    m = _ITALIC_LINE_RE.fullmatch(text.strip())
    return m.group("t").strip() if m else None
