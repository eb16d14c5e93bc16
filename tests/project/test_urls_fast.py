"""reverse_value() gives exactly what reverse() gives, for every value and script prefix."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews_project.urls_fast import reverse_value

ROUTES = [
    ("films:film_detail", "slug", "slug"),
    ("films:person_detail", "slug", "slug"),
    ("reviews:review_detail", "slug", "slug"),
    ("reviews:critic_detail", "username", "str"),
]


@pytest.fixture(autouse=True)
def _reset_prefix():
    yield
    set_script_prefix("/")


@settings(max_examples=200, deadline=None)
@given(route=st.sampled_from(ROUTES), value=st.text(min_size=0, max_size=30))
def test_same_as_reverse_for_any_value(route, value):
    name, kwarg, converter = route
    try:
        expected = reverse(name, kwargs={kwarg: value})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse_value(name, kwarg, value, converter)
        return
    assert reverse_value(name, kwarg, value, converter) == expected


@pytest.mark.parametrize(
    ("name", "kwarg", "converter", "value"),
    [
        ("films:film_detail", "slug", "slug", "the-burning-station-1961"),
        ("reviews:critic_detail", "username", "str", "ana.lopez+films@example"),
        ("reviews:critic_detail", "username", "str", "Zoë Ōkubo"),
        ("reviews:critic_detail", "username", "str", "100%?#"),
    ],
)
def test_same_as_reverse_under_a_script_prefix(name, kwarg, converter, value):
    """Mounted under /magazine/ (SCRIPT_NAME), links carry the prefix as reverse()'s do."""
    plain = reverse_value(name, kwarg, value, converter)
    set_script_prefix("/magazine/")
    prefixed = reverse_value(name, kwarg, value, converter)
    assert prefixed == reverse(name, kwargs={kwarg: value})
    assert prefixed == "/magazine" + plain


def test_a_value_the_route_refuses_raises_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        reverse_value("films:film_detail", "slug", "not a slug")
    with pytest.raises(NoReverseMatch):
        reverse_value("reviews:critic_detail", "username", "a/b", "str")
