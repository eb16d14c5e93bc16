from django.apps import AppConfig


class FilmsConfig(AppConfig):
    """The catalogue: films, people, credits, genres, countries and languages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "films"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from films import receivers

        receivers.connect()
