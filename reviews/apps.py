from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewsConfig(AppConfig):
    """Critics' reviews: sections, ratings, publishing, feeds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from reviews.roles import ensure_roles

        # After auth's own post_migrate handler has created permissions (reviews is later in
        # INSTALLED_APPS), restore the role groups if a flush removed them.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="reviews.ensure_roles")
