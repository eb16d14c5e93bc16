"""What search takes for a word: query cleaning and cutting, parsing, folding, highlighting."""

from __future__ import annotations

from reviews.search.text import (
    MAX_QUERY_LENGTH,
    Term,
    clean_query,
    document,
    highlight,
    parse,
    window,
)


def test_a_long_query_is_cut_between_words():
    """A 500-character query keeps whole words only: no left-over fragment to match."""
    query = "harbour " * 24 + "lighthouse keeper " * 20  # the cut falls inside "lighthouse"
    query = query[:500]
    assert len(query) == 500
    cut = clean_query(query)
    assert len(cut) <= MAX_QUERY_LENGTH
    assert set(cut.split()) == {"harbour"}
    assert clean_query("word " * 100).split() == ["word"] * (MAX_QUERY_LENGTH // 5)


def test_the_cut_leaves_no_fragment_to_highlight():
    """Searching the cut query highlights whole words only, never "Li" inside "Lights"."""
    query = "harbour " * 24 + "lighthouse keeper"  # the cut falls inside "lighthouse"
    terms = parse(clean_query(query))
    assert str(highlight("Harbour Lights", terms)) == "<mark>Harbour</mark> Lights"


def test_control_characters_and_surrogates_are_dropped():
    """NUL, other controls, lone surrogates and private-use markers become spaces."""
    assert clean_query("a\x00b\x1fc\ud800d\ue000e") == "a b c d e"


def test_quoted_words_are_one_phrase_and_operators_are_separators():
    """ "long take" is a phrase; AND, NEAR(, *, col: are words or nothing."""
    assert parse('"long take" NEAR(xy*') == [
        Term(("long", "take")),
        Term(("near",)),
        Term(("xy",)),
    ]
    assert parse("title:lantern") == [Term(("title",)), Term(("lantern",))]
    assert parse("* - %_% ()") == []


def test_unspaced_scripts_are_one_word_per_character():
    """Japanese, Chinese and Korean text is indexed and queried character by character."""
    assert document("港の灯り") == "港 の 灯 り"
    assert parse("港の灯り") == [Term(("港", "の", "灯", "り"))]
    assert parse("港") == [Term(("港",))]
    assert not Term(("港",)).prefix


def test_accents_and_case_are_folded_for_latin_letters_only():
    """ "Björk" is indexed as "bjork"; Greek keeps its accents; fullwidth letters fold."""
    assert document("Björk CLÉO Ｔｏｋｙｏ") == "bjork cleo tokyo"
    assert document("Καλημέρα") == "καλημέρα"


def test_highlights_mark_whole_words_only():
    """A prefix match marks the whole word; a word inside another is not marked."""
    terms = parse("river")
    assert str(highlight("Riverside, a river", terms)) == (
        "<mark>Riverside</mark>, a <mark>river</mark>"
    )
    assert str(highlight("Deliverance", terms)) == "Deliverance"


def test_highlights_mark_unspaced_matches():
    """A Japanese query marks its characters in the title."""
    assert str(highlight("港の灯り", parse("灯り"))) == "港の<mark>灯り</mark>"


def test_snippets_start_and_end_on_whole_words():
    """A snippet cut from the middle of a text never begins or ends inside a word."""
    words = " ".join(f"word{i:03d}" for i in range(200))
    text = f"{words} neorealist landmark bicycle {words}"
    snippet = window(text, parse("bicycle"))
    assert snippet.startswith("…") and snippet.endswith("…")
    inner = snippet.strip("…")
    assert inner.split()[0] in text.split() and inner.split()[-1] in text.split()
    assert "bicycle" in inner
