"""RSS and Atom feeds of published reviews, site-wide and per critic (spoiler-free)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviews.models import Review, public_critics
from reviews.public.jsonld import display_name
from reviews_project import fragments

FEED_LENGTH = 30


class LatestReviewsFeed(Feed):
    """The newest published reviews as RSS 2.0."""

    description_template = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The feed, kept per content generation for requests the page cache does not serve."""
        parts = (type(self).__name__, request.scheme, request.get_host(), request.path)
        key, entry = fragments.get(request, "feed", parts)
        if entry is not None:
            response = HttpResponse(entry["content"])
            for header, value in entry["headers"]:
                response[header] = value
            return response
        response = super().__call__(request, *args, **kwargs)
        if response.status_code == 200:
            headers = [(h, response[h]) for h in ("Content-Type", "Last-Modified") if h in response]
            fragments.store(request, key, {"content": response.content, "headers": headers})
        return response

    def title(self) -> str:
        return f"{settings.SITE_NAME}: latest reviews"

    def link(self) -> str:
        return reverse("reviews:review_list")

    def description(self) -> str:
        return f"New film reviews from {settings.SITE_NAME}."

    def items(self):
        return Review.objects.published().for_listing().latest_first()[:FEED_LENGTH]

    def item_title(self, item: Review) -> str:
        return f"{item.film.title} ({item.film.year}): {item.headline} — {item.rating_value.text}"

    def item_description(self, item: Review) -> str:
        # Standfirst or intro only: section text (which may hold spoilers) never goes in a feed.
        return item.description

    def item_author_name(self, item: Review) -> str:
        return display_name(item.author)

    def item_author_link(self, item: Review) -> str:
        return reverse("reviews:critic_detail", kwargs={"username": item.author.get_username()})

    def item_pubdate(self, item: Review) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Review) -> datetime:
        return max(item.updated_at, item.published_at)


class LatestReviewsAtomFeed(LatestReviewsFeed):
    """The same reviews as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = LatestReviewsFeed.description


class CriticReviewsFeed(LatestReviewsFeed):
    """One critic's published reviews as RSS 2.0; 404 for someone with none."""

    def get_object(self, request: HttpRequest, username: str):
        critic = public_critics().filter(username=username).first()
        if critic is None:
            raise Http404("No such critic.")
        return critic

    def title(self, obj) -> str:
        return f"{settings.SITE_NAME}: reviews by {display_name(obj)}"

    def link(self, obj) -> str:
        return reverse("reviews:critic_detail", kwargs={"username": obj.get_username()})

    def description(self, obj) -> str:
        return f"Film reviews by {display_name(obj)} at {settings.SITE_NAME}."

    def items(self, obj):
        return (
            Review.objects.published().filter(author=obj).for_listing().latest_first()[:FEED_LENGTH]
        )


class CriticReviewsAtomFeed(CriticReviewsFeed):
    """One critic's published reviews as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)
