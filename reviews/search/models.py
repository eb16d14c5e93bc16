"""PostgreSQL's search documents: one weighted vector per review, film and person.

They live beside their rows rather than in them, so listing pages never read vectors. On SQLite
these tables stay empty: the FTS5 tables made by this app's migrations hold the documents there.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from films.models import Film, Person
from reviews.models import CuratedList, Review


class ReviewDocument(models.Model):
    """A published review as search finds it: film, people, headline, critic, body."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_review_vector_gin")]

    def __str__(self) -> str:
        return f"Search document of review {self.review_id}"


class FilmDocument(models.Model):
    """A film as search finds it: titles and year, its people, its synopsis."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_film_vector_gin")]

    def __str__(self) -> str:
        return f"Search document of film {self.film_id}"


class PersonDocument(models.Model):
    """A person as search finds them: their name."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_person_vector_gin")]

    def __str__(self) -> str:
        return f"Search document of person {self.person_id}"


class ListDocument(models.Model):
    """A published curated list as search finds it: its title, then its introduction."""

    curated_list = models.OneToOneField(
        CuratedList, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_list_vector_gin")]

    def __str__(self) -> str:
        return f"Search document of list {self.curated_list_id}"
