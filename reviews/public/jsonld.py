"""schema.org JSON-LD for film and review pages, built from the same value objects as the stars."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from films.models import Film, Person
from reviews.models import CuratedList, Review, display_name
from reviews.rating import AverageRating

IMDB_TITLE_URL = "https://www.imdb.com/title/{}/"
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"


def absolute_url(path_or_url: str) -> str:
    """An absolute URL on this site (storage backends may already return absolute URLs)."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return f"{settings.SITE_URL}{path_or_url}"


def poster_url(film: Film) -> str | None:
    """The film's poster as an absolute URL, or None without a poster."""
    return absolute_url(film.poster.url) if film.poster else None


def _person(person: Person) -> dict[str, object]:
    return {"@type": "Person", "name": person.name, "url": absolute_url(person.get_absolute_url())}


def _same_as(film: Film) -> list[str]:
    links = []
    if film.imdb_id:
        links.append(IMDB_TITLE_URL.format(film.imdb_id))
    if film.wikidata_id:
        links.append(WIKIDATA_URL.format(film.wikidata_id))
    return links


def movie(
    film: Film, *, directors: Iterable[Person], average: AverageRating | None = None
) -> dict[str, object]:
    """A schema.org Movie; aggregateRating only when published reviews exist."""
    data: dict[str, object] = {
        "@type": "Movie",
        "name": film.title,
        "url": absolute_url(film.get_absolute_url()),
        "dateCreated": film.release_date.isoformat() if film.release_date else str(film.year),
    }
    if film.original_title:
        data["alternateName"] = film.original_title
    image = poster_url(film)
    if image:
        data["image"] = image
    people = [_person(person) for person in directors]
    if people:
        data["director"] = people
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes}M"
    same_as = _same_as(film)
    if same_as:
        data["sameAs"] = same_as
    if average is not None:
        data["aggregateRating"] = average.as_schema()
    return data


def film_document(
    film: Film, *, directors: Iterable[Person], average: AverageRating | None
) -> dict[str, object]:
    """The film page's JSON-LD document."""
    return {"@context": "https://schema.org", **movie(film, directors=directors, average=average)}


def review_document(review: Review, *, directors: Iterable[Person]) -> dict[str, object]:
    """The review page's JSON-LD document; description is spoiler-free (standfirst or intro)."""
    author = review.author
    rating = review.rating_value
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.headline,
        "url": absolute_url(review.get_absolute_url()),
        "description": review.description,
        "itemReviewed": movie(review.film, directors=directors),
        "author": {
            "@type": "Person",
            "name": display_name(author),
            "url": absolute_url(critic_url(author)),
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
        },
    }
    if rating is not None:
        data["reviewRating"] = rating.as_schema()
    if review.published_at:
        data["datePublished"] = review.published_at.isoformat()
        data["dateModified"] = max(review.updated_at, review.published_at).isoformat()
    return data


def critic_url(user: AbstractBaseUser) -> str:
    """The critic's page path."""
    return reverse("reviews:critic_detail", kwargs={"username": user.get_username()})


def item_list_document(
    curated_list: CuratedList, films: Iterable[tuple[int, Film]]
) -> dict[str, object]:
    """A list page's schema.org ItemList: each film as a ListItem with its place and page."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": curated_list.title,
        "url": absolute_url(curated_list.get_absolute_url()),
        "description": curated_list.description,
        "itemListOrder": "https://schema.org/ItemListOrderAscending"
        if curated_list.ranked
        else "https://schema.org/ItemListUnordered",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "url": absolute_url(film.get_absolute_url()),
                "name": film.title,
            }
            for number, film in films
        ],
    }
