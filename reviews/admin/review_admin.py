"""Reviews in the editors' admin: structured form, roles, publishing, previews."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from reviews.admin import history, workflow
from reviews.admin.desk import AuthorFilter, DeskMixin
from reviews.admin.forms import (
    CorrectionForm,
    ReviewAdminForm,
    ReviewSectionForm,
    SectionInlineFormSet,
)
from reviews.admin.importing import export_response, import_from_text
from reviews.models import Correction, Review, ReviewSection
from reviews.public.reviews import review_page_context
from reviews.rendering import markdown_to_html
from reviews.services import bulk, publishing
from reviews.services.content import CONTENT_FIELDS, as_text, content_of, normalised
from reviews_project.admin_widgets import SafeAutocompleteMixin, SafeChangeListMixin
from reviews_project.history import HistoryCompareMixin, diff_snapshots

MAX_PREVIEW_CHARS = 200_000
WORKFLOW_FIELDS = {"status", "published_at", "lock_version"}


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
        return [
            ("draft", "Draft"),
            ("submitted", "Submitted for review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
            ("changes", "Live with unpublished changes"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "submitted":
                return queryset.submitted()
            case "changes":
                return queryset.with_pending_changes()
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
        return super().has_add_permission(request, obj) and _may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj)

    def get_extra(self, request, obj=None, **kwargs):
        working = getattr(obj, "working_sections", None)
        return 1 if working is None else len(working) + 1


def _may_edit(request: HttpRequest, review: Review | None) -> bool:
    return review is None or review.pk is None or publishing.may_edit(request.user, review)


class RetrySave(Exception):
    """The service refused after the form was valid: show the form again, with the reason."""

    def __init__(self, message: str | None) -> None:
        super().__init__(message)
        self.message = message


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
        return publishing.can_publish(request.user) and obj is not None

    def has_change_permission(self, request, obj=None):
        return publishing.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(
    DeskMixin, SafeChangeListMixin, SafeAutocompleteMixin, HistoryCompareMixin, VersionAdmin
):
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
        ("Themes", {"fields": ["themes"], "classes": ["desk-side"]}),
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

    # --- who may do what: the publishing service's rules -----------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return publishing.visible_to(request.user, queryset).select_related("working_copy")

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or publishing.may_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not publishing.can_publish(request.user):
            fields += ["author", "status", "published_at"]
        return fields

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def get_object(self, request, object_id, from_field=None):
        """The review as its editors see it: with its working copy's words, if it has one."""
        review = super().get_object(request, object_id, from_field)
        if review is not None:
            copy = getattr(review, "working_copy", None) if review.keeps_a_live_version else None
            review.live_content = content_of(review)
            if copy is not None:
                working = normalised(copy.content, review.live_content)
                for name in CONTENT_FIELDS:
                    setattr(review, name, working[name])
                review.working_sections = working["sections"]
                review.working_themes = working["themes"]
        return review

    # --- saving: the form says what the editor wants, the service does it ---------------------

    def add_view(self, request, form_url="", extra_context=None):
        # Not VersionAdmin's: the publishing service records its own revisions (never empty).
        return admin.ModelAdmin.add_view(self, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RetrySave as refusal:
            # The whole save was rolled back; a second pass shows the form with the reason (or,
            # for a stale version or a slug taken meanwhile, the form's own checks find it).
            request.publishing_error = refusal.message
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Status and publication time are requests to the service, never model fields here.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f not in WORKFLOW_FIELDS]
        form = super().get_form(request, obj, change, **kwargs)
        form.publishing_error = getattr(request, "publishing_error", None)
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and f"{prefix}-TOTAL_FORMS" not in kwargs["data"]:
            # A form posted without the corrections block (it is editors-only and collapsed)
            # submitted no corrections; that is not a tampered management form.
            data = kwargs["data"].copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
            kwargs["data"] = data
        working = getattr(obj, "working_sections", None)
        if inline.model is ReviewSection and working is not None:
            # The working copy's sections are not rows yet: offered as new forms.
            kwargs["queryset"] = ReviewSection.objects.none()
            if "data" not in kwargs:
                kwargs["initial"] = [{**s, "position": i} for i, s in enumerate(working)]
        return kwargs

    def save_model(self, request, obj: Review, form, change: bool) -> None:
        """Nothing here: save_related hands the form and its sections to the service at once."""

    def save_related(self, request, form, formsets, change: bool) -> None:
        sections = next(fs for fs in formsets if fs.model is ReviewSection)
        corrections = next((fs for fs in formsets if fs.model is Correction), None)
        content = workflow.content_from(form, sections)
        notes = form.cleaned_data.get("notes") if "notes" in form.cleaned_data else None
        try:
            if change:
                review = self._save_change(request, form, content, notes, corrections)
            else:
                review = publishing.create_review(
                    actor=request.user, content=content, notes=notes or ""
                )
                review = self._transitions(request, form, review)
        except (publishing.StaleVersion, publishing.SlugTaken) as exc:
            raise RetrySave(None if isinstance(exc, publishing.StaleVersion) else str(exc)) from exc
        except publishing.PublishingError as exc:
            raise RetrySave(str(exc)) from exc
        form.instance.pk = review.pk
        form.instance.version = review.version

    def _save_change(self, request, form, content, notes, corrections) -> Review:
        user = request.user
        review = publishing.save_content(
            review=form.instance,
            actor=user,
            content=content,
            lock_version=form.cleaned_data.get("lock_version"),
            notes=notes,
        )
        review = self._transitions(request, form, review)
        new_notes = [
            f.cleaned_data["note"]
            for f in (corrections.forms if corrections is not None else [])
            if f.instance.pk is None and f.cleaned_data.get("note")
        ]
        if new_notes:
            # A correction belongs to the live version: the changes it explains go live with it.
            rating_before = Review.objects.get(pk=review.pk).rating
            if publishing.pending_changes(review):
                review = publishing.publish_changes(
                    review=review, actor=user, lock_version=review.version
                )
            for note in new_notes:
                publishing.add_correction(
                    review=review, actor=user, note=note, rating_before=rating_before
                )
        return review

    def _transitions(self, request, form, review: Review) -> Review:
        """The state change the editor asked for, through the service, one step at a time."""
        user, post, data = request.user, request.POST, form.cleaned_data
        outcomes = []

        def step(transition, **kwargs):
            nonlocal review
            review = transition(review=review, actor=user, lock_version=review.version, **kwargs)
            outcomes.append(getattr(review, "outcome", ""))

        wanted = data.get("status") if "status" in data else review.status
        at = data.get("published_at") if "published_at" in data else review.published_at
        if "_discard_changes" in post:
            step(publishing.discard_changes)
            outcomes[-1] = "Discarded the unpublished changes."
        elif "_request_changes" in post:
            step(publishing.request_changes, message=post.get("changes_message", ""))
            outcomes[-1] = "Sent back to the critic with your message."
        elif "_submit" in post or (
            wanted == Review.Status.SUBMITTED and review.status == Review.Status.DRAFT
        ):
            step(publishing.submit)
            outcomes[-1] = "Submitted to the editors."
        elif wanted == Review.Status.PUBLISHED and (
            review.status != Review.Status.PUBLISHED or workflow.moved(at, review.published_at)
        ):
            step(publishing.publish, at=at)
        elif wanted == Review.Status.DRAFT and review.status == Review.Status.PUBLISHED:
            step(publishing.unpublish)
            outcomes[-1] = "Returned to draft: readers no longer see it."
        elif wanted == Review.Status.DRAFT and review.status == Review.Status.SUBMITTED:
            step(publishing.request_changes, message=post.get("changes_message") or "Returned.")
        if "_publish_changes" in post and publishing.pending_changes(review):
            step(publishing.publish_changes)
        elif "_schedule_changes" in post and publishing.pending_changes(review):
            when = workflow.changes_time(post)
            if when is None:
                raise publishing.PublishingError("Give the time the changes should go live.")
            step(publishing.publish_changes, at=when)
        if review.keeps_a_live_version and publishing.pending_changes(review) and not outcomes:
            outcomes.append("Saved as unpublished changes: readers still see the live version.")
        request.publishing_outcomes = [text for text in outcomes if text]
        return review

    def construct_change_message(self, request, form, formsets, add=False):
        """The service's revision comments say what happened; nothing to build here."""
        return ""

    def log_addition(self, request, obj, message):
        """The publishing service writes the admin log (once per transition)."""

    def log_change(self, request, obj, message):
        """The publishing service writes the admin log (once per transition)."""

    def delete_model(self, request, obj: Review) -> None:
        publishing.delete_review(review=obj, actor=request.user)

    def delete_queryset(self, request, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            publishing.delete_review(review=review, actor=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform").form if context.get("adminform") else None
        if form is not None and getattr(form, "conflict", None) is not None:
            context["conflict_diffs"] = diff_snapshots(
                as_text(publishing.working_content(form.conflict)),
                workflow.submitted_text(request.POST),
            )
        if obj is not None and obj.pk:
            context.update(workflow.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        self._outcome_messages(request)
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:reviews_review_preview", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._outcome_messages(request)
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:reviews_review_preview", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _outcome_messages(self, request) -> None:
        for text in getattr(request, "publishing_outcomes", []):
            self.message_user(request, text, messages.INFO)

    def save_formset(self, request, form, formset, change: bool) -> None:
        """Sections and corrections are saved by the publishing service (save_related)."""

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
        outcome = bulk.publish_reviews(reviews=queryset, actor=request.user)
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
        changed = bulk.unpublish_reviews(reviews=queryset, actor=request.user)
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

    # --- history: restore words, recover deleted reviews (see reviews.admin.history) ----------

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        review = self.get_object(request, unquote(object_id))
        if review is None or not self.has_view_permission(request, review):
            raise Http404("No such review.")
        return super().compare_view(request, object_id)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return history.restore_view(request, self, object_id, version_id)

    def recoverlist_view(self, request, extra_context=None):
        return history.recover_list_view(request, self)

    def recover_view(self, request, version_id, extra_context=None):
        return history.recover_view(request, self, version_id)

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The review, draft or not, on the real public template: staff with access only."""
        review = get_object_or_404(Review.objects.select_related("film", "author"), pk=object_id)
        if not self.has_view_or_change_permission(request, review):
            raise PermissionDenied
        with_changes = workflow.show_working_copy(review)
        context = review_page_context(review, preview=True)
        if with_changes:
            context["is_preview"] = "with unpublished changes"  # its own cached fragments
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
