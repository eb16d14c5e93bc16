"""Text as search sees it: the reader's query, the words of a document, highlights and snippets.

Both engines index and query the same normalised words, so they agree on what a word is:
compatibility forms folded (NFKC), accents dropped from Latin letters ("bjork" finds Björk),
case folded, and scripts written without spaces (Chinese, Japanese, Korean, Thai...) split into
one word per character, so a query of one or more such characters matches them anywhere in a
title as a phrase ("港" finds "港の灯り").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are cut, on a word boundary, to this many characters.
MAX_QUERY_LENGTH = 200
# Words beyond this many are ignored (each one is a condition every match must meet).
MAX_WORDS = 8
SNIPPET_CHARS = 220

# Control characters, lone surrogates and private-use characters never reach a database.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff]")
# Scripts written without spaces between words: each character is a word of its own.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A word: a run of letters and digits (underscore separates), or one unspaced character.
WORD = re.compile(f"[{_UNSPACED}]|[^\\W_{_UNSPACED}]+")
# Latin letters are the ones whose accents are dropped (Greek, Cyrillic... keep theirs).
_LATIN_END = "\u0250"


def fold(text: str) -> str:
    """Text as it is indexed and matched: NFKC, no accents on Latin letters, case folded."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for char in text:
        if char < "\u00c0" or char >= _LATIN_END:
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, in order (unspaced scripts one character each)."""
    return WORD.findall(fold(text))


def document(*parts: str) -> str:
    """Parts of a document as the engines index them: folded words separated by spaces."""
    return " ".join(" ".join(words(part)) for part in parts if part)


def clean_query(raw: str) -> str:
    """The query as searched: no control characters, collapsed spaces, at most
    MAX_QUERY_LENGTH characters, cut between words (never inside one)."""
    text = " ".join(_UNWANTED.sub(" ", raw or "").split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    cut = text[: MAX_QUERY_LENGTH + 1]
    if not cut[-1].isspace() and not _UNSPACED_CHAR.match(cut[-1]):
        # Drop the word that was cut through: a left-over "li" would match "Lights".
        space = cut.rfind(" ")
        cut = cut[:space] if space > 0 else cut[:MAX_QUERY_LENGTH]
    return cut[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class Term:
    """One condition of a query: a word, or a phrase of words that must follow each other."""

    words: tuple[str, ...]

    @property
    def prefix(self) -> bool:
        """Whether the last word also matches longer words ("river" finds "riverside")."""
        last = self.words[-1]
        return len(last) > 1 and not _UNSPACED_CHAR.match(last)


def parse(query: str) -> list[Term]:
    """The terms of a cleaned query. "Quoted words" are a phrase, and so is a run of
    unspaced characters; every other word is a term of its own. Anything else a reader types
    (operators, brackets, punctuation) is only a separator."""
    terms: list[Term] = []
    for index, chunk in enumerate(query.split('"')):
        if index % 2:  # inside quotes
            found = tuple(words(chunk))
            if found:
                terms.append(Term(found))
            continue
        for token in chunk.split():
            found = words(token)
            if not found:
                continue
            if len(found) > 1 and all(_UNSPACED_CHAR.match(w) for w in found):
                terms.append(Term(tuple(found)))
            else:
                terms.extend(Term((w,)) for w in found)
    unique = list(dict.fromkeys(terms))
    # Single letters match nearly everything; keep them only if there is nothing else.
    meaningful = [t for t in unique if len(t.words) > 1 or len(t.words[0]) > 1]
    meaningful += [t for t in unique if t not in meaningful and _UNSPACED_CHAR.match(t.words[0])]
    chosen = [t for t in unique if t in meaningful] or unique
    return chosen[:MAX_WORDS]


def _stem(word: str) -> str:
    """A rough English stem, only to decide which whole words to highlight."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _word_matches(word: str, terms: list[Term]) -> bool:
    folded = fold(word)
    for term in terms:
        for query_word in term.words:
            if folded == query_word or _stem(folded) == _stem(query_word):
                return True
            if len(query_word) > 1 and folded.startswith(query_word):
                return True
    return False


# What highlighting walks through: runs of letters/digits (whole words) and unspaced characters.
_TEXT_WORD = re.compile(f"[{_UNSPACED}]+|[^\\W_{_UNSPACED}]+")


def _unspaced_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the unspaced-script terms occur in `text` (as substrings of folded text)."""
    spans = []
    folded = fold(text)
    if len(folded) != len(text):
        return spans  # folding changed lengths: positions would not line up
    for term in terms:
        if not _UNSPACED_CHAR.match(term.words[0]):
            continue
        needle = "".join(term.words)
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    return spans


def highlight(text: str, terms: list[Term]) -> SafeString:
    """Escape `text` and wrap each whole word that a term matched in <mark>."""
    if not terms or not text:
        return escape(text)
    spans = _unspaced_spans(text, terms)
    for match in _TEXT_WORD.finditer(text):
        if not _UNSPACED_CHAR.match(match.group()) and _word_matches(match.group(), terms):
            spans.append(match.span())
    spans.sort()
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def window(text: str, terms: list[Term], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters of `text` around its first match, cut between words."""
    hits = [m.start() for m in _TEXT_WORD.finditer(text) if _word_matches(m.group(), terms)]
    hits += [start for start, _end in _unspaced_spans(text, terms)]
    first = min(hits) if hits else 0
    start = max(0, first - size // 3)
    end = start + size
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first if hits else end)
        start = space + 1 if space >= 0 else start
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = text[start:end].strip()
    return f"{'…' if start > 0 else ''}{snippet}{'…' if end < len(text) else ''}"


_MARKDOWN_PUNCTUATION = re.compile(r"\]\([^)]*\)|[*_`#>\[\]]+")


def plain(markdown: str) -> str:
    """Markdown as readable plain text, cheaply (a regex, not a render): for snippets only."""
    return " ".join(_MARKDOWN_PUNCTUATION.sub("", markdown).split())


def snippet(markdown: str, terms: list[Term]) -> SafeString:
    """The highlighted window of a Markdown body around its first match."""
    return highlight(window(plain(markdown), terms), terms)
