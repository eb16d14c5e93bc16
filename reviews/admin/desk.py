"""The writing desk: what the review change form adds to the stock admin.

Reading order with a side panel, the state badge, authors by full name, search by director or
critic, and the scripts and styles of the desk (word counts, the unsaved-changes guard).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import formats, timezone

from films.models import Credit
from reviews.models import Review
from reviews_project.admin_widgets import SafeModelChoiceField


def full_name(user: AbstractBaseUser) -> str:
    """How editors and readers know a critic: the full name, else the username."""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Badge:
    """The review's state at a glance: the words, and a tone for its colour."""

    label: str
    tone: str


def state_badge(review: Review | None) -> Badge:
    """Draft, Scheduled for <time in the editors' zone>, or Live."""
    if review is None or review.pk is None:
        return Badge("New draft", "draft")
    if review.is_scheduled:
        when = formats.date_format(timezone.localtime(review.published_at), "j M Y, H:i")
        return Badge(f"Scheduled for {when}", "scheduled")
    if review.is_public:
        return Badge("Live", "live")
    return Badge("Draft", "draft")


class AuthorChoiceField(SafeModelChoiceField):
    """The byline menu: critics by full name, as bylines show them."""

    def label_from_instance(self, obj: AbstractBaseUser) -> str:
        return full_name(obj)


class AuthorFilter(admin.SimpleListFilter):
    """Filter reviews by critic, listed by full name."""

    title = "critic"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        authors = get_user_model().objects.filter(reviews__isnull=False).distinct()
        return sorted(((str(u.pk), full_name(u)) for u in authors), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(author_id=int(value))
        return queryset


class DeskMixin:
    """For ReviewAdmin: the writing desk's form, badge, author names and search."""

    class Media:
        css = {"all": ["desk/guard.css", "desk/desk.css"]}
        js = ["desk/guard.js", "desk/desk.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = get_user_model().objects.order_by(
                "first_name", "last_name", "username"
            )
            kwargs.setdefault(
                "form_class", type("AuthorChoice", (AuthorChoiceField,), {"model_field": db_field})
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_view_on_site_url(self, obj: Review | None = None) -> str | None:
        """The "View on site" link, only for a review readers can see (as stored, not typed)."""
        if obj is None or obj.pk is None or not Review.objects.published().filter(pk=obj.pk):
            return None
        return super().get_view_on_site_url(obj)

    @admin.display(description="critic", ordering="author__last_name")
    def byline(self, obj: Review) -> str:
        return full_name(obj.author)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        """Also find reviews by their film's director and by the critic's full name."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = search_term.split()
        if not words or len(search_term) > 200:
            return results, may_have_duplicates
        by_director = Q()
        by_critic = Q()
        for word in words:
            by_director &= Q(
                film__credits__role=Credit.Role.DIRECTOR,
                film__credits__person__name__icontains=word,
            )
            by_critic &= Q(author__first_name__icontains=word) | Q(
                author__last_name__icontains=word
            )
        directed = queryset.filter(by_director).values("pk")
        written = queryset.filter(by_critic).values("pk")
        found = queryset.filter(Q(pk__in=directed) | Q(pk__in=written))
        return results | found, may_have_duplicates

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["badge"] = state_badge(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
