"""manage.py import_review: dry-run JSON, saving drafts, film matching, bad input, publishing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from films.models import Film
from reviews.models import Review
from tests.conftest import make_image_bytes
from tests.factories import CreditFactory, FilmFactory, PersonFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFTS = Path(__file__).resolve().parents[1] / "drafts"

# A small complete draft of our own: every part the publish check needs.
COMPLETE_DRAFT = """\
---
film: The Lantern Keeper
year: 2019
director: Ana Quiroga
rating: 4/5
standfirst: A lighthouse, a storm and a keeper who will not leave.
---
# The Lantern Keeper holds its nerve

The film spends its first half hour on routine, and the routine is the point.

## Sound and weather

Wind is the loudest character here, and the mix lets it be.

## Verdict

Rating: 4/5

Patient, salty and worth the crossing.
"""


def run(*args: str) -> str:
    """Run import_review in-process and return what it printed."""
    out = io.StringIO()
    call_command("import_review", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def dry_run_json(*paths: Path) -> list[dict]:
    return json.loads(run(*map(str, paths), "--dry-run", "--json"))


@pytest.fixture
def quiet_girl() -> Film:
    """The catalogue film plain_sample_shape.txt is about, with its director credit."""
    film = FilmFactory(title="The Quiet Girl", slug="the-quiet-girl", year=2022)
    CreditFactory(film=film, person=PersonFactory(name="Colm Bairéad"))
    return film


@pytest.fixture
def complete_draft(tmp_path) -> Path:
    path = tmp_path / "lantern.md"
    path.write_text(COMPLETE_DRAFT, encoding="utf-8")
    return path


# --- dry run ---------------------------------------------------------------------------------


def test_dry_run_json_plain_text_draft_field_by_field(quiet_girl):
    """The plain-text sample shape comes out as headline, intro, two sections, verdict, 4½ stars."""
    [item] = dry_run_json(DRAFTS / "plain_sample_shape.txt")
    assert item["file"].endswith("plain_sample_shape.txt")
    assert item["headline"] == "A Whispered Masterpiece About Being Seen"
    assert item["standfirst"] == ""
    assert item["intro"].startswith("“The Quiet Girl,” directed by Colm Bairéad")
    assert item["intro"].count("\n\n") == 1
    assert [s["heading"] for s in item["sections"]] == [
        "A Performance Built on Stillness",
        "The Farm: A Landscape of Light and Routine",
    ]
    assert item["sections"][0]["body"].startswith("Catherine Clinch carries the film")
    assert item["sections"][0]["body"].count("\n\n") == 1
    assert [s["contains_spoilers"] for s in item["sections"]] == [False, False]
    assert item["verdict_heading"] == "Final Verdict"
    assert item["verdict"].startswith("This is a small film with an enormous heart")
    assert item["rating"] == {
        "value": 4.5,
        "best": 5.0,
        "half_stars": 9,
        "stars": 4.5,
        "original": "★★★★½ 4.5/5",
    }
    assert item["film"] == {
        "title": "The Quiet Girl",
        "year": 2022,
        "director": "Colm Bairéad",
        "matches": ["the-quiet-girl"],
        "chosen": "the-quiet-girl",
    }
    assert item["warnings"] == []
    assert item["notes"] == ""
    assert item["saved_slug"] is None


def test_dry_run_json_yaml_front_matter_draft_field_by_field():
    """Front matter gives standfirst, film, year, director, rating; ### stays in its section."""
    [item] = dry_run_json(DRAFTS / "yaml_front_matter.md")
    assert item["headline"] == "Past Lives: the road not taken, twenty-four years later"
    assert item["standfirst"] == ("A tender, grown-up romance about the people we might have been.")
    assert item["intro"].startswith("Some films announce their ambitions")
    assert [s["heading"] for s in item["sections"]] == [
        "Writing that refuses melodrama",
        "Performances",
    ]
    assert "\n\n### The husband problem\n\n" in item["sections"][0]["body"]
    assert "- Greta Lee as Nora, luminous and guarded\n- Teo Yoo" in item["sections"][1]["body"]
    assert item["verdict_heading"] == "Final thoughts"
    assert item["verdict"].startswith("This is a film about the Korean idea of *in-yun*")
    assert "Rating" not in item["verdict"]
    assert item["rating"]["half_stars"] == 9
    assert item["rating"]["stars"] == 4.5
    assert item["film"]["title"] == "Past Lives"
    assert item["film"]["year"] == 2023
    assert item["film"]["director"] == "Celine Song"
    assert item["film"]["matches"] == []
    assert item["film"]["chosen"] is None


def test_dry_run_json_rescaled_rating_keeps_original_scale():
    """80/100 becomes 4 stars; value and best keep the original scale and a note says so."""
    [item] = dry_run_json(DRAFTS / "score_out_of_100.txt")
    assert item["rating"] == {
        "value": 80.0,
        "best": 100.0,
        "half_stars": 8,
        "stars": 4.0,
        "original": "80/100",
    }
    assert item["notes"] == "Original rating: 80/100 (rescaled to 4/5)."
    assert item["warnings"] == ["The rating 80/100 was rescaled to 4/5 (nearest half star)."]


def test_dry_run_json_reports_conflicting_ratings():
    """Two overall ratings: the Rating line wins and the conflict is a warning, not a guess."""
    [item] = dry_run_json(DRAFTS / "conflicting_ratings.md")
    assert item["rating"]["half_stars"] == 8
    assert any("Conflicting overall ratings" in w for w in item["warnings"])


def test_dry_run_json_lists_every_file_in_order(quiet_girl):
    """Several files give a JSON list, one object per file, in the order given."""
    items = dry_run_json(DRAFTS / "toml_front_matter.md", DRAFTS / "plain_sample_shape.txt")
    assert [Path(i["file"]).name for i in items] == [
        "toml_front_matter.md",
        "plain_sample_shape.txt",
    ]
    assert items[0]["rating"]["half_stars"] == 8


def test_dry_run_saves_nothing(quiet_girl):
    """A dry run with a matching film and an author still saves no review."""
    run(str(DRAFTS / "plain_sample_shape.txt"), "--dry-run", "--author", UserFactory().username)
    assert Review.objects.count() == 0


def test_dry_run_text_output_summarises_each_file(quiet_girl):
    """Without --json, a dry run prints one line per file and says nothing was saved."""
    out = run(str(DRAFTS / "plain_sample_shape.txt"), "--dry-run")
    assert "“A Whispered Masterpiece About Being Seen”, 2 section(s)" in out
    assert "film the-quiet-girl" in out
    assert out.rstrip().endswith("Dry run: nothing saved.")


# --- saving ----------------------------------------------------------------------------------


def test_import_saves_draft_with_structure(quiet_girl):
    """The draft is saved under the confidently matched film, with sections in order."""
    author = UserFactory(username="nadia")
    run(str(DRAFTS / "plain_sample_shape.txt"), "--author", "nadia")
    review = Review.objects.get()
    assert review.status == Review.Status.DRAFT
    assert review.published_at is None
    assert review.film == quiet_girl
    assert review.author == author
    assert review.headline == "A Whispered Masterpiece About Being Seen"
    assert review.slug == "a-whispered-masterpiece-about-being-seen"
    assert review.rating == 9
    assert review.verdict_heading == "Final Verdict"
    assert review.verdict.startswith("This is a small film")
    sections = list(review.sections.all())
    assert [(s.position, s.heading) for s in sections] == [
        (0, "A Performance Built on Stillness"),
        (1, "The Farm: A Landscape of Light and Routine"),
    ]
    assert sections[0].body_html.startswith("<p>Catherine Clinch")
    assert review.intro_html.startswith("<p>")


def test_import_keeps_original_rating_and_warnings_in_notes(tmp_path, lantern):
    """A rescaled rating and the parser's warnings go into the private notes."""
    path = tmp_path / "ten.md"
    path.write_text(COMPLETE_DRAFT.replace("rating: 4/5", "rating: 8/10"), encoding="utf-8")
    path.write_text(path.read_text().replace("Rating: 4/5", "Rating: 8/10"), encoding="utf-8")
    run(str(path), "--author", UserFactory().username)
    review = Review.objects.get()
    assert review.rating == 8
    assert "Rating as written: 8/10" in review.notes
    assert "Original rating: 8/10 (rescaled to 4/5)." in review.notes
    assert "- The rating 8/10 was rescaled to 4/5 (nearest half star)." in review.notes


def test_import_gives_a_taken_slug_a_suffix(complete_draft, lantern):
    """A headline whose slug is taken gets -2, then -3."""
    ReviewFactory(slug="the-lantern-keeper-holds-its-nerve")
    author = UserFactory().username
    run(str(complete_draft), "--author", author)
    run(str(complete_draft), "--author", author)
    slugs = set(Review.objects.filter(film=lantern).values_list("slug", flat=True))
    assert slugs == {"the-lantern-keeper-holds-its-nerve-2", "the-lantern-keeper-holds-its-nerve-3"}


def test_film_option_overrides_the_suggestion(quiet_girl):
    """--film files the review under the given film even when another one matches."""
    other = FilmFactory(slug="another-film")
    author = UserFactory().username
    run(str(DRAFTS / "plain_sample_shape.txt"), "--film", "another-film", "--author", author)
    assert Review.objects.get().film == other


def test_film_is_matched_without_accents_or_case(tmp_path):
    """'the quiet girl' with 'Colm Bairead' still finds The Quiet Girl by Colm Bairéad."""
    film = FilmFactory(title="The Quiet Girl", slug="tqg", year=2022)
    CreditFactory(film=film, person=PersonFactory(name="Colm Bairéad"))
    path = tmp_path / "lower.md"
    path.write_text(
        "---\nfilm: the QUIET girl\nyear: 2022\ndirector: Colm Bairead\n---\n"
        "# A headline\n\nA paragraph about the film that runs long enough to be text.\n",
        encoding="utf-8",
    )
    [item] = dry_run_json(path)
    assert item["film"]["matches"] == ["tqg"]
    assert item["film"]["chosen"] == "tqg"


def test_film_with_another_director_is_not_suggested(complete_draft):
    """A same-titled film credited to someone else is not the film under review."""
    film = FilmFactory(title="The Lantern Keeper", slug="remake", year=2019)
    CreditFactory(film=film, person=PersonFactory(name="Someone Else"))
    [item] = dry_run_json(complete_draft)
    assert item["film"]["matches"] == []


def test_two_equally_good_films_are_not_chosen_silently(complete_draft):
    """Two catalogue films that match equally well make the command ask for --film."""
    FilmFactory(title="The Lantern Keeper", slug="lantern-a", year=2019)
    FilmFactory(title="The Lantern Keeper", slug="lantern-b", year=2019)
    with pytest.raises(CommandError, match="candidates: lantern-a, lantern-b"):
        run(str(complete_draft), "--author", UserFactory().username)
    assert Review.objects.count() == 0


def test_no_matching_film_fails_clearly(complete_draft):
    """Without a catalogue match the error names the parsed film and how to proceed."""
    UserFactory(username="nadia")
    with pytest.raises(CommandError) as raised:
        run(str(complete_draft), "--author", "nadia")
    assert str(raised.value) == (
        f"{complete_draft}: no film matches “The Lantern Keeper (2019)”; "
        "pass --film SLUG or create it."
    )
    assert raised.value.returncode == 1
    assert Review.objects.count() == 0


# --- bad input -------------------------------------------------------------------------------

BAD_DRAFTS = {
    "empty": (b"", "The draft is empty"),
    "whitespace": (b"   \n\t\n  \r\n", "The draft is empty"),
    "binary": (make_image_bytes((8, 8), "PNG"), "PNG image file, not text"),
    "nul": (b"Headline\n\nText\x00\x01\x02 more", "binary file"),
    "no-paragraphs": (b"# Headline\n\n## One\n\n## Two\n", "no paragraphs of text"),
    "rating-out-of-range": (
        b"Headline\n\nA paragraph long enough to be one.\n\n## Verdict\n\nRating: 6/5\n\nGood.",
        "The rating “6/5” is out of range",
    ),
    "too-large": (b"Headline\n\n" + b"word " * 210_000, "too large"),
}


@pytest.mark.parametrize("name", BAD_DRAFTS)
def test_bad_input_fails_naming_file_and_problem(tmp_path, lantern, name):
    """Each kind of bad draft is a CommandError (exit 1) naming the file; nothing is saved."""
    data, problem = BAD_DRAFTS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as raised:
        run(str(path), "--film", lantern.slug, "--author", UserFactory().username)
    assert str(raised.value).startswith(f"{path}: ")
    assert problem in str(raised.value)
    assert raised.value.returncode == 1
    assert Review.objects.count() == 0


def test_missing_file_fails_naming_it(tmp_path, lantern):
    """A path that does not exist is named in the error."""
    missing = tmp_path / "nope.md"
    with pytest.raises(CommandError, match=r"nope\.md: no such file"):
        run(str(missing), "--film", lantern.slug, "--author", UserFactory().username)


def test_unknown_film_slug_fails(complete_draft):
    """--film with a slug not in the catalogue is refused before anything is read."""
    with pytest.raises(CommandError, match="--film: no film has the slug “no-such-film”"):
        run(str(complete_draft), "--film", "no-such-film", "--author", UserFactory().username)
    assert Review.objects.count() == 0


def test_unknown_author_fails(complete_draft, lantern):
    """--author must name an existing user."""
    with pytest.raises(CommandError, match="--author: no user is called “ghost”"):
        run(str(complete_draft), "--author", "ghost")
    assert Review.objects.count() == 0


def test_author_is_required_to_save(complete_draft, lantern):
    """Saving without --author is refused (a dry run does not need one)."""
    with pytest.raises(CommandError, match="--author USERNAME is required"):
        run(str(complete_draft))


def test_one_bad_file_saves_none_of_the_others(tmp_path, complete_draft, lantern):
    """Files are all checked first: a bad second file means the good first one is not saved."""
    bad = tmp_path / "bad.txt"
    bad.write_text("   ", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.txt: The draft is empty"):
        run(str(complete_draft), str(bad), "--author", UserFactory().username)
    assert Review.objects.count() == 0


def test_command_exits_with_status_1(tmp_path):
    """Run as a real process, a bad draft prints the problem and exits with status 1."""
    path = tmp_path / "empty.md"
    path.write_text("\n \n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_review", str(path), "--dry-run", "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"{path}: The draft is empty" in result.stderr
    assert result.stdout == ""


# --- publishing ------------------------------------------------------------------------------


def test_editor_can_publish_a_complete_draft(complete_draft, lantern, editor):
    """--publish by an editor publishes a complete review at once."""
    run(str(complete_draft), "--author", editor.username, "--publish")
    review = Review.objects.get()
    assert review.status == Review.Status.PUBLISHED
    assert review.is_public
    assert review.standfirst == "A lighthouse, a storm and a keeper who will not leave."


def test_critic_cannot_publish(complete_draft, lantern, critic):
    """--publish with an author who may not publish is refused and nothing is saved."""
    with pytest.raises(CommandError, match="critic may not publish reviews"):
        run(str(complete_draft), "--author", critic.username, "--publish")
    assert Review.objects.count() == 0


def test_incomplete_draft_is_not_published(tmp_path, lantern, editor):
    """--publish of a draft without standfirst is refused with what is missing."""
    path = tmp_path / "incomplete.md"
    path.write_text(
        COMPLETE_DRAFT.replace(
            "standfirst: A lighthouse, a storm and a keeper who will not leave.\n", ""
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Not published: Write a standfirst."):
        run(str(path), "--author", editor.username, "--publish")
    assert Review.objects.count() == 0


def test_partial_title_is_suggested_but_not_chosen(tmp_path):
    """A catalogue title that contains the parsed one is offered, but --film is still needed."""
    FilmFactory(title="The Lantern Keeper: Extended Cut", slug="lantern-extended", year=2019)
    FilmFactory(title="Superman", slug="superman", year=2019)
    path = tmp_path / "partial.md"
    path.write_text(COMPLETE_DRAFT, encoding="utf-8")
    [item] = dry_run_json(path)
    assert item["film"]["matches"] == ["lantern-extended"]
    assert item["film"]["chosen"] is None


def test_short_title_does_not_match_inside_words(tmp_path):
    """A film called "Up" is not suggested for "Superman", nor the other way round."""
    FilmFactory(title="Superman", slug="superman", year=2019)
    path = tmp_path / "up.md"
    path.write_text(
        "---\nfilm: Up\nyear: 2019\n---\n# A headline\n\nA paragraph long enough to be text.\n",
        encoding="utf-8",
    )
    [item] = dry_run_json(path)
    assert item["film"]["matches"] == []


CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_score_reports_field_accuracy_over_a_corpus() -> None:
    """--score DIR prints the share of headlines, headings and ratings the parser gets right."""
    assert run("--score", str(CORPUS)).splitlines()[-1].startswith("Field accuracy: ")


def test_score_lists_each_wrong_field(tmp_path: Path) -> None:
    """A field the parser gets wrong is named with what was expected and what came out."""
    (tmp_path / "one.md").write_text("# Head Line\n\nText here.\n\n## Verdict\n\nRating: 4/5\n")
    (tmp_path / "expected.yaml").write_text(
        "one.md:\n  headline: Another Headline\n  headings: [Verdict]\n  rating: 4\n"
    )
    out = run("--score", str(tmp_path)).splitlines()
    assert out == [
        "one.md: headline expected 'Another Headline', got 'Head Line'",
        "Field accuracy: 2/3 = 66.7%",
    ]


def test_score_needs_expected_fields(tmp_path: Path) -> None:
    """A folder without expected.yaml is refused with a message, not a traceback."""
    with pytest.raises(CommandError, match="no expected.yaml"):
        run("--score", str(tmp_path))
