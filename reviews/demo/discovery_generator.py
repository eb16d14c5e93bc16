"""Discovery content for the synthetic catalogue: themes, curated lists, offers and trailers.

Part of `generate_catalogue` (reviews.demo.generator), drawn from its seeded random generator,
so the benchmark measures the discovery pages (/lists/, /themes/, film pages with where-to-watch)
on content of the catalogue's scale: about one list per hundred films with 10-50 entries each,
two dozen themes on about half the films and a sixth of the reviews, offers for two films in
five across six regions, a trailer for three in ten.

Offers are dated back from *today*, not from the generator's fixed base time: readers see only
offers checked recently (OFFER_STALE_AFTER_DAYS), and a film page without its offers would
measure less than readers get. Everything else is the same for the same seed.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from films.models import Film, Offer, Provider, Theme
from reviews.demo.vocabulary import BODY_SENTENCES, PLACES, TITLE_ADJECTIVES, TITLE_NOUNS
from reviews.models import CuratedList, ListEntry, Review
from reviews.models.curated import list_summary
from reviews.rendering import markdown_to_html

THEMES = [
    "Grief", "Cities at night", "Coming of age", "Exile", "Families", "First love",
    "Friendship", "Work", "The sea", "Memory", "Revenge", "Faith", "Small towns", "Trains",
    "Winter", "Music", "War at home", "Childhood", "Journeys", "Money", "Islands",
    "Loneliness", "Rivers", "Old age",
]  # fmt: skip
PROVIDERS = [
    "Northlight Stream", "Cinéma Rive", "Harbour Video", "Lanterna Play", "Kino Nord",
    "Reel Lane", "Moonrise Rentals", "Picture House",
]  # fmt: skip
# Region -> weight and currency of its prices.
REGIONS = {
    "GB": (5, "GBP"),
    "US": (5, "USD"),
    "FR": (3, "EUR"),
    "DE": (3, "EUR"),
    "JP": (2, "JPY"),
    "IN": (2, "INR"),
}
FILMS_PER_LIST = 100
MIN_ENTRIES, MAX_ENTRIES = 10, 50
DRAFT_LIST_SHARE = 0.1
OFFER_SHARE, TRAILER_SHARE, THEMED_REVIEW_SHARE = 0.4, 0.3, 0.16
# How many themes a film carries: none, one, two or three.
THEMES_PER_FILM = ([0, 1, 2, 3], [50, 30, 15, 5])
YOUTUBE_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


class DiscoveryGenerator:
    """Adds themes, lists, offers and trailers to one batch of generated films and reviews."""

    def __init__(
        self,
        rng: random.Random,
        *,
        base_time: datetime,
        batch_size: int,
        list_slug: Callable[[str], str],
    ) -> None:
        self.rng = rng
        self.base_time = base_time
        self.batch_size = batch_size
        self.list_slug = list_slug

    def run(self, films: Sequence[Film], editors: Sequence) -> dict[str, int]:
        themes = self._themes()
        # This batch's films were inserted one after another: their ids form one range.
        ids = [film.pk for film in films]
        batch = Review.objects.filter(film_id__gte=min(ids), film_id__lte=max(ids)) if ids else []
        review_ids = list(batch.order_by("pk").values_list("pk", flat=True)) if ids else []
        return {
            "themes": len(themes),
            "theme links": self._theme_links(films, review_ids, themes),
            "lists": self._lists(films, editors),
            "offers": self._offers(films),
            "trailers": self._trailers(films),
        }

    def _themes(self) -> list[Theme]:
        """The theme vocabulary (rows kept from an earlier batch are reused)."""
        existing = {theme.slug: theme for theme in Theme.objects.all()}
        missing = [
            Theme(name=name, slug=slugify(name), description=f"Films about {name.lower()}.")
            for name in THEMES
            if slugify(name) not in existing
        ]
        Theme.objects.bulk_create(missing)
        return list(Theme.objects.filter(slug__in=[slugify(name) for name in THEMES]))

    def _theme_links(self, films: Sequence[Film], review_ids: list[int], themes) -> int:
        rng = self.rng
        counts, weights = THEMES_PER_FILM
        film_rows = [
            Film.themes.through(film_id=film.pk, theme_id=theme.pk)
            for film in films
            for theme in rng.sample(themes, rng.choices(counts, weights)[0])
        ]
        review_rows = [
            Review.themes.through(review_id=pk, theme_id=rng.choice(themes).pk)
            for pk in review_ids
            if rng.random() < THEMED_REVIEW_SHARE
        ]
        Film.themes.through.objects.bulk_create(film_rows, batch_size=self.batch_size)
        Review.themes.through.objects.bulk_create(review_rows, batch_size=self.batch_size)
        return len(film_rows) + len(review_rows)

    def _intro(self) -> str:
        sentences = self.rng.sample(BODY_SENTENCES, 3)
        return f"{sentences[0]} *{sentences[1]}*\n\n{sentences[2]}"

    def _lists(self, films: Sequence[Film], editors: Sequence) -> int:
        rng = self.rng
        count = max(2, len(films) // FILMS_PER_LIST)
        lists = []
        for n in range(count):
            if n % 4 == 0:
                title = f"Best of {self.base_time.year - 1 - n // 4}"
            else:
                adjective, noun = rng.choice(TITLE_ADJECTIVES), rng.choice(TITLE_NOUNS)
                title = f"{adjective} {noun}: films from {rng.choice(PLACES)}"
            intro = self._intro()
            published = rng.random() >= DRAFT_LIST_SHARE
            lists.append(
                CuratedList(
                    title=title,
                    slug=self.list_slug(title),
                    intro=intro,
                    intro_html=markdown_to_html(intro),
                    summary=list_summary(intro),
                    ranked=n % 3 == 0,
                    author=rng.choice(editors),
                    status="published" if published else "draft",
                    published_at=self.base_time - timedelta(days=rng.randint(1, 900))
                    if published
                    else None,
                )
            )
        CuratedList.objects.bulk_create(lists, batch_size=self.batch_size)
        notes = [(text, markdown_to_html(text)) for text in rng.sample(BODY_SENTENCES, 12)]
        entries = []
        for curated in lists:
            size = min(len(films), rng.randint(MIN_ENTRIES, MAX_ENTRIES))
            for position, film in enumerate(rng.sample(list(films), size)):
                note, note_html = rng.choice(notes) if rng.random() < 0.6 else ("", "")
                entries.append(
                    ListEntry(
                        curated_list=curated,
                        film=film,
                        position=position,
                        note=note,
                        note_html=note_html,
                    )
                )
        ListEntry.objects.bulk_create(entries, batch_size=self.batch_size)
        return len(lists)

    def _offers(self, films: Sequence[Film]) -> int:
        rng = self.rng
        providers = self._providers()
        regions = list(REGIONS)
        region_weights = [REGIONS[code][0] for code in regions]
        today = timezone.localdate()
        offers = []
        for film in films:
            if rng.random() >= OFFER_SHARE:
                continue
            seen = set()
            for _ in range(rng.randint(1, 4)):
                provider = rng.choice(providers)
                kind = rng.choice(Offer.Kind.values)
                region = rng.choices(regions, region_weights)[0]
                if (provider.pk, kind, region) in seen:
                    continue
                seen.add((provider.pk, kind, region))
                priced = kind in (Offer.Kind.RENT, Offer.Kind.BUY)
                offers.append(
                    Offer(
                        film=film,
                        provider=provider,
                        kind=kind,
                        region=region,
                        url=f"https://watch.example.org/{provider.slug}/{film.slug}/{region}",
                        price=Decimal(rng.choice(["3.49", "4.99", "9.99"])) if priced else None,
                        currency=REGIONS[region][1] if priced else "",
                        checked_on=today - timedelta(days=rng.randint(0, 40)),
                    )
                )
        Offer.objects.bulk_create(offers, batch_size=self.batch_size)
        return len(offers)

    def _providers(self) -> list[Provider]:
        existing = set(Provider.objects.values_list("slug", flat=True))
        Provider.objects.bulk_create(
            [
                Provider(name=name, slug=slugify(name), homepage=f"https://{slugify(name)}.test/")
                for name in PROVIDERS
                if slugify(name) not in existing
            ]
        )
        return list(Provider.objects.filter(slug__in=[slugify(name) for name in PROVIDERS]))

    def _trailers(self, films: Sequence[Film]) -> int:
        rng = self.rng
        with_trailer = []
        for film in films:
            if rng.random() < TRAILER_SHARE:
                video = "".join(rng.choices(YOUTUBE_ID_ALPHABET, k=11))
                film.trailer_url = f"https://www.youtube.com/watch?v={video}"
                with_trailer.append(film)
        Film.objects.bulk_update(with_trailer, ["trailer_url"], batch_size=self.batch_size)
        return len(with_trailer)
