"""Turn a pasted film-review draft into structured data, and render the canonical export.

The parser is pure: it takes text (or bytes) and returns dataclasses; it never touches Django,
the database or a request.

Accepted inputs
---------------
* Plain text in the shape editors paste from word processors: the first line is the headline,
  paragraphs are single long lines, and section headings are short title-like lines with or
  without blank lines around them ("Tehran: A Backdrop of Beauty and Contrast"). Such guessed
  headings are only looked for in drafts with no Markdown/HTML headings at all (a ``#``
  headline means the author writes Markdown and marks headings).
* One sentence per line: lines are joined into paragraphs; short sentences never become headings.
* Markdown: ATX (``#``/``##``/``###``) and setext (``===``/``---``) headings, bold-only lines
  (``**Heading**``) as headings when a draft has no real Markdown headings, lists, tables and
  blockquotes kept as Markdown, deeper headings kept inside their section as ``###``.
* YAML (``---``) or TOML (``+++``) front matter: ``title``, ``standfirst``/``description``/
  ``subtitle``/``summary``/``excerpt``, ``film``/``movie``, ``year``, ``director``, ``rating``.
* HTML from a web page or CMS export (``<h1>``-``<h6>``, ``<p>``, lists, tables, ``<strong>``,
  ``<em>``, entities); scripts, styles and page chrome are dropped.

The verdict is the section whose heading holds the rating, else the last section titled like a
verdict (Verdict, Conclusion, Bottom line, Final thoughts...), else the section whose text holds
the rating line; otherwise it is left empty with a warning.

Ratings are read from the verdict heading, ``Rating:``-style lines, score tables, list items and
front matter, in any of these shapes: ``★★★★☆``, ``★★★½``, ``4/5``, ``4.5 out of 5``,
``3.5 stars``, ``Three and a half stars``, ``8/10``, ``80/100``. They are normalised to half
stars (1-10); other scales are rescaled and the original is kept in ``notes``.

Canonical export format (``render_markdown``)::

    ---
    film: Children of Heaven
    year: 1997
    director: Majid Majidi
    rating: 4.5/5
    standfirst: One sentence that sells the review.
    ---
    # Headline

    Intro paragraphs.

    ## Section heading

    Section body (Markdown; sub-headings as ``###``).

    ## A section that gives the ending away [spoilers]

    Section body.

    ## Final verdict

    Rating: 4.5/5

    Verdict paragraphs.

A section heading ending in ``[spoilers]`` marks a section that contains spoilers: the parser
strips the marker and sets ``ParsedSection.contains_spoilers``. Front matter keys are only
written when they have a value. ``parse_review(render_markdown(p))`` reproduces ``p``'s
headline, standfirst, intro, sections, verdict, rating (in half stars) and film hint.

Stages (one module each, run in this order by ``review.parse_review``)
---------------------------------------------------------------------
``decoding`` bytes to text and clean-up; ``front_matter`` YAML/TOML metadata; ``html_to_markdown``
web pages and CMS exports; ``blocks`` paragraphs, headings and verbatim Markdown (with ``lines``
judging what reads as a heading); ``rating_choice`` the overall rating (with ``ratings`` reading
rating expressions); ``film_hint`` the film; ``export`` the canonical Markdown.
"""

from __future__ import annotations

from reviews.parsing.export import render_markdown
from reviews.parsing.results import (
    MAX_BYTES,
    FilmHint,
    ParsedRating,
    ParsedReview,
    ParsedSection,
    ReviewParseError,
)
from reviews.parsing.review import parse_review

__all__ = [
    "MAX_BYTES",
    "FilmHint",
    "ParsedRating",
    "ParsedReview",
    "ParsedSection",
    "ReviewParseError",
    "parse_review",
    "render_markdown",
]
