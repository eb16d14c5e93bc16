"""Build a catalogue of any size for page tests: films with posters, credits, reviews, drafts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from films.images import make_renditions
from films.models import Country, Credit, Film, Genre, Language, Person
from reviews.models import Review
from tests.conftest import make_image_bytes
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    ReviewSectionFactory,
    UserFactory,
)

SPOILER_TEXT = "The twist: the gardener was the narrator all along."


@dataclass
class Catalogue:
    """What build_catalogue made, for tests to look up."""

    films: list[Film] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    critics: list = field(default_factory=list)
    genre: Genre | None = None


def add_poster(film: Film, size: tuple[int, int] = (120, 180)) -> Film:
    """Give a film a real (small) poster with its WebP renditions."""
    film.poster.save("poster.jpg", ContentFile(make_image_bytes(size)), save=False)
    film.poster_alt = f"Poster for {film.title}"
    film.save()
    make_renditions(film.poster.name)
    return film


def build_catalogue(size: int, *, posters: bool = True) -> Catalogue:
    """`size` films, each with a poster, genre, country, language, a director, two cast members,
    one published review (by its own critic) with a spoiler section, and one draft review."""
    catalogue = Catalogue()
    catalogue.genre = GenreFactory(name="Drama", slug="drama")
    comedy = GenreFactory(name="Comedy", slug="comedy")
    # get_or_create: transactional (browser) tests flush the rows the data migration seeded.
    country, _ = Country.objects.get_or_create(code="IR")
    persian, _ = Language.objects.get_or_create(
        code="fa", defaults={"name": "Persian", "bidi": True}
    )
    for index in range(size):
        film = FilmFactory(original_title="بچه‌های آسمان", original_language=persian)
        film.genres.add(catalogue.genre if index % 2 == 0 else comedy)
        film.countries.add(country)
        film.languages.add(persian)
        if posters:
            add_poster(film)
        director = PersonFactory()
        CreditFactory(film=film, person=director, role=Credit.Role.DIRECTOR)
        for n in range(2):
            CreditFactory(
                film=film, person=PersonFactory(), role=Credit.Role.CAST, character=f"Role {n}"
            )
        critic = UserFactory()
        review = ReviewFactory(film=film, author=critic, rating=6 + index % 5)
        ReviewSectionFactory(review=review, heading="The story")
        ReviewSectionFactory(
            review=review, heading="The ending", body=SPOILER_TEXT, contains_spoilers=True
        )
        ReviewFactory(film=film, author=critic, draft=True)
        catalogue.films.append(film)
        catalogue.people.append(director)
        catalogue.reviews.append(review)
        catalogue.critics.append(critic)
    return catalogue
