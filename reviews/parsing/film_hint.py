"""Stage 6, film hint: the film's title, year and director from front matter or the text."""

from __future__ import annotations

import re
from typing import Any

from reviews.parsing.front_matter import meta_key, meta_text
from reviews.parsing.lines import SMALL_WORDS, title_like
from reviews.parsing.results import MAX_YEAR, MIN_YEAR, FilmHint

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
            if word[0].isupper() or (word.lower() in SMALL_WORDS and run):
                run.insert(0, word)
            else:
                break
        while run and run[0].lower() in SMALL_WORDS | _SENTENCE_STARTERS and len(run) > 1:
            if run[0][0].isupper() and run[0].lower() in ("the", "a", "an"):
                break  # "The Quiet Girl" keeps its article
            run.pop(0)
        title = " ".join(run).strip('“”"*_ ')
        if title and title_like(title):
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


def film_hint(meta: dict[str, Any], texts: list[str], warnings: list[str]) -> FilmHint:
    """Work out the film's title, year and director from front matter, then from the text."""
    hint = FilmHint()
    film = meta.get("film") or meta.get("movie")
    if isinstance(film, dict):
        sub = {meta_key(k): v for k, v in film.items()}
        hint.title = meta_text(sub, "title", "name")
        hint.director = meta_text(sub, "director", "directed_by")
        year_value: Any = sub.get("year")
    else:
        hint.title = meta_text(meta, "film", "movie", "film_title", "movie_title", "title_of_film")
        year_value = None
    hint.director = hint.director or meta_text(meta, "director", "directed_by", "directors")
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
                if title and len(title.split()) <= 10 and title_like(title):
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
