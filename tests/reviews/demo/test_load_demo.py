"""The demo loader: content, publishing states, idempotence, posters and the editor login."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count
from PIL import Image

from films.images import rendition_name, rendition_widths
from films.models import Credit, Film, Person
from reviews.demo import demo_posters
from reviews.demo.demo_content import FILMS, REVIEWS
from reviews.management.commands.load_demo import DEFAULT_EDITOR_PASSWORD
from reviews.models import Review, ReviewSection
from reviews.rating import MAX_HALF_STARS, MIN_HALF_STARS

LOGIN_LINE = "Editor login: http://127.0.0.1:8000/admin/  user: editor  password: "


@pytest.fixture
def load_demo(settings, tmp_path: Path, monkeypatch) -> Callable[[], str]:
    """Run the loader with media in tmp_path and no password overrides; returns its output."""
    settings.MEDIA_ROOT = tmp_path / "demo-media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv("DEMO_CRITIC_PASSWORD", raising=False)

    def run() -> str:
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    return run


def _counts() -> dict[str, int]:
    return {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "credits": Credit.objects.count(),
        "reviews": Review.objects.count(),
        "sections": ReviewSection.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_demo_data_is_well_formed() -> None:
    """Every review's film and rating are valid and its standfirst fits the field."""
    slugs = {film.slug for film in FILMS}
    for review in REVIEWS:
        assert review.film in slugs
        assert len(review.standfirst) <= 300
        assert review.rating is None or MIN_HALF_STARS <= review.rating <= MAX_HALF_STARS
        assert 3 <= len(review.sections) <= 5


@pytest.mark.django_db
def test_loader_creates_at_least_twelve_films(load_demo) -> None:
    """The catalogue gets twelve or more films, each with a director and cast."""
    load_demo()
    assert Film.objects.count() >= 12
    assert not Film.objects.exclude(credits__role=Credit.Role.DIRECTOR).exists()
    assert not Film.objects.exclude(credits__role=Credit.Role.CAST).exists()


@pytest.mark.django_db
def test_right_to_left_original_titles_are_loaded(load_demo) -> None:
    """At least two films carry an original title in a right-to-left language."""
    load_demo()
    assert Film.objects.filter(original_language__bidi=True).exclude(original_title="").count() >= 2
    assert Film.objects.get(slug="children-of-heaven").original_title == "بچه‌های آسمان"


@pytest.mark.django_db
def test_at_least_ten_reviews_are_published(load_demo) -> None:
    """Ten or more reviews are visible through Review.objects.published()."""
    load_demo()
    assert Review.objects.published().count() >= 10


@pytest.mark.django_db
def test_exactly_one_draft(load_demo) -> None:
    """One review is a draft, and it is not public."""
    load_demo()
    draft = Review.objects.drafts().get()
    assert not Review.objects.published().filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_exactly_one_scheduled_review_is_not_public(load_demo) -> None:
    """One review is scheduled for the future and published() leaves it out."""
    load_demo()
    scheduled = Review.objects.scheduled().get()
    assert scheduled.is_scheduled
    assert not Review.objects.published().filter(pk=scheduled.pk).exists()


@pytest.mark.django_db
def test_a_section_is_marked_as_containing_spoilers(load_demo) -> None:
    """At least one published review has a section flagged as a spoiler."""
    load_demo()
    assert ReviewSection.objects.filter(
        contains_spoilers=True, review__in=Review.objects.published()
    ).exists()


@pytest.mark.django_db
def test_markdown_is_rendered_for_sections(load_demo) -> None:
    """Section bodies and intros are stored with their rendered HTML."""
    load_demo()
    assert not ReviewSection.objects.filter(body_html="").exists()
    assert not Review.objects.published().filter(intro_html="").exists()


@pytest.mark.django_db
def test_two_films_have_several_published_reviews_by_different_critics(load_demo) -> None:
    """Film pages have more than one review to show for at least two films."""
    load_demo()
    films = Film.objects.annotate(critics=Count("reviews__author", distinct=True)).filter(
        critics__gte=2
    )
    assert films.count() >= 2
    for film in films:
        assert Review.objects.published().filter(film=film).count() >= 2


@pytest.mark.django_db
def test_critics_are_staff_without_usable_passwords(load_demo) -> None:
    """Critic accounts are staff in the Critic group and cannot log in by default."""
    load_demo()
    critics = get_user_model().objects.filter(groups__name="Critic")
    assert critics.count() == 3
    for critic in critics:
        assert critic.is_staff
        assert not critic.has_usable_password()


@pytest.mark.django_db
def test_running_twice_duplicates_nothing(load_demo) -> None:
    """A second run finds everything and creates no rows."""
    load_demo()
    before = _counts()
    load_demo()
    assert _counts() == before


@pytest.mark.django_db
def test_running_twice_keeps_an_editors_edit(load_demo) -> None:
    """A review edited after loading keeps the editor's text on the next run."""
    load_demo()
    review = Review.objects.get(slug=REVIEWS[0].slug)
    review.headline = "An editor's better headline"
    review.save()
    load_demo()
    review.refresh_from_db()
    assert review.headline == "An editor's better headline"


@pytest.mark.django_db
def test_running_twice_keeps_the_poster(load_demo) -> None:
    """A film that already has a poster does not get a new one drawn."""
    load_demo()
    before = dict(Film.objects.values_list("slug", "poster"))
    load_demo()
    assert dict(Film.objects.values_list("slug", "poster")) == before


@pytest.mark.django_db
def test_editor_can_log_into_admin_with_printed_password(load_demo, client) -> None:
    """The password printed at the end logs the editor into /admin/."""
    output = load_demo()
    assert f"{LOGIN_LINE}{DEFAULT_EDITOR_PASSWORD}" in output
    assert client.login(username="editor", password=DEFAULT_EDITOR_PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_second_run_prints_the_login_again(load_demo) -> None:
    """A rerun prints the same working login; it does not reset the password."""
    load_demo()
    output = load_demo()
    assert f"{LOGIN_LINE}{DEFAULT_EDITOR_PASSWORD}" in output


@pytest.mark.django_db
def test_changed_password_is_neither_reset_nor_printed(load_demo, django_user_model) -> None:
    """Once the editor has chosen a password, a rerun keeps it and does not show it."""
    load_demo()
    editor = django_user_model.objects.get(username="editor")
    editor.set_password("my own choice 42")
    editor.save()
    output = load_demo()
    assert f"{LOGIN_LINE}(unchanged)" in output
    editor.refresh_from_db()
    assert editor.check_password("my own choice 42")


@pytest.mark.django_db
def test_editor_password_comes_from_the_environment(load_demo, monkeypatch, client) -> None:
    """DEMO_EDITOR_PASSWORD replaces the default password."""
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a-different-secret")
    output = load_demo()
    assert "password: a-different-secret" in output
    assert client.login(username="editor", password="a-different-secret")


@pytest.mark.django_db
def test_quiet_prints_nothing(load_demo) -> None:
    """--quiet suppresses the summary and the login line."""
    out = io.StringIO()
    call_command("load_demo", "--quiet", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_every_poster_opens_with_pillow_and_has_alt_text(load_demo) -> None:
    """Each film's poster is a readable 800×1200 JPEG with alt text."""
    load_demo()
    for film in Film.objects.all():
        assert film.poster_alt.startswith("Poster: ")
        with default_storage.open(film.poster.name, "rb") as fh, Image.open(fh) as image:
            assert image.format == "JPEG"
            assert image.size == (800, 1200)
        assert (film.poster_width, film.poster_height) == (800, 1200)


@pytest.mark.django_db
def test_poster_renditions_exist(load_demo) -> None:
    """Every srcset rendition of every poster is in storage."""
    load_demo()
    for film in Film.objects.all():
        for width in rendition_widths(film.poster_width):
            assert default_storage.exists(rendition_name(film.poster.name, width))


def test_poster_draws_without_system_fonts(monkeypatch) -> None:
    """With no fonts installed, Pillow's built-in font still draws the Latin title."""
    monkeypatch.setattr(demo_posters, "FONT_CANDIDATES", ())
    poster = demo_posters.draw_poster(
        slug="cleo-from-5-to-7",
        title="Cléo from 5 to 7",
        year=1962,
        directors=["Agnès Varda"],
        original_title="東京物語",
    )
    with Image.open(io.BytesIO(poster.jpeg)) as image:
        assert image.size == (800, 1200)
    assert "東京物語" not in poster.alt
    assert "Cléo from 5 to 7" in poster.alt


def test_poster_palette_differs_between_films() -> None:
    """Each film gets its own colours from its slug."""
    palettes = {demo_posters.palette_for(film.slug).background for film in FILMS}
    assert len(palettes) == len(FILMS)
