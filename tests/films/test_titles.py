"""Sort keys for titles: leading articles are ignored, per language where it is known."""

from __future__ import annotations

import pytest

from films.models import Language
from films.titles import sort_title
from tests.factories import FilmFactory


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        ("The Mirror", None, "mirror"),
        ("A Touch of Zen", None, "touch of zen"),
        ("An Autumn Afternoon", "ja", "autumn afternoon"),
        ("La Haine", "fr", "haine"),
        ("L'Avventura", "it", "avventura"),
        ("Der Himmel über Berlin", "de", "himmel über berlin"),
        ("Die Hard", None, "die hard"),
        ("La La Land", None, "la la land"),
        ("A", None, "a"),
        ("Them!", None, "them!"),
        ("Theorem", None, "theorem"),
    ],
)
def test_sort_title_drops_leading_article(title, language, expected):
    """English articles always go; another language's only when it is the film's language."""
    assert sort_title(title, language) == expected


@pytest.mark.django_db
def test_film_save_keeps_sort_title_in_step():
    """Saving a film (also with update_fields=["title"]) stores its sort key."""
    french = Language.objects.get(code="fr")
    film = FilmFactory(title="Les Quatre Cents Coups", original_language=french)
    assert film.sort_title == "quatre cents coups"
    film.title = "The 400 Blows"
    film.save(update_fields=["title"])
    film.refresh_from_db()
    assert film.sort_title == "400 blows"
