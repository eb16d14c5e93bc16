"""Field accuracy of the parser over a folder of drafts with their expected fields.

The folder holds drafts and an ``expected.yaml`` that maps each file name to its ``headline``,
``headings`` (every section heading in order, the verdict's last) and ``rating`` (stars out of
5, or null). Each of those is a field: the headline, the rating, and each expected heading count
one each, and each heading the parser found that was not expected counts as one wrong field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reviews.parsing.results import ParsedReview, ReviewParseError
from reviews.parsing.review import parse_review

EXPECTED_FILE = "expected.yaml"


@dataclass
class FieldResult:
    """One field of one draft: what was expected, what the parser gave."""

    draft: str
    field: str
    expected: object
    got: object

    @property
    def right(self) -> bool:
        """Whether the parser got this field right."""
        return self.expected == self.got


@dataclass
class CorpusScore:
    """Every field of every draft in a corpus, and the share the parser got right."""

    fields: list[FieldResult] = field(default_factory=list)

    @property
    def right(self) -> int:
        """How many fields are right."""
        return sum(1 for f in self.fields if f.right)

    @property
    def accuracy(self) -> float:
        """The share of fields that are right (1.0 for an empty corpus)."""
        return self.right / len(self.fields) if self.fields else 1.0

    def wrong(self) -> list[FieldResult]:
        """The fields the parser got wrong."""
        return [f for f in self.fields if not f.right]


def all_headings(parsed: ParsedReview) -> list[str]:
    """Section headings in order, the verdict's last (as expected.yaml lists them)."""
    headings = [s.heading for s in parsed.sections]
    return headings + [parsed.verdict_heading] if parsed.verdict_heading else headings


def score_draft(
    name: str, parsed: ParsedReview | None, expected: dict[str, Any]
) -> list[FieldResult]:
    """Compare one parsed draft (None if it failed to parse) with its expected fields."""
    got_headline = parsed.headline if parsed else None
    rating = parsed.rating.stars_value if parsed and parsed.rating else None
    want_rating = expected.get("rating")
    results = [
        FieldResult(name, "headline", expected.get("headline", ""), got_headline),
        FieldResult(name, "rating", None if want_rating is None else float(want_rating), rating),
    ]
    got = all_headings(parsed) if parsed else []
    wanted = [str(h) for h in expected.get("headings") or []]
    unmatched = list(got)
    for heading in wanted:
        found = heading in unmatched
        if found:
            unmatched.remove(heading)
        results.append(FieldResult(name, "heading", heading, heading if found else None))
    results += [FieldResult(name, "spurious heading", None, heading) for heading in unmatched]
    return results


def load_expected(folder: Path) -> dict[str, dict[str, Any]]:
    """Read a corpus folder's expected.yaml."""
    data = yaml.safe_load((folder / EXPECTED_FILE).read_text(encoding="utf-8")) or {}
    return {str(k): v or {} for k, v in data.items()}


def score_corpus(folder: Path) -> CorpusScore:
    """Parse every draft listed in the folder's expected.yaml and score its fields."""
    score = CorpusScore()
    for name, expected in sorted(load_expected(folder).items()):
        try:
            parsed: ParsedReview | None = parse_review((folder / name).read_bytes())
        except ReviewParseError:
            parsed = None
        score.fields += score_draft(name, parsed, expected)
    return score
