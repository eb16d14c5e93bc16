"""Editors' forms for the catalogue."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from films.images import clean_uploaded_image
from films.models import Film, Person


def _clean_image_field(form: forms.ModelForm, field: str):
    """Replace a fresh upload with its verified, metadata-free copy; keep existing files."""
    value = form.cleaned_data.get(field)
    if isinstance(value, UploadedFile):
        return clean_uploaded_image(value)
    return value


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
            "countries",
            "languages",
            "imdb_id",
            "tmdb_id",
            "wikidata_id",
        ]

    def clean_poster(self):
        return _clean_image_field(self, "poster")


class PersonAdminForm(forms.ModelForm):
    """The person form: photos are verified and re-encoded before they are stored."""

    class Meta:
        model = Person
        fields = ["name", "slug", "photo", "photo_alt", "bio", "imdb_id", "wikidata_id"]

    def clean_photo(self):
        return _clean_image_field(self, "photo")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Describe the photo: alt text is required with a photo.")
        return cleaned
