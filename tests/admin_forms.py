"""Turn an admin add/change page, as an editor's browser received it, into the POST it sends."""

from __future__ import annotations

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm, ModelMultipleChoiceField, MultipleChoiceField
from django.http import HttpResponse


def _field_values(form: BaseForm) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if field.disabled:
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is None:
            if not isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
                data[key] = ""  # an empty multiple choice sends nothing at all
        elif isinstance(value, list | tuple):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, FieldFile | File):
            continue  # an existing file is kept by not sending one
        else:
            data[key] = getattr(value, "pk", value)
    return data


def admin_form_data(response: HttpResponse) -> dict[str, object]:
    """Every field of the page's form and inline formsets, with the values it showed."""
    context = response.context
    data = _field_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _field_values(formset.management_form)
        # Extra forms carry their initial values, as a browser sends them: unchanged, so skipped.
        for form in formset.forms:
            data |= _field_values(form)
    return data
