from django.apps import AppConfig


class FilmsConfig(AppConfig):
    """The catalogue: films, people, credits, genres, countries and languages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "films"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # Connected at start-up, not on the first request, so a change from the shell or a
        # management command purges too.
        from films import caching

        caching.connect()
