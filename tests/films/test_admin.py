"""The catalogue in the real admin: posters, credits, protection of reviewed films."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from films.images import rendition_name
from films.models import Film
from tests.conftest import make_image_bytes
from tests.factories import FilmFactory, PersonFactory, ReviewFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:films_film_add")


def film_form_data(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Children of Heaven",
        "original_title": "بچه‌های آسمان",
        "slug": "children-of-heaven-1997",
        "year": "1997",
        "runtime_minutes": "89",
        "synopsis": "A boy loses his sister's shoes.",
        "poster_alt": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_adds_film_with_poster_and_credit(client, editor, settings):
    """A valid poster is stored under a generated name, cleaned, and resized for srcset."""
    person = PersonFactory(name="Majid Majidi")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    upload = SimpleUploadedFile(
        "my holiday photo.jpg", make_image_bytes((600, 900), exif=exif), "image/jpeg"
    )
    client.force_login(editor)
    data = film_form_data(
        poster=upload,
        poster_alt="A boy holding a pair of worn shoes.",
        **{
            "credits-TOTAL_FORMS": "1",
            "credits-0-person": person.pk,
            "credits-0-role": "director",
            "credits-0-billing_order": "0",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    film = Film.objects.get()
    assert film.poster.name.startswith("posters/")
    assert "holiday" not in film.poster.name
    assert (film.poster_width, film.poster_height) == (600, 900)
    with default_storage.open(film.poster.name) as fh, Image.open(fh) as stored:
        assert 0x010F not in stored.getexif()
    for width in (160, 320, 480):
        assert default_storage.exists(rendition_name(film.poster.name, width))
    assert film.credits.get().person == person


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"this is not an image at all", "poster.jpg", "not an image"),
        (make_image_bytes((64, 64), "GIF"), "poster.gif", "GIF images are not accepted"),
        (make_image_bytes((600, 900))[:300], "poster.jpg", "not an image"),
    ],
)
def test_bad_poster_is_a_form_error(client, editor, content, name, message):
    """Files that are not acceptable images are refused with a clear error, nothing saved."""
    client.force_login(editor)
    upload = SimpleUploadedFile(name, content)
    response = client.post(ADD_URL, film_form_data(poster=upload, poster_alt="alt"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Film.objects.exists()


def test_decompression_bomb_is_a_form_error(client, editor):
    """A small file that decodes to a vast image is refused before it is decoded."""
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < 200_000
    client.force_login(editor)
    upload = SimpleUploadedFile("bomb.png", bomb.getvalue(), "image/png")
    response = client.post(ADD_URL, film_form_data(poster=upload, poster_alt="alt"))
    assert response.status_code == 200
    assert "megapixels allowed" in response.content.decode()
    assert not Film.objects.exists()


def test_oversized_file_is_a_form_error(client, editor, settings):
    """Uploads over the byte limit are refused."""
    settings.MAX_UPLOAD_BYTES = 10_000
    client.force_login(editor)
    upload = SimpleUploadedFile("big.png", make_image_bytes((800, 800), "PNG", compress_level=0))
    response = client.post(ADD_URL, film_form_data(poster=upload, poster_alt="alt"))
    assert response.status_code == 200
    assert "images may be at most" in response.content.decode()


def test_poster_needs_alt_text(client, editor, jpeg_upload):
    """A poster without alt text is refused."""
    client.force_login(editor)
    response = client.post(ADD_URL, film_form_data(poster=jpeg_upload))
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()
    assert not Film.objects.exists()


def test_over_long_title_is_a_form_error(client, editor):
    """A title over 200 characters is reported, not truncated or crashed on."""
    client.force_login(editor)
    response = client.post(ADD_URL, film_form_data(title="T" * 201))
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


def test_film_with_reviews_cannot_be_deleted(client, editor):
    """Deleting a reviewed film is refused and the admin says why."""
    review = ReviewFactory()
    film = review.film
    client.force_login(editor)
    url = reverse("admin:films_film_delete", args=[film.pk])
    page = client.get(url)
    assert "would require deleting the following protected related objects" in (
        page.content.decode()
    )
    client.post(url, {"post": "yes"})
    assert Film.objects.filter(pk=film.pk).exists()


def test_film_list_filters_by_decade(client, editor):
    """The decade filter narrows the film list."""
    FilmFactory(title="Ninety-seven", year=1997)
    FilmFactory(title="Fifty-three", year=1953)
    client.force_login(editor)
    response = client.get(reverse("admin:films_film_changelist"), {"decade": "1990"})
    text = response.content.decode()
    assert "Ninety-seven" in text and "Fifty-three" not in text


def test_person_admin_shows_filmography(client, editor):
    """A person's admin page lists their films."""
    review = ReviewFactory()
    person = PersonFactory(name="Agnès Varda")
    review.film.credits.create(person=person, role="director")
    client.force_login(editor)
    response = client.get(reverse("admin:films_person_change", args=[person.pk]))
    assert review.film.title in response.content.decode()


def test_critic_cannot_delete_films(client, critic):
    """Critics may add films but not delete them."""
    film = FilmFactory()
    client.force_login(critic)
    response = client.post(reverse("admin:films_film_delete", args=[film.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Film.objects.filter(pk=film.pk).exists()
