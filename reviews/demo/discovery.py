"""Demo lists, themes, where-to-watch offers, trailers and critics' profiles (discovery.yaml)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from films.models import Film, Offer, Provider, Theme
from reviews.models import CriticProfile, CuratedList, ListEntry, Review

DATA = Path(__file__).with_name("discovery.yaml")


def load_discovery(
    *, editor: AbstractUser, critics: dict[str, AbstractUser], films: dict[str, Film]
) -> Counter[str]:
    """Create what discovery.yaml describes; rows that exist are left as they are."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    created: Counter[str] = Counter()
    for item in data["themes"]:
        theme, made = Theme.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
        created["theme"] += made
        theme.films.add(*(films[slug] for slug in item["films"]))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for review_slug, slugs in data["review_themes"].items():
        review = Review.objects.filter(slug=review_slug).first()
        if review is not None:
            review.themes.add(*(themes[slug] for slug in slugs))
    now = timezone.now()
    for item in data["lists"]:
        curated_list, made = CuratedList.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "intro": item["intro"],
                "ranked": item["ranked"],
                "author": editor,
                # Demo data is published as it is loaded, like the demo reviews.
                "status": CuratedList.Status.PUBLISHED,
                "published_at": now - timedelta(days=2),
            },
        )
        created["list"] += made
        if made:
            for position, entry in enumerate(item["entries"], start=1):
                ListEntry.objects.create(
                    curated_list=curated_list,
                    film=films[entry["film"]],
                    position=position,
                    note=entry.get("note", ""),
                )
    providers = {}
    for item in data["providers"]:
        providers[item["slug"]], made = Provider.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "homepage": item["homepage"]}
        )
        created["provider"] += made
    today = timezone.localdate()
    for item in data["offers"]:
        provider = providers[item["provider"]]
        _offer, made = Offer.objects.get_or_create(
            film=films[item["film"]],
            provider=provider,
            kind=item["kind"],
            region=item["region"],
            defaults={
                "url": f"{provider.homepage}films/{item['film']}",
                "price": item.get("price"),
                "currency": item.get("currency", ""),
                "checked_on": today - timedelta(days=item["days_ago"]),
            },
        )
        created["offer"] += made
    for slug, url in data["trailers"].items():
        Film.objects.filter(slug=slug, trailer_url="").update(trailer_url=url)
    for username, bio in data["critic_bios"].items():
        if username in critics:
            _profile, made = CriticProfile.objects.get_or_create(
                user=critics[username], defaults={"bio": bio}
            )
            created["profile"] += made
    return created
