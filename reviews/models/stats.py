"""Each film's public reviews summed up (FilmStats), kept in step with the reviews.

The front page ranks every reviewed film by its Bayesian average: computed from the reviews,
that is one aggregate over every public review on each cold render (13 ms at 10,000 reviews on
SQLite, growing with the catalogue). The sums kept here make it a read of one row per film.

They follow every save or delete of a review that was or is public or scheduled (signals, so
the publishing service, the importers, the admin and the shell all keep them), inside the
saving transaction. A scheduled review turns public with no write at all: its film's row
records when (`stale_at`), and a reader who finds such a row due recounts it first
(`is_due`, `settle_due_stats`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import models, transaction
from django.db.models import Count, Min, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from films.models import Film
from reviews.models.review import Review

# What a save must change for a film's sums to change.
COUNTED_FIELDS = ("film_id", "status", "published_at", "rating")


class FilmStats(models.Model):
    """A film's public reviews summed up: how many, and their ratings' sum (a public review
    always has a rating: the review_published_has_date_and_rating constraint)."""

    film = models.OneToOneField(
        Film, primary_key=True, on_delete=models.CASCADE, related_name="review_stats"
    )
    review_count = models.PositiveIntegerField(default=0, help_text="Public reviews.")
    rating_sum = models.PositiveIntegerField(
        default=0, help_text="The sum of their ratings, in half stars."
    )
    stale_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the next scheduled review of the film goes public and these change.",
    )

    class Meta:
        verbose_name = "film's review statistics"
        verbose_name_plural = "films' review statistics"

    def __str__(self) -> str:
        return f"{self.film_id}: {self.review_count} reviews"

    @property
    def mean(self) -> float | None:
        """The mean rating in half stars; None before the first public review."""
        return self.rating_sum / self.review_count if self.review_count else None


@transaction.atomic
def refresh_film_stats(film_ids: Iterable[int] | None = None) -> None:
    """Recount the sums of these films (all films when None) from their reviews."""
    reviews = Review.objects.all()
    rows = FilmStats.objects.all()
    if film_ids is not None:
        film_ids = sorted({pk for pk in film_ids if pk is not None})
        if not film_ids:
            return
        # Two transactions publishing reviews of one film recount one after the other, the
        # second seeing the first's review (else the last to write would miss the other's).
        list(Film.objects.select_for_update().filter(pk__in=film_ids).values_list("pk"))
        reviews = reviews.filter(film__in=film_ids)
        rows = rows.filter(film__in=film_ids)
    counted = {
        row["film"]: row
        for row in reviews.published()
        .values("film")
        .annotate(n=Count("*"), total=Sum("rating"))
        .order_by()
    }
    due = dict(
        reviews.scheduled()
        .values("film")
        .annotate(first=Min("published_at"))
        .order_by()
        .values_list("film", "first")
    )
    films = counted.keys() | due.keys()
    rows.exclude(film__in=films).delete()
    FilmStats.objects.bulk_create(
        [
            FilmStats(
                film_id=pk,
                review_count=counted.get(pk, {}).get("n", 0),
                rating_sum=counted.get(pk, {}).get("total") or 0,
                stale_at=due.get(pk),
            )
            for pk in sorted(films)
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["film"],
        update_fields=["review_count", "rating_sum", "stale_at"],
    )


def is_due(stale_at: datetime | None) -> bool:
    """Whether sums marked stale at this time must be recounted before they are read."""
    return stale_at is not None and stale_at <= timezone.now()


def settle_due_stats() -> None:
    """Recount the films whose scheduled reviews have gone public since their last count.

    Readers call it only when a row they read says it is due (is_due): no query otherwise.
    """
    due = list(
        FilmStats.objects.filter(stale_at__lte=timezone.now()).values_list("film", flat=True)
    )
    if due:
        refresh_film_stats(due)


def _remember_counted(sender: type[Review], instance: Review, **kwargs) -> None:
    """What the sums counted of this review before the save (one query per save)."""
    before = None
    if instance.pk is not None and not kwargs.get("raw"):
        before = Review.objects.filter(pk=instance.pk).values_list(*COUNTED_FIELDS).first()
    instance._stats_before = before


def _counts(film_status_at: tuple) -> bool:
    """Whether a review in this state is or will be counted: public, or scheduled."""
    _film, status, published_at, _rating = film_status_at
    return status == Review.Status.PUBLISHED and published_at is not None


def _review_saved(sender: type[Review], instance: Review, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # a restore from a backup recounts everything when done (reviews.backup)
    before = getattr(instance, "_stats_before", None)
    now = tuple(getattr(instance, name) for name in COUNTED_FIELDS)
    if before == now:
        return  # a draft's autosave, a text edit, private notes: no sum changed
    if _counts(now) or (before is not None and _counts(before)):
        refresh_film_stats({instance.film_id, before[0] if before else None})


def _review_deleted(sender: type[Review], instance: Review, **kwargs) -> None:
    if instance.status == Review.Status.PUBLISHED:
        refresh_film_stats({instance.film_id})


def connect() -> None:
    """Keep the sums in step with every save and delete of a review."""
    pre_save.connect(_remember_counted, sender=Review, dispatch_uid="reviews.stats:before")
    post_save.connect(_review_saved, sender=Review, dispatch_uid="reviews.stats:saved")
    post_delete.connect(_review_deleted, sender=Review, dispatch_uid="reviews.stats:deleted")
