from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Critics' reviews: sections, ratings, publishing, feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        # Imported here because it uses models; connected at start-up, not on the first
        # request, so a change from the shell or a management command is indexed too.
        from reviews import search

        search.connect_signals()
