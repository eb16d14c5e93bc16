"""The editors' side of reviews: the review admin, the import views and the form widgets."""

from reviews.admin.lists import CriticProfileAdmin, CuratedListAdmin
from reviews.admin.review_admin import ReviewAdmin

__all__ = ["CriticProfileAdmin", "CuratedListAdmin", "ReviewAdmin"]
