"""Curated lists: an editor's selection of films, each with a note."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from films.models import Film
from reviews.models.review import PublicFromPublishedAt
from reviews.rendering import markdown_to_html, markdown_to_text


class CuratedListQuerySet(models.QuerySet):
    """Queries over curated lists; `published()` is the only definition of public."""

    def published(self) -> CuratedListQuerySet:
        """Lists readers may see: published, and not scheduled for later (checked now)."""
        return self.filter(status=CuratedList.Status.PUBLISHED, published_at__lte=timezone.now())

    def latest_first(self) -> CuratedListQuerySet:
        return self.order_by("-published_at", "-id")


# A list's plain-text summary: long enough for a meta description or a feed item.
SUMMARY_LENGTH = 300


def list_summary(intro: str) -> str:
    """The plain text of a list's Markdown intro, cut to SUMMARY_LENGTH characters."""
    return markdown_to_text(intro)[:SUMMARY_LENGTH]


class CuratedList(PublicFromPublishedAt, models.Model):
    """An editor's list of films ("Great Movies", "Best of 2026"), each with a note."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, help_text="As readers see it, e.g. “Best of 2026”.")
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The list's address; filled from the title."
    )
    intro = models.TextField(
        blank=True, help_text="Why these films, in the editor's words (Markdown)."
    )
    intro_html = models.TextField(blank=True, editable=False)
    summary = models.CharField(
        max_length=SUMMARY_LENGTH,
        blank=True,
        editable=False,
        help_text="The intro as plain text, for meta tags, feeds and the index (made on save).",
    )
    ranked = models.BooleanField(
        default=False, help_text="Numbered from 1 (a ranking) rather than a plain selection."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curated_lists",
        help_text="The editor whose name it carries.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text="Drafts are private; publish from the list of lists.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CuratedListQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_curatedlist", "Can publish and unpublish curated lists")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="curatedlist_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="curatedlist_title_not_empty"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="curatedlist_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.intro_html = markdown_to_html(self.intro)
        self.summary = list_summary(self.intro)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "intro" in update_fields:
            kwargs["update_fields"] = {*update_fields, "intro_html", "summary"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reviews:list_detail", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        """A plain-text summary for meta tags and feeds (rendered on save, as the intro is)."""
        return self.summary


class ListEntry(models.Model):
    """One film on a curated list, in its place, with the editor's note."""

    curated_list = models.ForeignKey(CuratedList, on_delete=models.CASCADE, related_name="entries")
    film = models.ForeignKey(
        Film,
        on_delete=models.PROTECT,
        related_name="list_entries",
        help_text="Start typing its title.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the list; drag entries to change it."
    )
    note = models.TextField(blank=True, help_text="Why it is here, in a few lines (Markdown).")
    note_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(fields=["curated_list", "film"], name="list_entry_film_once"),
        ]
        indexes = [
            models.Index(fields=["curated_list", "position"], name="list_entry_order_idx"),
            models.Index(fields=["film", "curated_list"], name="list_entry_film_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.film} on “{self.curated_list}”"

    def save(self, *args, **kwargs) -> None:
        self.note_html = markdown_to_html(self.note)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "note" in update_fields:
            kwargs["update_fields"] = {*update_fields, "note_html"}
        super().save(*args, **kwargs)
