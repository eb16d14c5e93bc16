"""Curated lists and critics' profiles in the editors' admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from films.forms import VerifiedImageField
from reviews.models import CriticProfile, CuratedList, ListEntry
from reviews.services.lists import list_edited, publish_list, unpublish_list
from reviews_project.admin_widgets import SafeAutocompleteMixin, SafeChangeListMixin


class ListEntryInline(SafeAutocompleteMixin, admin.StackedInline):
    model = ListEntry
    extra = 1
    autocomplete_fields = ["film"]
    fields = ["film", "position", "note"]


@admin.register(CuratedList)
class CuratedListAdmin(SafeChangeListMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "state", "entry_count", "author", "published_at"]
    list_filter = ["status", "ranked"]
    search_fields = ["title", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    fields = [
        "title",
        "slug",
        "author",
        "intro",
        "ranked",
        "status",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ListEntryInline]
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(n_entries=Count("entries"))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="films", ordering="n_entries")
    def entry_count(self, obj: CuratedList) -> int:
        return obj.n_entries

    @admin.display(description="state", ordering="status")
    def state(self, obj: CuratedList) -> str:
        if obj.status == CuratedList.Status.PUBLISHED and not obj.is_public:
            return "Scheduled"
        return obj.get_status_display()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        before = set(form.instance.entries.values_list("film_id", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.entries.values_list("film_id", flat=True))
        list_edited(curated_list=form.instance, film_ids=before | after)

    @admin.action(description="Publish selected lists", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = 0
        for curated_list in queryset:
            problems = publish_list(curated_list=curated_list, actor=request.user)
            if problems:
                self.message_user(
                    request,
                    f"“{curated_list}” was not published: {' '.join(problems)}",
                    messages.WARNING,
                )
            else:
                published += 1
        if published:
            self.message_user(request, f"Published {published} list(s).", messages.SUCCESS)

    @admin.action(description="Return selected lists to draft", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = sum(
            unpublish_list(curated_list=curated_list, actor=request.user)
            for curated_list in queryset
        )
        self.message_user(request, f"Returned {changed} list(s) to draft.", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reviews.publish_curatedlist")


class CriticProfileForm(forms.ModelForm):
    """Avatars are verified and re-encoded before they are stored, like posters."""

    class Meta:
        model = CriticProfile
        fields = ["user", "bio", "avatar", "avatar_alt"]
        field_classes = {"avatar": VerifiedImageField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("avatar") and not (cleaned.get("avatar_alt") or "").strip():
            self.add_error("avatar_alt", "Describe the picture: alt text is required with it.")
        return cleaned


@admin.register(CriticProfile)
class CriticProfileAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Critics edit their own profile; editors edit everyone's."""

    form = CriticProfileForm
    list_display = ["user", "updated_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "bio", "avatar", "avatar_alt"]

    def _edits_everyone(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or request.user.groups.filter(name="Editor").exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        profiles = super().get_queryset(request).select_related("user")
        if self._edits_everyone(request):
            return profiles
        return profiles.filter(user=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [] if self._edits_everyone(request) else ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        if not super().has_add_permission(request):
            return False
        return (
            self._edits_everyone(request)
            or not CriticProfile.objects.filter(user=request.user).exists()
        )

    def save_model(self, request: HttpRequest, obj: CriticProfile, form, change: bool) -> None:
        if not self._edits_everyone(request):
            obj.user = request.user  # a critic's profile is always their own
        super().save_model(request, obj, form, change)
