"""Fixtures shared by the reviews tests (admin import page, import command)."""

from __future__ import annotations

import pytest

from films.models import Film
from tests.factories import CreditFactory, FilmFactory, PersonFactory


@pytest.fixture
def lantern() -> Film:
    """The catalogue film the import tests' complete draft is about."""
    film = FilmFactory(title="The Lantern Keeper", slug="the-lantern-keeper", year=2019)
    CreditFactory(film=film, person=PersonFactory(name="Ana Quiroga"))
    return film
