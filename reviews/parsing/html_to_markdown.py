"""Stage 3, HTML: the readable part of a web page or CMS export as Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from reviews.parsing.ratings import rating_line

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
_VOID_TAGS = frozenset(["img", "br", "hr", "input", "meta", "link", "source", "wbr", "col"])
# Class names and ids of page chrome: menus, share bars, comment threads, related posts...
_CHROME_RE = re.compile(
    r"share|sharing|social|comment|respond|related|newsletter|subscribe|sidebar|breadcrumb"
    r"|menu|navbar|^nav$|footer|cookie|advert|promo|widget|post-meta|entry-meta|byline"
    r"|masthead|top-?bar|^(?:site-)?header$|^logo$",
    re.I,
)
_CHROME_ROLES = frozenset(["navigation", "banner", "contentinfo", "complementary", "search"])
# Icon fonts and sprites draw stars as empty elements: fa-star, star-half, bi-star-fill...
_STAR_CLASS_RE = re.compile(r"(?:^|[\s_-])star", re.I)
_EMPTY_STAR_RE = re.compile(r"star-o\b|empty|outline|regular|blank|\boff\b", re.I)
_MAIN_RE = re.compile(r"<main\b|<[a-z]+[^>]*\brole\s*=\s*[\"']?main\b", re.I)
_TITLE_SPLIT_RE = re.compile(r"\s+[|–—·•»:]{1,2}\s+|\s+-\s+")

_SPACE_RUN_RE = re.compile(r"\s+")
_LINE_SPACE_RE = re.compile(r"[^\S\n]+")
_HEADING_TAG_RE = re.compile(r"h[1-6]")
_HTML_START_RE = re.compile(r"\s*<(?:!doctype|html|head|body|article|main|div|section|h[1-6]|p)\b")
_HTML_CLOSE_RE = re.compile(r"</(?:p|h[1-6]|div|li|article|section|body|html)\s*>", re.I)


def looks_like_html(text: str) -> bool:
    """Guess whether a draft is an HTML page or CMS export rather than Markdown."""
    head = text[:2000].lower()
    if head.lstrip().startswith("<!--") and _HTML_CLOSE_RE.search(text):
        return True
    return bool(_HTML_START_RE.match(head) and _HTML_CLOSE_RE.search(text))


@dataclass
class HtmlDraft:
    """An HTML draft as Markdown, with what the page said outside its text."""

    markdown: str
    title: str = ""  # the document's <title>, site name removed
    star_images: list[str] = field(default_factory=list)  # alt texts read as ratings
    star_icons: list[str] = field(default_factory=list)  # runs of star icons, as glyphs
    chrome_dropped: bool = False


class _HTMLToMarkdown(HTMLParser):
    """Convert the readable part of an HTML page into Markdown blocks."""

    def __init__(self, scope: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope  # "main" or "article": only that element's content is the review
        self.scope_depth = 0 if scope else 1
        self.scope_done = False
        self.chrome: list[Any] = []  # [tag, depth] of the chrome element being skipped
        self.chrome_dropped = False
        self.title = ""
        self.in_title = False
        self.star_images: list[str] = []
        self.star_icons: list[str] = []
        self.icon_run = ""
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
        if tag == "title":
            self.in_title = True
        if not self._in_scope(tag, opening=True):
            return
        values = dict(attrs)
        if self.chrome:
            if tag == self.chrome[0]:
                self.chrome[1] += 1
            return
        if not self.skip and tag not in _VOID_TAGS and _is_chrome(values):
            self.chrome = [tag, 1]
            self.chrome_dropped = True
            return
        if not self.skip and self._star_icon(tag, values):
            return
        if tag in _SKIP_TAGS:
            self.skip += 1
        if self.skip:
            return
        if tag == "img":
            self._image(values)
            return
        if tag in _BLOCK_TAGS or tag in ("hr", "table", "tr"):
            self._flush()
        if _HEADING_TAG_RE.fullmatch(tag):
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
        if tag == "title":
            self.in_title = False
        if self.chrome:
            if tag == self.chrome[0]:
                self.chrome[1] -= 1
                if not self.chrome[1]:
                    self.chrome = []
            return
        if not self._in_scope(tag, opening=False):
            return
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if _HEADING_TAG_RE.fullmatch(tag):
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
        if self.in_title:
            self.title += data
        if self.skip or self.chrome or not self.scope_depth:
            return
        if data.strip() and self.icon_run:
            self._end_icon_run()
        self.text += data if self.pre else _SPACE_RUN_RE.sub(" ", data)

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

    def _in_scope(self, tag: str, *, opening: bool) -> bool:
        """Track the <main> or first <article> of a page; False outside it."""
        if not self.scope or self.scope_done:
            return self.scope_depth > 0
        if tag == self.scope:
            if opening:
                self.scope_depth += 1
                return self.scope_depth > 0
            self.scope_depth -= 1
            if not self.scope_depth:
                self._flush()
                self.scope_done = True  # later articles are related posts, not this review
            return True
        return self.scope_depth > 0

    def _star_icon(self, tag: str, values: dict[str, str | None]) -> bool:
        """Write an empty star icon element (<i class="fa fa-star-half-o">) as a glyph."""
        if tag not in ("i", "span", "svg", "em", "img"):
            return False
        cls = values.get("class") or ""
        if not _STAR_CLASS_RE.search(cls) or (tag == "img" and values.get("alt")):
            return False
        if "half" in cls.lower():
            glyph = "½"
        elif _EMPTY_STAR_RE.search(cls):
            glyph = "☆"
        else:
            glyph = "★"
        self.text += glyph
        self.icon_run += glyph
        if tag == "svg":
            self.skip += 1  # its drawing is not text
        return True

    def _end_icon_run(self) -> None:
        if self.icon_run:
            self.star_icons.append(self.icon_run)
            self.icon_run = ""

    def _image(self, values: dict[str, str | None]) -> None:
        """Keep the description of an image that shows a rating ('4 Stars (out of 5)')."""
        for described in (values.get("alt"), values.get("title")):
            text = " ".join((described or "").split())
            if text and rating_line(text) is not None:
                self._flush()
                self.text = text
                self._flush()
                self.star_images.append(text)
                return

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
        self._end_icon_run()
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
    lines = (_LINE_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_chrome(values: dict[str, str | None]) -> bool:
    """Whether an element's role, class or id marks it as page chrome."""
    if (values.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = (values.get("class") or "").split() + (values.get("id") or "").split()
    return any(_CHROME_RE.search(name) for name in names)


def _site_title(title: str) -> str:
    """'Luci sul lago | Cinema Settimanale' -> 'Luci sul lago': the page's own part."""
    title = " ".join(title.split())
    parts = _TITLE_SPLIT_RE.split(title)
    return parts[0].strip() if len(parts) > 1 and len(parts[0]) >= 12 else title


def html_to_markdown(text: str) -> HtmlDraft:
    """Convert an HTML document to Markdown: only its <main> (else first <article>), no chrome."""
    scope = "main" if _MAIN_RE.search(text) else ("article" if "<article" in text.lower() else "")
    converter = _HTMLToMarkdown(scope)
    converter.feed(text)
    converter.close()
    markdown = converter.markdown()
    if scope and not markdown.strip():
        # The element was empty (a page shell filled by scripts): read the whole page instead.
        converter = _HTMLToMarkdown()
        converter.feed(text)
        converter.close()
        markdown = converter.markdown()
    return HtmlDraft(
        markdown,
        _site_title(converter.title),
        converter.star_images,
        converter.star_icons,
        converter.chrome_dropped,
    )
