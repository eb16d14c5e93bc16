"""Build a catalogue of any size for page tests: films with posters, credits, reviews, drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from films.images import make_renditions
from films.models import Country, Credit, Film, Genre, Language, Offer, Person, Theme
from reviews.models import CriticProfile, CuratedList, Review
from tests.conftest import make_image_bytes
from tests.factories import (
    CreditFactory,
    CuratedListFactory,
    FilmFactory,
    GenreFactory,
    ListEntryFactory,
    OfferFactory,
    PersonFactory,
    ProviderFactory,
    ReviewFactory,
    ReviewSectionFactory,
    ThemeFactory,
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


@dataclass
class Discovery:
    """What add_discovery made: a public and a draft list, a theme, offers, a profile."""

    public_list: CuratedList
    draft_list: CuratedList
    theme: Theme
    stale_offer: Offer


def add_discovery(catalogue: Catalogue) -> Discovery:
    """Lists, themes, offers in two regions (plus a stale one), a trailer and critics' profiles.

    Every film goes on the public list and carries the theme (so related films and theme pages
    grow with the catalogue); the first film has the trailer and the stale offer.
    """
    theme = ThemeFactory(name="Childhood", slug="childhood", description="Growing up.")
    public_list = CuratedListFactory(title="Great films", slug="great-films", ranked=True)
    draft_list = CuratedListFactory(title="Secret picks", slug="secret-picks", draft=True)
    stream, cinema = ProviderFactory(name="Filmhouse Stream"), ProviderFactory(name="Cinema One")
    today = timezone.localdate()
    for position, film in enumerate(catalogue.films, start=1):
        film.themes.add(theme)
        ListEntryFactory(curated_list=public_list, film=film, position=position)
        OfferFactory(film=film, provider=stream, region="GB", checked_on=today - timedelta(days=3))
        OfferFactory(
            film=film,
            provider=cinema,
            kind=Offer.Kind.RENT,
            region="FR",
            price="3.99",
            currency="EUR",
        )
    for review in catalogue.reviews:
        review.themes.add(theme)
    first = catalogue.films[0]
    ListEntryFactory(curated_list=draft_list, film=first)
    first.trailer_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    first.save(update_fields=["trailer_url"])
    stale_offer = OfferFactory(
        film=first,
        provider=ProviderFactory(name="Gone Video"),
        region="GB",
        url="https://gone.example.org/stale-offer",
        checked_on=today - timedelta(days=400),
    )
    for critic in catalogue.critics:
        CriticProfile.objects.create(user=critic, bio="Writes about films that take their time.")
    return Discovery(public_list, draft_list, theme, stale_offer)
