"""Markdown to safe HTML: rendered with markdown-it-py, then sanitised with nh3.

Rendering happens once, when a review is saved; pages show the stored HTML.
"""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

# CommonMark plus tables and strikethrough; raw HTML is escaped by the renderer and anything
# that survives is still sanitised below, so the allow-list is the only gate.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])

# Review pages use h1 for the headline and h2 for section headings, so headings written inside
# a body start at h3 to keep the document outline intact.
MIN_BODY_HEADING = 3


def _render_heading_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    level = max(int(token.tag[1]), MIN_BODY_HEADING)
    token.tag = f"h{level}"
    return self.renderToken(tokens, idx, options, env)


def _render_heading_close(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    token.tag = f"h{max(int(token.tag[1]), MIN_BODY_HEADING)}"
    return self.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("heading_open", _render_heading_open)
_markdown.add_render_rule("heading_close", _render_heading_close)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "cite", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "b", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """Strip everything outside the allow-list: scripts, handlers, javascript:/data: URLs..."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    """Render an editor's Markdown to HTML that is safe to put on a public page."""
    if not text or not text.strip():
        return ""
    return sanitise_html(_markdown.render(text))


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown fragment, for meta descriptions and feeds."""
    stripped = nh3.clean(markdown_to_html(text), tags=set())
    return " ".join(html.unescape(stripped).split())
