"""Form widgets for editors."""

from __future__ import annotations

from django import forms

from reviews.rating import MAX_HALF_STARS, MIN_HALF_STARS, Rating


def rating_choices(*, include_blank: bool = True) -> list[tuple[str | int, str]]:
    """Radio choices for every half-star rating, labelled as a screen reader should say them."""
    choices: list[tuple[str | int, str]] = [("", "No rating yet")] if include_blank else []
    choices += [(rating.half_stars, rating.label) for rating in Rating.every()]
    return choices


class StarRatingWidget(forms.RadioSelect):
    """Ten half-star radio buttons drawn as five stars: click, or use the arrow keys."""

    template_name = "reviews/widgets/star_rating.html"
    option_template_name = "reviews/widgets/star_rating_option.html"

    class Media:
        css = {"all": ["reviews/admin/review-admin.css"]}
        js = ["reviews/admin/review-admin.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The value may be whatever was posted ("11", "four"): show it only if it is valid.
        text = str(value if value is not None else "")
        valid = text.isascii() and text.isdigit() and MIN_HALF_STARS <= int(text) <= MAX_HALF_STARS
        context["widget"]["current"] = Rating(int(text)) if valid else None
        return context


class MarkdownTextarea(forms.Textarea):
    """A textarea whose Markdown can be previewed, rendered and sanitised by the server."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "data-markdown-preview": "", **(attrs or {})})

    class Media:
        css = {"all": ["reviews/admin/review-admin.css"]}
        js = ["reviews/admin/review-admin.js"]
