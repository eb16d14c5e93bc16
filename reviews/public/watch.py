"""Where to watch: a film's current offers, the reader's region first.

The region comes from the address (?region=FR, the reader's own choice) or else from the
browser's Accept-Language header ("en-GB" names GB); never from the reader's IP address.

Why the server picks the order, and how the page stays cacheable: the alternative, one page
for everyone with a script reordering the regions, leaves readers without scripts (and every
reader, for a moment, until it runs) with the site's default region first. Instead the order
is normalised to the few regions *this film has offers in*: a reader sees first the first
region of their Accept-Language that has an offer, else the site's default region if it has
one, else none of them (`shown_region`). The page then takes one of at most (regions with
offers + 1) forms, whatever readers send, and the page cache keeps one copy of each
(reviews_project.cache.vary_page, with `region_variant` registered as the "region" source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_countries import countries

from films.caching import offers_tag
from films.models import Film, Offer
from reviews_project import fragments, tags

_LANGUAGE_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)
# Accept-Language is sent by every browser; a hostile one is cut, not parsed at length.
MAX_HEADER = 500


def valid_region(code: str) -> str | None:
    """The ISO 3166 alpha-2 code, upper case, when it names a country; else None."""
    code = (code or "").strip().upper()
    return code if len(code) == 2 and code in countries else None


def regions_from_accept_language(header: str) -> list[str]:
    """Country codes named in an Accept-Language header, most preferred first."""
    ranked = []
    for order, part in enumerate((header or "")[:MAX_HEADER].split(",")):
        match = _LANGUAGE_RANGE.match(part)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        for subtag in match.group(1).split("-")[1:]:
            region = valid_region(subtag) if len(subtag) == 2 else None
            if region:
                ranked.append((-quality, order, region))
                break
    seen: dict[str, None] = {}
    for _q, _order, region in sorted(ranked):
        seen.setdefault(region, None)
    return list(seen)


@dataclass(frozen=True)
class ReaderRegion:
    """The region whose offers come first ("" for none), and whether the reader chose it in the
    address; else the regions their browser prefers, most preferred first."""

    code: str
    chosen: bool
    preferred: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return str(countries.name(self.code)) if self.code else ""


def reader_region(request: HttpRequest) -> ReaderRegion:
    """?region= when valid, else the regions of Accept-Language (see shown_region)."""
    chosen = valid_region(request.GET.get("region", ""))
    if chosen:
        return ReaderRegion(chosen, True)
    found = regions_from_accept_language(request.headers.get("Accept-Language", ""))
    return ReaderRegion(found[0] if found else settings.DEFAULT_WATCH_REGION, False, tuple(found))


def shown_region(preferred: tuple[str, ...] | list[str], available) -> str:
    """The region shown first among those with offers: the first the browser prefers, else the
    site's default, else "" (no region first: the page is the same for all those readers)."""
    for code in (*preferred, settings.DEFAULT_WATCH_REGION):
        if code in available:
            return code
    return ""


def region_variant(request: HttpRequest, values: tuple[str, ...]) -> str:
    """The page cache's "region" variant of a film page: its regions with offers are `values`."""
    header = request.headers.get("Accept-Language", "")
    return shown_region(regions_from_accept_language(header), values)


def checked_ago(checked_on: date, today: date | None = None) -> str:
    """How long ago an offer was checked, in words: "today", "yesterday", "3 days ago"."""
    days = ((today or timezone.localdate()) - checked_on).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


@dataclass(frozen=True)
class RegionOffers:
    code: str
    name: str
    offers: list[tuple[Offer, str]]


def where_to_watch(
    film: Film, region: ReaderRegion, request: HttpRequest | None = None
) -> dict[str, object]:
    """The film's current offers grouped by region, the reader's first.

    The offers are the same for every reader (only their order differs), so they are cached
    with the page's fragments, per day: an offer turning stale at midnight leaves the next day.
    """
    today = timezone.localdate()

    def read() -> list[Offer]:
        tags.add(offers_tag(film.pk))  # what was read, even when it is no offer at all
        return list(Offer.objects.current(today).filter(film=film).select_related("provider"))

    offers = fragments.cached(request, "film-offers", (film.pk, today.isoformat()), read)
    groups: dict[str, list[tuple[Offer, str]]] = {}
    for offer in offers:
        groups.setdefault(str(offer.region), []).append(
            (offer, checked_ago(offer.checked_on, today))
        )
    if not region.chosen:
        region = ReaderRegion(shown_region(region.preferred, groups), False)
    ordered = [
        RegionOffers(code, str(countries.name(code)), rows)
        for code, rows in sorted(
            groups.items(), key=lambda item: (item[0] != region.code, str(countries.name(item[0])))
        )
    ]
    choices = sorted(((code, str(countries.name(code))) for code in groups), key=lambda c: c[1])
    return {
        "region": region,
        "here": ordered[0] if ordered and ordered[0].code == region.code else None,
        "elsewhere": [group for group in ordered if group.code != region.code],
        "region_choices": choices,
        "regions": sorted(groups),
        "has_offers": bool(offers),
        # The offers' ages ("checked 3 days ago") are counted from it.
        "today": today.isoformat(),
    }
