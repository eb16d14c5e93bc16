"""sitemap.xml: public pages only, with lastmod from what readers see."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from films.models import Film, Person
from reviews.models import Review, latest_public_review_at, public_critics


class StaticSitemap(Sitemap):
    """The home page and the two browse pages."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "films:film_list", "reviews:review_list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ReviewSitemap(Sitemap):
    """Every published review."""

    changefreq = "weekly"

    def items(self):
        return Review.objects.published().only("slug", "updated_at", "published_at").order_by("pk")

    def lastmod(self, item: Review) -> datetime:
        return max(item.updated_at, item.published_at)


class FilmSitemap(Sitemap):
    """Every film page; it changes when the film is edited or a review of it goes public."""

    changefreq = "weekly"

    def items(self):
        return (
            Film.objects.annotate(latest_review_at=latest_public_review_at())
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, item: Film) -> datetime:
        return max(filter(None, [item.updated_at, item.latest_review_at]))


class PersonSitemap(Sitemap):
    """Every person's page."""

    changefreq = "monthly"

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Person) -> datetime:
        return item.updated_at


class CriticSitemap(Sitemap):
    """Critics with at least one published review; lastmod is their newest one."""

    changefreq = "weekly"

    def items(self):
        return (
            public_critics()
            .annotate(latest_review_at=latest_public_review_at(of="author"))
            .order_by("username")
        )

    def location(self, item) -> str:
        return reverse("reviews:critic_detail", kwargs={"username": item.get_username()})

    def lastmod(self, item) -> datetime:
        return item.latest_review_at


SITEMAPS = {
    "pages": StaticSitemap,
    "films": FilmSitemap,
    "reviews": ReviewSitemap,
    "people": PersonSitemap,
    "critics": CriticSitemap,
}
