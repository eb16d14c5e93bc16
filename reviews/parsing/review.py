"""parse_review(): the stages run in order, and the review assembled from their results."""

from __future__ import annotations

import html
import re
from typing import Any

from reviews.parsing.blocks import (
    Block,
    Section,
    blocks_markdown,
    markdown_blocks,
    plain_wiki_links,
    split_lines,
)
from reviews.parsing.decoding import (
    fix_mojibake,
    normalise_spaces,
    read_text,
)
from reviews.parsing.film_hint import film_hint
from reviews.parsing.front_matter import meta_text, split_cms_fields, split_front_matter
from reviews.parsing.html_to_markdown import HtmlDraft, html_to_markdown, looks_like_html
from reviews.parsing.lines import bold_only, italic_only, sentence_count
from reviews.parsing.rating_choice import (
    Candidate,
    choose_rating,
    collect_ratings,
    describe,
    describe_grade,
    front_matter_rating,
    prose_rating,
)
from reviews.parsing.ratings import VERDICT_TITLE_RE, rating_line
from reviews.parsing.results import ParsedRating, ParsedReview, ParsedSection, ReviewParseError

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


def _strip_spoiler_marker(heading: str) -> tuple[str, bool]:
    """Remove a '[spoilers]' marker from a heading; headings naming spoilers also count."""
    stripped = _SPOILER_SUFFIX_RE.sub("", heading).strip()
    if stripped != heading.strip():
        return stripped, True
    return heading, bool(re.search(r"\bspoilers?\b", heading, re.I))


def parse_review(text: str | bytes) -> ParsedReview:
    """Parse a pasted review draft (plain text, Markdown or HTML) into a ParsedReview."""
    warnings: list[str] = []
    text, repaired = read_text(text, warnings)
    meta, body = split_front_matter(text.lstrip("\n"))
    decisions: list[str] = []
    record = None if meta else split_cms_fields(body)
    if record is not None:
        meta, body = record
        decisions.append(
            "Read as a CMS record: the fields between ---- lines ("
            + ", ".join(k.replace("_", " ").capitalize() for k in meta)
            + ") are details of the review, and its Text field is the review."
        )
    body, links = plain_wiki_links(body)
    if links:
        decisions.append(f"Wiki links written as plain text ({links}).")
    page = html_to_markdown(body) if looks_like_html(body) else None
    if page is not None:
        # Entities can hide mojibake until they are decoded; warn only once.
        body = fix_mojibake(normalise_spaces(page.markdown), [] if repaired else warnings)
    blocks = markdown_blocks(body)
    if page is not None:
        decisions += _page_title(page, blocks, meta)
    headline, blocks = _headline_and_blocks(blocks, meta, warnings)
    standfirst = _take_standfirst(blocks, meta)
    if page is None:
        headline, standfirst = _plain_entities(headline, standfirst, blocks)
    decisions += _unwrap_film_heading(blocks, meta)
    intro, sections, section_level = _split_sections(blocks)
    rating, winner, notes, titled = _rating(intro, sections, meta, warnings, decisions)
    verdict_heading, verdict = _take_verdict(sections, titled, winner, section_level, warnings)
    if page is not None:
        decisions += _page_rating(page, winner)

    parsed_sections = []
    for section in sections:
        body_md = blocks_markdown(section.blocks, section_level)
        spoilers = section.spoilers or bool(_SPOILER_BODY_RE.match(body_md))
        parsed_sections.append(ParsedSection(section.heading, body_md, spoilers))
    intro_md = blocks_markdown(intro, section_level)
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
    return ParsedReview(
        headline=headline,
        standfirst=standfirst,
        intro=intro_md,
        sections=parsed_sections,
        verdict_heading=verdict_heading,
        verdict=verdict,
        rating=rating,
        film=film_hint(meta, [t for t in texts if t], warnings),
        warnings=warnings,
        notes=notes,
        decisions=decisions,
    )


def _page_title(page: HtmlDraft, blocks: list[Block], meta: dict[str, Any]) -> list[str]:
    """Use a web page's <title> as the headline when no heading opens its text."""
    decisions = []
    if page.chrome_dropped:
        decisions.append(
            "Only the page's main content was read: menus, share buttons, comments and "
            "similar page furniture were left out."
        )
    opens_with_heading = bool(blocks) and blocks[0].kind == "heading"
    if page.title and not opens_with_heading and not meta_text(meta, "title", "headline"):
        meta["title"] = page.title
        decisions.append(
            f"Headline “{page.title}” taken from the page's title, as no heading opens its text."
        )
    return decisions


def _page_rating(page: HtmlDraft, winner: Candidate | None) -> list[str]:
    """Say where on a web page the rating came from when it was not written as text."""
    if winner is None:
        return []
    original = winner.found.original
    if any(original in alt for alt in page.star_images):
        return [f"Rating taken from the star image's description (“{original}”)."]
    if winner.found.kind == "stars" and any(run in original for run in page.star_icons):
        return [f"Rating read from the page's star icons ({original})."]
    return []


def _plain_entities(headline: str, standfirst: str, blocks: list[Block]) -> tuple[str, str]:
    """Decode entities (&#8220; → “) in the plain-text parts: headline, standfirst, headings.

    Markdown text keeps them, as its renderer decodes them; HTML drafts are decoded already.
    """
    for block in blocks:
        if block.kind == "heading":
            block.text = html.unescape(block.text)
    return html.unescape(headline), html.unescape(standfirst)


def _headline_and_blocks(
    blocks: list[Block], meta: dict[str, Any], warnings: list[str]
) -> tuple[str, list[Block]]:
    """Take the headline, then resolve paragraph lines into paragraphs and guessed headings."""
    # A draft written with Markdown headings gets no guessed headings from plain lines, and
    # none from bold lines either once it has Markdown section headings.
    plain = not any(b.kind == "heading" for b in blocks)
    whole = len(blocks) == 1 and blocks[0].kind == "lines"
    headline = _take_headline(blocks, meta, warnings)
    bold = not any(b.kind == "heading" for b in blocks)
    resolved: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind != "lines":
            resolved.append(block)
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        more = nxt is not None and nxt.kind != "heading"
        resolved.extend(
            split_lines(
                block.lines,
                plain=plain,
                bold=bold,
                more_content=more,
                breaks_are_paragraphs=whole,
            )
        )
    return headline, resolved


def _take_standfirst(blocks: list[Block], meta: dict[str, Any]) -> str:
    """The standfirst from front matter, else an italic or quoted paragraph after the headline."""
    standfirst = meta_text(meta, "standfirst", "description", "subtitle", "summary", "excerpt")
    standfirst = standfirst or meta_text(meta, "dek", "lede", "deck")
    if standfirst:
        return standfirst
    # The standfirst follows the headline, perhaps after a rating line ("Rating: 4/5").
    index = next(
        (
            i
            for i, b in enumerate(blocks)
            if not (b.kind == "para" and rating_line(b.text) is not None)
        ),
        None,
    )
    if index is None:
        return ""
    first = blocks[index]
    if first.kind == "para" and italic_only(first.text) is not None:
        blocks.pop(index)
        return italic_only(first.text) or ""
    if first.kind == "raw" and first.raw_kind == "quote":
        blocks.pop(index)
        return " ".join(
            re.sub(r"^\s*>\s?", "", line).strip() for line in first.text.split("\n")
        ).strip()
    return ""


_TITLE_YEAR_RE = re.compile(r"^(?P<title>.+?)\s*\((?P<year>1[89]\d\d|20\d\d)\)$")


def _unwrap_film_heading(blocks: list[Block], meta: dict[str, Any]) -> list[str]:
    """Drop a lone top heading that only names the film and wraps the real sections.

    "## Northern Passage (2022)" followed by "### The Journey", "### Verdict"...: the sections
    are the next level down, and the wrapper names the film (when nothing else does).
    """
    headings = [b for b in blocks if b.kind == "heading" and b.origin == "md"]
    if len(headings) < 3:
        return []
    top = min(b.level for b in headings)
    wrappers = [b for b in headings if b.level == top]
    below = [b for b in headings if b.level == top + 1]
    wrapper = wrappers[0]
    if len(wrappers) != 1 or headings[0] is not wrapper or len(below) < 2:
        return []
    m = _TITLE_YEAR_RE.match(wrapper.text.strip())
    film = meta_text(meta, "film", "movie").casefold()
    names_film = m is not None or (film and wrapper.text.strip().casefold() == film)
    at = blocks.index(wrapper)
    bare = at + 1 < len(blocks) and blocks[at + 1].kind == "heading"
    if not names_film or not bare or len(wrapper.text.split()) > 10:
        return []
    blocks.remove(wrapper)
    if not meta_text(meta, "film", "movie"):
        meta["film"] = m.group("title") if m else wrapper.text
        if m and not meta.get("year"):
            meta["year"] = int(m.group("year"))
    return [
        f"The heading “{wrapper.text}” only names the film and wraps the rest, so the "
        "headings below it were taken as the sections."
    ]


def _split_sections(blocks: list[Block]) -> tuple[list[Block], list[Section], int]:
    """Split blocks into the intro and headed sections; returns the section heading level."""
    # Headings written as Markdown set the section level; the rest sit at that level.
    md_levels = [b.level for b in blocks if b.kind == "heading" and b.origin == "md"]
    section_level = min(md_levels) if md_levels else 2
    intro: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        if block.kind == "heading":
            if block.origin != "md":
                block.level = section_level
            if block.level <= section_level:
                heading, spoilers = _strip_spoiler_marker(block.text)
                sections.append(Section(heading, [], spoilers))
                continue
        (sections[-1].blocks if sections else intro).append(block)
    return intro, sections, section_level


def _rating(
    intro: list[Block],
    sections: list[Section],
    meta: dict[str, Any],
    warnings: list[str],
    decisions: list[str],
) -> tuple[ParsedRating | None, Candidate | None, str, list[int]]:
    """Choose the overall rating; also returns the indexes of sections titled like verdicts."""
    subscores: list[str] = []
    grades: list[str] = []
    cands = collect_ratings(intro, sections, subscores, grades)
    fm_found = front_matter_rating(meta, warnings, grades)
    if fm_found is not None:
        cands.append(Candidate(fm_found, "front matter", 3, None))
    titled = [i for i, s in enumerate(sections) if VERDICT_TITLE_RE.search(s.heading)]
    if not cands:
        prose_texts = [b.text for b in (sections[titled[-1]].blocks if titled else intro[-1:])]
        prose_found = prose_rating(prose_texts)
        if prose_found is not None:
            cands.append(Candidate(prose_found, "the verdict text", 9, None))
            warnings.append(
                f"The rating {describe(prose_found)} was taken from a sentence in the text; "
                "please check it."
            )
    rating, winner, notes = choose_rating(cands, warnings, decisions)
    for grade in grades:
        # A grade has no agreed number of stars, so it is never turned into one.
        warnings.append(
            f"The {describe_grade(grade)} was kept in the notes; it was not turned into stars."
        )
        notes = "\n".join(n for n in (notes, f"Original rating: {grade}") if n)
    if rating is None:
        if subscores:
            warnings.append(
                "Found only sub-scores ("
                + ", ".join(subscores)
                + "), no overall rating; add a line such as “Rating: 4/5”."
            )
        else:
            warnings.append("No overall rating found; add a line such as “Rating: 4/5”.")
    return rating, winner, notes, titled


def _take_verdict(
    sections: list[Section],
    titled: list[int],
    winner: Candidate | None,
    section_level: int,
    warnings: list[str],
) -> tuple[str, str]:
    """Remove the verdict section from sections; return its heading and Markdown body."""
    verdict_index = _pick_verdict(sections, titled, winner)
    if verdict_index is None:
        warnings.append(
            "No verdict section found (no section holds the rating or is titled Verdict, "
            "Conclusion, Bottom line or Final thoughts); the verdict was left empty."
        )
        return "", ""
    chosen = sections.pop(verdict_index)
    return chosen.heading or "Verdict", blocks_markdown(chosen.blocks, section_level)


def _take_headline(blocks: list[Block], meta: dict[str, Any], warnings: list[str]) -> str:
    """Remove and return the headline: a leading heading, the front matter title, or line 1."""
    title = meta_text(meta, "title", "headline")
    # A rating written above the headline ("★★★★☆") is not the headline.
    index = 0
    while (
        index < len(blocks)
        and blocks[index].kind == "lines"
        and all(rating_line(line) is not None for line in blocks[index].lines)
    ):
        index += 1
    if index == len(blocks):
        return title
    first = blocks[index]
    if first.kind == "heading" and (first.level == 1 or not title):
        blocks.pop(index)
        return bold_only(first.text) or first.text
    if title or first.kind != "lines":
        if not title:
            warnings.append("No headline found; add one as the first line.")
        return title
    at = next(i for i, line in enumerate(first.lines) if rating_line(line) is None)
    line = first.lines[at]
    if len(line) > 200 or sentence_count(line) > 2:
        # The draft starts straight into a paragraph: keep it as text.
        warnings.append("No headline found; add one as the first line.")
        return ""
    del first.lines[at]
    if not first.lines:
        blocks.pop(index)
    return bold_only(line) or line


def _pick_verdict(
    sections: list[Section], titled: list[int], winner: Candidate | None
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
