from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Critics' reviews: sections, ratings, publishing, feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        # Imported here because it uses models; connected at start-up, not on the first
        # request, so a change from the shell or a management command is purged too.
        from reviews import caching

        caching.connect()

        from reviews.models import stats

        # Each film's review sums follow every save of its reviews, in the same transaction.
        stats.connect()

        from reviews.public.watch import region_variant
        from reviews_project.cache import variant_source

        # Film pages keep one cached copy per region they have offers in.
        variant_source("region", region_variant)
