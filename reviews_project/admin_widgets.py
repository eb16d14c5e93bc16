"""Admin choice fields and autocomplete widgets that survive hostile input.

Django's AutocompleteSelect, re-showing a form after an error, queries the submitted value
as a primary key as is: a posted "film=:" becomes a ValueError and a 500. These widgets
drop values the key field cannot hold before that query (the form already reports them).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator


def _valid_key(model_field, value) -> bool:
    """Whether a submitted value could be a key of the related model (type and range)."""
    remote = model_field.remote_field
    opts = remote.model._meta
    field_name = getattr(remote, "field_name", None)
    return _fits(opts.get_field(field_name) if field_name else opts.pk, value)


def _fits(key, value) -> bool:
    """Whether a submitted value could be stored in this key field (type and range)."""
    try:
        key.clean(value, None)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


class _ValidValuesOnly:
    def optgroups(self, name, value, attr=None):
        valid = [item for item in value if _valid_key(self.field, item)]
        return super().optgroups(name, valid, attr)


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice whose key is out of range (2**63 on SQLite) is invalid, not an OverflowError."""

    model_field = None

    def to_python(self, value):
        if value not in self.empty_values and not _valid_key(self.model_field, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for many-to-many choices."""

    model_field = None

    def _check_values(self, value):
        for item in value:
            if not _valid_key(self.model_field, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:50]},
                )
        return super()._check_values(value)


class SafeAutocompleteSelect(_ValidValuesOnly, AutocompleteSelect):
    """AutocompleteSelect that ignores values that are not valid keys."""


class SafeAutocompleteSelectMultiple(_ValidValuesOnly, AutocompleteSelectMultiple):
    """AutocompleteSelectMultiple that ignores values that are not valid keys."""


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline: autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault(
            "form_class", type("Choice", (SafeModelChoiceField,), {"model_field": db_field})
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault(
            "form_class",
            type("Choices", (SafeModelMultipleChoiceField,), {"model_field": db_field}),
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class _OverflowSafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as exc:
            # A date-hierarchy year such as 99999999999: Django catches ValueError only.
            raise IncorrectLookupParameters(exc) from exc


class SafeChangeListMixin:
    """For a ModelAdmin: an overflowing number in the list's URL is a bad lookup, and a
    selection that holds no key (a posted "_selected_action=\\x00") a message, not a 500."""

    def get_changelist(self, request, **kwargs):
        return _OverflowSafeChangeList

    def response_action(self, request, queryset, *args, **kwargs):
        key = self.model._meta.pk
        if not all(_fits(key, v) for v in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)):
            # Django filters pk__in with the posted values as they are: a ValueError.
            self.message_user(
                request, "That selection was not understood: tick the items again.", messages.ERROR
            )
            return None  # the change list shows the message again, nothing is done
        return super().response_action(request, queryset, *args, **kwargs)


def make_every_changelist_safe(site) -> None:
    """Give every admin on `site` the SafeChangeListMixin, third-party ones included (users,
    groups, django-axes' records, task results): our own admins say it in their class; the
    others are registered again with it mixed in."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, SafeChangeListMixin):
            continue
        cls = type(model_admin)
        site.unregister(model)
        site.register(model, type(cls.__name__, (SafeChangeListMixin, cls), {}))


class BoundedLoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a user name longer than any user's before it is used.

    Django's form sets the field's max_length after the field is built, so no length check
    runs: a 400-character name reached django-axes, whose record of the failed attempt holds
    255 characters (a DataError, so a 500, on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
