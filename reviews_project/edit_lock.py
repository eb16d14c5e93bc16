"""Optimistic edit locks for admin change forms of models with a `version` field.

The form carries the version the editor opened. Saving checks it atomically
(UPDATE ... WHERE version = opened) and bumps it. When someone saved since, nothing is saved:
the editor's text stays in the form, the page names who saved and when, and lists their
version against the editor's field by field. A POST without the version is refused.
"""

from __future__ import annotations

from django import forms
from django.db.models import F, FileField, Model
from django.http import HttpRequest
from django.utils import timezone
from reversion.models import Version

from reviews_project.history import diff_snapshots

MISSING_VERSION = (
    "This page was sent without its edit-lock version, so nothing was saved: "
    "reload the page and make your change again."
)


class EditConflict(Exception):
    """Another save won the race between the form's check and the UPDATE."""


def saved_by_line(obj: Model, noun: str) -> str:
    """“Someone else saved this film at 14:05:09 (by alice) since you opened it.”"""
    last = (
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk").first()
    )
    user = last.revision.user if last else None
    who = f" (by {user.get_full_name() or user.get_username()})" if user else ""
    at = timezone.localtime(obj.updated_at).strftime("%H:%M:%S")
    return (
        f"Someone else saved this {noun} at {at}{who} since you opened it. Nothing was saved. "
        "Your text is still in the form below and their changes are listed above it: "
        "copy what you need, then save again to replace their version with yours."
    )


def _texts(obj: Model, form: forms.BaseForm, value_of) -> dict[str, str]:
    """The form's plain (non-relation, non-file) fields as label -> text."""
    texts = {}
    for field in obj._meta.concrete_fields:
        if field.name not in form.fields or field.is_relation or isinstance(field, FileField):
            continue
        value = value_of(field.name)
        text = "" if value is None else str(value)
        texts[str(form.fields[field.name].label or field.name)] = text.replace("\r\n", "\n")
    return texts


class EditLockMixin:
    """For a ModelAdmin: every change form save checks and bumps the object's version."""

    change_form_template = "admin/edit_lock_change_form.html"

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            return base
        noun = self.model._meta.verbose_name

        class LockedForm(base):
            lock_version = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
            )

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["lock_version"].initial = self.instance.version
                self.conflict = None

            def clean(self):
                cleaned = super().clean()
                opened = cleaned.get("lock_version")
                if opened is None:
                    if "lock_version" not in self.errors:
                        raise forms.ValidationError(MISSING_VERSION, code="missing_version")
                    return cleaned
                current = type(self.instance).objects.filter(pk=self.instance.pk).first()
                if current is not None and current.version != opened:
                    self.conflict = current
                    data = self.data.copy()
                    data[self.add_prefix("lock_version")] = current.version
                    self.data = data
                    raise forms.ValidationError(saved_by_line(current, noun), code="edit_conflict")
                return cleaned

        return LockedForm

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change:
            opened = form.cleaned_data["lock_version"]
            updated = type(obj).objects.filter(pk=obj.pk, version=opened)
            if not updated.update(version=F("version") + 1):
                raise EditConflict
            obj.version = opened + 1
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # The whole save was rolled back; a second pass shows the form with the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        form = adminform.form if adminform else None
        conflict = getattr(form, "conflict", None)
        if conflict is not None:
            context["conflict_diffs"] = diff_snapshots(
                _texts(conflict, form, lambda name: getattr(conflict, name)),
                _texts(conflict, form, lambda name: form.data.get(form.add_prefix(name), "")),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
