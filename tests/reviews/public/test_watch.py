"""Where to watch on film pages: the reader's region first, checked dates, stale offers hidden."""

from __future__ import annotations

import pytest

from reviews.public.watch import checked_ago, regions_from_accept_language
from reviews_project import near_copies
from tests.factories import OfferFactory, ProviderFactory
from tests.tools.catalogue import add_discovery, build_catalogue


@pytest.fixture
def film_page(db):
    catalogue = build_catalogue(2, posters=False)
    found = add_discovery(catalogue)
    return catalogue.films[0], found


@pytest.mark.parametrize(
    ("header", "regions"),
    [
        ("fr-FR,fr;q=0.9,en-GB;q=0.8", ["FR", "GB"]),
        ("en;q=0.5, de-AT;q=0.9", ["AT"]),
        ("zh-Hant-TW", ["TW"]),
        ("en, fr", []),
        ("xx-ZZ", []),
        ("*;q=abc,es-ES;q=0..1,,", []),
        ("de-DE;q=0.1," * 500, ["DE"]),
    ],
)
def test_regions_come_from_accept_language(header, regions):
    """Region subtags that are ISO 3166 countries, most preferred first; junk is skipped."""
    assert regions_from_accept_language(header) == regions


def test_checked_ago_in_words():
    """Readers see how fresh each offer is: today, yesterday, 3 days ago, 2 weeks ago."""
    from datetime import date

    today = date(2026, 12, 3)
    assert checked_ago(today, today) == "today"
    assert checked_ago(date(2026, 12, 2), today) == "yesterday"
    assert checked_ago(date(2026, 11, 30), today) == "3 days ago"
    assert checked_ago(date(2026, 11, 19), today) == "2 weeks ago"


def _region_headings(html: str) -> list[str]:
    import re

    return re.findall(r'<h3 class="watch__region">In ([^<]+)</h3>', html)


def test_browser_language_puts_its_region_first(client, film_page):
    """A French browser sees French offers first; a British one British offers first."""
    film, _found = film_page
    french = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert _region_headings(french.content.decode()) == ["France", "United Kingdom"]
    assert "Accept-Language" in french["Vary"]
    british = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert _region_headings(british.content.decode()) == ["United Kingdom", "France"]


def test_each_region_gets_its_own_offers_with_fragments_cached(client, film_page, settings):
    """The film page's extras are a cached fragment per region shown first and per choice."""
    settings.FRAGMENT_CACHE_SECONDS = 3600
    film, _found = film_page
    for header, query, first in (
        ("fr-FR", "", "France"),
        ("en-GB", "", "United Kingdom"),
        ("en-GB", "?region=fr", "France"),
        ("fr-FR", "", "France"),
    ):
        response = client.get(film.get_absolute_url() + query, HTTP_ACCEPT_LANGUAGE=header)
        assert _region_headings(response.content.decode())[0] == first, (header, query)


def test_reader_can_choose_another_region(client, film_page):
    """?region=FR wins over the browser's language, and that page no longer varies on it."""
    film, _found = film_page
    response = client.get(film.get_absolute_url() + "?region=fr", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert _region_headings(response.content.decode()) == ["France", "United Kingdom"]
    assert "Accept-Language" not in response.get("Vary", "")


def test_nonsense_region_falls_back_to_the_browser(client, film_page):
    """An edited ?region= that names no country is ignored, never an error."""
    film, _found = film_page
    for value in ("ZZ", "<script>", "F", "FRA" * 100):
        response = client.get(
            film.get_absolute_url(), {"region": value}, HTTP_ACCEPT_LANGUAGE="fr-FR"
        )
        assert response.status_code == 200
        assert _region_headings(response.content.decode())[0] == "France"


def test_offers_show_price_and_when_they_were_checked(client, film_page):
    """Each offer names its provider and kind, its price with currency, and its checked age."""
    film, _found = film_page
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "Stream on Filmhouse Stream" in html
    assert "checked <time" in html and "3 days ago" in html
    assert "3.99 EUR" in html


def test_stale_offers_are_hidden(client, film_page, settings):
    """An offer not checked within OFFER_STALE_AFTER_DAYS is not on the page at all."""
    film, found = film_page
    html = client.get(film.get_absolute_url()).content.decode()
    assert found.stale_offer.url not in html
    assert "Gone Video" not in html
    settings.OFFER_STALE_AFTER_DAYS = 1000
    assert found.stale_offer.url in client.get(film.get_absolute_url()).content.decode()


def test_film_without_offers_does_not_vary_on_language(client, db):
    """Nothing to reorder: the page stays the same for every reader (cacheable)."""
    film = build_catalogue(1, posters=False).films[0]
    response = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Where to watch" not in response.content.decode()


def test_stream_filter_on_browse_page(client, film_page):
    """ "Available to stream in" keeps films with a current streaming offer in that region."""
    response = client.get("/films/?stream_in=GB")
    assert response.context["page_obj"].paginator.count == 2
    # France has rentals only: not an option, so the filter is reported and ignored.
    response = client.get("/films/?stream_in=FR")
    assert response.context["ignored"] == ["stream_in"]


def test_a_film_page_with_offers_is_served_from_the_page_cache(
    client, film_page, page_cache_on, django_assert_num_queries
):
    """The second reader with the same region gets the stored page, without a query."""
    film, _found = film_page
    first = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert again["X-Cache"] == "hit"
    assert "Accept-Language" in again["Vary"]  # front caches keep one copy per header value


def test_readers_of_two_regions_each_get_their_own_cached_copy(client, film_page, page_cache_on):
    """A French and a British reader, both served from the cache, each see their region first."""
    film, _found = film_page
    url = film.get_absolute_url()
    for header in ("fr-FR", "en-GB"):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=header)["X-Cache"] == "miss"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-FR")
    british = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert french["X-Cache"] == british["X-Cache"] == "hit"
    assert _region_headings(french.content.decode()) == ["France", "United Kingdom"]
    assert _region_headings(british.content.decode()) == ["United Kingdom", "France"]


def test_regions_without_offers_share_one_copy(client, film_page, page_cache_on, settings):
    """Readers from regions the film has no offer in get the default region's page: whatever
    browsers send, a film page is stored at most once per region it has offers in (+1)."""
    film, _found = film_page
    url = film.get_absolute_url()
    assert settings.DEFAULT_WATCH_REGION == "GB"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")["X-Cache"] == "miss"
    for header in ("de-DE", "it-IT,fr;q=0.5", "es-ES", "", "xx-ZZ", "pt-BR;q=0.9," * 50):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=header)
        assert response["X-Cache"] == "hit", header
        assert _region_headings(response.content.decode())[0] == "United Kingdom", header


def test_a_browser_naming_a_region_without_offers_then_one_with_them_gets_the_second(
    client, film_page
):
    """de-CH then fr-FR: Switzerland has no offer, so the French ones come first."""
    film, _found = film_page
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de-CH,fr-FR;q=0.8")
    assert _region_headings(html.content.decode())[0] == "France"


def test_a_new_region_gets_its_own_copy_once_its_offer_is_saved(
    client, film_page, page_cache_on, committed, cache_reads
):
    """The page's pointer to its regions' copies is kept near like a page, and holds only as
    long as the page: once a German offer is saved, a German reader gets Germany first, not the
    copy every region without offers shared before."""
    film, _found = film_page
    url = film.get_absolute_url()
    client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")
    page_reads = cache_reads("pagecache:page:")
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de-DE")
    assert german["X-Cache"] == "hit"
    assert page_reads == []  # the pointer and the page, both from this process's memory
    assert _region_headings(german.content.decode())[0] == "United Kingdom"
    with committed():
        OfferFactory(film=film, provider=ProviderFactory(name="Kino Online"), region="DE")
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de-DE")
    assert _region_headings(german.content.decode())[0] == "Germany"
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="de-DE")
    assert again["X-Cache"] == "hit"
    assert _region_headings(again.content.decode())[0] == "Germany"
    british = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert _region_headings(british.content.decode())[0] == "United Kingdom"


def test_a_pointer_another_process_kept_from_before_an_offer_is_not_followed(
    client, film_page, page_cache_on, committed
):
    """Another process still holds the pointer stored before the German offer: it must not send
    a German reader to the copy that readers from regions without offers share."""
    film, _found = film_page
    url = film.get_absolute_url()
    client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")
    (key, before), *_ = [(k, e) for k, e in near_copies.pages.entries.items() if "variant" in e]
    with committed():
        OfferFactory(film=film, provider=ProviderFactory(name="Kino Online"), region="DE")
    italian = client.get(url, HTTP_ACCEPT_LANGUAGE="it-IT")  # the shared copy, stored anew
    assert _region_headings(italian.content.decode())[0] == "United Kingdom"
    near_copies.pages.keep(key, before)  # as the other process has it
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de-DE")
    assert _region_headings(german.content.decode())[0] == "Germany"
