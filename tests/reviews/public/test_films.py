"""The browse page, film pages and people's pages."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from films.models import Credit, Film, Language
from reviews.models import average_rating, with_review_stats
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
)
from tests.tools.catalogue import add_poster

pytestmark = pytest.mark.django_db

LIST_URL = "/films/"


def _jsonld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def _titles(response) -> list[str]:
    return [film.title for film, _average in response.context["view"].cards]


def test_browse_filters_by_genre(client):
    """?genre= keeps only films of that genre."""
    drama = GenreFactory(slug="drama", name="Drama")
    kept = FilmFactory(title="Kept")
    kept.genres.add(drama)
    FilmFactory(title="Dropped")
    response = client.get(LIST_URL, {"genre": "drama"})
    assert _titles(response) == ["Kept"]


def test_browse_filters_by_decade(client):
    """?decade=1990 keeps films from 1990 to 1999."""
    FilmFactory(title="Nineties", year=1997)
    FilmFactory(title="Eighties", year=1989)
    response = client.get(LIST_URL, {"decade": "1990"})
    assert _titles(response) == ["Nineties"]


def test_browse_filters_by_minimum_rating_over_published_reviews(client):
    """?min_rating=4 compares the average of published reviews only."""
    good = FilmFactory(title="Good")
    ReviewFactory(film=good, rating=9)
    weak = FilmFactory(title="Weak")
    ReviewFactory(film=weak, rating=4)
    ReviewFactory(film=weak, rating=10, draft=True)
    response = client.get(LIST_URL, {"min_rating": "4"})
    assert _titles(response) == ["Good"]


def test_browse_filters_by_director(client):
    """?director=<slug> keeps the films that person directed."""
    person = PersonFactory(slug="agnes-varda")
    film = FilmFactory(title="Cleo")
    CreditFactory(film=film, person=person, role=Credit.Role.DIRECTOR)
    FilmFactory(title="Other")
    response = client.get(LIST_URL, {"director": "agnes-varda"})
    assert _titles(response) == ["Cleo"]


def _director_options(response) -> list[str]:
    select = response.content.decode().split('name="director"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)


def test_director_select_offers_the_most_prolific_and_the_chosen_one(client, monkeypatch):
    """The select offers the directors of most films (ties A to Z), plus the one chosen."""
    monkeypatch.setattr("reviews.public.filters.DIRECTOR_OPTIONS", 2)
    for slug, films in (("cara", 3), ("bela", 2), ("abel", 2), ("dora", 1)):
        person = PersonFactory(slug=slug, name=slug.title())
        for _ in range(films):
            CreditFactory(film=FilmFactory(), person=person, role=Credit.Role.DIRECTOR)
    assert _director_options(client.get(LIST_URL)) == ["Abel (2)", "Cara (3)"]
    chosen = client.get(LIST_URL, {"director": "dora"})
    assert _director_options(chosen) == ["Abel (2)", "Cara (3)", "Dora (1)"]


def test_rating_facet_counts_films_whose_mean_reaches_each_rating(client):
    """The "4★ and up" count takes films averaging at least 4 stars: 4 and 4.25, not 3.75."""
    for ratings in ((9, 8), (8, 8), (8, 7), (10,), (2,)):  # in stars: 4.25, 4, 3.75, 5, 1
        film = FilmFactory()
        for rating in ratings:
            ReviewFactory(film=film, rating=rating)
    ReviewFactory(film=FilmFactory(), rating=10, draft=True)
    html = client.get(LIST_URL).content.decode()
    for label, count in (("4★ and up", 3), ("3.5★ and up", 4), ("4.5★ and up", 1)):
        assert f"{label} ({count})" in html
    assert "Has reviews (5)" in html


def test_browse_has_reviews_ignores_drafts(client):
    """?has_reviews=1 keeps films with a published review; a draft does not count."""
    ReviewFactory(film=FilmFactory(title="Reviewed"))
    ReviewFactory(film=FilmFactory(title="Draft only"), draft=True)
    response = client.get(LIST_URL, {"has_reviews": "1"})
    assert _titles(response) == ["Reviewed"]


def test_browse_facet_counts_follow_the_other_filters(client):
    """Each genre option shows how many films it would leave given the other filters."""
    drama = GenreFactory(slug="drama", name="Drama")
    old = FilmFactory(year=1955)
    old.genres.add(drama)
    new = FilmFactory(year=2005)
    new.genres.add(drama)
    response = client.get(LIST_URL, {"decade": "1950"})
    assert "Drama (1)" in response.content.decode()


def test_browse_sorts_by_average_rating_with_unrated_last(client):
    """sort=rating puts the best average first and unreviewed films last."""
    ReviewFactory(film=FilmFactory(title="Middling"), rating=6)
    ReviewFactory(film=FilmFactory(title="Best"), rating=10)
    FilmFactory(title="Unrated")
    response = client.get(LIST_URL, {"sort": "rating"})
    assert _titles(response) == ["Best", "Middling", "Unrated"]


def test_browse_sorts_by_newest_review(client):
    """sort=reviewed puts the film with the most recent published review first."""
    older = ReviewFactory(film=FilmFactory(title="Older"))
    newer = ReviewFactory(film=FilmFactory(title="Newer"))
    older.published_at = newer.published_at.replace(year=newer.published_at.year - 1)
    older.save()
    response = client.get(LIST_URL, {"sort": "reviewed"})
    assert _titles(response)[:2] == ["Newer", "Older"]


def test_browse_pagination_keeps_the_filters(client):
    """The next-page link carries the current filters in its query string."""
    drama = GenreFactory(slug="drama", name="Drama")
    for _ in range(30):
        FilmFactory().genres.add(drama)
    response = client.get(LIST_URL, {"genre": "drama", "sort": "year"})
    assert 'href="?genre=drama&amp;sort=year&amp;page=2"' in response.content.decode()


def test_browse_canonical_url_has_filters_in_fixed_order(client, settings):
    """The canonical link lists valid filters in one order and drops defaults and junk."""
    settings.SITE_URL = "https://films.example"
    GenreFactory(slug="drama", name="Drama")
    FilmFactory(year=1990)
    params = {"sort": "title", "decade": "1990", "genre": "drama", "country": "ZZ"}
    html = client.get(LIST_URL, params).content.decode()
    assert 'rel="canonical" href="https://films.example/films/?genre=drama&amp;decade=1990"' in html


def test_browse_empty_result_says_so(client):
    """Filters that match nothing show a message, not an empty grid."""
    FilmFactory(year=1990)
    response = client.get(LIST_URL, {"has_reviews": "1"})
    assert "No films match these filters." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"genre": "no-such-genre"},
        {"decade": "19x0"},
        {"min_rating": "<script>"},
        {"country": "ZZ"},
        {"sort": "'; drop table"},
        {"page": "999999"},
        {"page": "-1"},
        {"director": "\x00"},
    ],
)
def test_browse_malformed_values_are_ignored_and_reported(client, params):
    """Unknown or malformed values never cause an error page; the films still show."""
    FilmFactory(title="Still here")
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert _titles(response) == ["Still here"]


def test_browse_reports_ignored_filters(client):
    """An unknown value is named in a notice so the reader knows it was ignored."""
    FilmFactory()
    response = client.get(LIST_URL, {"genre": "no-such-genre"})
    assert "were not understood and were ignored: genre" in response.content.decode()


def test_film_page_shows_original_title_right_to_left(client):
    """A Persian original title carries lang="fa" and dir="rtl"."""
    film = FilmFactory(
        original_title="بچه‌های آسمان", original_language=Language.objects.get(code="fa")
    )
    response = client.get(film.get_absolute_url())
    assert '<span lang="fa" dir="rtl">بچه‌های آسمان</span>' in response.content.decode()


def test_film_page_lists_cast_with_characters_linked(client):
    """Cast members link to their pages and show who they played."""
    film = FilmFactory()
    actor = PersonFactory(name="Amir Farrokh Hashemian")
    CreditFactory(film=film, person=actor, role=Credit.Role.CAST, character="Ali")
    html = client.get(film.get_absolute_url()).content.decode()
    assert f'<a href="{actor.get_absolute_url()}">Amir Farrokh Hashemian</a>' in html
    assert "as Ali" in html


def test_film_page_poster_has_srcset_and_dimensions(client):
    """The poster is responsive (srcset of renditions) and sized (width/height) to avoid reflow."""
    film = add_poster(FilmFactory(), size=(600, 900))
    html = client.get(film.get_absolute_url()).content.decode()
    assert re.search(r'<img class="poster" src="[^"]+" srcset="[^"]+ 160w, [^"]+ 320w', html)
    assert 'width="600" height="900"' in html


def test_film_page_shows_histogram_with_several_reviews(client):
    """Two or more published reviews draw a rating histogram."""
    film = FilmFactory()
    ReviewFactory(film=film, rating=8)
    ReviewFactory(film=film, rating=6)
    response = client.get(film.get_absolute_url())
    assert "How our critics rated it" in response.content.decode()


def test_film_page_has_no_histogram_with_one_review(client):
    """A single review is not a distribution: no histogram."""
    film = FilmFactory()
    ReviewFactory(film=film)
    response = client.get(film.get_absolute_url())
    assert "How our critics rated it" not in response.content.decode()


def test_film_jsonld_has_aggregate_rating_matching_visible_average(client):
    """Movie JSON-LD carries the same average as the visible stars."""
    film = FilmFactory(imdb_id="tt0118849")
    CreditFactory(film=film, person=PersonFactory(name="Majid Majidi"))
    ReviewFactory(film=film, rating=9)
    ReviewFactory(film=film, rating=8)
    response = client.get(film.get_absolute_url())
    data = _jsonld(response)
    assert data["@type"] == "Movie"
    assert data["director"][0]["name"] == "Majid Majidi"
    assert data["sameAs"] == ["https://www.imdb.com/title/tt0118849/"]
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.3,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 0.5,
    }
    assert "Average 4.3 out of 5 stars from 2 reviews" in response.content.decode()


def test_film_jsonld_has_no_aggregate_rating_without_published_reviews(client):
    """No published review, no aggregateRating (a draft does not count)."""
    film = FilmFactory()
    ReviewFactory(film=film, draft=True)
    assert "aggregateRating" not in _jsonld(client.get(film.get_absolute_url()))


def test_film_page_open_graph_is_video_movie_with_poster(client):
    """Open Graph type is video.movie and the poster is the share image."""
    film = add_poster(FilmFactory())
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="video.movie">' in html
    assert re.search(r'<meta property="og:image" content="https?://[^"]+/posters/', html)


def test_unknown_film_is_404(client):
    """A slug that names no film is a 404 in the site's style."""
    response = client.get(reverse("films:film_detail", args=["no-such-film"]))
    assert response.status_code == 404


def test_person_page_splits_filmography_by_role(client):
    """Directed and Acted credits are listed under their own headings."""
    person = PersonFactory()
    CreditFactory(person=person, role=Credit.Role.DIRECTOR, film=FilmFactory(title="Made"))
    CreditFactory(
        person=person, role=Credit.Role.CAST, film=FilmFactory(title="Played"), character="Al"
    )
    response = client.get(person.get_absolute_url())
    filmography = dict(response.context["page"].filmography)
    assert [c.film.title for c in filmography["Directed"]] == ["Made"]
    assert [c.film.title for c in filmography["Acted"]] == ["Played"]


def test_person_page_lists_reviews_of_their_films(client):
    """Our published reviews of a person's films appear on their page."""
    person = PersonFactory()
    film = FilmFactory()
    CreditFactory(person=person, film=film)
    review = ReviewFactory(film=film, headline="A quiet triumph")
    response = client.get(person.get_absolute_url())
    assert list(response.context["page"].reviews) == [review]


@pytest.mark.parametrize(
    "ratings", [[9, 8], [7, 8, 8], [6], [1, 2, 2, 2, 3, 10, 10], [5, 5, 6, 6], [3, 4, 4], []]
)
def test_film_page_average_is_the_catalogues_average(client, ratings):
    """The film page averages the reviews it lists; it shows exactly what the browse cards
    compute in SQL (with_review_stats: published reviews only, not drafts)."""
    film = FilmFactory()
    for rating in ratings:
        ReviewFactory(film=film, rating=rating)
    ReviewFactory(film=film, rating=1, draft=True)
    ReviewFactory(film=film, rating=None, draft=True)
    response = client.get(film.get_absolute_url())
    shown = response.context["page"].average
    stats = with_review_stats(Film.objects.filter(pk=film.pk)).get()
    assert shown == average_rating(stats)


def test_film_page_review_cards_do_not_repeat_the_film(client):
    """On its own page the film is the subject: its reviews are listed without its poster and
    title again (other lists of reviews show them)."""
    film = FilmFactory(title="Harbour Lights")
    ReviewFactory(film=film, headline="Lamps on the water")
    ReviewFactory(film=film, headline="A second look")
    html = client.get(film.get_absolute_url()).content.decode()
    assert html.count('class="review-card review-card--film-shown"') == 2
    assert "review-card__film" not in html
    assert "review-card__poster" not in html
    listing = client.get(reverse("reviews:review_list")).content.decode()
    assert listing.count("review-card__film") == 2
