"""The catalogue: films, the people who made them, and how they are classified."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from reviews_project.urls_fast import reverse_value

FIRST_FILM_YEAR = 1888
LAST_FILM_YEAR = 2100


def _upload_to(folder: str, filename: str) -> str:
    """A generated file name: never trust (or leak) the uploader's own."""
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def poster_upload_to(instance: Film, filename: str) -> str:
    """Posters live under posters/ with a random name."""
    return _upload_to("posters", filename)


def photo_upload_to(instance: Person, filename: str) -> str:
    """People's photos live under people/ with a random name."""
    return _upload_to("people", filename)


class Genre(models.Model):
    """A genre such as drama or documentary."""

    name = models.CharField(max_length=60, unique=True, help_text="Shown to readers, e.g. “Drama”.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in filter links.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A production country; codes and names come from django-countries (ISO 3166)."""

    code = CountryField(unique=True, help_text="ISO 3166-1 country.")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return str(self.code.name)

    @property
    def name(self) -> str:
        """The country's English name."""
        return str(self.code.name)


class Language(models.Model):
    """A spoken language (ISO 639-1), seeded from pycountry by a data migration."""

    code = models.CharField(max_length=3, unique=True, help_text="ISO 639-1 code, e.g. “fa”.")
    name = models.CharField(max_length=80, help_text="English name, e.g. “Persian”.")
    bidi = models.BooleanField(
        default=False, help_text="Written right to left (Arabic, Hebrew, Persian, Urdu...)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone credited on a film: director, actor, writer..."""

    name = models.CharField(max_length=200, help_text="As credited, e.g. “Majid Majidi”.")
    slug = models.SlugField(max_length=220, unique=True, help_text="The person's page address.")
    photo = models.ImageField(
        upload_to=photo_upload_to, blank=True, help_text="JPEG, PNG or WebP; at most 10 MB."
    )
    photo_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the photo for people who cannot see it."
    )
    bio = models.TextField(blank=True, help_text="A short biography (plain text).")
    imdb_id = models.CharField(
        "IMDb id",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^nm\d{7,10}$", "An IMDb person id looks like nm0537040.")],
        help_text="e.g. nm0537040",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^Q\d+$", "A Wikidata id looks like Q123456.")],
        help_text="e.g. Q123456",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: the admin checks and bumps it on every save (reviews_project.edit_lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="person_photo_needs_alt_text",
                violation_error_message="Give the photo alt text for readers who cannot see it.",
            ),
        ]
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_value("films:person_detail", "slug", self.slug)


class Film(models.Model):
    """A film in the catalogue."""

    title = models.CharField(max_length=200, help_text="The English-language release title.")
    original_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The title in its original language and script, e.g. بچه‌های آسمان.",
    )
    original_language = models.ForeignKey(
        Language,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Language of the original title (sets its direction and pronunciation).",
    )
    slug = models.SlugField(max_length=220, unique=True, help_text="The film page's address.")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_FILM_YEAR), MaxValueValidator(LAST_FILM_YEAR)],
        help_text="Year of first release.",
    )
    release_date = models.DateField(
        null=True, blank=True, help_text="First release date, if known."
    )
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1500)],
        help_text="Running time in minutes.",
    )
    certification = models.CharField(
        max_length=20, blank=True, help_text="Age certificate, e.g. “PG” or “12A”."
    )
    synopsis = models.TextField(blank=True, help_text="A spoiler-free synopsis (plain text).")
    poster = models.ImageField(
        upload_to=poster_upload_to,
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        help_text="JPEG, PNG or WebP, portrait; at most 10 MB.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the poster for people who cannot see it (required with a poster).",
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    countries = models.ManyToManyField(Country, blank=True, related_name="films")
    languages = models.ManyToManyField(
        Language, blank=True, related_name="films", help_text="Languages spoken in the film."
    )
    imdb_id = models.CharField(
        "IMDb id",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^tt\d{7,10}$", "An IMDb film id looks like tt0118849.")],
        help_text="e.g. tt0118849",
    )
    tmdb_id = models.PositiveIntegerField("TMDB id", null=True, blank=True, help_text="e.g. 21334")
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^Q\d+$", "A Wikidata id looks like Q123456.")],
        help_text="e.g. Q1068032",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: the admin checks and bumps it on every save (reviews_project.edit_lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poster="") | ~Q(poster_alt=""),
                name="film_poster_needs_alt_text",
                violation_error_message="Give the poster alt text for readers who cannot see it.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_FILM_YEAR) & Q(year__lte=LAST_FILM_YEAR),
                name="film_year_in_range",
                violation_error_message=(
                    f"A film's year runs from {FIRST_FILM_YEAR} to {LAST_FILM_YEAR}."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["year"], name="film_year_idx"),
            models.Index(fields=["title"], name="film_title_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse_value("films:film_detail", "slug", self.slug)

    @property
    def decade(self) -> int:
        """The decade the film was released in, e.g. 1990."""
        return self.year // 10 * 10

    def clean(self) -> None:
        if self.poster and not self.poster_alt.strip():
            raise ValidationError({"poster_alt": "Describe the poster: alt text is required."})


class Credit(models.Model):
    """One person's part in one film."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"
        CINEMATOGRAPHY = "cinematography", "Cinematography"
        MUSIC = "music", "Music"
        EDITING = "editing", "Editing"
        PRODUCER = "producer", "Producer"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices, help_text="What they did.")
    character = models.CharField(
        max_length=200, blank=True, help_text="For cast: the character's name."
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["role", "billing_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"],
                name="credit_unique_part",
                violation_error_message="This person already has this part in this film.",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "role", "billing_order"], name="credit_film_role_idx"),
            models.Index(fields=["person", "role"], name="credit_person_role_idx"),
            models.Index(fields=["role", "person"], name="credit_role_person_idx"),
        ]

    def __str__(self) -> str:
        if self.character:
            return f"{self.person} as {self.character} in {self.film}"
        return f"{self.person}, {self.get_role_display().lower()}, {self.film}"
