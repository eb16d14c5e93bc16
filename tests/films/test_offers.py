"""Where-to-watch offers: only recently checked ones are current; prices carry a currency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from films.models import Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_offers_not_checked_recently_are_not_current(settings):
    """current() keeps offers checked within OFFER_STALE_AFTER_DAYS and drops older ones."""
    settings.OFFER_STALE_AFTER_DAYS = 30
    today = timezone.localdate()
    fresh = OfferFactory(checked_on=today - timedelta(days=30))
    OfferFactory(checked_on=today - timedelta(days=31))
    OfferFactory(checked_on=today + timedelta(days=1))  # a typo'd future date proves nothing
    assert list(Offer.objects.current()) == [fresh]


def test_price_without_currency_is_refused_by_the_database():
    """A price means nothing without its currency: the constraint holds outside forms too."""
    with pytest.raises(IntegrityError):
        OfferFactory(price="3.99", currency="")
