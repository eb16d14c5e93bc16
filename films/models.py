"""The catalogue: films, the people who made them, and how they are classified."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from films.titles import sort_title
from films.trailers import Trailer, parse_trailer, validate_trailer_url

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


class Theme(models.Model):
    """A theme editors give films and reviews ("grief", "cities at night"), with its own page.

    A small model rather than free tags (django-taggit): themes are a curated vocabulary with a
    description, they are a facet on /films/ counted through a plain many-to-many table, and
    reviews (another app) point at the same rows without generic relations.
    """

    name = models.CharField(max_length=80, unique=True, help_text="Shown to readers, e.g. “Grief”.")
    slug = models.SlugField(max_length=80, unique=True, help_text="The theme page's address.")
    description = models.TextField(
        blank=True, help_text="One or two sentences for the theme's page (plain text)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("films:theme_detail", kwargs={"slug": self.slug})


class Person(models.Model):
    """Someone credited on a film: director, actor, writer..."""

    name = models.CharField(max_length=200, help_text="As credited, e.g. “Majid Majidi”.")
    slug = models.SlugField(max_length=220, unique=True, help_text="The person's page address.")
    photo = models.ImageField(
        upload_to=photo_upload_to,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="JPEG, PNG or WebP; at most 10 MB.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
        return reverse("films:person_detail", kwargs={"slug": self.slug})


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
    sort_title = models.CharField(
        max_length=200,
        editable=False,
        default="",
        help_text="The title without its leading article, casefolded (set on save).",
    )
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
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="films", help_text="Themes readers can browse by."
    )
    trailer_url = models.URLField(
        "trailer",
        max_length=300,
        blank=True,
        validators=[validate_trailer_url],
        help_text="A YouTube or Vimeo address; readers load the player only when they press play.",
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
            models.Index(fields=["sort_title", "year"], name="film_sort_title_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs) -> None:
        self.sort_title = self.title_sort_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_title"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("films:film_detail", kwargs={"slug": self.slug})

    def title_sort_key(self) -> str:
        """What sort_title holds: the title without a leading article (English or original)."""
        language = self.original_language.code if self.original_language_id else None
        return sort_title(self.title, language)

    @property
    def trailer(self) -> Trailer | None:
        """The trailer's site and video, when a link is set."""
        return parse_trailer(self.trailer_url) if self.trailer_url else None

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
            # With the film: the browse page counts each director's films from this index alone.
            models.Index(fields=["role", "person", "film"], name="credit_role_person_film_idx"),
        ]

    def __str__(self) -> str:
        # A credit re-shown after a form error may have no person yet (a new name was typed).
        person = self.person if self.person_id else "someone new"
        if self.character:
            return f"{person} as {self.character} in {self.film}"
        return f"{person}, {self.get_role_display().lower()}, {self.film}"


class Provider(models.Model):
    """A service or cinema chain where films can be watched."""

    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Curzon Home Cinema”.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in links and filters.")
    homepage = models.URLField(blank=True, help_text="The provider's own site.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def stale_after() -> timedelta:
    """How long an offer stays on readers' pages after it was last checked (a setting)."""
    return timedelta(days=settings.OFFER_STALE_AFTER_DAYS)


class OfferQuerySet(models.QuerySet):
    """Queries over offers; `current()` is the only definition of "shown to readers"."""

    def current(self, today: date | None = None) -> OfferQuerySet:
        """Offers checked recently enough to show (see OFFER_STALE_AFTER_DAYS)."""
        today = today or timezone.localdate()
        return self.filter(checked_on__gte=today - stale_after(), checked_on__lte=today)

    def in_region(self, region: str) -> OfferQuerySet:
        return self.filter(region=region)


class Offer(models.Model):
    """Where one film can be watched in one region, as an editor last checked it."""

    class Kind(models.TextChoices):
        STREAM = "stream", "Stream"
        RENT = "rent", "Rent"
        BUY = "buy", "Buy"
        CINEMA = "cinema", "In cinemas"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offers", help_text="Who offers it."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="How it is offered.")
    region = CountryField(help_text="The country where this offer holds (ISO 3166).")
    url = models.URLField("link", max_length=500, help_text="The film's page on the provider.")
    price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty when included in a subscription or unknown.",
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use an ISO 4217 code such as EUR.")],
        help_text="ISO 4217 code of the price, e.g. GBP (required with a price).",
    )
    checked_on = models.DateField(
        default=timezone.localdate,
        help_text="When an editor last saw this offer live; old offers are hidden from readers.",
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "provider", "kind", "region"], name="offer_unique_per_region"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | (Q(price__gte=0) & ~Q(currency="")),
                name="offer_price_has_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "region", "checked_on"], name="offer_film_region_idx"),
            models.Index(fields=["region", "kind", "checked_on"], name="offer_region_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.film} — {self.get_kind_display()} on {self.provider} ({self.region})"

    def clean(self) -> None:
        if self.price is not None and not self.currency:
            raise ValidationError({"currency": "Give the price's currency, e.g. EUR."})
