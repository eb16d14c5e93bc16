"""Which catalogue changes purge which cache tags (after commit)."""

from __future__ import annotations

import pytest

from films.caching import FILMS, film_tag, person_tag
from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_renaming_a_film_purges_that_film_and_film_lists_only(commit, purged):
    """Another film's tag is left alone."""
    film, other = FilmFactory.create_batch(2)
    with commit():
        film.title = "A Louder Harbour"
        film.save()
    assert set().union(*purged) == {film_tag(film.pk), FILMS}
    assert film_tag(other.pk) not in set().union(*purged)


def test_a_new_credit_purges_its_film_and_its_person(commit, purged):
    film, person = FilmFactory(), PersonFactory()
    with commit():
        CreditFactory(film=film, person=person)
    assert set().union(*purged) >= {film_tag(film.pk), person_tag(person.pk)}


def test_a_genre_added_to_a_film_purges_the_film(commit, purged):
    film, genre = FilmFactory(), GenreFactory()
    purged.clear()
    with commit():
        film.genres.add(genre)
    assert set().union(*purged) >= {film_tag(film.pk), FILMS}


def test_a_person_bio_purges_that_person(commit, purged):
    person = PersonFactory()
    with commit():
        person.bio = "Born by the sea."
        person.save()
    assert person_tag(person.pk) in set().union(*purged)
