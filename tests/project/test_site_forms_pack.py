"""The site's crispy template pack (templates/site_forms/): the site's markup for any form."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.utils import render_crispy_form
from django import forms
from django.middleware.csrf import get_token

BOOTSTRAP_CLASSES = ("mb-3", "form-label", "form-select", "form-control", "form-check")
SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


class SampleForm(forms.Form):
    """One field of each kind a reader's form may hold."""

    name = forms.CharField(label="Your name", help_text="As it appears on reviews.")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], label="Kind")
    notify = forms.BooleanField(required=False, label="Tell me about replies")
    size = forms.ChoiceField(
        choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect, label="Size"
    )

    def clean(self):
        raise forms.ValidationError("Something about the whole form is wrong.")


def rendered(form: forms.Form) -> str:
    form.helper = FormHelper()
    form.helper.form_method = "get"
    return render_crispy_form(form)


def elements(html: str):
    document = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return list(document.iter())


def test_fields_carry_the_site_classes_and_no_bootstrap_ones():
    """Labels, controls and checkboxes get field__* classes; no Bootstrap class is emitted."""
    html = rendered(SampleForm())
    assert '<label for="id_name" class="field__label">Your name</label>' in html
    assert re.search(r'<input [^>]*class="textinput field__control"[^>]*id="id_name"', html)
    assert re.search(r'<select [^>]*class="select field__control"', html)
    assert re.search(r'<input [^>]*type="checkbox"[^>]*class="checkboxinput field__check"', html)
    classes = {c for el in elements(html) for c in el.get("class", "").split()}
    assert not classes & set(BOOTSTRAP_CLASSES), classes


def test_help_text_is_linked_to_its_control():
    """Help text has the id Django's widget names in aria-describedby."""
    html = rendered(SampleForm())
    assert '<p id="id_name_helptext" class="field__help">As it appears on reviews.</p>' in html
    assert 'aria-describedby="id_name_helptext"' in html


def test_radio_buttons_are_a_fieldset_with_the_label_as_legend():
    """A group of inputs is a fieldset whose legend names it, not a label for nothing."""
    tree = elements(rendered(SampleForm()))
    fieldsets = [el for el in tree if el.tag == "fieldset"]
    assert len(fieldsets) == 1
    assert fieldsets[0].find("legend").text == "Size"


def test_errors_are_shown_per_field_and_for_the_form():
    """A bound, invalid form shows each field's errors beside it and the form's above it."""
    form = SampleForm(data={"kind": "zzz"})
    form.is_valid()
    html = rendered(form)
    assert 'class="field field--invalid"' in html
    assert '<ul id="id_name_error" class="field__errors">' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<div class="form-errors" role="alert">\s*<ul>\s*<li>Something about', html)


def test_get_forms_carry_no_csrf_token_and_post_forms_do(rf):
    """The pack puts a CSRF token in POST forms only."""
    form = SampleForm()
    form.helper = FormHelper()
    form.helper.form_method = "post"
    token = get_token(rf.get("/"))
    assert "csrfmiddlewaretoken" in render_crispy_form(form, context={"csrf_token": token})
    assert "csrfmiddlewaretoken" not in rendered(SampleForm())


@pytest.mark.parametrize("name", BOOTSTRAP_CLASSES)
def test_stylesheet_styles_no_bootstrap_class(name):
    """site.css has no rule for a Bootstrap class name: the pack never emits one."""
    assert not re.search(rf"\.{re.escape(name)}\b", SITE_CSS.read_text(encoding="utf-8"))
