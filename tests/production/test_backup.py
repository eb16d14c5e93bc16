"""Backup and restore: export_site then import_site into an empty database loses nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from films.images import make_renditions, rendition_name
from films.models import Country, Credit, Film, Genre, Language, Person
from reviews.models import Correction, Review, ReviewSection
from tests.conftest import make_image_bytes
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [Genre, Person, Film, Credit, Review, ReviewSection, Correction]


@pytest.fixture
def site(editor, critic):
    """A small site with every kind of content: posters, photos, m2m links, drafts, corrections."""
    drama, comedy = GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Comedy")
    persian = Language.objects.get(code="fa")
    for n in range(3):
        film = FilmFactory(
            original_title="بچه‌های آسمان", original_language=persian, poster_alt=f"Poster {n}"
        )
        film.poster.save(f"p{n}.jpg", ContentFile(make_image_bytes((400 + n, 600))), save=True)
        make_renditions(film.poster.name)
        film = Film.objects.get(pk=film.pk)  # loading fills the poster's dimensions, as uploads do
        film.save()
        film.genres.set([drama, comedy][: n + 1])
        film.countries.set(Country.objects.filter(code__in=["IR", "FR"]))
        film.languages.set([persian])
        person = PersonFactory(photo_alt="A portrait")
        person.photo.save("me.png", ContentFile(make_image_bytes((90, 120), "PNG")), save=True)
        person = Person.objects.get(pk=person.pk)  # loading fills the photo's dimensions too
        person.save()
        CreditFactory(film=film, person=person)
        CreditFactory(film=film, role=Credit.Role.CAST, character="Ali")
        review = ReviewFactory(film=film, author=critic, rating=3 + n, intro=f"Intro *{n}* ✓")
        ReviewSectionFactory(review=review, body="Body with <b>tags</b> and “quotes”.")
        ReviewSectionFactory(review=review, contains_spoilers=True)
        Correction.objects.create(
            review=review, note="A fix.", created_by=editor, rating_before=4, rating_after=5
        )
    ReviewFactory(draft=True, author=editor, rating=None)
    return True


def snapshot() -> dict[str, object]:
    """Every row of content (all fields, m2m links by code), users, and media bytes."""
    data: dict[str, object] = {}
    for model in MODELS:
        data[model._meta.label] = list(model.objects.order_by("pk").values())
    # Users are recreated on restore (new ids): compare who, not which id.
    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    for row in data["reviews.Review"]:
        row["author_id"] = usernames[row["author_id"]]
    for row in data["reviews.Correction"]:
        row["created_by_id"] = usernames.get(row["created_by_id"])
    data["film links"] = [
        (
            f.slug,
            sorted(f.genres.values_list("slug", flat=True)),
            sorted(str(c) for c in f.countries.values_list("code", flat=True)),
            sorted(f.languages.values_list("code", flat=True)),
            f.original_language.code if f.original_language else None,
        )
        for f in Film.objects.order_by("pk")
    ]
    data["users"] = [
        (u.username, u.get_full_name(), u.email, u.is_staff, sorted(u.groups.values_list("name")))
        for u in get_user_model().objects.filter(reviews__isnull=False).distinct().order_by("pk")
    ]
    names = [f.poster.name for f in Film.objects.exclude(poster="")]
    names += [p.photo.name for p in Person.objects.exclude(photo="")]
    data["media"] = {}
    for name in names:
        with default_storage.open(name) as fh:
            data["media"][name] = fh.read()
    return data


def _differences(old, new) -> list[object]:
    """Row by row, field by field: what the restore changed."""
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            (i, k, a.get(k), b.get(k))
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            if isinstance(a, dict)
            for k in a
            if a.get(k) != b.get(k)
        ] + [
            (i, a, b)
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            if not isinstance(a, dict) and a != b
        ]
    return [] if old == new else [(old, new)]


def wipe(settings, tmp_path) -> None:
    """An empty database and an empty media folder, as on a new server."""
    Correction.objects.all().delete()
    Review.objects.all().delete()
    Film.objects.all().delete()
    Person.objects.all().delete()
    Genre.objects.all().delete()
    get_user_model().objects.filter(is_superuser=False).delete()
    settings.MEDIA_ROOT = tmp_path / "new-media"


def test_round_trip_loses_nothing(site, tmp_path, settings):
    """Counts, texts, ratings, links, users, images' bytes: identical after restore."""
    before = snapshot()
    assert len(before["media"]) == 6
    call_command("export_site", str(tmp_path / "backup"))
    wipe(settings, tmp_path)
    assert not Film.objects.exists()
    call_command("import_site", str(tmp_path / "backup"))
    after = snapshot()
    for key in before:
        changed = _differences(before[key], after[key])
        assert not changed, (key, changed[:3])


def test_restored_posters_keep_their_renditions(site, tmp_path, settings):
    """The srcset renditions come back too, so film pages are whole again."""
    names = [f.poster.name for f in Film.objects.exclude(poster="")]
    call_command("export_site", str(tmp_path / "backup"))
    wipe(settings, tmp_path)
    call_command("import_site", str(tmp_path / "backup"))
    assert all(default_storage.exists(rendition_name(n, 160)) for n in names)


def test_backup_holds_no_password_hashes(site, tmp_path):
    """Credentials do not travel with backups."""
    call_command("export_site", str(tmp_path / "backup"))
    text = (tmp_path / "backup" / "content.json").read_text()
    assert "md5$" not in text and "password" not in text


def test_restored_users_have_unusable_passwords(site, tmp_path, settings):
    """Restored critics exist, keep their role, and must set a new password."""
    call_command("export_site", str(tmp_path / "backup"))
    wipe(settings, tmp_path)
    call_command("import_site", str(tmp_path / "backup"))
    critic = get_user_model().objects.get(username="critic")
    assert not critic.has_usable_password()
    assert critic.groups.filter(name="Critic").exists()


def test_import_refuses_a_database_with_content(site, tmp_path):
    """Restoring over existing content is refused with a clear message, nothing changed."""
    call_command("export_site", str(tmp_path / "backup"))
    count = Review.objects.count()
    with pytest.raises(CommandError, match="already has content"):
        call_command("import_site", str(tmp_path / "backup"))
    assert Review.objects.count() == count


def test_export_refuses_a_folder_with_files(site, tmp_path):
    """An old backup is never overwritten by a new one."""
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_site", str(tmp_path / "backup"))


def test_export_is_bounded_in_size(site, tmp_path):
    """A backup over the byte limit stops with a message instead of filling the disk."""
    with pytest.raises(CommandError, match="limit"):
        call_command("export_site", str(tmp_path / "backup"), max_bytes=10_000)


def test_import_of_garbage_is_a_clear_error(tmp_path):
    """A folder that is not a backup gives a message, not a traceback."""
    (tmp_path / "content.json").write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_site", str(tmp_path))
