"""The writing desk: what the review change form adds to the stock admin.

Reading order with a side panel, the state badge, authors by full name, search by director or
critic, and the scripts and styles of the desk (word counts, the unsaved-changes guard).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from films.models import Credit, Film
from reviews.models import Review, ReviewSection, ReviewWorkingCopy
from reviews.public.reviews import review_page_context
from reviews.rating import MAX_HALF_STARS, MIN_HALF_STARS
from reviews.rendering import markdown_to_html
from reviews.services import publishing
from reviews.services.content import as_text, content_of, last_saved, normalised
from reviews_project.admin_widgets import SafeModelChoiceField
from reviews_project.history import diff_snapshots
from reviews_project.slugs import unique_slug

# Sections read from one posted form at most (the admin's own formset limit).
MAX_SECTIONS = 1000
# The preview may be framed by the change form (same origin), unlike every other page.
FRAMEABLE_CSP = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
# GitHub's <markdown-toolbar> element, from npm (settings.NPM_STATIC); left out without it.
MARKDOWN_TOOLBAR = "vendor/markdown-toolbar/index.js"


def full_name(user: AbstractBaseUser) -> str:
    """How editors and readers know a critic: the full name, else the username."""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Badge:
    """The review's state at a glance: the words, and a tone for its colour."""

    label: str
    tone: str


def _when(moment) -> str:
    """A time as editors read it: in the site's (the editors') zone, with the zone's name."""
    return formats.date_format(timezone.localtime(moment), "j M Y, H:i T")


def state_badge(review: Review | None) -> Badge:
    """New draft, Draft, Submitted, Scheduled for <time>, Live, Live with unpublished changes."""
    if review is None or review.pk is None:
        return Badge("New draft", "draft")
    if review.status == Review.Status.SUBMITTED:
        return Badge("Submitted", "submitted")
    if review.status != Review.Status.PUBLISHED:
        return Badge("Draft", "draft")
    copy = ReviewWorkingCopy.objects.filter(review_id=review.pk).first()
    if review.is_scheduled:
        changes = ", with unpublished changes" if copy is not None else ""
        return Badge(f"Scheduled for {_when(review.published_at)}{changes}", "scheduled")
    if copy is None:
        return Badge("Live", "live")
    if copy.publish_at is not None:
        return Badge(f"Live, changes scheduled for {_when(copy.publish_at)}", "changes")
    return Badge("Live with unpublished changes", "changes")


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
        js = ["desk/guard.js", "desk/desk.js", "desk/autosave.js", "desk/labels.js"]

    @property
    def media(self) -> forms.Media:
        media = super().media
        if finders.find(MARKDOWN_TOOLBAR):
            media += forms.Media(js=[forms.Script(MARKDOWN_TOOLBAR, type="module")])
        return media

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
        if add and self.has_add_permission(request):
            # The add form's first autosave creates the draft (once per page: this token).
            context["autosave_create_url"] = reverse("admin:reviews_review_autosave_new")
            context["autosave_create_token"] = secrets.token_urlsafe(24)
        if obj is not None and obj.pk is not None:
            context["live_preview_url"] = reverse(
                "admin:reviews_review_live_preview", args=[obj.pk]
            )
            if self.has_change_permission(request, obj):
                context["autosave_url"] = reverse("admin:reviews_review_autosave", args=[obj.pk])
                if request.method == "GET":
                    context["autosave_offer"] = autosave_offer(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = xframe_options_sameorigin(csp_override(FRAMEABLE_CSP)(self.live_preview_view))
        return [
            path(
                "<int:object_id>/live-preview/",
                self.admin_site.admin_view(view),
                name="reviews_review_live_preview",
            ),
            path(
                "autosave-new/",
                self.admin_site.admin_view(self.autosave_new_view),
                name="reviews_review_autosave_new",
            ),
            path(
                "<int:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="reviews_review_autosave",
            ),
            path(
                "<int:object_id>/discard-autosave/",
                self.admin_site.admin_view(self.discard_autosave_view),
                name="reviews_review_discard_autosave",
            ),
            *super().get_urls(),
        ]

    def discard_autosave_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Back to the words of the last save: what autosave kept since then is dropped."""
        return discard_autosave(request, self, object_id)

    def autosave_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """What is typed, kept a few seconds after typing stops, through the publishing service."""
        return autosave(request, self, object_id)

    def autosave_new_view(self, request: HttpRequest) -> HttpResponse:
        """The add form's first autosave creates the draft; the page goes on as its change form."""
        return autosave_new(request, self)

    def live_preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The form as posted, unsaved, on the real public template (beside the form)."""
        return _live_preview(request, self, object_id)


@require_POST
def _live_preview(request: HttpRequest, model_admin: DeskMixin, object_id: int) -> HttpResponse:
    saved = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
    if not model_admin.has_change_permission(request, saved):
        raise PermissionDenied
    review, sections = review_from_post(saved, request.POST)
    # Each text gets its own fragment key: a cached preview of other words is never shown.
    digest = hashlib.sha256(request.POST.urlencode().encode()).hexdigest()[:16]
    context = review_page_context(review, preview=f"live-{digest}")
    # The posted sections, not the stored ones the page would read.
    context["page"].sections = sections
    response = TemplateResponse(request, "reviews/review_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def review_from_post(saved: Review, data: QueryDict) -> tuple[Review, list[ReviewSection]]:
    """An unsaved copy of the review with the posted words, and its posted sections."""
    film_id = data.get("film", "")
    film = saved.film
    if film_id.isascii() and film_id.isdigit() and int(film_id) != saved.film_id:
        film = Film.objects.filter(pk=int(film_id)).first() or saved.film
    rating = data.get("rating", "")
    valid_rating = rating.isascii() and rating.isdigit()
    review = Review(
        pk=saved.pk,
        film=film,
        author=saved.author,
        headline=data.get("headline", saved.headline) or saved.headline,
        slug=saved.slug,
        standfirst=data.get("standfirst", saved.standfirst),
        intro=data.get("intro", saved.intro),
        rating=int(rating)
        if valid_rating and MIN_HALF_STARS <= int(rating) <= MAX_HALF_STARS
        else None,
        verdict_heading=data.get("verdict_heading", saved.verdict_heading),
        verdict=data.get("verdict", saved.verdict),
        status=saved.status,
        published_at=saved.published_at,
        created_at=saved.created_at,
        updated_at=saved.updated_at,
    )
    review.intro_html = markdown_to_html(review.intro)
    review.verdict_html = markdown_to_html(review.verdict)
    total = data.get("sections-TOTAL_FORMS", "0")
    count = min(int(total) if total.isascii() and total.isdigit() else 0, MAX_SECTIONS)
    posted = []
    for i in range(count):
        heading = " ".join(data.get(f"sections-{i}-heading", "").split())
        body = data.get(f"sections-{i}-body", "")
        if data.get(f"sections-{i}-DELETE") or not (heading or body.strip()):
            continue
        position = data.get(f"sections-{i}-position", "")
        order = int(position) if position.isascii() and position.isdigit() else i
        posted.append((order, i, heading, body, bool(data.get(f"sections-{i}-contains_spoilers"))))
    sections = [
        ReviewSection(
            review=review,
            position=position,
            heading=heading,
            body=body,
            body_html=markdown_to_html(body),
            contains_spoilers=spoilers,
        )
        for position, (_, _, heading, body, spoilers) in enumerate(sorted(posted))
    ]
    return review, sections


# --- autosave: publishing.save_draft keeps the words; no revision, no purge, the lock holds ---

KEPT_HERE = "your text is kept on this device."


def _too_long(review: Review, sections: list[ReviewSection]) -> str:
    """The first field longer than its column (or a section without its heading, which no row
    may have), in an editor's words ("" when all fit)."""
    for name in ("headline", "standfirst", "verdict_heading"):
        field = Review._meta.get_field(name)
        if len(getattr(review, name)) > field.max_length:
            return f"The {field.verbose_name} is over {field.max_length} characters"
    limit = ReviewSection._meta.get_field("heading").max_length
    for section in sections:
        if len(section.heading) > limit:
            return f"A section heading is over {limit} characters"
        if not section.heading:
            return "A section needs a heading"
    texts = [getattr(review, name) for name in ("headline", "standfirst", "intro", "verdict")]
    texts += [review.verdict_heading, *(s.heading + s.body for s in sections)]
    if any("\x00" in text for text in texts):
        return "The text holds a null character, which cannot be saved"
    return ""


@require_POST
def autosave(request: HttpRequest, model_admin, object_id: int) -> JsonResponse:
    saved = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
    if not model_admin.has_change_permission(request, saved):
        return JsonResponse({"error": "You may not edit this review."}, status=403)
    lock = request.POST.get("lock_version", "")
    if not (lock.isascii() and lock.isdigit() and len(lock) < 10):
        return JsonResponse({"error": f"Not saved: reload the review; {KEPT_HERE}"}, status=400)
    review, sections = review_from_post(saved, request.POST)
    problem = _too_long(review, sections)
    if problem:
        return JsonResponse({"error": f"{problem}: not saved yet; {KEPT_HERE}"}, status=400)
    try:
        result = publishing.save_draft(
            review=saved,
            actor=request.user,
            content=content_of(review, sections),
            lock_version=int(lock),
        )
    except publishing.StaleVersion:
        return JsonResponse(
            {
                "error": "Someone else saved this review since you opened it: not autosaved; "
                f"{KEPT_HERE} Save to see both versions."
            },
            status=409,
        )
    except publishing.PublishingError as exc:
        return JsonResponse({"error": f"{exc} {KEPT_HERE}"}, status=400)
    at = timezone.localtime().strftime("%H:%M:%S")
    badge = state_badge(result)
    return JsonResponse(
        {"version": result.version, "saved_at": at, "badge": badge.label, "tone": badge.tone}
    )


# --- the add form's first autosave: publishing.create_review makes the draft ---

# The add page's token: the same token (a retry whose answer was lost) gets the same draft.
CREATE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
CREATE_TOKEN_SECONDS = 3600
CREATING = "creating"


def _created(review: Review) -> JsonResponse:
    badge = state_badge(review)
    return JsonResponse(
        {
            "id": review.pk,
            "change_url": reverse("admin:reviews_review_change", args=[review.pk]),
            "autosave_url": reverse("admin:reviews_review_autosave", args=[review.pk]),
            "version": review.version,
            "lock_version": review.version,
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "badge": badge.label,
            "tone": badge.tone,
        }
    )


def _new_draft(request: HttpRequest) -> tuple[dict, str]:
    """The posted add form as the service's content, or the reason it is not a draft yet."""
    data = request.POST
    film_id = data.get("film", "")
    film = None
    if film_id.isascii() and film_id.isdigit() and len(film_id) < 12:
        film = Film.objects.filter(pk=int(film_id)).first()
    headline = " ".join(data.get("headline", "").split())
    if film is None or not headline:
        return {}, "Choose the film and give a headline: then it is saved on the server"
    slug_field = Review._meta.get_field("slug")
    slug = unique_slug(
        Review,
        data.get("slug", "")[: slug_field.max_length] or headline,
        fallback=film.slug,
        max_length=slug_field.max_length,
    )
    blank = Review(film=film, author=request.user, headline=headline, slug=slug)
    review, sections = review_from_post(blank, data)
    problem = _too_long(review, sections)
    if "\x00" in data.get("notes", ""):
        problem = problem or "The notes hold a null character, which cannot be saved"
    if problem:
        return {}, problem
    content = content_of(review, sections)
    author = data.get("author", "")
    if author.isascii() and author.isdigit() and len(author) < 12:
        byline = get_user_model().objects.filter(pk=int(author)).first()
        # The service keeps a critic's own byline whatever is posted.
        content["author_id"] = byline.pk if byline is not None else request.user.pk
    return content, ""


@require_POST
def autosave_new(request: HttpRequest, model_admin) -> JsonResponse:
    if not model_admin.has_add_permission(request):
        return JsonResponse({"error": "You may not write reviews."}, status=403)
    token = request.POST.get("autosave_token", "")
    if not CREATE_TOKEN.fullmatch(token):
        return JsonResponse({"error": f"Not saved: reload the page; {KEPT_HERE}"}, status=400)
    key = f"desk:autosave-new:{request.user.pk}:{token}"
    if not cache.add(key, CREATING, CREATE_TOKEN_SECONDS):
        # This page has created its draft already (its answer was lost): the same one again.
        known = cache.get(key)
        review = Review.objects.filter(pk=known).first() if isinstance(known, int) else None
        if review is None or not model_admin.has_change_permission(request, review):
            return JsonResponse(
                {"error": f"Not saved yet: the draft is being created; {KEPT_HERE}"}, status=409
            )
        return _created(review)
    content, problem = _new_draft(request)
    if problem:
        cache.delete(key)
        return JsonResponse({"error": f"{problem}: not saved yet; {KEPT_HERE}"}, status=400)
    try:
        review = publishing.create_review(
            actor=request.user,
            content=content,
            notes=request.POST.get("notes", ""),
            comment="Created as a draft by autosave.",
        )
    except publishing.PublishingError as exc:
        cache.delete(key)
        return JsonResponse({"error": f"{exc} {KEPT_HERE}"}, status=400)
    cache.set(key, review.pk, CREATE_TOKEN_SECONDS)
    return _created(review)


def autosave_offer(review: Review) -> dict | None:
    """An autosave newer than the last save: when each was made and what differs, else None."""
    saved = last_saved(review)
    if saved is None:
        return None
    words, version = saved
    now = publishing.working_content(review)
    now = normalised(now, now)
    if words == now:
        return None
    copy = ReviewWorkingCopy.objects.filter(review_id=review.pk).first()
    return {
        "saved_at": version.revision.date_created,
        "autosaved_at": copy.edited_at if copy is not None else review.updated_at,
        "diffs": diff_snapshots(as_text(words), as_text(now)),
        "discard_url": reverse("admin:reviews_review_discard_autosave", args=[review.pk]),
    }


@require_POST
def discard_autosave(request: HttpRequest, model_admin, object_id: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
    if not model_admin.has_change_permission(request, review):
        raise PermissionDenied
    back = redirect("admin:reviews_review_change", review.pk)
    saved = last_saved(review)
    lock = request.POST.get("lock_version", "")
    if saved is None or not (lock.isascii() and lock.isdigit() and len(lock) < 10):
        messages.error(request, "Nothing was discarded: reload the review and try again.")
        return back
    try:
        publishing.save_draft(
            review=review, actor=request.user, content=saved[0], lock_version=int(lock)
        )
    except publishing.StaleVersion:
        messages.error(request, "Someone else saved this review meanwhile: nothing was discarded.")
        return back
    except publishing.PublishingError as exc:
        messages.error(request, f"Nothing was discarded: {exc}")
        return back
    at = timezone.localtime(saved[1].revision.date_created).strftime("%H:%M:%S")
    messages.success(request, f"Discarded the autosave: the form shows the review saved at {at}.")
    return back
