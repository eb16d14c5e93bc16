"""The filter forms' Python-rendered <select> matches Django's template-rendered one."""

from __future__ import annotations

from django import forms

from reviews.public.filters import Select

CHOICES = [
    ("", "Any critic"),
    ("ada", "Ada <Lovelace> & co"),
    ('q"uote', "Quote's"),
    ("zed", "Zed (12)"),
]


def test_select_renders_the_same_html_as_djangos():
    """Options, escaping, the selected value and attributes are byte for byte Django's."""
    attrs = {"id": "id_critic", "class": "select form-select", "required": True, "hidden": False}
    ours = Select(choices=CHOICES).render("critic", "ada", attrs=attrs)
    django = forms.Select(choices=CHOICES).render("critic", "ada", attrs=attrs)
    assert ours == django
