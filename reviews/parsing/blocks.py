"""Stage 4, blocks: a body split into paragraphs, headings and verbatim Markdown, and back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from reviews.parsing.export import atx
from reviews.parsing.lines import (
    META_LINE_RE,
    bold_only,
    ends_sentence,
    italic_only,
    paragraph_like,
    starts_lower,
    title_like,
)
from reviews.parsing.ratings import rating_line


@dataclass
class Block:
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


_WIKI_LINK_RE = re.compile(r"(!?)\[\[([^\[\]\n|]+?)(?:\|([^\[\]\n]*?))?\]\]")


def plain_wiki_links(body: str) -> tuple[str, str]:
    """Write Obsidian-style [[target]] and [[target|alias]] links as the text they show.

    Returns the body and an example for the editor ('[[Rotterdam]] → Rotterdam'), or ''.
    Embeds (![[poster.jpg]]) show no text, so they go.
    """
    example = ""

    def shown(m: re.Match[str]) -> str:
        nonlocal example
        embed, target, alias = m.group(1), m.group(2), m.group(3)
        text = alias.strip() if alias and alias.strip() else target.split("#")[0].strip()
        text = "" if embed else text or target.strip("# ")
        example = example or f"{m.group(0)} → {text or 'left out'}"
        return text

    return _WIKI_LINK_RE.sub(shown, body), example


def markdown_blocks(body: str) -> list[Block]:
    """Split a Markdown (or plain) body into top-level blocks with markdown-it."""
    src = body.split("\n")
    tokens = _MD.parse(body)
    blocks: list[Block] = []
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
                        blocks.append(Block("lines", lines=parts[:-1]))
                    blocks.append(Block("heading", text=parts[-1], level=level, origin="md"))
                else:
                    blocks.append(Block("lines", lines=parts))
            else:
                blocks.append(Block("heading", text=content.strip(), level=level, origin="md"))
        elif tok.type == "paragraph_open":
            lines = [line.strip() for line in tokens[i + 1].content.split("\n")]
            blocks.append(Block("lines", lines=[line for line in lines if line]))
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
                blocks.append(Block("raw", text=text, raw_kind=kind, origin=style))
    return blocks


def _standalone(line: str) -> bool:
    """Italic lines (standfirsts) and rating lines are paragraphs of their own, even in
    wrapped text."""
    return italic_only(line) is not None or rating_line(line) is not None


def _short_heading(line: str, lines: list[str], i: int) -> bool:
    """A short line without closing punctuation before a sentence, in a one-line-per-paragraph
    paste: a heading in sentence case ("La fotografia", "Bild und Ton")."""
    words = line.split()
    return (
        len(words) <= 8
        and len(line) <= 60
        and line[:1].isupper()
        and not ends_sentence(line)
        and line[-1] not in ",;:–—-"
        and i + 1 < len(lines)
        and ends_sentence(lines[i + 1])
        and rating_line(lines[i + 1]) is None
    )


def split_lines(
    lines: list[str],
    *,
    plain: bool,
    bold: bool,
    more_content: bool,
    breaks_are_paragraphs: bool = False,
) -> list[Block]:
    """Turn one paragraph block's lines into paragraphs and headings (plain/bold if allowed).

    breaks_are_paragraphs: the block is the whole draft (no blank line anywhere), as pasted from
    a mail or a word processor, so a line ending a sentence may end a paragraph.
    """
    lines = [line for line in (ln.strip() for ln in lines) if line]
    n = len(lines)
    if not n:
        return []
    body_lines = [ln for ln in lines if not title_like(ln) and bold_only(ln) is None]
    # Word-processor pastes put a whole paragraph on each line; others wrap or split sentences.
    per_line = bool(body_lines) and 2 * sum(map(paragraph_like, body_lines)) >= len(body_lines)
    if breaks_are_paragraphs and not per_line:
        # Short lines that mostly end sentences, between title-like lines: a person reads each
        # line as a paragraph and the title-like ones as headings ("The Performances").
        # One such line alone ("I loved it") may be a fragment, so it takes two, or a title.
        prose = [ln for ln in body_lines if not _standalone(ln)]
        heads_seen = [
            line
            for i, line in enumerate(lines)
            if _short_heading(line, lines, i) and (i == 0 or ends_sentence(lines[i - 1]))
        ]
        per_line = (
            bool(prose)
            and 2 * sum(map(ends_sentence, prose)) >= len(prose)
            and (len(heads_seen) >= 2 or any(map(title_like, heads_seen)))
        )
    heads: list[str | None] = [None] * n
    for i, line in enumerate(lines):
        # Per-line pastes make every line a paragraph, so each line is judged on its own.
        if i + 1 == n:
            followed = more_content
        else:
            nxt = lines[i + 1]
            followed = per_line or not starts_lower(nxt) or _standalone(nxt)
        after_break = (
            per_line
            or i == 0
            or heads[i - 1] is not None
            or ends_sentence(lines[i - 1])
            or _standalone(lines[i - 1])
        )
        if not followed or not after_break:
            continue
        rating = rating_line(line)
        if rating is not None:
            if rating.verdict_label:
                heads[i] = "verdict"
            continue
        if bold and bold_only(line) is not None and not ends_sentence(bold_only(line) or ""):
            heads[i] = "bold"
        elif (
            plain
            and (title_like(line) or (per_line and _short_heading(line, lines, i)))
            and not META_LINE_RE.match(line)
            and (per_line or i == 0 or i == n - 1)
        ):
            heads[i] = "plain"
    blocks: list[Block] = []
    run: list[str] = []

    def flush_run() -> None:
        if not run:
            return
        texts: list[str] = []
        for line in run:
            # A line that starts lower-case after one that ends mid-sentence continues it.
            if texts and (not per_line or (starts_lower(line) and not ends_sentence(texts[-1]))):
                texts[-1] += " " + line
            else:
                texts.append(line)
        for text in texts:
            # "2. Text" continuing a paragraph is a list once it starts a block; say so now.
            marker = re.match(r"\d{1,9}([.)])\s", text)
            if marker:
                blocks.append(Block("raw", text=text, raw_kind="list", origin=marker.group(1)))
            else:
                blocks.append(Block("para", text=text))
        run.clear()

    for line, head in zip(lines, heads, strict=True):
        if head is not None:
            flush_run()
            text = (bold_only(line) or line) if head == "bold" else line
            blocks.append(Block("heading", text=text.strip(), level=2, origin=head))
        elif _standalone(line):
            flush_run()
            blocks.append(Block("para", text=line))
        else:
            run.append(line)
    flush_run()
    return blocks


@dataclass
class Section:
    heading: str
    blocks: list[Block]
    spoilers: bool = False


def blocks_markdown(blocks: list[Block], section_level: int) -> str:
    """Render a section's blocks as Markdown; deeper headings become ### and below."""
    parts: list[str] = []
    previous: Block | None = None
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
            parts.append(atx(depth, block.text))
        else:
            parts.append(block.text.strip())
        previous = block
    return "\n\n".join(parts)
