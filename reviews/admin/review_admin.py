"""Reviews in the editors' admin: structured form, roles, publishing, previews."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from reviews.admin.desk import AuthorFilter, DeskMixin
from reviews.admin.importing import export_response, import_from_text
from reviews.forms import CorrectionForm, ReviewAdminForm, ReviewSectionForm, SectionInlineFormSet
from reviews.models import Correction, Review, ReviewSection
from reviews.public.reviews import review_page_context
from reviews.rendering import markdown_to_html
from reviews.services.publishing import publish_reviews, unpublish_reviews
from reviews_project.admin_widgets import SafeAutocompleteMixin
from reviews_project.history import HistoryCompareMixin, diff_snapshots

MAX_PREVIEW_CHARS = 200_000


def can_publish(request: HttpRequest) -> bool:
    """Editors (and superusers) publish; critics do not."""
    return request.user.has_perm("reviews.publish_review")


def may_edit(request: HttpRequest, review: Review | None) -> bool:
    """Editors edit anyone's review; critics only their own."""
    if review is None or can_publish(request):
        return True
    return review.author_id == request.user.pk


class RatingFilter(admin.SimpleListFilter):
    title = "rating"
    parameter_name = "stars"

    def lookups(self, request, model_admin):
        return [(str(n), f"{n} stars and up") for n in range(5, 0, -1)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(rating__gte=int(value) * 2)
        return queryset


class StateFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: scheduled is a time-dependent state, not a stored status."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Published (live)")]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


class ReviewSectionInline(admin.StackedInline):
    model = ReviewSection
    form = ReviewSectionForm
    formset = SectionInlineFormSet
    extra = 1
    fields = ["heading", "body", "contains_spoilers", "position"]
    classes = ["sortable-sections"]
    verbose_name = "section"

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request, obj)


class EditConflictError(Exception):
    """Another save won the race between this form's check and its UPDATE."""


class CorrectionInline(admin.StackedInline):
    """Public correction notes: editors add them; once published they are not edited away."""

    model = Correction
    form = CorrectionForm
    extra = 0
    fields = ["note", "created_at", "created_by", "rating_before", "rating_after"]
    readonly_fields = ["created_at", "created_by", "rating_before", "rating_after"]
    verbose_name = "public correction"
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return can_publish(request) and obj is not None

    def has_change_permission(self, request, obj=None):
        return can_publish(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(DeskMixin, SafeAutocompleteMixin, HistoryCompareMixin, VersionAdmin):
    form = ReviewAdminForm
    inlines = [ReviewSectionInline, CorrectionInline]
    list_display = [
        "headline",
        "stars",
        "state",
        "film",
        "byline",
        "published_at",
        "updated_at",
    ]
    list_filter = [StateFilter, RatingFilter, AuthorFilter, "film__genres"]
    # DeskMixin.get_search_results adds the film's director and the critic's full name.
    search_fields = [
        "headline",
        "standfirst",
        "film__title",
        "film__original_title",
        "author__username",
    ]
    list_select_related = ["film", "author"]
    autocomplete_fields = ["film"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    actions = ["publish_selected", "unpublish_selected", "export_markdown_selected"]
    save_on_top = True
    # Ours extends reversion's list (which VersionAdmin would pick) to add "Import from text".
    change_list_template = "admin/reviews/review/change_list.html"
    readonly_fields = ["created_at", "updated_at"]
    # In the order readers meet the review; the change form template puts the sections after
    # "desk-main" and the "desk-side" fieldsets in the side panel.
    fieldsets = [
        (None, {"fields": ["film", "headline", "standfirst", "intro"], "classes": ["desk-main"]}),
        ("Verdict", {"fields": ["verdict_heading", "verdict", "rating"], "classes": ["desk-end"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "author", "slug", "lock_version"],
                "classes": ["desk-side"],
            },
        ),
        ("Private notes", {"fields": ["notes"], "classes": ["desk-side"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["desk-side", "collapse"]}),
    ]

    # --- who may do what -------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request, obj)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request):
            fields += ["author", "status", "published_at"]
        return fields

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj: Review, form, change: bool) -> None:
        if not obj.author_id:
            obj.author = request.user
        live = getattr(request, "live_review_version", None)
        if change and live is not None:
            # A revert: the row is already rolled back (and locked) in this transaction; the
            # version keeps counting up from the live one so stale forms still conflict.
            obj.version = live + 1
        elif change:
            # The one atomic check: UPDATE ... WHERE version = <the version the editor opened>.
            opened = form.cleaned_data.get("lock_version") or obj.version
            if not Review.objects.filter(pk=obj.pk, version=opened).update(
                version=F("version") + 1
            ):
                raise EditConflictError
            obj.version = opened + 1
        super().save_model(request, obj, form, change)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Read before reversion rolls the row back to the old revision for the form.
        request.live_review_version = (
            Review.objects.filter(pk=unquote(object_id)).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.live_version = getattr(request, "live_review_version", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflictError:
            # The whole save was rolled back; a second pass shows the form with the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and f"{prefix}-TOTAL_FORMS" not in kwargs["data"]:
            # A form posted without the corrections block (it is editors-only and collapsed)
            # submitted no corrections; that is not a tampered management form.
            data = kwargs["data"].copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
            kwargs["data"] = data
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        if form is not None and getattr(form, "conflict", None) is not None:
            context["conflict_diffs"] = diff_snapshots(
                _review_text(form.conflict, list(form.conflict.sections.all())),
                _submitted_text(request.POST),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is Correction:
            rating_before = form.initial.get("rating")
            for correction in formset.save(commit=False):
                if correction.pk is None:
                    correction.created_by = request.user
                    correction.rating_before = rating_before
                    correction.rating_after = form.instance.rating
                correction.save()
            return
        super().save_formset(request, form, formset, change)
        if formset.model is ReviewSection:
            # Positions become 0..n-1 in the order the editor left them (drag, or typed numbers).
            for index, section in enumerate(form.instance.sections.order_by("position", "id")):
                if section.position != index:
                    ReviewSection.objects.filter(pk=section.pk).update(position=index)

    # --- list columns ----------------------------------------------------------------------

    @admin.display(description="rating", ordering="rating")
    def stars(self, obj: Review) -> str:
        rating = obj.rating_value
        if rating is None:
            return "—"
        return format_html('<span title="{}">{}</span>', rating.label, rating.stars)

    @admin.display(description="state", ordering="status")
    def state(self, obj: Review) -> str:
        return obj.state_label

    # --- actions -----------------------------------------------------------------------------

    @admin.action(description="Publish selected reviews", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        outcome = publish_reviews(reviews=queryset)
        if outcome.published:
            self.message_user(
                request, f"Published {len(outcome.published)} review(s).", messages.SUCCESS
            )
        for review, problems in outcome.refused.items():
            self.message_user(
                request, f"“{review}” was not published: {' '.join(problems)}", messages.ERROR
            )

    @admin.action(description="Return selected reviews to draft", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        changed = unpublish_reviews(reviews=queryset)
        self.message_user(request, f"{changed} review(s) returned to draft.", messages.SUCCESS)

    @admin.action(description="Export selected as Markdown", permissions=["view"])
    def export_markdown_selected(self, request: HttpRequest, queryset: QuerySet[Review]):
        """One review downloads as .md, several as a .zip (see reviews.admin.importing)."""
        return export_response(self, request, queryset)

    # --- preview -----------------------------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="reviews_review_import",
            ),
            path(
                "markdown-preview/",
                self.admin_site.admin_view(self.markdown_preview_view),
                name="reviews_review_markdown_preview",
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="reviews_review_preview",
            ),
        ]
        return urls + super().get_urls()

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The review, draft or not, on the real public template: staff with access only."""
        review = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
        if not self.has_view_or_change_permission(request, review):
            raise PermissionDenied
        context = review_page_context(review, preview=True)
        response = TemplateResponse(request, "reviews/review_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import from text: paste or upload a draft, check what was parsed, save a draft."""
        return import_from_text(request, self)

    def markdown_preview_view(self, request: HttpRequest) -> HttpResponse:
        """Markdown rendered and sanitised exactly as the public page will show it."""
        return _markdown_preview(request, self)


@require_POST
def _markdown_preview(request: HttpRequest, model_admin: ReviewAdmin) -> JsonResponse:
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARS:
        return JsonResponse(
            {"error": f"Too long to preview (over {MAX_PREVIEW_CHARS:,} characters)."}, status=400
        )
    return JsonResponse({"html": markdown_to_html(text)})


def _review_text(review: Review, sections: list[ReviewSection]) -> dict[str, str]:
    """A review's words as label -> text, to diff against what an editor submitted."""
    text = {
        "Headline": review.headline,
        "Standfirst": review.standfirst,
        "Intro": review.intro,
        "Verdict": review.verdict,
        "Rating (half stars)": "" if review.rating is None else str(review.rating),
    }
    for section in sections:
        text[f"Section “{section.heading}”"] = section.body
    return text


def _submitted_text(data) -> dict[str, str]:
    """The same labels from a posted review form (sections in the order they were posted)."""
    text = {
        "Headline": data.get("headline", ""),
        "Standfirst": data.get("standfirst", ""),
        "Intro": data.get("intro", ""),
        "Verdict": data.get("verdict", ""),
        "Rating (half stars)": data.get("rating", ""),
    }
    total = data.get("sections-TOTAL_FORMS", "0")
    for i in range(min(int(total) if total.isascii() and total.isdigit() else 0, 1000)):
        if data.get(f"sections-{i}-DELETE"):
            continue
        heading = " ".join(data.get(f"sections-{i}-heading", "").split())
        if heading or data.get(f"sections-{i}-body"):
            text[f"Section “{heading}”"] = data.get(f"sections-{i}-body", "")
    return {label: value.replace("\r\n", "\n") for label, value in text.items()}
