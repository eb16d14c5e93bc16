"""Tests for the review-draft parser (reviews.parsing): formats, ratings, film hints, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.parsing import (
    MAX_BYTES,
    FilmHint,
    ParsedRating,
    ParsedReview,
    ParsedSection,
    ReviewParseError,
    parse_review,
    render_markdown,
)

DRAFTS = Path(__file__).resolve().parents[1] / "drafts"
DRAFT_NAMES = sorted(p.name for p in DRAFTS.iterdir() if p.is_file())


def draft(name: str) -> ParsedReview:
    """Parse a draft file from its raw bytes, as an upload would arrive."""
    return parse_review((DRAFTS / name).read_bytes())


def headings(review: ParsedReview) -> list[str]:
    """The section headings of a review, in order."""
    return [s.heading for s in review.sections]


def simple(body: str, headline: str = "A Headline for Testing") -> ParsedReview:
    """Parse a Markdown draft built from a headline and a body."""
    return parse_review(f"# {headline}\n\n{body}\n")


INTRO = "The film opens in a small coastal town. Nobody there expects anything to change."
VERDICT = "It is a patient, rewarding film. Go and see it on the biggest screen you can find."


def with_rating(line: str) -> ParsedReview:
    """Parse a draft whose verdict section holds the given rating line."""
    return simple(f"{INTRO}\n\n## Verdict\n\n{line}\n\n{VERDICT}")


# --------------------------------------------------------------------------------------------
# The hand-written drafts, field by field
# --------------------------------------------------------------------------------------------


class TestPlainSampleShapeDraft:
    """Plain text shaped like a word-processor paste: plain-line headings, no blank lines."""

    review = draft("plain_sample_shape.txt")

    def test_headline_is_the_first_line(self) -> None:
        """The first line becomes the headline."""
        assert self.review.headline == "A Whispered Masterpiece About Being Seen"

    def test_intro_holds_the_paragraphs_before_the_first_heading(self) -> None:
        """Both opening paragraphs form the intro, one per line."""
        paragraphs = self.review.intro.split("\n\n")
        assert len(paragraphs) == 2
        assert paragraphs[0].startswith("“The Quiet Girl,” directed by Colm Bairéad, is the kind")
        assert paragraphs[1].startswith("Bairéad adapts Claire Keegan’s novella")

    def test_plain_lines_become_section_headings(self) -> None:
        """Title-like lines, with or without a blank line after them, head sections."""
        assert headings(self.review) == [
            "A Performance Built on Stillness",
            "The Farm: A Landscape of Light and Routine",
        ]

    def test_section_keeps_paragraph_after_a_blank_line(self) -> None:
        """A section body spans the blank line between its paragraphs."""
        body = self.review.sections[0].body
        assert body.startswith("Catherine Clinch carries the film")
        assert "\n\nThe three of them build a family" in body

    def test_verdict_heading_loses_its_rating(self) -> None:
        """'Final Verdict: ★★★★½ 4.5/5' is the verdict heading without the stars."""
        assert self.review.verdict_heading == "Final Verdict"
        assert self.review.verdict.startswith("This is a small film with an enormous heart")

    def test_rating_combines_stars_and_number(self) -> None:
        """Stars and a number that agree make one 4½-star rating."""
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 9
        assert self.review.rating.original == "★★★★½ 4.5/5"

    def test_film_hint_from_quoted_title_and_directed_by(self) -> None:
        """The quoted title, 'directed by' and a nearby year give the film hint."""
        assert self.review.film == FilmHint("The Quiet Girl", 2022, "Colm Bairéad")

    def test_no_warnings(self) -> None:
        """A well-formed draft produces no warnings or notes."""
        assert self.review.warnings == []
        assert self.review.notes == ""
        assert self.review.standfirst == ""


class TestYamlFrontMatterDraft:
    """Markdown with YAML front matter, ## sections, a ### sub-heading and a list."""

    review = draft("yaml_front_matter.md")

    def test_headline_from_the_h1(self) -> None:
        """The # heading is the headline."""
        assert self.review.headline == "Past Lives: the road not taken, twenty-four years later"

    def test_standfirst_from_description(self) -> None:
        """The front matter description becomes the standfirst."""
        assert self.review.standfirst == (
            "A tender, grown-up romance about the people we might have been."
        )

    def test_intro(self) -> None:
        """The intro is the two paragraphs before the first ## heading."""
        assert self.review.intro.startswith("Some films announce their ambitions")
        assert self.review.intro.count("\n\n") == 1

    def test_sections(self) -> None:
        """Only ## headings start sections; the ### stays inside its section."""
        assert headings(self.review) == ["Writing that refuses melodrama", "Performances"]
        assert "\n\n### The husband problem\n\nIn a lesser film" in self.review.sections[0].body

    def test_list_inside_section(self) -> None:
        """The cast list stays a Markdown list inside its section."""
        assert "- Greta Lee as Nora, luminous and guarded\n- Teo Yoo as Hae Sung" in (
            self.review.sections[1].body
        )

    def test_verdict(self) -> None:
        """The 'Final thoughts' section is the verdict, without its Rating line."""
        assert self.review.verdict_heading == "Final thoughts"
        assert self.review.verdict.startswith("This is a film about the Korean idea of *in-yun*")
        assert "Rating" not in self.review.verdict

    def test_rating(self) -> None:
        """Front matter and the Rating line agree on 4½ stars."""
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 9

    def test_film_hint_from_front_matter(self) -> None:
        """film, year and director come from the front matter."""
        assert self.review.film == FilmHint("Past Lives", 2023, "Celine Song")

    def test_no_warnings(self) -> None:
        """Nothing needs an editor's attention."""
        assert self.review.warnings == []


class TestTomlFrontMatterDraft:
    """Markdown with TOML front matter and an 8/10 rating."""

    review = draft("toml_front_matter.md")

    def test_headline_and_standfirst(self) -> None:
        """The headline comes from the # heading and the standfirst from 'subtitle'."""
        assert self.review.headline == "Paterson finds poetry in the everyday"
        assert self.review.standfirst.startswith("Jim Jarmusch's gentlest film is a week")

    def test_intro(self) -> None:
        """The intro is the opening paragraph."""
        assert self.review.intro.startswith("Paterson drives a bus in Paterson, New Jersey.")

    def test_sections(self) -> None:
        """Three ## sections precede the verdict."""
        assert headings(self.review) == [
            "Repetition as rhythm",
            "Adam Driver's quiet centre",
            "Poems on screen",
        ]

    def test_verdict(self) -> None:
        """'The verdict' is the verdict section."""
        assert self.review.verdict_heading == "The verdict"
        assert self.review.verdict.startswith("A film that makes you look more kindly")

    def test_rating_is_rescaled_from_ten(self) -> None:
        """8/10 becomes four stars, with the original kept."""
        rating = self.review.rating
        assert rating == ParsedRating(half_stars=8, original="8/10", value=8.0, best=10.0)
        assert rating.stars_value == 4.0

    def test_rescaling_is_noted(self) -> None:
        """The note and a warning record the rescaling."""
        assert self.review.notes == "Original rating: 8/10 (rescaled to 4/5)."
        assert self.review.warnings == ["The rating 8/10 was rescaled to 4/5 (nearest half star)."]

    def test_film_hint_from_movie_key(self) -> None:
        """The TOML 'movie' key names the film."""
        assert self.review.film == FilmHint("Paterson", 2016, "Jim Jarmusch")


class TestCmsExportDraft:
    """An HTML page exported from a CMS, with entities, scripts and page chrome."""

    review = draft("cms_export.html")

    def test_headline_from_h1_with_entities(self) -> None:
        """The <h1> is the headline, with &#8217; decoded."""
        assert self.review.headline == "A Bathhouse for the Gods, and a Girl Who Won’t Give Up"

    def test_intro_decodes_entities_and_keeps_emphasis(self) -> None:
        """Paragraphs keep <em> as Markdown italics and decode &amp;."""
        assert self.review.intro.startswith(
            "Hayao Miyazaki’s *Spirited Away* (2001) begins with a sulking ten-year-old"
        )
        assert "back seat of a car & ends" in self.review.intro

    def test_sections_from_h2(self) -> None:
        """Each <h2> heads a section."""
        assert headings(self.review) == ["A World Drawn by Hand", "Chihiro’s Quiet Courage"]

    def test_html_list_becomes_markdown_list(self) -> None:
        """<ul><li> items become '- ' lines."""
        body = self.review.sections[0].body
        assert "- No-Face at the banquet, greedy, lonely & unsettling" in body

    def test_nbsp_and_dash_entities(self) -> None:
        """&nbsp; becomes a plain space and &mdash; an em dash."""
        assert "It is simply there, rewarding" in self.review.sections[0].body
        assert "her own name — a lesson" in self.review.sections[1].body

    def test_verdict_and_rating(self) -> None:
        """The 'Verdict' section holds a five-star rating in a bold-labelled line."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("More than twenty years on, *Spirited Away*")
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 10

    def test_scripts_styles_and_chrome_are_dropped(self) -> None:
        """Script, style, nav and footer text never reaches the review."""
        text = render_markdown(self.review)
        for leftover in ("dataLayer", "font-family", "Home", "All rights reserved", "Ledger"):
            assert leftover not in text
        assert self.review.warnings == []

    def test_film_hint_from_italic_title_and_possessive(self) -> None:
        """An <em> title, 'Hayao Miyazaki’s' and '(2001)' give the film hint."""
        assert self.review.film == FilmHint("Spirited Away", 2001, "Hayao Miyazaki")


class TestSetextDraft:
    """Markdown with setext headings and a rating written in words."""

    review = draft("setext_headings.md")

    def test_headline_from_equals_underline(self) -> None:
        """A === underlined title is the headline."""
        assert self.review.headline == "Aftersun Remembers a Holiday That Was Really a Goodbye"

    def test_intro(self) -> None:
        """The intro is the two paragraphs before the first --- heading."""
        assert self.review.intro.startswith('Charlotte Wells\' "Aftersun" (2022) is a memory')
        assert self.review.intro.endswith("it arrived almost fully formed.")

    def test_sections_from_dash_underlines(self) -> None:
        """--- underlined lines head sections."""
        assert headings(self.review) == ["The Shape of a Memory", "Paul Mescal and Frankie Corio"]

    def test_verdict(self) -> None:
        """'The Bottom Line' is the verdict, without the rating sentence."""
        assert self.review.verdict_heading == "The Bottom Line"
        assert self.review.verdict.startswith("Some viewers will find it too elliptical")

    def test_word_rating(self) -> None:
        """'Three and a half stars.' is 7 half stars."""
        assert self.review.rating == ParsedRating(7, "Three and a half stars", 3.5, 5.0)

    def test_film_hint_from_straight_quotes(self) -> None:
        """A straight-quoted title and "Wells'" possessive give the hint."""
        assert self.review.film == FilmHint("Aftersun", 2022, "Charlotte Wells")
        assert self.review.warnings == []


class TestBoldHeadingsDraft:
    """Markdown whose only headings are bold lines (** and __)."""

    review = draft("bold_headings.md")

    def test_headline_from_bold_first_line(self) -> None:
        """A bold first line is the headline, without the asterisks."""
        assert self.review.headline == "Toilets, Trees and Tape Cassettes: A Perfect Day in Tokyo"

    def test_intro(self) -> None:
        """The intro is the paragraph before the first bold heading."""
        assert self.review.intro.startswith("In Wim Wenders’s *Perfect Days*, Hirayama cleans")

    def test_bold_lines_become_sections(self) -> None:
        """Both **Heading** and __Heading__ lines head sections."""
        assert headings(self.review) == [
            "A Man Who Has Chosen His Life",
            "Light Through the Leaves",
            "Where It Falters",
        ]

    def test_verdict(self) -> None:
        """'Final Word' is the verdict section."""
        assert self.review.verdict_heading == "Final Word"
        assert self.review.verdict.startswith("Still, the last shot, a long close-up")

    def test_rating_in_stars_with_decimal(self) -> None:
        """'Rating: 3.5 stars' is 7 half stars."""
        assert self.review.rating == ParsedRating(7, "3.5 stars", 3.5, 5.0)

    def test_film_hint_from_possessive_director(self) -> None:
        """'Wim Wenders’s *Perfect Days*' gives title and director."""
        assert self.review.film == FilmHint("Perfect Days", 2023, "Wim Wenders")
        assert self.review.warnings == []


class TestSentencePerLineDraft:
    """One sentence per line, with short sentences that must not become headings."""

    review = draft("sentence_per_line.txt")

    def test_headline(self) -> None:
        """The first line is the headline."""
        assert self.review.headline == "Drive My Car Takes the Long Road and Earns Every Mile"

    def test_sentences_are_joined_into_one_paragraph(self) -> None:
        """The opening lines form one paragraph, short ones included."""
        assert self.review.intro.startswith(
            "“Drive My Car” (2021) is a three-hour film about a theatre director and his driver."
            " It works. Directed by Ryusuke Hamaguchi"
        )
        assert "\n" not in self.review.intro

    def test_short_lowercase_sentence_is_not_a_heading(self) -> None:
        """'I loved it' followed by more text stays in the paragraph."""
        assert self.review.intro.endswith(
            "I loved it even when I was not sure where it was heading."
        )

    def test_standalone_title_lines_are_headings(self) -> None:
        """Title-like lines opening a block head sections; short sentences do not."""
        assert headings(self.review) == ["Grief in the Passenger Seat", "Theatre Inside the Film"]
        assert "He resents it. Then, slowly, he does not." in self.review.sections[0].body

    def test_verdict_and_rating(self) -> None:
        """'Verdict' holds 'Rating: 4 out of 5', removed from the text."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("It won the Oscar for best international feature")
        assert self.review.rating == ParsedRating(8, "4 out of 5", 4.0, 5.0)

    def test_film_hint(self) -> None:
        """A quoted title with a bracketed year and 'Directed by' give the hint."""
        assert self.review.film == FilmHint("Drive My Car", 2021, "Ryusuke Hamaguchi")
        assert self.review.warnings == []


class TestSubScoresTableDraft:
    """A table of sub-scores with an overall row, plus emoji stars next to a number."""

    review = draft("subscores_table.md")

    def test_structure(self) -> None:
        """Headline, intro and sections are read as usual."""
        assert self.review.headline.startswith("The Zone of Interest is a horror film")
        assert self.review.intro.startswith("Jonathan Glazer's *The Zone of Interest* (2023)")
        assert headings(self.review) == ["How it is made", "The sound", "Scores"]

    def test_score_table_is_kept(self) -> None:
        """The scores table stays in its section as Markdown."""
        assert "| Acting | 4/5 |" in self.review.sections[2].body
        assert "| **Overall** | **4/5** |" in self.review.sections[2].body

    def test_overall_row_wins_over_sub_scores(self) -> None:
        """The 'Overall' row sets the rating, not Acting or Cinematography."""
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 8
        assert self.review.rating.original == "4/5"

    def test_verdict_drops_the_emoji_rating_line(self) -> None:
        """'⭐⭐⭐⭐ 4/5' agrees with the table and is removed from the verdict."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("This is not an easy watch")
        assert self.review.warnings == []

    def test_film_hint(self) -> None:
        """Italic title, possessive director and bracketed year."""
        assert self.review.film == FilmHint("The Zone of Interest", 2023, "Jonathan Glazer")


class TestConflictingRatingsDraft:
    """Two overall ratings that disagree: one at the top, one at the bottom."""

    review = draft("conflicting_ratings.md")

    def test_structure(self) -> None:
        """The rating line at the top does not end up in the intro."""
        assert self.review.headline == "Anatomy of a Fall puts a marriage on trial"
        assert self.review.intro.startswith("The film opens with a fall.")
        assert headings(self.review) == ["The Trial", "Sandra Hüller"]

    def test_verdict_found_by_title(self) -> None:
        """'Conclusion' is the verdict and loses the trailing 'Overall:' line."""
        assert self.review.verdict_heading == "Conclusion"
        assert self.review.verdict.startswith("Triet never tells us what really happened")
        assert self.review.verdict.endswith("repeat themselves.")

    def test_conflict_is_warned_naming_both_values(self) -> None:
        """The first overall rating is used and both values are named in a warning."""
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 8
        assert self.review.warnings == [
            "Conflicting overall ratings: “4/5” (the “Rating” line) vs “3.5/5” (the “Overall” "
            "line). Used “4/5”; please check which is right."
        ]

    def test_film_hint(self) -> None:
        """Straight-quoted title after a possessive director."""
        assert self.review.film == FilmHint("Anatomy of a Fall", 2023, "Justine Triet")


class TestScoreOutOfHundredDraft:
    """Plain text with an 80/100 score under a 'Final Thoughts' plain heading."""

    review = draft("score_out_of_100.txt")

    def test_structure(self) -> None:
        """Plain lines head sections, and the intro has two paragraphs."""
        assert self.review.headline == "Roma Is a Memory Painted in Silver"
        assert self.review.intro.startswith('Alfonso Cuarón\'s "Roma" (2018) is a portrait')
        assert self.review.intro.count("\n\n") == 1
        assert headings(self.review) == [
            "Yalitza Aparicio in Her First Role",
            "The City as a Character",
        ]

    def test_verdict(self) -> None:
        """'Final Thoughts' is the verdict; the score line is removed."""
        assert self.review.verdict_heading == "Final Thoughts"
        assert self.review.verdict.startswith("The slow pace will test some viewers")

    def test_rating_rescaled_from_hundred(self) -> None:
        """80/100 becomes four stars, noted with its original."""
        assert self.review.rating == ParsedRating(8, "80/100", 80.0, 100.0)
        assert self.review.notes == "Original rating: 80/100 (rescaled to 4/5)."
        assert self.review.warnings == [
            "The rating 80/100 was rescaled to 4/5 (nearest half star)."
        ]

    def test_film_hint(self) -> None:
        """Title, year and possessive director, accents intact."""
        assert self.review.film == FilmHint("Roma", 2018, "Alfonso Cuarón")


class TestMojibakeDraft:
    """UTF-8 text decoded as Windows-1252, saved with a BOM, CRLF line ends and NBSPs."""

    review = draft("mojibake_bom_crlf.txt")

    def test_headline_has_no_bom(self) -> None:
        """The byte-order mark does not leak into the headline."""
        assert self.review.headline == "Amores Perros Still Bites Twenty Years On"

    def test_mojibake_is_repaired(self) -> None:
        """Accents and curly quotes are restored."""
        assert self.review.intro.startswith(
            "Alejandro González Iñárritu’s “Amores Perros” (2000) begins with a car crash"
        )
        assert "Gael García Bernal" in self.review.intro

    def test_nbsp_becomes_a_plain_space(self) -> None:
        """A no-break space inside a name becomes an ordinary space."""
        assert "at a Mexico City intersection" in self.review.intro
        assert "\u00a0" not in render_markdown(self.review)

    def test_crlf_and_space_filled_blank_line(self) -> None:
        """CRLF line ends and a line of spaces still separate paragraphs and headings."""
        assert self.review.intro.count("\n\n") == 1
        assert "\r" not in self.review.intro
        assert headings(self.review) == ["Three Lives, One Intersection"]

    def test_verdict_and_rating(self) -> None:
        """The rating line with a no-break space is read and removed."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("It is too long by twenty minutes")
        assert self.review.rating is not None
        assert self.review.rating.half_stars == 8

    def test_repair_is_warned(self) -> None:
        """A warning names an example of the repaired text."""
        assert self.review.warnings == [
            "Fixed garbled characters from a wrong text encoding (e.g. “GonzÃ¡lez” → “González”);"
            " please check names and accents."
        ]

    def test_film_hint(self) -> None:
        """The repaired title and director are used for the hint."""
        assert self.review.film == FilmHint("Amores Perros", 2000, "Alejandro González Iñárritu")


class TestRightToLeftDraft:
    """A Persian film title and a Persian section heading."""

    review = draft("rtl_title.md")

    def test_structure(self) -> None:
        """Headline, intro and headings, Persian text preserved exactly."""
        assert self.review.headline == "A Separation: a divorce case that becomes a moral maze"
        assert self.review.intro.startswith("Asghar Farhadi’s “جدایی نادر از سیمین” (A Separation")
        assert headings(self.review) == ["تهران، شهری در تعلیق", "Truth on Every Side", "The Cast"]

    def test_verdict_and_rating(self) -> None:
        """'4.5 out of 5' alone on a line is the rating."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("A humane, gripping and endlessly debatable film.")
        assert self.review.rating == ParsedRating(9, "4.5 out of 5", 4.5, 5.0)

    def test_rtl_title_in_film_hint(self) -> None:
        """The Persian title, including its zero-width non-joiner, is the hint's title."""
        assert self.review.film == FilmHint("جدایی نادر از سیمین", 2011, "Asghar Farhadi")
        assert "\u200c" not in self.review.film.title or "نادر" in self.review.film.title
        assert self.review.warnings == []


class TestNestedSectionsDraft:
    """Sub-headings, bullet and numbered lists inside sections, and a spoiler section."""

    review = draft("nested_sections.md")

    def test_structure(self) -> None:
        """Only ## headings start sections."""
        assert self.review.headline == "Paddington 2 is the kindest film you will see this decade"
        assert self.review.intro.startswith("Paul King's *Paddington 2* (2017) should not work")
        assert headings(self.review) == ["The Story", "What Makes It Special", "The Ending"]

    def test_sub_headings_stay_in_their_section(self) -> None:
        """### headings and their paragraphs are part of 'The Story'."""
        body = self.review.sections[0].body
        assert body.startswith("Paddington wants to buy an antique pop-up book")
        assert "\n\n### Life Inside\n\nPrison turns out" in body
        assert "\n\n### The Villain\n\nHugh Grant plays" in body

    def test_lists_are_kept_with_dash_bullets(self) -> None:
        """'*' bullets become '- ' and the numbered list is kept as it was."""
        body = self.review.sections[1].body
        assert body.startswith("- The production design, which turns Windsor Gardens")
        assert "*" not in body
        assert "\n\n1. The pop-up book sequence" in body
        assert "\n2. The quiet visit to the prison" in body

    def test_spoiler_marker(self) -> None:
        """'[spoilers]' is stripped from the heading and flags the section."""
        assert [s.contains_spoilers for s in self.review.sections] == [False, False, True]

    def test_verdict_and_rating(self) -> None:
        """A bare '★★★★☆' line in the verdict is four stars."""
        assert self.review.verdict_heading == "Verdict"
        assert self.review.verdict.startswith("It is hard to think of a sequel")
        assert self.review.rating == ParsedRating(8, "★★★★☆", 4.0, 5.0)

    def test_film_hint(self) -> None:
        """Italic title, possessive director, bracketed year."""
        assert self.review.film == FilmHint("Paddington 2", 2017, "Paul King")
        assert self.review.warnings == []


def test_there_are_at_least_ten_drafts() -> None:
    """The draft corpus covers at least ten formats."""
    assert len(DRAFT_NAMES) >= 10


# --------------------------------------------------------------------------------------------
# Ratings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "half_stars"),
    [
        ("★★★★☆", 8),
        ("★★★½", 7),
        ("★★★½☆", 7),
        ("⭐⭐⭐", 6),
        ("4/5", 8),
        ("4.5 out of 5", 9),
        ("4,5/5", 9),
        ("3.5 stars", 7),
        ("3½ stars", 7),
        ("Three and a half stars", 7),
        ("four stars", 8),
        ("Half a star", 1),
        ("four out of five", 8),
        ("8/10", 8),
        ("7/10", 7),
        ("80/100", 8),
        ("85/100", 9),
        ("★★★★★★★☆☆☆", 7),
        ("Rating: 2/5", 4),
        ("**Rating:** 5/5", 10),
        ("Our verdict - 1 star", 2),
    ],
)
def test_rating_formats_are_normalised_to_half_stars(line: str, half_stars: int) -> None:
    """Each way of writing a rating gives the right number of half stars."""
    review = with_rating(line)
    assert review.rating is not None
    assert review.rating.half_stars == half_stars


def test_rating_line_is_removed_from_verdict() -> None:
    """A standalone rating line does not stay in the verdict text."""
    review = with_rating("Rating: 4/5")
    assert review.verdict == VERDICT


def test_rating_value_and_best_keep_the_original_scale() -> None:
    """value and best describe the rating as written."""
    review = with_rating("7/10")
    assert review.rating == ParsedRating(7, "7/10", 7.0, 10.0)
    assert review.rating.stars_value == 3.5


def test_rescaling_that_rounds_says_so() -> None:
    """A score between half stars is rounded, and the note shows the exact value."""
    review = with_rating("Score: 73/100")
    assert review.rating is not None
    assert review.rating.half_stars == 7
    assert review.notes == "Original rating: 73/100 (rescaled to 3.5/5, rounded from 3.65)."


def test_rating_in_verdict_heading_is_stripped() -> None:
    """'## Final Verdict: ★★★★ 4/5' becomes heading 'Final Verdict' and a 4-star rating."""
    review = simple(f"{INTRO}\n\n## Final Verdict: ★★★★ 4/5\n\n{VERDICT}")
    assert review.verdict_heading == "Final Verdict"
    assert review.rating is not None
    assert review.rating.half_stars == 8


def test_rating_in_brackets_after_heading_is_stripped() -> None:
    """'The Verdict (3.5/5)' loses the bracketed rating."""
    review = simple(f"{INTRO}\n\n## The Verdict (3.5/5)\n\n{VERDICT}")
    assert review.verdict_heading == "The Verdict"
    assert review.rating is not None
    assert review.rating.half_stars == 7


def test_heading_made_only_of_stars_is_called_verdict() -> None:
    """A heading that is just a rating becomes a 'Verdict' heading."""
    review = simple(f"{INTRO}\n\n## ★★★\n\n{VERDICT}")
    assert review.verdict_heading == "Verdict"
    assert review.verdict == VERDICT


def test_sub_score_heading_is_kept_and_not_the_rating() -> None:
    """'## Performances: 4/5' is a sub-score heading: kept whole, not the overall rating."""
    review = simple(f"{INTRO}\n\n## Performances: 4/5\n\nText here.\n\n## Verdict\n\n{VERDICT}")
    assert headings(review) == ["Performances: 4/5"]
    assert review.rating is None
    assert review.warnings[0].startswith("Found only sub-scores (Performances 4/5)")


def test_rating_at_the_top_with_a_verdict_section() -> None:
    """A rating line under the headline is used; the verdict is found by its title."""
    review = simple(f"Rating: 3/5\n\n{INTRO}\n\n## Story\n\nText.\n\n## Bottom line\n\n{VERDICT}")
    assert review.rating is not None
    assert review.rating.half_stars == 6
    assert review.intro == INTRO
    assert review.verdict_heading == "Bottom line"


def test_rating_at_the_very_bottom_joins_the_last_section() -> None:
    """A rating line after the verdict text is removed from it."""
    review = simple(f"{INTRO}\n\n## Conclusion\n\n{VERDICT}\n\n★★½")
    assert review.verdict == VERDICT
    assert review.rating is not None
    assert review.rating.half_stars == 5


def test_sub_score_lines_stay_and_do_not_set_the_rating() -> None:
    """'Acting: 4/5' is a sub-score: kept in the text, never the overall rating."""
    review = simple(f"{INTRO}\n\n## Verdict\n\nActing: 4/5\n\nStory: 2/5\n\n{VERDICT}")
    assert review.rating is None
    assert review.verdict.startswith("Acting: 4/5\n\nStory: 2/5")
    assert review.warnings == [
        "Found only sub-scores (Acting 4/5, Story 2/5), no overall rating; add a line such as "
        "“Rating: 4/5”."
    ]


def test_overall_line_wins_over_sub_scores() -> None:
    """An 'Overall' line beats the sub-scores around it."""
    review = simple(
        f"{INTRO}\n\n## Verdict\n\nActing: 5/5\n\nStory: 2/5\n\nOverall: 3.5/5\n\n{VERDICT}"
    )
    assert review.rating is not None
    assert review.rating.half_stars == 7
    assert review.warnings == []


def test_overall_list_item_is_the_rating() -> None:
    """'- Overall: 4/5' in a list of scores is the rating; the list stays."""
    review = simple(f"{INTRO}\n\n## Scores\n\n- Acting: 3/5\n- Overall: 4/5\n\n## Verdict\n\nOk.")
    assert review.rating is not None
    assert review.rating.half_stars == 8
    assert review.sections[0].body == "- Acting: 3/5\n- Overall: 4/5"


def test_emoji_stars_next_to_a_different_number_warn() -> None:
    """'⭐⭐⭐⭐⭐ 4/5' disagrees with itself: the number is used and both are named."""
    review = with_rating("⭐⭐⭐⭐⭐ 4/5")
    assert review.rating is not None
    assert review.rating.half_stars == 8
    assert len(review.warnings) == 1
    assert "“4/5”" in review.warnings[0]
    assert "“⭐⭐⭐⭐⭐”" in review.warnings[0]


def test_front_matter_rating_disagreeing_with_text_warns() -> None:
    """Front matter and the Rating line disagreeing is flagged, the text line wins."""
    review = parse_review(f"---\nrating: 2/5\n---\n# Head\n\n{INTRO}\n\n## Verdict\n\n4/5\n\nOk.")
    assert review.rating is not None
    assert review.rating.half_stars == 8
    assert "Conflicting overall ratings" in review.warnings[0]
    assert "“2/5” (front matter)" in review.warnings[0]


def test_front_matter_bare_number_assumes_a_scale() -> None:
    """rating: 8 is read as 8/10, with a warning about the assumption."""
    review = parse_review(f"---\nrating: 8\n---\n# Head\n\n{INTRO}")
    assert review.rating is not None
    assert review.rating.half_stars == 8
    assert "assumed 8/10" in review.warnings[0]


def test_front_matter_rating_with_explicit_scale() -> None:
    """rating plus out_of in TOML front matter gives the scale."""
    review = parse_review(f"+++\nrating = 70\nout_of = 100\n+++\n# Head\n\n{INTRO}")
    assert review.rating == ParsedRating(7, "70/100", 70.0, 100.0)


def test_rating_taken_from_verdict_prose_is_flagged() -> None:
    """'I give it 4 out of 5' in the verdict is used, with a warning to check it."""
    review = simple(f"{INTRO}\n\n## Verdict\n\nIn short, I give it 4 out of 5.")
    assert review.rating is not None
    assert review.rating.half_stars == 8
    assert review.verdict == "In short, I give it 4 out of 5."
    assert review.warnings == [
        "The rating “4 out of 5” was taken from a sentence in the text; please check it."
    ]


def test_numbers_in_prose_are_not_ratings() -> None:
    """Fractions and star counts inside sentences elsewhere are ignored."""
    review = simple(
        "At the 3/4 mark the film turns. It plays 24/7 in my head and the hotel had five stars."
        f"\n\n## Verdict\n\n{VERDICT}"
    )
    assert review.rating is None
    assert review.warnings == ["No overall rating found; add a line such as “Rating: 4/5”."]


@pytest.mark.parametrize(
    "line", ["7/5", "0/5", "Rating: 11/10", "☆☆☆☆☆", "0.2/10", "Rating: 120/100", "6 stars"]
)
def test_out_of_range_rating_raises(line: str) -> None:
    """A rating outside ½-5 stars is an error that quotes it."""
    with pytest.raises(ReviewParseError, match="rating “") as info:
        with_rating(line)
    assert line.removeprefix("Rating: ") in str(info.value)


def test_out_of_range_front_matter_rating_raises() -> None:
    """A front matter rating above its scale is an error."""
    with pytest.raises(ReviewParseError, match="out of range"):
        parse_review(f"---\nrating: 6/5\n---\n# Head\n\n{INTRO}")


def test_unreadable_front_matter_rating_raises() -> None:
    """A front matter rating that is not a rating is an error naming it."""
    with pytest.raises(ReviewParseError, match="“great”"):
        parse_review(f"---\nrating: great\n---\n# Head\n\n{INTRO}")


def test_no_rating_is_warned() -> None:
    """A draft without any rating says so."""
    review = simple(f"{INTRO}\n\n## Verdict\n\n{VERDICT}")
    assert review.rating is None
    assert review.warnings == ["No overall rating found; add a line such as “Rating: 4/5”."]


# --------------------------------------------------------------------------------------------
# Verdict
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["Verdict", "The Verdict", "Conclusion", "Bottom Line", "Final thoughts", "In short"]
)
def test_verdict_found_by_title(title: str) -> None:
    """Sections titled like a verdict are the verdict."""
    review = simple(f"{INTRO}\n\n## Story\n\nText.\n\n## {title}\n\n{VERDICT}\n\nRating: 4/5")
    assert review.verdict_heading == title
    assert review.verdict == VERDICT
    assert headings(review) == ["Story"]


def test_missing_verdict_is_empty_and_warned() -> None:
    """Without a verdict-like section, verdict is empty and a warning says so."""
    review = simple(f"Rating: 4/5\n\n{INTRO}\n\n## Story\n\nText.\n\n## Music\n\nMore text.")
    assert review.verdict == ""
    assert review.verdict_heading == ""
    assert headings(review) == ["Story", "Music"]
    assert review.warnings[0].startswith("No verdict section found")


# --------------------------------------------------------------------------------------------
# Headlines, standfirsts, headings and paragraphs
# --------------------------------------------------------------------------------------------


def test_headline_from_front_matter_title_without_heading() -> None:
    """Front matter 'title' is the headline when the body has no # heading."""
    review = parse_review(f"---\ntitle: From the Top\n---\n{INTRO}\n\n## Verdict\n\n4/5\n\nOk.")
    assert review.headline == "From the Top"
    assert review.intro == INTRO


def test_h1_wins_over_front_matter_title() -> None:
    """A # heading is the headline even when front matter has a title."""
    review = parse_review(f"---\ntitle: Slug title\n---\n# Real Headline\n\n{INTRO}")
    assert review.headline == "Real Headline"


@pytest.mark.parametrize("key", ["standfirst", "description", "subtitle", "summary", "excerpt"])
def test_standfirst_from_front_matter_keys(key: str) -> None:
    """Each standfirst-like front matter key fills the standfirst."""
    review = parse_review(f"---\n{key}: A short pitch.\n---\n# Head\n\n{INTRO}")
    assert review.standfirst == "A short pitch."


def test_standfirst_from_italic_paragraph() -> None:
    """An italic paragraph right after the headline is the standfirst."""
    review = simple(f"*A quiet film about loud people.*\n\n{INTRO}")
    assert review.standfirst == "A quiet film about loud people."
    assert review.intro == INTRO


def test_standfirst_from_blockquote() -> None:
    """A blockquote right after the headline is the standfirst."""
    review = simple(f"> A quiet film\n> about loud people.\n\n{INTRO}")
    assert review.standfirst == "A quiet film about loud people."
    assert review.intro == INTRO


def test_italic_paragraph_later_is_not_a_standfirst() -> None:
    """Only the paragraph right after the headline can be the standfirst."""
    review = simple(f"{INTRO}\n\n*An aside in italics.*")
    assert review.standfirst == ""
    assert review.intro.endswith("*An aside in italics.*")


def test_italic_line_after_plain_headline_is_a_standfirst() -> None:
    """In plain text, an italic second line is the standfirst even without blank lines."""
    review = parse_review(f"Plain Headline\n_The pitch in one line._\n{INTRO}")
    assert review.headline == "Plain Headline"
    assert review.standfirst == "The pitch in one line."
    assert review.intro == INTRO


def test_short_sentence_with_full_stop_is_not_a_heading() -> None:
    """'It works.' between long lines stays a paragraph."""
    long = "This line is long enough to be a whole paragraph. It has two sentences in it, too."
    review = parse_review(f"Headline Here\n{long}\nIt works.\n{long}")
    assert review.sections == []
    assert "It works." in review.intro


def test_short_lowercase_line_is_not_a_heading() -> None:
    """'I loved it' followed by text stays part of the paragraph."""
    review = parse_review("Headline Here\nThe film is long.\nI loved it\nAnd so will you.")
    assert review.sections == []
    assert review.intro == "The film is long. I loved it And so will you."


def test_title_like_line_continuing_a_sentence_is_not_a_heading() -> None:
    """A capitalised line after a line without a full stop is wrapped text."""
    review = parse_review("Headline Here\nI went to see the new film by\nGreta Gerwig\nat night.")
    assert review.sections == []
    assert review.intro == "I went to see the new film by Greta Gerwig at night."


def test_metadata_line_is_not_a_heading() -> None:
    """'Directed by Greta Gerwig' above a paragraph is not a section heading."""
    long = "This line is long enough to be a whole paragraph. It has two sentences in it, too."
    review = parse_review(f"Headline Here\nDirected by Greta Gerwig\n{long}")
    assert review.sections == []
    assert review.film.director == "Greta Gerwig"


def test_colon_phrase_line_is_a_heading() -> None:
    """'Lisbon: a city in fog' reads as a heading in plain text."""
    long = "This line is long enough to be a whole paragraph. It has two sentences in it, too."
    review = parse_review(f"Headline Here\n{long}\nLisbon: A city in fog\n{long}")
    assert headings(review) == ["Lisbon: A city in fog"]


def test_standalone_title_line_between_blank_lines_is_a_heading() -> None:
    """A short capitalised line alone between blank lines heads a section."""
    review = parse_review(f"Headline Here\n\n{INTRO}\n\nThe Sound of Silence\n\n{VERDICT}")
    assert headings(review) == ["The Sound of Silence"]


def test_bold_lines_are_not_headings_when_markdown_headings_exist() -> None:
    """With real ## headings, a bold line is just emphasis in the text."""
    review = simple(f"{INTRO}\n\n## Story\n\n**Worth noting**\n\nText.")
    assert headings(review) == ["Story"]
    assert review.sections[0].body == "**Worth noting**\n\nText."


def test_hash_sections_under_a_hash_headline() -> None:
    """Drafts that use # for every heading still get sections."""
    review = parse_review(f"# Head\n\n{INTRO}\n\n# Story\n\nText.\n\n## Aside\n\nMore.")
    assert headings(review) == ["Story"]
    assert review.sections[0].body == "Text.\n\n### Aside\n\nMore."


def test_h3_only_sections_are_sections() -> None:
    """If ### is the top heading level used, ### headings are the sections."""
    review = simple(f"{INTRO}\n\n### One\n\nText.\n\n### Two\n\nMore.")
    assert headings(review) == ["One", "Two"]


def test_hard_wrapped_markdown_is_joined() -> None:
    """Wrapped lines of one paragraph become one line."""
    review = simple("The film begins in a\nsmall town where\nnothing happens.")
    assert review.intro == "The film begins in a small town where nothing happens."


def test_setext_underline_below_a_sentence_is_a_rule() -> None:
    """A --- under a full sentence is a separator, not a heading."""
    review = parse_review(f"Head Line\n\n{INTRO}\n---\n\n{VERDICT}")
    assert review.sections == []
    assert review.intro == f"{INTRO}\n\n{VERDICT}"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("The Ending [spoilers]", "The Ending"),
        ("The Ending (Spoilers)", "The Ending"),
        ("The Ending [contains spoilers]", "The Ending"),
        ("Spoiler Zone", "Spoiler Zone"),
    ],
)
def test_spoiler_headings_mark_sections(heading: str, expected: str) -> None:
    """Spoiler markers are stripped; headings naming spoilers flag their section."""
    review = simple(f"{INTRO}\n\n## {heading}\n\nShe dies.\n\n## Verdict\n\nOk.")
    assert review.sections == [ParsedSection(expected, "She dies.", contains_spoilers=True)]


def test_spoiler_warning_in_body_marks_section() -> None:
    """A section starting with 'Spoiler warning' is flagged."""
    review = simple(f"{INTRO}\n\n## The Ending\n\n**Spoiler warning:** she dies.")
    assert review.sections[0].contains_spoilers is True


def test_tables_and_code_are_kept_verbatim() -> None:
    """A table and a fenced block are copied into the section body."""
    table = "| Year | Award |\n| --- | --- |\n| 2020 | Best Film |"
    review = simple(f"{INTRO}\n\n## Awards\n\n{table}\n\n```\nquote\n```")
    assert review.sections[0].body == f"{table}\n\n```\nquote\n```"


# --------------------------------------------------------------------------------------------
# Film hints
# --------------------------------------------------------------------------------------------


FORSYTH = FilmHint("Local Hero", 1983, "Bill Forsyth")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("I finally saw “Local Hero” (1983) last night.", FilmHint("Local Hero", 1983)),
        ('Bill Forsyth\'s "Local Hero" arrived in 1983.', FORSYTH),
        (
            "Watching *Local Hero*, directed by Bill Forsyth, again.",
            FilmHint("Local Hero", None, "Bill Forsyth"),
        ),
        ("I saw Local Hero (1983) again.", FilmHint("Local Hero", 1983)),
        (
            "Written and directed by Agnès Varda, _Cléo from 5 to 7_ runs in real time.",
            FilmHint("Cléo from 5 to 7", None, "Agnès Varda"),
        ),
        ("It was the 1990s. Nothing was named.", FilmHint()),
    ],
)
def test_film_hint_from_text(text: str, hint: FilmHint) -> None:
    """Quoted or italic titles, 'Title (year)', possessives and 'directed by' give hints."""
    assert simple(text).film == hint


def test_film_hint_from_nested_front_matter() -> None:
    """A 'film' mapping in front matter gives title, year and director."""
    meta = "film:\n  title: Local Hero\n  year: 1983\n  director: Bill Forsyth\n"
    review = parse_review(f"---\n{meta}---\n# Head\n\n{INTRO}")
    assert review.film == FilmHint("Local Hero", 1983, "Bill Forsyth")


def test_front_matter_year_outside_film_history_is_ignored() -> None:
    """A year before 1888 is dropped with a warning."""
    review = parse_review(f"---\nfilm: Local Hero\nyear: 1700\n---\n# Head\n\n{INTRO}")
    assert review.film.year is None
    assert any("Ignored the front matter year “1700”" in w for w in review.warnings)


def test_year_far_from_the_title_is_not_used() -> None:
    """A year in another paragraph is not taken as the film's year."""
    review = simple(f"“Local Hero” is lovely.\n\n{INTRO}\n\nI was born in 1990.")
    assert review.film == FilmHint("Local Hero")


# --------------------------------------------------------------------------------------------
# Text encodings and characters
# --------------------------------------------------------------------------------------------


def test_bom_is_stripped_from_text() -> None:
    """A leading BOM in a str does not reach the headline."""
    assert parse_review(f"\ufeffHead Line\n{INTRO}").headline == "Head Line"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(newline: str) -> None:
    """CRLF and bare CR split lines like LF."""
    review = parse_review(newline.join(["Head Line", "", INTRO, "", "## Verdict", "", VERDICT]))
    assert review.headline == "Head Line"
    assert review.intro == INTRO
    assert review.verdict == VERDICT


def test_blank_lines_holding_spaces_separate_paragraphs() -> None:
    """A line of spaces and tabs counts as blank."""
    review = simple(f"{INTRO}\n  \t \n{VERDICT}")
    assert review.intro == f"{INTRO}\n\n{VERDICT}"


def test_nbsp_is_normalised() -> None:
    """No-break and narrow no-break spaces become plain spaces."""
    review = simple("A\u00a0film\u202fabout nothing.")
    assert review.intro == "A film about nothing."


def test_curly_quotes_and_dashes_are_kept() -> None:
    """Typographic punctuation survives untouched."""
    text = "It’s “fine” — mostly… and ‘odd’ – sometimes."
    assert simple(text).intro == text


def test_latin1_mojibake_is_fixed_and_warned() -> None:
    """'LÃ³pez' becomes 'López' and the warning names the fix."""
    review = simple("Directed by Carla LÃ³pez with great care.")
    assert review.intro == "Directed by Carla López with great care."
    assert review.warnings[0].startswith(
        "Fixed garbled characters from a wrong text encoding (e.g. “LÃ³pez” → “López”)"
    )


def test_bytes_are_decoded_as_utf8() -> None:
    """UTF-8 bytes with a BOM decode cleanly."""
    review = parse_review("\ufeffHead Line\nUn café à Paris. C’est tout.".encode())
    assert review.headline == "Head Line"
    assert review.intro == "Un café à Paris. C’est tout."
    assert not any("UTF-8" in w for w in review.warnings)


def test_invalid_utf8_bytes_fall_back_to_cp1252() -> None:
    """Windows-1252 bytes are decoded as such, with a warning."""
    review = parse_review("Head Line\nUn café – it’s good.".encode("cp1252"))
    assert review.intro == "Un café – it’s good."
    assert review.warnings[0].startswith("The text was not valid UTF-8")


def test_utf16_bytes_with_bom_are_decoded() -> None:
    """UTF-16 files (with their BOM) are read, not rejected as binary."""
    review = parse_review("Head Line\nUne séance.".encode("utf-16"))
    assert review.intro == "Une séance."


def test_right_to_left_text_is_preserved() -> None:
    """Hebrew and Persian text, joiners included, come through unchanged."""
    text = "הסרט “גבעת חלפון אינה עונה” מצחיק. می‌خواهم"
    assert simple(text).intro == text


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def test_html_fragment_with_bold_paragraph_headings() -> None:
    """A CMS fragment without <h2> uses bold-only paragraphs as headings."""
    html = (
        "<h1>Head</h1><p>Intro &amp; more.</p><p><strong>The Look</strong></p>"
        "<p>Lovely light.</p><p><b>Verdict</b></p><p>Rating: 4/5</p><p>See it.</p>"
    )
    review = parse_review(html)
    assert review.intro == "Intro & more."
    assert headings(review) == ["The Look"]
    assert review.verdict_heading == "Verdict"
    assert review.verdict == "See it."


def test_html_table_and_nested_list() -> None:
    """HTML tables become Markdown tables and nested lists are indented."""
    html = (
        "<h1>Head</h1><p>Intro.</p><h2>Scores</h2>"
        "<table><tr><th>Part</th><th>Score</th></tr><tr><td>Overall</td><td>4/5</td></tr></table>"
        "<ul><li>Cast<ul><li>Lead</li></ul></li></ul><h2>Verdict</h2><p>Go.</p>"
    )
    review = parse_review(html)
    assert review.sections[0].body == (
        "| Part | Score |\n| --- | --- |\n| Overall | 4/5 |\n\n- Cast\n  - Lead"
    )
    assert review.rating is not None
    assert review.rating.half_stars == 8


def test_html_line_breaks_become_lines() -> None:
    """<br> inside a paragraph splits one-sentence lines that are then joined."""
    review = parse_review("<h1>Head</h1><p>First line.<br>Second line.</p>")
    assert review.intro == "First line. Second line."


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n  ", "\ufeff", b"", b"\xef\xbb\xbf  \r\n"])
def test_empty_input_raises(text: str | bytes) -> None:
    """Empty and whitespace-only drafts are rejected."""
    with pytest.raises(ReviewParseError, match="empty"):
        parse_review(text)


@pytest.mark.parametrize("data", [b"Head\x00line\nText.", "Head\x00line\nText."])
def test_nul_bytes_raise_binary_error(data: str | bytes) -> None:
    """Text with NUL bytes is treated as a binary file."""
    with pytest.raises(ReviewParseError, match="binary"):
        parse_review(data)


def test_mostly_control_characters_raise_binary_error() -> None:
    """A file that is mostly control characters is rejected."""
    with pytest.raises(ReviewParseError, match="non-printable"):
        parse_review("Head\n" + "\x01\x02\x03\x1b" * 50)


def test_known_binary_formats_are_named() -> None:
    """A PDF upload gets a message naming the format."""
    with pytest.raises(ReviewParseError, match="PDF"):
        parse_review(b"%PDF-1.7\n%binary stuff")


def test_too_large_text_raises() -> None:
    """More than MAX_BYTES of text is rejected, naming the limit."""
    with pytest.raises(ReviewParseError, match="1,000,000 bytes"):
        parse_review("Head\n" + "x" * MAX_BYTES)


def test_too_large_bytes_raise() -> None:
    """More than MAX_BYTES of bytes is rejected before decoding."""
    with pytest.raises(ReviewParseError, match="too large"):
        parse_review(b"a" * (MAX_BYTES + 1))


def test_multibyte_text_is_measured_in_bytes() -> None:
    """The limit counts UTF-8 bytes, not characters."""
    with pytest.raises(ReviewParseError, match="too large"):
        parse_review("Head\n" + "é" * (MAX_BYTES // 2 + 1))


@pytest.mark.parametrize(
    "text",
    [
        "Just a Headline",
        "# Head\n\n## One\n\n## Two",
        "Head Line\n\nThe Story\n\nVerdict\n\nRating: 4/5",
        "---\ntitle: Only Front Matter\n---\n",
    ],
)
def test_no_paragraphs_raises(text: str) -> None:
    """A headline and headings without any paragraph are rejected."""
    with pytest.raises(ReviewParseError, match="no paragraphs"):
        parse_review(text)


def test_invalid_yaml_front_matter_raises() -> None:
    """Broken YAML front matter is reported with its line."""
    with pytest.raises(ReviewParseError, match="not valid YAML"):
        parse_review(f"---\ntitle: [unclosed\nyear: 2001\n---\n# Head\n\n{INTRO}")


def test_invalid_toml_front_matter_raises() -> None:
    """Broken TOML front matter is reported."""
    with pytest.raises(ReviewParseError, match="not valid TOML"):
        parse_review(f"+++\ntitle = unquoted\n+++\n# Head\n\n{INTRO}")


def test_leading_rule_is_not_front_matter() -> None:
    """A draft opening with a --- rule and no key: value lines is just text."""
    review = parse_review(f"---\nHead Line\n---\n\n{INTRO}")
    assert review.headline == "Head Line"
    assert review.intro == INTRO


def test_parse_error_is_a_value_error() -> None:
    """ReviewParseError can be caught as ValueError."""
    with pytest.raises(ValueError):
        parse_review("")


# --------------------------------------------------------------------------------------------
# Export and round trip
# --------------------------------------------------------------------------------------------


def assert_round_trip(original: ParsedReview) -> None:
    """parse_review(render_markdown(p)) keeps every structural field of p."""
    again = parse_review(render_markdown(original))
    assert again.headline == original.headline
    assert again.standfirst == original.standfirst
    assert again.intro == original.intro
    assert again.sections == original.sections
    assert again.verdict_heading == original.verdict_heading
    assert again.verdict == original.verdict
    assert (again.rating and again.rating.half_stars) == (
        original.rating and original.rating.half_stars
    )
    assert again.film == original.film


@pytest.mark.parametrize("name", DRAFT_NAMES)
def test_every_draft_round_trips(name: str) -> None:
    """Each draft survives export and re-import unchanged."""
    assert_round_trip(draft(name))


def test_render_writes_the_canonical_format() -> None:
    """The export has front matter, # headline, ## sections, a spoiler marker and Rating line."""
    review = ParsedReview(
        headline="Head",
        standfirst="Pitch: short.",
        intro="Intro.",
        sections=[ParsedSection("Plot", "Text.", contains_spoilers=True)],
        verdict_heading="Final verdict",
        verdict="See it.",
        rating=ParsedRating(9, "★★★★½", 4.5, 5.0),
        film=FilmHint("Local Hero", 1983, "Bill Forsyth"),
    )
    assert render_markdown(review) == (
        "---\nfilm: Local Hero\nyear: 1983\ndirector: Bill Forsyth\nrating: 4.5/5\n"
        "standfirst: 'Pitch: short.'\n---\n\n# Head\n\nIntro.\n\n## Plot [spoilers]\n\nText.\n\n"
        "## Final verdict\n\nRating: 4.5/5\n\nSee it.\n"
    )


def test_render_without_metadata_or_verdict() -> None:
    """A review with nothing optional renders as a headline and an intro."""
    review = ParsedReview(headline="Head", intro="Intro.")
    assert render_markdown(review) == "# Head\n\nIntro.\n"


def test_rescaled_rating_round_trips_in_half_stars() -> None:
    """An 8/10 rating exports as 4/5 and re-imports as 8 half stars."""
    review = draft("toml_front_matter.md")
    assert "rating: 4/5" in render_markdown(review)
    assert parse_review(render_markdown(review)).rating.half_stars == 8


WORDS = [
    "amber", "river", "lantern", "winter", "camera", "silence", "harbour", "orchard", "mirror",
    "garden", "letter", "morning", "shadow", "window", "journey", "meadow", "velvet", "thunder",
    "café", "señora", "niño", "łódka", "straße", "ångström", "باران", "שלום", "город", "夜",
]  # fmt: skip
VERDICT_TITLES = ["Verdict", "Final verdict", "The bottom line", "Conclusion", "Final thoughts"]

word = st.sampled_from(WORDS)
title = st.lists(word, min_size=1, max_size=5).map(lambda ws: " ".join(w.title() for w in ws))
sentence = st.lists(word, min_size=2, max_size=10).map(
    lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + "."
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
bullets = st.lists(sentence, min_size=2, max_size=4).map(
    lambda items: "\n".join(f"- {s}" for s in items)
)
subheading = st.tuples(title, paragraph).map(lambda p: f"### {p[0]}\n\n{p[1]}")


def no_adjacent_lists(blocks: list[str]) -> bool:
    """Two lists in a row would merge into one when re-read."""
    return not any(
        a.startswith("- ") and b.startswith("- ") for a, b in zip(blocks, blocks[1:], strict=False)
    )


intro_text = (
    st.lists(st.one_of(paragraph, paragraph, bullets), min_size=1, max_size=3)
    .filter(no_adjacent_lists)
    .filter(lambda blocks: not blocks[0].startswith("- "))
    .map("\n\n".join)
)
body_text = (
    st.lists(st.one_of(paragraph, paragraph, bullets, subheading), min_size=0, max_size=3)
    .filter(no_adjacent_lists)
    .map("\n\n".join)
)
sections = st.lists(
    st.builds(ParsedSection, heading=title, body=body_text, contains_spoilers=st.booleans()),
    max_size=4,
)
ratings = st.one_of(
    st.none(),
    st.integers(1, 10).map(lambda h: ParsedRating(h, f"{h / 2:g}/5", h / 2, 5.0)),
)
films = st.builds(
    FilmHint,
    title=st.one_of(st.just(""), title),
    year=st.one_of(st.none(), st.integers(1888, 2100)),
    director=st.one_of(st.just(""), st.tuples(title, title).map(" ".join)),
)
verdicts = st.one_of(st.just(("", "")), st.tuples(st.sampled_from(VERDICT_TITLES), body_text))
reviews = st.builds(
    lambda headline, standfirst, intro, secs, verdict, rating, film: ParsedReview(
        headline=headline,
        standfirst=standfirst,
        intro=intro,
        sections=secs,
        verdict_heading=verdict[0],
        verdict=verdict[1],
        rating=rating,
        film=film,
    ),
    title,
    st.one_of(st.just(""), sentence),
    intro_text,
    sections,
    verdicts,
    ratings,
    films,
)


@settings(max_examples=150, deadline=None)
@given(reviews)
def test_generated_reviews_round_trip(review: ParsedReview) -> None:
    """Any well-formed review structure survives export and re-import."""
    assert_round_trip(review)


@pytest.mark.parametrize(
    "text",
    [
        "# Head\n\nIntro.\n\n```\nunclosed fence",
        "# Head\n\n- one\n* two",
        "# Head\n\n- one\n\nRating: 4/5\n\n- two",
        "# Head\nRating: 4/5\n**Bold Heading**\nActing: 4/5",
        "# Head\n_italic line_\n__Under Bold__\nActing: 4/5",
        "Head Line\nIt has two sentences. Yes.\n2. not a list yet\n1. a list",
        "# Head\n\nIntro.\n\n## Uses C#\n\nText.",
    ],
)
def test_awkward_drafts_round_trip(text: str) -> None:
    """Drafts that once re-read differently after export now round-trip."""
    assert_round_trip(parse_review(text))


def test_rating_line_above_the_headline_is_not_the_headline() -> None:
    """'★★★★☆' on the first line is a rating; the next line is the headline."""
    review = parse_review(f"★★★★☆\nThe Real Headline\n{INTRO}")
    assert review.headline == "The Real Headline"
    assert review.rating is not None
    assert review.rating.half_stars == 8


def test_heading_ending_in_hash_is_exported_safely() -> None:
    """A heading ending in '#' gets a closing sequence so Markdown keeps the '#'."""
    review = ParsedReview(headline="Head", intro="Intro.", sections=[ParsedSection("C#", "x.")])
    assert "## C# #\n" in render_markdown(review)
    assert parse_review(render_markdown(review)).sections[0].heading == "C#"


LINE_PIECES = [
    "# Head", "## Verdict", "## Story", "### Sub", "Rating: 4/5", "★★★½", "8/10", "Overall: 3/5",
    "Acting: 4/5", "**Bold Heading**", "*Italic line.*", "> quote", "- item", "* item", "1. first",
    "2. second", "| a | 4/5 |", "|---|---|", "---", "===", "", "", "", "A Title Like Line",
    "It works.", "I loved it", "The film is long. It has two sentences and it goes on and on.",
    "“Quoted Title” (1999) directed by Jane Doe.", "<p>html</p>", "<h2>H</h2>", "```",
    "Final Verdict: ★★★★★ 5/5", "The End [spoilers]", "\u00a0", "LÃ³pez", "Tehran: A City", "#",
    "__Under Bold__", "_under italic_", "Directed by Jane Roe", "the lowercase start", "(1999)",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=20).map("\n".join))
def test_any_draft_parses_or_fails_cleanly_and_round_trips(text: str) -> None:
    """Arbitrary drafts raise only ReviewParseError, and whatever parses round-trips."""
    try:
        review = parse_review(text)
    except ReviewParseError:
        return
    assert_round_trip(review)
