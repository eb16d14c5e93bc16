
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Min, Sum
from django.utils import timezone


def count_public_reviews(apps, schema_editor):
    """Each film's sums as reviews.models.stats.refresh_film_stats() keeps them (frozen here:
    public is published with a time that has come; scheduled is published with a later one)."""
    Review = apps.get_model("reviews", "Review")
    FilmStats = apps.get_model("reviews", "FilmStats")
    now = timezone.now()
    published = Review.objects.filter(status="published")
    counted = {
        row["film"]: row
        for row in published.filter(published_at__lte=now)
        .values("film")
        .annotate(n=Count("*"), total=Sum("rating"))
        .order_by()
    }
    due = dict(
        published.filter(published_at__gt=now)
        .values("film")
        .annotate(first=Min("published_at"))
        .order_by()
        .values_list("film", "first")
    )
    FilmStats.objects.bulk_create(
        [
            FilmStats(
                film_id=pk,
                review_count=counted.get(pk, {}).get("n", 0),
                rating_sum=counted.get(pk, {}).get("total") or 0,
                stale_at=due.get(pk),
            )
            for pk in sorted(counted.keys() | due.keys())
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('films', '0007_merge_edit_lock_and_photo_size'),
        ('reviews', '0011_review_public_cover_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='FilmStats',
            fields=[
                ('film', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='review_stats', serialize=False, to='films.film')),
                ('review_count', models.PositiveIntegerField(default=0, help_text='Public reviews.')),
                ('rating_sum', models.PositiveIntegerField(default=0, help_text='The sum of their ratings, in half stars.')),
                ('stale_at', models.DateTimeField(blank=True, db_index=True, help_text='When the next scheduled review of the film goes public and these change.', null=True)),
            ],
            options={
                'verbose_name': "film's review statistics",
                'verbose_name_plural': "films' review statistics",
            },
        ),
        # The table is new: undoing this step has nothing to remove that dropping it will not.
        migrations.RunPython(count_public_reviews, migrations.RunPython.noop),
    ]
