"""Editors' forms for the catalogue."""

from __future__ import annotations

import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse_lazy

from films.images import clean_uploaded_image
from films.models import Credit, Film, Person
from reviews_project.slugs import unique_slug


class VerifiedImageField(forms.ImageField):
    """An image upload checked by our own limits before Pillow decodes it, then re-encoded.

    Django's ImageField would open the file first; doing our checks first means a
    decompression bomb or an unsupported format gets our clear message, never a crash.
    """

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        # The admin puts a file input in a fieldset with a legend: no <label> names it.
        if self.label:
            attrs.setdefault("aria-label", str(self.label))
        return attrs

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


# "Agnès Varda (#12)": how a suggestion names one of several people with the same name.
NUMBERED_NAME = re.compile(r"^(?P<name>.*\S)\s+\(#(?P<pk>\d{1,18})\)$")


class CreditForm(forms.ModelForm):
    """One credit on the film form: type a name; a new name adds the person, no pop-up.

    The browser script fills the hidden `person` with the chosen suggestion's id; without it
    (or with scripts off) the typed name is looked up, and a name nobody has yet is created.
    """

    person_name = forms.CharField(
        label="Person",
        max_length=Person._meta.get_field("name").max_length,
        required=False,
        help_text="Start typing: pick a suggestion, or type a new name to add that person.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-person-search": "", "aria-label": "Person"}
        ),
    )

    class Meta:
        model = Credit
        fields = ["person_name", "person", "role", "character", "billing_order"]
        # A table row of fields under column headings: each says what it is to screen readers.
        widgets = {
            "person": forms.HiddenInput(attrs={"data-person-id": ""}),
            "role": forms.Select(attrs={"aria-label": "Role"}),
            "character": forms.TextInput(attrs={"aria-label": "Character"}),
            "billing_order": forms.NumberInput(attrs={"aria-label": "Billing order"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False
        self.fields["person_name"].widget.attrs["data-search-url"] = reverse_lazy(
            "admin:autocomplete"
        )
        self.new_person_name = ""
        if self.instance.person_id and not self.initial.get("person_name"):
            self.initial["person_name"] = self.instance.person.name

    def clean(self):
        cleaned = super().clean()
        typed = " ".join((cleaned.get("person_name") or "").split())
        person = cleaned.get("person")
        if person is not None and typed and typed != person.name:
            person = None  # The name was edited after a suggestion was picked.
        if person is None and typed:
            person = self._find(typed)
        if person is None and not typed:
            self.add_error("person_name", "Who? Type the person's name.")
        cleaned["person"] = person
        return cleaned

    def _find(self, typed: str) -> Person | None:
        numbered = NUMBERED_NAME.match(typed)
        if numbered:
            found = Person.objects.filter(pk=int(numbered["pk"])).first()
            if found is not None:
                return found
            typed = numbered["name"]
        matches = list(Person.objects.filter(name__iexact=typed)[:2])
        if len(matches) > 1:
            self.add_error(
                "person_name",
                f"Several people are called “{typed}”: pick one from the suggestions.",
            )
            return None
        if matches:
            return matches[0]
        self.new_person_name = typed
        return None

    def save(self, commit=True):
        if self.new_person_name and self.instance.person_id is None:
            self.instance.person = Person.objects.create(
                name=self.new_person_name,
                slug=unique_slug(Person, self.new_person_name, fallback="person", max_length=220),
            )
        return super().save(commit)
