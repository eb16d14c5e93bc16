"""The parser on reviews in the shapes they are published in: mail pastes, HTML pages, CMS
records, notes, seven languages (tests/reviews/corpus, our own writing, with expected fields)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reviews.parsing import ParsedReview, parse_review
from reviews.parsing.scoring import all_headings, load_expected, score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = load_expected(CORPUS)
NAMES = sorted(EXPECTED)


@cache
def parsed(name: str) -> ParsedReview:
    """Parse a corpus draft from its raw bytes, as an upload would arrive."""
    return parse_review((CORPUS / name).read_bytes())


def with_key(key: str) -> list[str]:
    """The drafts whose expected fields include key."""
    return [name for name in NAMES if key in EXPECTED[name]]


def test_corpus_has_thirty_drafts_in_five_languages() -> None:
    """The corpus is big and varied enough to mean something."""
    assert len(NAMES) >= 30
    assert len({name.split("_")[0] for name in NAMES}) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_headline(name: str) -> None:
    """Each draft's headline is found."""
    assert parsed(name).headline == EXPECTED[name]["headline"]


@pytest.mark.parametrize("name", NAMES)
def test_section_headings(name: str) -> None:
    """Each draft's section headings, the verdict's last, are found and none are invented."""
    assert all_headings(parsed(name)) == EXPECTED[name]["headings"]


@pytest.mark.parametrize("name", NAMES)
def test_rating(name: str) -> None:
    """Each draft's overall rating is found (or none, for grades and word ratings)."""
    rating = parsed(name).rating
    expected = EXPECTED[name]["rating"]
    assert (rating.stars_value if rating else None) == (None if expected is None else expected)


@pytest.mark.parametrize("name", with_key("intro_paragraphs"))
def test_line_breaks_of_a_paste_are_paragraphs(name: str) -> None:
    """A paste with no blank lines keeps each prose line as a paragraph of its own."""
    paragraphs = parsed(name).intro.split("\n\n")
    assert len(paragraphs) == EXPECTED[name]["intro_paragraphs"]


@pytest.mark.parametrize("name", with_key("notes"))
def test_grades_and_word_ratings_are_kept_in_the_notes(name: str) -> None:
    """A letter grade or word rating is kept in the notes and warned about, not made stars."""
    review = parsed(name)
    assert EXPECTED[name]["notes"] in review.notes
    assert any("was kept in the notes" in w for w in review.warnings)


@pytest.mark.parametrize("name", with_key("decision"))
def test_non_obvious_choices_are_explained(name: str) -> None:
    """Where the rating, headline or encoding came from is told to the editor."""
    review = parsed(name)
    said = " ".join(review.decisions + review.warnings)
    assert EXPECTED[name]["decision"] in said


def test_corpus_field_accuracy_is_at_least_95_percent() -> None:
    """Headlines, headings (missed and spurious) and ratings: at least 95 % right."""
    assert score_corpus(CORPUS).accuracy >= 0.95


class TestHarbourLights:
    """The plain-text paste with single line breaks from the writing-desk issue."""

    review = parse_review((CORPUS / "en_harbour_lights.txt").read_text())

    def test_intro_is_two_paragraphs(self) -> None:
        """The two opening lines are two paragraphs, not one run-on line."""
        assert self.review.intro == (
            '"Harbour Lights" is a modest drama that earns every one of its tears.\n\n'
            "Set over one winter, it follows a lighthouse keeper and his estranged daughter."
        )

    def test_sections_keep_their_text(self) -> None:
        """Each headed section holds the line below its heading."""
        assert [(s.heading, s.body) for s in self.review.sections] == [
            ("The Performances", "The two leads carry the film with restraint and warmth."),
            ("The Look", "Grey skies, salt spray, and a palette that feels lived-in."),
        ]

    def test_verdict_and_rating(self) -> None:
        """The rating line heads the verdict; 3.5 stars."""
        assert self.review.verdict == "Not flawless, but honest and affecting."
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 7


def test_page_chrome_is_left_out() -> None:
    """Share bars, bylines, related posts and comments are not part of the review."""
    review = parsed("en_page_chrome.html")
    text = " ".join([review.intro, review.verdict, *(s.body for s in review.sections)])
    for chrome in ("Share on", "Ruth Adeyemi", "Related Posts", "Leave a Reply", "Loved this"):
        assert chrome not in text
    assert any("page furniture" in d for d in review.decisions)


def test_later_articles_on_a_page_are_not_the_review() -> None:
    """Only the first <article> is read: the ones after it are teasers for other reviews."""
    page = (
        "<article><h1>Real Headline Here</h1><p>The real review text, in full.</p>"
        "<h2>Verdict</h2><p>Rating: 4/5</p><p>Good.</p></article>"
        "<article><h2>Another Film</h2><p>A teaser for another review.</p></article>"
    )
    review = parse_review(page)
    assert review.headline == "Real Headline Here"
    assert "teaser" not in review.verdict
    assert review.sections == []


def test_star_image_alt_text_gives_the_rating() -> None:
    """An image described as '4 Stars (out of 5)' is the rating, and the editor is told so."""
    review = parsed("en_star_image_alt.html")
    assert review.decisions == [
        "Rating taken from the star image's description (“4 Stars (out of 5)”)."
    ]


def test_an_image_described_otherwise_adds_no_text() -> None:
    """A photo's alt text is not review text."""
    review = parse_review(
        '<h1>Head Line</h1><p><img alt="The two leads on a beach"></p><p>Text.</p>'
    )
    assert "beach" not in review.intro


def test_six_emoji_stars_beside_a_stated_number_are_decoration() -> None:
    """'⭐⭐⭐⭐⭐⭐ 6,4/10' is 6.4/10, not an out-of-range six stars."""
    review = parsed("es_estrellas_emoji.txt")
    assert review.rating is not None
    assert review.rating.original == "6,4/10"
    assert "read as decoration" in review.decisions[0]


def test_front_matter_letter_grade_is_kept_not_refused() -> None:
    """grade: B+ in front matter is a note and a warning, not an error."""
    review = parse_review("---\ngrade: B+\n---\n# Head Line\n\nSome text here.")
    assert review.rating is None
    assert review.notes == "Original rating: B+"
    assert "letter grade B+" in review.warnings[0]


def test_cms_record_fields_are_details_not_sections() -> None:
    """Title, Film and Rating fields of a CMS record are not headings or text."""
    review = parsed("en_kirby_fields.txt")
    assert review.film.title == "The Ferryman's Daughter"
    assert review.film.year == 2024
    assert "Film:" not in review.intro
    assert review.decisions[0].startswith("Read as a CMS record")


def test_markdown_with_a_dashed_rule_is_not_a_cms_record() -> None:
    """A draft that uses ---- as a rule keeps its first line as the headline."""
    review = parse_review("Head Line: A Subtitle\n\nSome text here.\n\n----\n\nMore: text here.")
    assert review.headline == "Head Line: A Subtitle"
    assert review.decisions == []


def test_wiki_links_become_their_text() -> None:
    """[[target]] shows the target, [[target|alias]] the alias; embeds go."""
    review = parsed("nl_obsidian_links.md")
    assert review.intro.startswith(
        "De Havenmeester (2023) is een traag, mooi portret van Rotterdam"
    )
    assert review.sections[0].body.startswith("Pieter Jansen speelt")
    assert review.decisions == [
        "Wiki links written as plain text ([[De Havenmeester]] → De Havenmeester)."
    ]


def test_film_heading_wrapping_the_sections_names_the_film() -> None:
    """'## Northern Passage (2022)' above the ### sections is the film, not a section."""
    review = parsed("en_film_wraps_sections.md")
    assert (review.film.title, review.film.year) == ("Northern Passage", 2022)


def test_page_title_is_the_headline_only_without_a_heading() -> None:
    """<title> minus the site name is the headline when no heading opens the text."""
    review = parsed("it_title_only.html")
    assert review.intro.startswith('"Le luci del lago" (2023)')
    assert "page's title" in review.decisions[0]


def test_star_icons_read_as_stars() -> None:
    """Icon-font stars (fa-star, fa-star-half-o, fa-star-o) give ★★★½☆."""
    review = parsed("es_iconos_estrellas.html")
    assert review.rating is not None
    assert review.rating.original == "★★★½☆"
