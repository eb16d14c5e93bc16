"""Uploads that never 500 and never leave files behind: impossible sizes, replaced images.

Every file is a real image made with Pillow and goes through the real admin (films and people).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from films.images import rendition_name
from films.models import Film, Person
from tests.conftest import make_image_bytes

pytestmark = pytest.mark.django_db

FORMSETS = {
    "credits-TOTAL_FORMS": "0",
    "credits-INITIAL_FORMS": "0",
    "credits-MIN_NUM_FORMS": "0",
    "credits-MAX_NUM_FORMS": "1000",
    "offers-TOTAL_FORMS": "0",
    "offers-INITIAL_FORMS": "0",
    "offers-MIN_NUM_FORMS": "0",
    "offers-MAX_NUM_FORMS": "1000",
}

# Under 300 bytes each as PNGs; each crashed make_renditions (WebP's 16383-pixel limit, a
# rendition 0 pixels high) and left its original in media/.
IMPOSSIBLE = [(1, 100_000), (100_000, 1), (65_000, 2), (2, 65_000), (3, 3), (2000, 100)]


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def png(size: tuple[int, int]) -> SimpleUploadedFile:
    return SimpleUploadedFile("image.png", make_image_bytes(size, "PNG"), "image/png")


def post_film(client, upload, *, film: Film | None = None, **extra):
    data = {"title": "Tall", "slug": "tall", "year": "1997", "poster_alt": "A poster."}
    data.update(FORMSETS, **extra)
    if film is not None:
        data["lock_version"] = Film.objects.get(pk=film.pk).version  # the edit lock
    if upload is not None:
        data["poster"] = upload
    url = (
        reverse("admin:films_film_change", args=[film.pk])
        if film
        else reverse("admin:films_film_add")
    )
    return client.post(url, data)


def post_person(client, upload, *, person: Person | None = None, **extra):
    data = {"name": "Someone", "slug": "someone", "photo_alt": "A face."}
    data.update(extra)
    if person is not None:
        data["lock_version"] = Person.objects.get(pk=person.pk).version  # the edit lock
    if upload is not None:
        data["photo"] = upload
    url = (
        reverse("admin:films_person_change", args=[person.pk])
        if person
        else reverse("admin:films_person_add")
    )
    return client.post(url, data)


@pytest.mark.parametrize("size", IMPOSSIBLE, ids=[f"{w}x{h}" for w, h in IMPOSSIBLE])
def test_impossible_poster_proportions_are_a_form_error(client, editor, settings, size):
    """A poster no page could show is refused by the form, and nothing is stored."""
    client.force_login(editor)
    response = post_film(client, png(size))
    assert response.status_code == 200
    assert f"{size[0]}×{size[1]} pixels" in response.content.decode()
    assert not Film.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("size", IMPOSSIBLE, ids=[f"{w}x{h}" for w, h in IMPOSSIBLE])
def test_impossible_photo_proportions_are_a_form_error(client, editor, settings, size):
    """People's photos get the same size rules as posters."""
    client.force_login(editor)
    response = post_person(client, png(size))
    assert response.status_code == 200
    assert f"{size[0]}×{size[1]} pixels" in response.content.decode()
    assert not Person.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("size", [(16, 128), (960, 120), (40, 60)])
def test_extreme_but_possible_proportions_get_renditions(client, editor, settings, size):
    """At the limits an upload is accepted and every rendition is at least a pixel high."""
    client.force_login(editor)
    assert post_film(client, png(size)).status_code == 302
    film = Film.objects.get()
    assert (film.poster_width, film.poster_height) == size
    renditions = [f for f in stored_files(settings) if "/renditions/" in f]
    assert renditions


def test_photo_gets_renditions_and_its_size(client, editor, settings):
    """A person's photo is measured and resized for srcset like a poster."""
    client.force_login(editor)
    assert post_person(client, png((400, 500))).status_code == 302
    person = Person.objects.get()
    assert (person.photo_width, person.photo_height) == (400, 500)
    for width in (160, 320):
        assert (Path(settings.MEDIA_ROOT) / rendition_name(person.photo.name, width)).exists()


def test_replaced_poster_and_its_renditions_are_deleted(
    client, editor, settings, django_capture_on_commit_callbacks
):
    """Uploading a new poster deletes the old file and all its renditions after commit."""
    client.force_login(editor)
    post_film(client, png((400, 600)))
    film = Film.objects.get()
    first = film.poster.name
    with django_capture_on_commit_callbacks(execute=True):
        assert post_film(client, png((300, 450)), film=film).status_code == 302
    film.refresh_from_db()
    stem = Path(film.poster.name).stem
    assert first != film.poster.name
    assert stored_files(settings) == sorted(
        [film.poster.name, rendition_name(film.poster.name, 160)]
    )
    assert all(stem in f for f in stored_files(settings))


def test_cleared_photo_and_its_renditions_are_deleted(
    client, editor, settings, django_capture_on_commit_callbacks
):
    """Clearing a person's photo deletes it and its renditions after commit."""
    client.force_login(editor)
    post_person(client, png((200, 250)))
    person = Person.objects.get()
    assert stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_person(client, None, person=person, **{"photo-clear": "on"})
    assert response.status_code == 302
    assert stored_files(settings) == []


def test_deleting_a_film_deletes_its_poster_files(
    client, editor, settings, django_capture_on_commit_callbacks
):
    """Deleting a film in the admin leaves no poster or rendition behind."""
    client.force_login(editor)
    post_film(client, png((120, 180)))
    film = Film.objects.get()
    assert len(stored_files(settings)) == 2  # the original and one rendition at its own width
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:films_film_delete", args=[film.pk]), {"post": "yes"})
    assert not Film.objects.exists()
    assert stored_files(settings) == []


def test_a_rolled_back_delete_keeps_the_files(editor, settings, django_capture_on_commit_callbacks):
    """Files go only after commit: a delete that is rolled back keeps its poster."""
    film = Film.objects.create(title="Kept", slug="kept", year=2001, poster_alt="A poster.")
    film.poster.save("p.png", png((100, 150)), save=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        film.delete()
    assert callbacks  # the deletion waits for a commit that never comes
    assert stored_files(settings) == [film.poster.name]
