"""Markdown export: manage.py export_review, the admin action, and the export/import round trip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from reviews.admin import importing as admin_import
from reviews.models import Review
from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DRAFTS = Path(__file__).resolve().parents[1] / "drafts"
CHANGELIST = reverse("admin:reviews_review_changelist")


def export(slug: str, *args: str) -> str:
    out = io.StringIO()
    call_command("export_review", slug, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path: Path, *args: str) -> None:
    call_command("import_review", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def structure(review: Review) -> dict[str, object]:
    """Everything export and import must carry, as plain data."""
    return {
        "headline": review.headline,
        "standfirst": review.standfirst,
        "intro": review.intro,
        "sections": [
            (s.position, s.heading, s.body, s.contains_spoilers) for s in review.sections.all()
        ],
        "verdict_heading": review.verdict_heading,
        "verdict": review.verdict,
        "rating": review.rating,
        "film": review.film_id,
    }


@pytest.fixture
def review() -> Review:
    """A complete review of a film with a director, one of its sections marked as spoilers."""
    film = FilmFactory(title="The Lantern Keeper", slug="the-lantern-keeper", year=2019)
    CreditFactory(film=film, person=PersonFactory(name="Ana Quiroga"))
    review = ReviewFactory(
        film=film,
        headline="The Lantern Keeper holds its nerve",
        slug="lantern-review",
        standfirst="A lighthouse, a storm and a keeper who will not leave.",
        intro="The first half hour is routine.\n\nThe routine is *the point*.",
        rating=7,
        verdict_heading="Bottom line",
        verdict="Patient and salty.",
    )
    ReviewSectionFactory(review=review, position=0, heading="Sound", body="Wind, mostly.")
    ReviewSectionFactory(
        review=review,
        position=1,
        heading="The last night",
        body="- The lamp fails\n- The keeper stays",
        contains_spoilers=True,
    )
    return review


def test_export_writes_front_matter_and_headings(review):
    """The export starts with film facts and rating, then the headline and ## sections."""
    markdown = export("lantern-review")
    assert markdown.startswith(
        "---\nfilm: The Lantern Keeper\nyear: 2019\ndirector: Ana Quiroga\nrating: 3.5/5\n"
        "standfirst: A lighthouse, a storm and a keeper who will not leave.\n---\n\n"
        "# The Lantern Keeper holds its nerve\n"
    )
    assert "\n## The last night [spoilers]\n" in markdown
    assert markdown.endswith("## Bottom line\n\nRating: 3.5/5\n\nPatient and salty.\n")


def test_export_to_file(review, tmp_path):
    """--output writes the same Markdown to a file, UTF-8, and prints nothing to stdout."""
    target = tmp_path / "out.md"
    assert export("lantern-review", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == export("lantern-review")


def test_export_unknown_slug_fails():
    """An unknown slug is a clear error (exit code 1)."""
    with pytest.raises(CommandError, match="No review has the slug “nope”") as raised:
        export("nope")
    assert raised.value.returncode == 1


def test_export_then_import_gives_the_same_structure(review, tmp_path):
    """A saved review exported and imported again has the same words, sections and rating."""
    target = tmp_path / "round.md"
    export("lantern-review", "--output", str(target))
    import_file(target, "--author", UserFactory().username)
    copy = Review.objects.exclude(pk=review.pk).get()
    assert structure(copy) == structure(review)
    assert copy.slug == "the-lantern-keeper-holds-its-nerve"
    assert copy.status == Review.Status.DRAFT


@pytest.mark.parametrize("draft", sorted(p.name for p in DRAFTS.iterdir()))
def test_import_export_import_is_stable(draft, tmp_path):
    """A draft imported, exported and imported again gives the same review structure."""
    film = FilmFactory(slug="target")
    author = UserFactory().username
    import_file(DRAFTS / draft, "--film", "target", "--author", author)
    first = Review.objects.get()
    target = tmp_path / "again.md"
    export(first.slug, "--output", str(target))
    import_file(target, "--film", "target", "--author", author)
    second = Review.objects.exclude(pk=first.pk).get()
    assert structure(second) == structure(first)
    assert second.film == film


# --- the admin action ------------------------------------------------------------------------


def export_action(client, *reviews: Review):
    return client.post(
        CHANGELIST,
        {"action": "export_markdown_selected", "_selected_action": [r.pk for r in reviews]},
    )


def test_admin_action_downloads_one_review_as_markdown(client, editor, review):
    """One selected review downloads as <slug>.md with the export's text."""
    client.force_login(editor)
    response = export_action(client, review)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lantern-review.md"'
    assert response.content.decode("utf-8") == export("lantern-review")


def test_admin_action_zips_several_reviews(client, critic, review):
    """Several selected reviews download as a zip of .md files (a critic may export their own)."""
    other = ReviewFactory(slug="another-review", author=critic)
    review.author = critic
    review.save()
    client.force_login(critic)
    response = export_action(client, review, other)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["another-review.md", "lantern-review.md"]
        text = archive.read("lantern-review.md").decode("utf-8")
    assert text == export("lantern-review")


def test_critic_exports_only_their_own_reviews(client, critic, review):
    """A critic selecting a colleague's review too gets only their own in the download."""
    ReviewFactory(slug="mine-review", author=critic)
    client.force_login(critic)
    response = export_action(client, review, Review.objects.get(slug="mine-review"))
    assert response["Content-Disposition"] == 'attachment; filename="mine-review.md"'


def test_admin_action_refuses_too_many(client, editor, monkeypatch):
    """More reviews than the export bound gives a message, not a huge download."""
    monkeypatch.setattr(admin_import, "MAX_EXPORT_REVIEWS", 2)
    reviews = ReviewFactory.create_batch(3)
    client.force_login(editor)
    response = export_action(client, *reviews)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Select at most 2 reviews to export (3 selected)." in page.content.decode()
