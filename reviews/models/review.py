"""Critics' reviews of films, with their sections and ratings."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from films.models import Film, Theme
from reviews.rating import MAX_HALF_STARS, MIN_HALF_STARS, AverageRating, Rating
from reviews.rendering import markdown_to_html, markdown_to_text
from reviews_project import tags

DEFAULT_VERDICT_HEADING = "Final verdict"
# A review's words and what it is about: what a critic writes, a working copy holds and a
# revision restores (reviews.services.content); readers also see its status and date.
CONTENT_FIELDS = (
    "film_id",
    "author_id",
    "headline",
    "slug",
    "standfirst",
    "intro",
    "rating",
    "verdict_heading",
    "verdict",
)


# What a review card reads (templates/includes/review_card.html, the home page's featured
# review) and what a film page computes from the cards (its average): ReviewQuerySet.for_cards.
CARD_FIELDS = (
    "film",
    "author",
    "headline",
    "slug",
    "standfirst",
    "rating",
    "status",
    "published_at",
    "film__title",
    "film__slug",
    "film__year",
    "film__poster",
    "film__poster_width",
    "film__poster_height",
    "film__poster_alt",
    "author__username",
    "author__first_name",
    "author__last_name",
)


def public_reviews(through: str) -> Q:
    """The condition `published()` applies, on reviews reached through `through` ("review__"
    from a table linking to reviews): a join the planner can drive from the other table, where
    `review__in=Review.objects.published()` makes SQLite walk every public review per row."""
    return Q(
        **{
            f"{through}status": Review.Status.PUBLISHED,
            f"{through}published_at__lte": timezone.now(),
        }
    )


class ReviewQuerySet(models.QuerySet):
    """Queries over reviews; `published()` is the only definition of public."""

    def published(self) -> ReviewQuerySet:
        """Reviews readers may see: published, and not scheduled for later (checked now)."""
        return self.filter(public_reviews(""))

    def scheduled(self) -> ReviewQuerySet:
        """Published reviews whose publication time has not come yet."""
        return self.filter(status=Review.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self) -> ReviewQuerySet:
        return self.filter(status=Review.Status.DRAFT)

    def submitted(self) -> ReviewQuerySet:
        """Reviews their critics have submitted, waiting for an editor."""
        return self.filter(status=Review.Status.SUBMITTED)

    def with_pending_changes(self) -> ReviewQuerySet:
        """Published reviews whose working copy holds changes readers do not see yet."""
        return self.filter(working_copy__isnull=False)

    def for_listing(self) -> ReviewQuerySet:
        """The review with its film and critic, in one query (feeds, which show the text)."""
        return self.select_related("film", "author")

    def for_cards(self) -> ReviewQuerySet:
        """for_listing() with only what a review card shows (CARD_FIELDS): not the review's
        text, not the film's every column, not the critic's email or password hash."""
        return self.for_listing().only(*CARD_FIELDS)

    def latest_first(self) -> ReviewQuerySet:
        return self.order_by("-published_at", "-id")


def with_review_stats(films: models.QuerySet[Film]) -> models.QuerySet[Film]:
    """Annotate films with review_count and review_mean (half stars) over published reviews."""
    public = Review.objects.published().filter(film=OuterRef("pk")).order_by().values("film")
    # COUNT(*), not COUNT(id): the (film, status, published_at, rating) index alone answers it
    # (PostgreSQL otherwise reads each review's row for its id).
    return films.annotate(
        review_count=Coalesce(Subquery(public.annotate(n=Count("*")).values("n")[:1]), 0),
        review_mean=Subquery(public.annotate(m=Avg("rating")).values("m")[:1]),
    )


def latest_public_review_at(*, of: str = "film") -> Subquery:
    """When the newest public review of the outer row (a film, or with of="author" a critic)
    went public: a Subquery to annotate with."""
    return Subquery(
        Review.objects.published()
        .filter(**{of: OuterRef("pk")})
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def public_critics() -> models.QuerySet:
    """Users with at least one published review, by name: the critics readers can see."""
    # EXISTS probes the (author, status, published_at) index once per user; a JOIN + DISTINCT
    # over every published review took ~60 ms at 50k reviews.
    published = Review.objects.published().filter(author=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(Exists(published))
        .order_by("last_name", "first_name", "username")
    )


def display_name(user: AbstractBaseUser) -> str:
    """A critic's byline: full name when set, else the username."""
    return user.get_full_name() or user.get_username()


def film_reviews_tag(film_pk: object) -> str:
    """A film's public reviews and what they make: its page's list, "More reviews of" on its
    reviews' pages, and its average and count wherever a film card shows them. (`film:N` is
    the film's own row: its title on every page that names it.)"""
    return f"film-reviews:{film_pk}"


def average_rating(film: Film) -> AverageRating | None:
    """The average of a film's annotated stats (see with_review_stats)."""
    tags.add(film_reviews_tag(film.pk))
    return AverageRating.from_aggregate(
        getattr(film, "review_mean", None), getattr(film, "review_count", None)
    )


class PublicFromPublishedAt:
    """For a model with `status` and `published_at`: readers see it once published and due."""

    @property
    def is_public(self) -> bool:
        """Whether readers can see it right now (same rule as its queryset's published())."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Review(PublicFromPublishedAt, models.Model):
    """A critic's structured review of one film."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"

    film = models.ForeignKey(
        Film,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The film under review. Start typing its title.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The critic whose byline this carries.",
    )
    headline = models.CharField(max_length=200, help_text="The review's title, as readers see it.")
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The review's address; filled from the headline."
    )
    standfirst = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences under the headline: the review in brief (plain text).",
    )
    intro = models.TextField(
        blank=True, help_text="Opening paragraphs before the first section (Markdown)."
    )
    intro_html = models.TextField(blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_HALF_STARS), MaxValueValidator(MAX_HALF_STARS)],
        help_text="From ½ to 5 stars in half-star steps (required to publish).",
    )
    verdict_heading = models.CharField(
        max_length=120,
        default=DEFAULT_VERDICT_HEADING,
        help_text="Heading of the closing verdict box.",
    )
    verdict = models.TextField(blank=True, help_text="The closing verdict (Markdown).")
    verdict_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts and submitted reviews are private (set by the publishing service).",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers can see it. A future time schedules it.",
    )
    notes = models.TextField(
        blank=True, help_text="Private notes for editors; never shown to readers."
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="reviews", help_text="Themes readers can browse by."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every transition checks and bumps it (reviews.services.publishing).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_review", "Can publish and unpublish reviews")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=MIN_HALF_STARS, rating__lte=MAX_HALF_STARS),
                name="review_rating_half_stars_1_to_10",
                violation_error_message="A rating runs from ½ to 5 stars.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(published_at__isnull=False) & Q(rating__isnull=False)),
                name="review_published_has_date_and_rating",
                violation_error_message=(
                    "A published review needs a star rating and a publication time."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(headline=""),
                name="review_headline_not_empty",
                violation_error_message="A review needs a headline.",
            ),
        ]
        indexes = [
            # Film and rating after the public rule's columns: the site-wide mean and the
            # top-rated ranking read every public review, from the index alone (SQLite took
            # 1.1 s for the mean through the table on a 50k catalogue, 28 ms from the index).
            models.Index(
                fields=["status", "published_at", "film", "rating"], name="review_public_cover_idx"
            ),
            # Rating last: per-film counts and means (browse facets, top-rated films, film stats)
            # are read from the index alone.
            models.Index(
                fields=["film", "status", "published_at", "rating"],
                name="review_film_public_rating_idx",
            ),
            models.Index(
                fields=["author", "status", "published_at"], name="review_author_public_idx"
            ),
            models.Index(fields=["rating"], name="review_rating_idx"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        # Markdown is rendered once here, not on every page view.
        self.intro_html = markdown_to_html(self.intro)
        self.verdict_html = markdown_to_html(self.verdict)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            if "intro" in fields:
                fields.add("intro_html")
            if "verdict" in fields:
                fields.add("verdict_html")
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", kwargs={"slug": self.slug})

    @property
    def rating_value(self) -> Rating | None:
        """The rating as the one value object every output uses."""
        return Rating.from_db(self.rating)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self) -> str:
        """Draft, Submitted for review, Scheduled or Published, for editors."""
        if self.is_scheduled:
            return "Scheduled"
        return self.get_status_display()

    @property
    def keeps_a_live_version(self) -> bool:
        """Published (live or scheduled): edits go to a working copy until an editor publishes."""
        return self.status == self.Status.PUBLISHED

    @property
    def was_updated(self) -> bool:
        """Edited noticeably after publication (worth an "Updated" line)."""
        if not self.published_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 3600

    @property
    def description(self) -> str:
        """A spoiler-free plain-text summary for meta tags and feeds."""
        return self.standfirst or markdown_to_text(self.intro)[:300]

    def publication_problems(self, *, section_count: int | None) -> list[str]:
        """What stops this review from being published, in words an editor understands.

        section_count=None skips the section check (a form whose sections are checked apart).
        """
        problems = []
        if self.rating is None:
            problems.append("Give it a star rating.")
        if not self.standfirst.strip():
            problems.append("Write a standfirst.")
        if section_count is not None and section_count < 1:
            problems.append("Add at least one section.")
        if not self.verdict.strip():
            problems.append("Write the verdict.")
        film = self.film if self.film_id else None
        if film is not None and film.poster and not film.poster_alt.strip():
            problems.append(f"Give the poster of “{film.title}” alt text.")
        return problems

    def clean(self) -> None:
        if self.rating is not None and not MIN_HALF_STARS <= self.rating <= MAX_HALF_STARS:
            raise ValidationError({"rating": "A rating runs from ½ to 5 stars."})


class ReviewSection(models.Model):
    """One headed section of a review's body."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the review; drag sections to change it."
    )
    heading = models.CharField(max_length=200, help_text="The section's heading.")
    body = models.TextField(help_text="The section's text (Markdown).")
    body_html = models.TextField(blank=True, editable=False)
    contains_spoilers = models.BooleanField(
        default=False,
        help_text="Readers must open it to read it; kept out of descriptions and feeds.",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(heading=""),
                name="section_heading_not_empty",
                violation_error_message="Every section needs a heading.",
            ),
        ]
        indexes = [models.Index(fields=["review", "position"], name="section_order_idx")]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        self.body_html = markdown_to_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        """The fragment id the contents list links to."""
        return f"section-{self.position}-{self.pk}"


class Correction(models.Model):
    """A dated, public correction note on a published review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(
        help_text="What was corrected, for readers (Markdown). Shown under “Updated <date>”."
    )
    note_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    rating_before = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(MIN_HALF_STARS), MaxValueValidator(MAX_HALF_STARS)],
    )
    rating_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(MIN_HALF_STARS), MaxValueValidator(MAX_HALF_STARS)],
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""),
                name="correction_note_not_empty",
                violation_error_message="Say what was corrected.",
            ),
        ]
        indexes = [models.Index(fields=["review", "created_at"], name="correction_review_idx")]

    def __str__(self) -> str:
        return f"Correction to “{self.review}” on {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        self.note_html = markdown_to_html(self.note)
        super().save(*args, **kwargs)

    @property
    def rating_change(self) -> tuple[Rating, Rating] | None:
        """The rating before and after, when this correction changed it."""
        before, after = Rating.from_db(self.rating_before), Rating.from_db(self.rating_after)
        if before is None or after is None or before == after:
            return None
        return before, after


class ReviewWorkingCopy(models.Model):
    """Unpublished changes to a published review: readers keep seeing the review's own row.

    `content` holds the edited words in the shape of reviews.services.publishing.content_of();
    "publish changes" copies it onto the review (now, or when `publish_at` comes).
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="working_copy")
    content = models.JSONField(help_text="The edited review: fields and sections.")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who saved the working copy last.",
    )
    edited_at = models.DateTimeField(default=timezone.now, help_text="When it was saved last.")
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When the changes go live by themselves (scheduled)."
    )

    class Meta:
        indexes = [models.Index(fields=["publish_at"], name="working_copy_publish_at_idx")]

    def __str__(self) -> str:
        return f"Unpublished changes to “{self.review}”"


# Revisions hold a review with its sections, corrections and working copy (restored together).
reversion.register(ReviewSection)
reversion.register(Correction)
reversion.register(ReviewWorkingCopy)
reversion.register(Review, follow=("sections", "corrections", "working_copy"))


def avatar_upload_to(instance: CriticProfile, filename: str) -> str:
    """Critics' avatars live under critics/ with a random name (never the uploader's)."""
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"critics/{uuid.uuid4().hex}{suffix}"


class CriticProfile(models.Model):
    """What readers see of a critic beyond the name: a short bio and an avatar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="critic_profile"
    )
    bio = models.TextField(
        blank=True, max_length=2000, help_text="A few sentences about you for readers (plain text)."
    )
    avatar = models.ImageField(
        upload_to=avatar_upload_to, blank=True, help_text="JPEG, PNG or WebP; at most 10 MB."
    )
    avatar_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the picture for people who cannot see it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(avatar="") | ~Q(avatar_alt=""), name="critic_avatar_needs_alt_text"
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user.get_username()}"
