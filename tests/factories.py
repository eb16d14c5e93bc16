"""factory_boy factories for the catalogue and reviews."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from films.models import Credit, Film, Genre, Offer, Person, Provider, Theme
from reviews.models import CuratedList, ListEntry, Review, ReviewSection


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.Sequence(lambda n: f"genre-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film number {n}")
    slug = factory.Sequence(lambda n: f"film-{n}")
    year = factory.Sequence(lambda n: 1950 + n % 70)
    runtime_minutes = 100
    synopsis = "A family keeps a secret through one long winter."


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.DIRECTOR
    billing_order = factory.Sequence(lambda n: n)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A complete, published review (one hour old) unless told otherwise."""

    class Meta:
        model = Review

    film = factory.SubFactory(FilmFactory)
    author = factory.SubFactory(UserFactory)
    headline = factory.Sequence(lambda n: f"A patient, luminous film, take {n}")
    slug = factory.Sequence(lambda n: f"review-{n}")
    standfirst = "Quiet, exact and generous: a film that trusts its audience."
    intro = "The opening paragraph sets out the **stakes**."
    rating = 8
    verdict = "Worth seeking out."
    status = Review.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Review.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )


class ReviewSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewSection

    review = factory.SubFactory(ReviewFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section heading {n}")
    body = "A paragraph of *criticism*."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")


class OfferFactory(factory.django.DjangoModelFactory):
    """A streaming offer in Great Britain, checked today."""

    class Meta:
        model = Offer

    film = factory.SubFactory(FilmFactory)
    provider = factory.SubFactory(ProviderFactory)
    kind = Offer.Kind.STREAM
    region = "GB"
    url = factory.Sequence(lambda n: f"https://watch.example.org/films/{n}")
    checked_on = factory.LazyFunction(timezone.localdate)


class CuratedListFactory(factory.django.DjangoModelFactory):
    """A published list (one hour old) unless told otherwise."""

    class Meta:
        model = CuratedList

    title = factory.Sequence(lambda n: f"Films to see, volume {n}")
    slug = factory.Sequence(lambda n: f"list-{n}")
    intro = "Chosen by the editors, for *patient* evenings."
    author = factory.SubFactory(UserFactory)
    status = CuratedList.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=CuratedList.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )


class ListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListEntry

    curated_list = factory.SubFactory(CuratedListFactory)
    film = factory.SubFactory(FilmFactory)
    position = factory.Sequence(lambda n: n)
    note = "Still the *best* of its kind."
