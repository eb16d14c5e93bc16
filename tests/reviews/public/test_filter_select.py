"""The filter forms' selects: Django's widget, with the class the site's crispy pack gives it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("list_name", ["films:film_list", "reviews:review_list"])
def test_filter_selects_carry_the_class_the_stylesheet_styles(client, list_name):
    """Every filter <select> has the field__control class site.css styles (the crispy pack's)."""
    ReviewFactory()
    html = client.get(reverse(list_name)).content.decode()
    selects = re.findall(r"<select [^>]*>", html)
    assert selects
    assert all("field__control" in tag for tag in selects), selects
