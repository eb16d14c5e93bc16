"""Feeds cannot carry markup: every plain-text field reaches a feed reader as text.

Known XSS payloads go into the fields editors type (film title, headline, standfirst, critic
name). Each feed is read twice: by feedparser, as a feed reader would (it sanitises, so it
alone would hide the bug), and raw: every field a reader renders as HTML is XML-decoded and
parsed with html5lib, which must find no element at all, only the payload as text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import html5lib
import pytest
from django.urls import reverse

from tests.factories import FilmFactory, ReviewFactory, UserFactory
from tests.security.test_xss import PAYLOADS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
CHUNK = 23  # under the feed's 30 entries
CHUNKS = [PAYLOADS[i : i + CHUNK] for i in range(0, len(PAYLOADS), CHUNK)]


def html_fragment_text(value: str) -> str:
    """The text an HTML5 parser finds in a field, asserting it holds no element."""
    fragment = html5lib.parseFragment(value, treebuilder="etree", namespaceHTMLElements=False)
    elements = [el.tag for el in fragment.iter() if el is not fragment]
    assert not elements, (value, elements)
    return "".join(fragment.itertext())


def raw_html_fields(content: bytes) -> list[str]:
    """The XML-decoded text of every field a reader treats as HTML."""
    root = ET.fromstring(content)
    if root.tag == "rss":
        channel = root.find("channel")
        fields = [channel.findtext("title"), channel.findtext("description")]
        for item in channel.findall("item"):
            fields += [item.findtext("title"), item.findtext("description")]
            fields += [el.text for el in item.findall(DC_CREATOR)]
            fields += [el.text for el in item.findall("author")]
        return [f for f in fields if f]
    fields = []
    for entry in root.findall(f"{ATOM}entry"):
        for el in entry.iter():
            if el.get("type") in ("html", "xhtml"):
                fields.append(el.text or "")
    for el in root.iter():
        if el.get("type") in ("html", "xhtml"):
            fields.append(el.text or "")
    return fields


def shown_text(detail) -> str:
    """What a reader shows for a feedparser field: HTML parsed to text, or the text itself."""
    if detail["type"] in ("text/html", "application/xhtml+xml"):
        return html_fragment_text(detail["value"])
    return detail["value"]


def reviews_carrying(payloads: list[str]) -> None:
    for n, payload in enumerate(payloads):
        ReviewFactory(
            film=FilmFactory(title=payload[:200]),
            headline=payload[:200],
            standfirst=payload,
            author=UserFactory(username=f"critic{n}", first_name=payload[:150], last_name=""),
        )


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
@pytest.mark.parametrize("name", ["reviews:feed_rss", "reviews:feed_atom"])
def test_site_feeds_carry_payloads_as_text(client, name, chunk):
    """Titles, summaries and authors hold no element; a reader shows exactly what was typed."""
    payloads = CHUNKS[chunk]
    reviews_carrying(payloads)
    content = client.get(reverse(name)).content
    for field in raw_html_fields(content):
        html_fragment_text(field)
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(payloads)
    for entry in parsed.entries:
        assert shown_text(entry.summary_detail) in payloads
        title = shown_text(entry.title_detail)
        assert any(title.startswith(p[:200]) and f"): {p[:200]} — " in title for p in payloads)
        # An RSS creator is read as HTML; an Atom author name is a text construct.
        author = entry.author_detail.name if "atom" in name else html_fragment_text(entry.author)
        assert author in {p[:150].strip() or f"critic{n}" for n, p in enumerate(payloads)}


@pytest.mark.parametrize("kind", ["critic_feed_rss", "critic_feed_atom"])
def test_critic_feeds_carry_a_hostile_name_as_text(client, kind):
    """A critic's name in the feed's own title and description is text too."""
    for n, payload in enumerate(PAYLOADS[::3]):
        author = UserFactory(username=f"hostile{n}", first_name=payload[:150], last_name="")
        ReviewFactory(author=author)
        content = client.get(reverse(f"reviews:{kind}", args=[author.username])).content
        for field in raw_html_fields(content):
            html_fragment_text(field)
        parsed = feedparser.parse(content)
        assert payload[:150].strip() in shown_text(parsed.feed.title_detail)
