"""RSS and Atom feeds of published reviews, site-wide and per critic (spoiler-free).

Every field here is plain text that an editor typed (headline, standfirst, film title, a
critic's name). Feed readers render RSS titles, descriptions and creators, and Atom's
``type="html"`` summary, as HTML, so those are escaped for HTML before syndication escapes them
again for XML: a reader shows ``<img onerror=…>`` as those characters, never as an element.
Atom titles and author names are text constructs, escaped for XML only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from reviews.caching import critic_reviews_tag
from reviews.models import Review, display_name, public_critics
from reviews_project import fragments, tags

FEED_LENGTH = 30


class LatestReviewsFeed(Feed):
    """The newest published reviews as RSS 2.0."""

    description_template = None
    # RSS has no text type: readers treat its titles, descriptions and creators as HTML.
    fields_are_html = True

    def text(self, value: str) -> str:
        """A plain-text title or name, escaped for how this feed type's readers read it."""
        return escape(value) if self.fields_are_html else value

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The feed, kept by the tags it read for requests the page cache does not serve."""
        parts = (type(self).__name__, request.scheme, request.get_host(), request.path)

        def build() -> dict:
            response = super(LatestReviewsFeed, self).__call__(request, *args, **kwargs)
            headers = [(h, response[h]) for h in ("Content-Type", "Last-Modified") if h in response]
            return {"content": response.content, "headers": headers}

        entry = fragments.cached(request, "feed", parts, build)
        response = HttpResponse(entry["content"])
        for header, value in entry["headers"]:
            response[header] = value
        return response

    def title(self) -> str:
        return self.text(f"{settings.SITE_NAME}: latest reviews")

    def link(self) -> str:
        return reverse("reviews:review_list")

    def description(self) -> str:
        return self.text(f"New film reviews from {settings.SITE_NAME}.")

    def items(self):
        return Review.objects.published().for_listing().latest_first()[:FEED_LENGTH]

    def item_title(self, item: Review) -> str:
        film = item.film
        return self.text(f"{film.title} ({film.year}): {item.headline} — {item.rating_value.text}")

    def item_description(self, item: Review) -> str:
        # Standfirst or intro only: section text (which may hold spoilers) never goes in a feed.
        # Both RSS descriptions and Atom summaries (type="html") are read as HTML.
        return escape(item.description)

    def item_author_name(self, item: Review) -> str:
        return self.text(display_name(item.author))

    def item_author_link(self, item: Review) -> str:
        return reverse("reviews:critic_detail", kwargs={"username": item.author.get_username()})

    def item_pubdate(self, item: Review) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Review) -> datetime:
        return max(item.updated_at, item.published_at)


class LatestReviewsAtomFeed(LatestReviewsFeed):
    """The same reviews as Atom 1.0."""

    feed_type = Atom1Feed
    fields_are_html = False
    subtitle = LatestReviewsFeed.description


class CriticReviewsFeed(LatestReviewsFeed):
    """One critic's published reviews as RSS 2.0; 404 for someone with none."""

    def get_object(self, request: HttpRequest, username: str):
        critic = public_critics().filter(username=username).first()
        if critic is None:
            raise Http404("No such critic.")
        return critic

    def title(self, obj) -> str:
        return self.text(f"{settings.SITE_NAME}: reviews by {display_name(obj)}")

    def link(self, obj) -> str:
        return reverse("reviews:critic_detail", kwargs={"username": obj.get_username()})

    def description(self, obj) -> str:
        return self.text(f"Film reviews by {display_name(obj)} at {settings.SITE_NAME}.")

    def items(self, obj):
        tags.add(critic_reviews_tag(obj.pk))
        return (
            Review.objects.published().filter(author=obj).for_listing().latest_first()[:FEED_LENGTH]
        )


class CriticReviewsAtomFeed(CriticReviewsFeed):
    """One critic's published reviews as Atom 1.0."""

    feed_type = Atom1Feed
    fields_are_html = False

    def subtitle(self, obj) -> str:
        return self.description(obj)
