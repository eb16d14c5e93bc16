"""The demo shows every discovery feature: two lists, themes, offers in two regions, a trailer."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from films.models import Film, Offer, Theme
from reviews.models import CriticProfile, CuratedList

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "demo-media"
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_discovery_content(demo):
    """Two published lists, themes on films, current offers in two regions, trailers, bios."""
    assert CuratedList.objects.published().count() == 2
    assert CuratedList.objects.filter(ranked=True).exists()
    assert Theme.objects.filter(films__isnull=False).distinct().count() >= 3
    regions = set(Offer.objects.current().values_list("region", flat=True))
    assert {"GB", "FR"} <= regions
    assert Offer.objects.exclude(pk__in=Offer.objects.current()).exists()  # one stale offer
    assert Film.objects.exclude(trailer_url="").count() >= 1
    assert CriticProfile.objects.exclude(bio="").count() == 3


def test_demo_discovery_pages_render(demo, client):
    """The demo's list, theme and film-with-trailer pages answer 200 with their content."""
    spirited = Film.objects.get(slug="spirited-away")
    html = client.get(spirited.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()
    assert "data-trailer-embed" in html
    assert "Where to watch" in html and "In France" in html
    listed = client.get("/lists/great-movies-the-essentials/").content.decode()
    assert "Tokyo Story" in listed
    assert client.get("/themes/childhood/").status_code == 200


def test_loading_twice_adds_nothing(demo):
    """The loader is idempotent for discovery rows too."""
    counts = (CuratedList.objects.count(), Offer.objects.count(), Theme.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (CuratedList.objects.count(), Offer.objects.count(), Theme.objects.count()) == counts
