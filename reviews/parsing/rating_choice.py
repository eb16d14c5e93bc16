"""Stage 5, ratings: every overall rating in a draft collected, one chosen, the rest warned of."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from reviews.parsing.blocks import Block, Section
from reviews.parsing.lines import ends_sentence
from reviews.parsing.ratings import (
    EMPHASIS_RE,
    RATING_RE,
    FoundRating,
    RatingLine,
    found_from_match,
    rating_line,
)
from reviews.parsing.results import ParsedRating, ReviewParseError


@dataclass
class Candidate:
    found: FoundRating
    where: str  # for warnings, e.g. "the verdict heading"
    priority: int  # lower wins: labelled lines, then headings, bare stars, front matter, prose
    holder: int | None  # index of the section that holds it; None for intro or front matter
    from_heading: bool = False
    # Stars drawn beside a stated number on the same line ("⭐⭐⭐⭐⭐⭐ 6.4/10"): the number
    # is the rating, and stars that cannot be one (six of five) are only decoration.
    beside: FoundRating | None = None


def _heading_rating(text: str) -> tuple[str, RatingLine] | None:
    """Split an overall rating off a heading: 'Final Verdict: ★★★★★ 5/5' -> 'Final Verdict'."""
    line = rating_line(text)
    if line is None or not line.overall:
        return None
    return (line.label or "Verdict"), line


def _line_candidates(
    line: RatingLine, where: str, holder: int | None, priority: int, cands: list[Candidate]
) -> None:
    """Add the ratings of one line; several that agree count once ('★★★★★ 5/5')."""
    values = {f.half_stars for f in line.found}
    if len(values) == 1 and len(line.found) > 1:
        best = min(line.found, key=lambda f: ("frac", "words", "stars").index(f.kind))
        joined = " ".join(f.original for f in line.found)
        merged = FoundRating(best.value, best.best, joined, best.kind)
        cands.append(Candidate(merged, where, priority, holder, priority == 1))
        return
    stated = next((f for f in line.found if f.kind != "stars"), None)
    for found in sorted(line.found, key=lambda f: ("frac", "words", "stars").index(f.kind)):
        beside = stated if found.kind == "stars" else None
        cands.append(Candidate(found, where, priority, holder, priority == 1, beside))


def collect_ratings(
    intro: list[Block], sections: list[Section], subscores: list[str], grades: list[str]
) -> list[Candidate]:
    """Find every overall rating in headings, lines, lists and tables; note the sub-scores,
    letter grades and word ratings."""
    cands: list[Candidate] = []
    areas: list[tuple[int | None, list[Block]]] = [(None, intro)]
    areas += [(i, s.blocks) for i, s in enumerate(sections)]
    for i, section in enumerate(sections):
        split = _heading_rating(section.heading)
        if split is not None:
            section.heading = split[0]
            _line_candidates(split[1], "the verdict heading", i, 1, cands)
        else:
            sub = rating_line(section.heading)
            if sub is not None and sub.label:
                subscores.append(f"{sub.label} {sub.found[0].original}")
    for holder, blocks in areas:
        for block in blocks:
            if block.kind in ("para", "heading"):
                line = rating_line(block.text)
                if line is None:
                    grade = grade_line(block.text) if block.kind == "para" else None
                    if grade is not None:
                        block.remove = True
                        grades.append(grade)
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
            elif block.kind == "raw" and block.raw_kind == "quote":
                # "> **Final rating: 7.5/10**" set apart below a table of sub-scores.
                quoted = " ".join(re.sub(r"^\s*>\s?", "", ln) for ln in block.text.split("\n"))
                line = rating_line(quoted.strip())
                if line is not None and line.overall:
                    block.remove = True
                    where = f"the quoted “{line.label}” line" if line.label else "a quoted line"
                    _line_candidates(line, where, holder, 0 if line.label else 2, cands)
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


def _raw_ratings(block: Block) -> list[tuple[str, RatingLine]]:
    """Ratings in list items ('- Acting: 4/5') and score tables ('| Overall | 4/5 |')."""
    out: list[tuple[str, RatingLine]] = []
    for raw in block.text.split("\n"):
        if block.raw_kind == "list":
            m = re.match(r"\s*(?:[-*+]|\d+[.)])\s+(.*)", raw)
            line = rating_line(m.group(1)) if m else None
            if line is not None:
                out.append(("", line))
            continue
        cells = [c.strip() for c in raw.strip().strip("|").split("|")]
        if len(cells) < 2 or all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        label = EMPHASIS_RE.sub("", cells[0]).strip()
        for cell in cells[1:]:
            line = rating_line(cell)
            if line is not None and not line.label:
                out.append((label, RatingLine(label, line.found)))
                break
    return out


_FRONT_MATTER_RATING_KEYS = (
    "rating", "score", "stars", "rating_value", "grade", "note", "nota", "voto", "valutazione",
    "bewertung", "wertung", "puntuacion", "puntuación", "cijfer", "beoordeling",
)  # fmt: skip

# Words that lead into a rating in a sentence: "I give it", "le doy un", "nota:", "ich gebe".
_PROSE_LEAD_RE = re.compile(
    r"\b(?:give|gives|giving|rate|rated|rating|score|scored|award|awarding|earns?|gets?"
    r"|doy|damos|merece|dou|damos|donne|donnons|m[eé]rite|gebe|geben|verdient|geef|geven"
    r"|diamo|nota|note|voto|cijfer|wertung|bewertung|puntuaci[oó]n)\b[^.!?\n]{0,30}?",
    re.I,
)


def prose_rating(texts: list[str]) -> FoundRating | None:
    """Find 'I give it 4 out of 5' or 'le doy un 8 sobre 10' in verdict prose, as a last resort."""
    for text in texts:
        for m in _PROSE_LEAD_RE.finditer(text):
            for r in RATING_RE.finditer(text, m.end(), min(len(text), m.end() + 40)):
                found = found_from_match(r)
                if found is not None and 1 <= found.half_stars <= 10 and found.value <= found.best:
                    return found
    return None


def _to_parsed_rating(found: FoundRating) -> ParsedRating:
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


def front_matter_rating(
    meta: dict[str, Any], warnings: list[str], grades: list[str]
) -> FoundRating | None:
    """Read the rating from front matter: 4.5, '4.5/5', '8/10' or '★★★★☆' (a grade: None)."""
    raw = next(
        (meta[k] for k in _FRONT_MATTER_RATING_KEYS if k in meta),
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
        return FoundRating(value, best, f"{value:g}/{best:g}", "frac")
    line = rating_line(str(raw))
    if line is None and grade_value(str(raw).strip()):
        grades.append(str(raw).strip())
        return None
    if line is None or line.label:
        raise ReviewParseError(
            f"The front matter rating “{raw}” is not a rating the parser can read "
            "(write it as 4/5, 4.5 out of 5, 8/10 or ★★★★☆)."
        )
    if len({f.half_stars for f in line.found}) > 1:
        raise ReviewParseError(f"The front matter rating “{raw}” contradicts itself.")
    return line.found[0]


_LETTER_GRADE_RE = re.compile(r"[A-F][+\-−]?")
_GRADE_LINE_RE = re.compile(r"(?P<label>[^:–—]{1,40}?)\s*[:–—]\s*(?P<value>[^\d:/★☆]{1,40})")


def grade_value(value: str) -> bool:
    """Whether a value is a letter grade (B+) or a short word rating (Recommended)."""
    if _LETTER_GRADE_RE.fullmatch(value):
        return True
    words = value.split()
    return 1 <= len(words) <= 3 and not ends_sentence(value) and value[:1].isupper()


def grade_line(text: str) -> str | None:
    """The grade of a line such as 'Grade: B+' or 'Classificação: Imperdível', else None."""
    m = _GRADE_LINE_RE.fullmatch(EMPHASIS_RE.sub("", text).strip())
    if m is None or not RatingLine(m.group("label").strip(), []).overall:
        return None
    value = m.group("value").strip()
    return value if grade_value(value) else None


def describe_grade(value: str) -> str:
    """'letter grade B+' or 'word rating “Imperdível”'."""
    if _LETTER_GRADE_RE.fullmatch(value):
        return f"letter grade {value}"
    return f"word rating “{value}”"


def describe(found: FoundRating) -> str:
    return f"“{found.original}”"


def choose_rating(
    cands: list[Candidate], warnings: list[str], decisions: list[str]
) -> tuple[ParsedRating | None, Candidate | None, str]:
    """Pick the overall rating, warn about disagreements, and write the rescaling note."""
    decoration = [c for c in cands if c.beside is not None and c.found.value > c.found.best]
    for cand in decoration:
        cands.remove(cand)
        decisions.append(
            f"Rating {cand.beside.original} taken as stated; the {cand.found.original} beside it "
            "cannot be a rating on a five-star scale and was read as decoration."
        )
    for cand in cands:
        _to_parsed_rating(cand.found)  # any out-of-range overall rating is an error
    if not cands:
        return None, None, ""
    kind_rank = ("frac", "words", "stars")
    order = sorted(
        enumerate(cands), key=lambda p: (p[1].priority, kind_rank.index(p[1].found.kind), p[0])
    )
    winner = order[0][1]
    distinct: list[Candidate] = []
    for _, cand in order:
        if all(cand.found.half_stars != d.found.half_stars for d in distinct):
            distinct.append(cand)
    if len(distinct) > 1:
        listed = " vs ".join(f"{describe(c.found)} ({c.where})" for c in distinct)
        warnings.append(
            f"Conflicting overall ratings: {listed}. Used {describe(winner.found)}; "
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
