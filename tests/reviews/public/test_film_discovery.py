"""Film pages: trailer facade and its CSP, themes, related films."""

from __future__ import annotations

import re

import pytest

from films.models import Credit
from tests.factories import CreditFactory, FilmFactory, PersonFactory
from tests.tools.catalogue import add_discovery, build_catalogue

pytestmark = pytest.mark.django_db


def test_trailer_is_a_facade_until_played(client):
    """The page holds the player's address as data, and no frame or third-party source."""
    catalogue = build_catalogue(1)
    add_discovery(catalogue)
    response = client.get(catalogue.films[0].get_absolute_url())
    html = response.content.decode()
    assert 'data-trailer-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert "<iframe" not in html
    assert not re.search(
        r'(src|href)="https://(www\.)?(youtube|ytimg|vimeo)',
        html.replace('href="https://www.youtube.com/watch', ""),
    )
    assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_film_without_trailer_allows_no_frames(client):
    """Without a trailer the page's CSP lets no frame in (the site default)."""
    film = build_catalogue(1, posters=False).films[0]
    response = client.get(film.get_absolute_url())
    assert "youtube" not in response["Content-Security-Policy"]


def test_film_page_links_its_themes(client):
    """Themes are listed among the facts and lead to the theme page."""
    catalogue = build_catalogue(1, posters=False)
    add_discovery(catalogue)
    html = client.get(catalogue.films[0].get_absolute_url()).content.decode()
    assert 'href="/themes/childhood/"' in html


def test_more_by_this_director_ranks_and_caps(client):
    """The director's other films are listed (newest first, at most six), not the film itself."""
    director = PersonFactory(name="Ana Example")
    films = [FilmFactory(year=1990 + n) for n in range(9)]
    for film in films:
        CreditFactory(film=film, person=director, role=Credit.Role.DIRECTOR)
    html = client.get(films[0].get_absolute_url()).content.decode()
    related = html.split('id="related-heading"', 1)[1]
    assert "More by Ana Example" in related
    titles = re.findall(r'class="film-card__title"><a href="[^"]*">([^<]*)</a>', related)
    assert titles == [film.title for film in reversed(films[3:])]
    assert films[0].title not in titles


def test_more_with_this_cast_prefers_films_sharing_more_leads(client):
    """A film sharing two leads comes before one sharing one."""
    a, b = PersonFactory(), PersonFactory()
    film, two, one = FilmFactory(), FilmFactory(), FilmFactory()
    for person in (a, b):
        CreditFactory(film=film, person=person, role=Credit.Role.CAST)
        CreditFactory(film=two, person=person, role=Credit.Role.CAST)
    CreditFactory(film=one, person=a, role=Credit.Role.CAST)
    html = client.get(film.get_absolute_url()).content.decode()
    related = html.split("More with this cast", 1)[1]
    assert related.index(two.title) < related.index(one.title)


def test_films_in_the_same_lists_and_themes(client):
    """Films sharing the public list and the theme appear; the draft list adds nothing."""
    catalogue = build_catalogue(3, posters=False)
    add_discovery(catalogue)
    html = client.get(catalogue.films[0].get_absolute_url()).content.decode()
    alike = html.split("In the same lists and themes", 1)[1]
    assert catalogue.films[1].title in alike and catalogue.films[2].title in alike
