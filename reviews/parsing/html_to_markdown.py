"""Stage 3, HTML: the readable part of a web page or CMS export as Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

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


def looks_like_html(text: str) -> bool:
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


def html_to_markdown(text: str) -> str:
    """Convert an HTML document to Markdown."""
    converter = _HTMLToMarkdown()
    converter.feed(text)
    converter.close()
    return converter.markdown()
