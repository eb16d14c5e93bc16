"""A person's photo on their page: responsive, sized, described."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from films.images import make_renditions, rendition_name
from tests.conftest import make_image_bytes
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_person_page_shows_the_photo_with_srcset(client):
    """The uploaded photo appears with its renditions, intrinsic size and alt text."""
    person = PersonFactory(photo_alt="Smiling at a festival.")
    person.photo.save("me.png", ContentFile(make_image_bytes((400, 500), "PNG")), save=True)
    make_renditions(person.photo.name)
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'src="{person.photo.url}"' in page
    assert rendition_name(person.photo.name, 320).split("/")[-1] in page
    assert 'width="400" height="500"' in page
    assert 'alt="Smiling at a festival."' in page


def test_person_page_without_a_photo_has_no_empty_image(client):
    """No photo, no <img> in the header."""
    person = PersonFactory()
    page = client.get(person.get_absolute_url()).content.decode()
    assert 'class="portrait"' not in page
