"""Editors' forms for the catalogue."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from films.images import clean_uploaded_image
from films.models import Film, Person


class VerifiedImageField(forms.ImageField):
    """An image upload checked by our own limits before Pillow decodes it, then re-encoded.

    Django's ImageField would open the file first; doing our checks first means a
    decompression bomb or an unsupported format gets our clear message, never a crash.
    """

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            data = clean_uploaded_image(data)
        return super().to_python(data)


class FilmAdminForm(forms.ModelForm):
    """The film form: posters are verified and re-encoded before they are stored."""

    class Meta:
        model = Film
        fields = [
            "title",
            "original_title",
            "original_language",
            "slug",
            "year",
            "release_date",
            "runtime_minutes",
            "certification",
            "synopsis",
            "poster",
            "poster_alt",
            "genres",
            "themes",
            "countries",
            "languages",
            "trailer_url",
            "imdb_id",
            "tmdb_id",
            "wikidata_id",
        ]
        field_classes = {"poster": VerifiedImageField}


class PersonAdminForm(forms.ModelForm):
    """The person form: photos are verified and re-encoded before they are stored."""

    class Meta:
        model = Person
        fields = ["name", "slug", "photo", "photo_alt", "bio", "imdb_id", "wikidata_id"]
        field_classes = {"photo": VerifiedImageField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Describe the photo: alt text is required with a photo.")
        return cleaned
