"""Load the demo catalogue, critics and reviews: `manage.py load_demo`; safe to run again."""

from __future__ import annotations

import os
from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from films.images import make_renditions
from films.models import Country, Credit, Film, Genre, Language, Person
from reviews.demo.demo_content import CRITICS, FILMS, REVIEWS, CriticData, FilmData, ReviewData
from reviews.demo.demo_posters import draw_poster
from reviews.demo.discovery import load_discovery
from reviews.models import Review, ReviewSection

EDITOR_USERNAME = "editor"
DEFAULT_EDITOR_PASSWORD = "filmreviews-demo"
DEFAULT_ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = "Create demo films, people, critics and reviews; existing rows are left untouched."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")
        parser.add_argument(
            "--admin-url",
            default=DEFAULT_ADMIN_URL,
            help="The admin address to print with the login (make run passes its port).",
        )

    def handle(
        self,
        *args: object,
        quiet: bool = False,
        admin_url: str = DEFAULT_ADMIN_URL,
        **options: object,
    ) -> None:
        self.created: Counter[str] = Counter()
        self.found: Counter[str] = Counter()
        self.people: dict[str, Person] = {}
        with transaction.atomic():
            editor_password = self._ensure_editor()
            critics = {critic.username: self._ensure_critic(critic) for critic in CRITICS}
            films = {data.slug: self._ensure_film(data) for data in FILMS}
            now = timezone.now()
            for data in REVIEWS:
                self._ensure_review(
                    data, film=films[data.film], author=critics[data.critic], now=now
                )
            editor = get_user_model().objects.get(username=EDITOR_USERNAME)
            self.created.update(load_discovery(editor=editor, critics=critics, films=films))
        if quiet:
            return
        kinds = {
            "film": "films",
            "person": "people",
            "credit": "credits",
            "poster": "posters",
            "user": "users",
            "review": "reviews",
        }
        summary = "; ".join(
            f"{plural} {self.created[kind]} created, {self.found[kind]} found"
            for kind, plural in kinds.items()
        )
        self.stdout.write(f"Demo content: {summary}.")
        self.stdout.write(
            f"Editor login: {admin_url}  user: {EDITOR_USERNAME}  "
            f"password: {editor_password or '(unchanged)'}"
        )

    def _count(self, kind: str, created: bool) -> None:
        (self.created if created else self.found)[kind] += 1

    def _ensure_editor(self) -> str | None:
        """The editor account; returns its password while it is still the demo one."""
        user, created = get_user_model().objects.get_or_create(
            username=EDITOR_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Editor", "is_staff": True},
        )
        self._count("user", created)
        user.groups.add(Group.objects.get(name="Editor"))
        password = os.environ.get("DEMO_EDITOR_PASSWORD") or DEFAULT_EDITOR_PASSWORD
        if not created:
            # Print the login again on later runs, unless someone has changed the password.
            return password if user.check_password(password) else None
        user.set_password(password)
        user.save(update_fields=["password"])
        return password

    def _ensure_critic(self, data: CriticData) -> AbstractUser:
        """A critic account in the Critic group."""
        user, created = get_user_model().objects.get_or_create(
            username=data.username,
            defaults={
                "first_name": data.first_name,
                "last_name": data.last_name,
                "is_staff": True,
            },
        )
        self._count("user", created)
        user.groups.add(Group.objects.get(name="Critic"))
        if created:
            # No shared demo password for critics unless someone asks for one.
            user.set_password(os.environ.get("DEMO_CRITIC_PASSWORD") or None)
            user.save(update_fields=["password"])
        return user

    def _ensure_person(self, name: str) -> Person:
        """A person keyed by the slug of their name, counted once per run."""
        slug = slugify(name)
        if slug not in self.people:
            person, created = Person.objects.get_or_create(slug=slug, defaults={"name": name})
            self._count("person", created)
            self.people[slug] = person
        return self.people[slug]

    def _ensure_film(self, data: FilmData) -> Film:
        """A film keyed by slug, with its classification, credits and poster."""
        film, created = Film.objects.get_or_create(
            slug=data.slug,
            defaults={
                "title": data.title,
                "original_title": data.original_title,
                "original_language": Language.objects.get(code=data.original_language),
                "year": data.year,
                "runtime_minutes": data.runtime_minutes,
                "certification": data.certification,
                "synopsis": data.synopsis,
                "imdb_id": data.imdb_id,
                "wikidata_id": data.wikidata_id,
            },
        )
        self._count("film", created)
        if created:
            # Classification is set once; an editor's later changes are theirs to keep.
            film.genres.set(
                Genre.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in data.genres
            )
            film.countries.set(Country.objects.filter(code__in=data.countries))
            film.languages.set(Language.objects.filter(code__in=data.languages))
        parts = [
            *((name, Credit.Role.DIRECTOR, "") for name in data.directors),
            *((name, Credit.Role.WRITER, "") for name in data.writers),
            *((member.name, Credit.Role.CAST, member.character) for member in data.cast),
        ]
        billing: Counter[str] = Counter()
        for name, role, character in parts:
            _, credit_created = Credit.objects.get_or_create(
                film=film,
                person=self._ensure_person(name),
                role=role,
                character=character,
                defaults={"billing_order": billing[role]},
            )
            billing[role] += 1
            self._count("credit", credit_created)
        self._ensure_poster(film, data)
        return film

    def _ensure_poster(self, film: Film, data: FilmData) -> None:
        """Draw a poster only for a film that has none (an uploaded one always wins)."""
        if film.poster:
            self._count("poster", False)
            return
        poster = draw_poster(
            slug=data.slug,
            title=data.title,
            year=data.year,
            directors=list(data.directors),
            original_title=data.original_title,
        )
        film.poster_alt = poster.alt
        film.poster.save("poster.jpg", ContentFile(poster.jpeg), save=True)
        make_renditions(film.poster.name)
        self._count("poster", True)

    def _ensure_review(
        self, data: ReviewData, *, film: Film, author: AbstractUser, now: datetime
    ) -> None:
        """Create the review and its sections if its slug is new; never touch an existing one."""
        if Review.objects.filter(slug=data.slug).exists():
            self._count("review", False)
            return
        published = not data.draft and data.days_ago is not None
        review = Review.objects.create(
            film=film,
            author=author,
            slug=data.slug,
            headline=data.headline,
            standfirst=data.standfirst,
            intro=data.intro,
            rating=data.rating,
            verdict_heading=data.verdict_heading,
            verdict=data.verdict,
            notes=data.notes,
            status=Review.Status.PUBLISHED if published else Review.Status.DRAFT,
            published_at=now - timedelta(days=data.days_ago) if published else None,
        )
        for position, section in enumerate(data.sections, start=1):
            # One save per section: ReviewSection.save renders the Markdown.
            ReviewSection.objects.create(
                review=review,
                position=position,
                heading=section.heading,
                body=section.body,
                contains_spoilers=section.contains_spoilers,
            )
        self._count("review", True)
