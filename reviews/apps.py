from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Critics' reviews: sections, ratings, publishing, feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Reviews"
