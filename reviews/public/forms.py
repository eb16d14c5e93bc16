"""The readers' search boxes (the header's, the search page's, the people index's) as forms.

Rendered with `{% crispy form %}` through the site's own template pack (templates/site_forms/),
like the filter forms in filters.py. The views read `?q=` themselves (the search engine and the
index each clean it their own way); a form here is given the cleaned query to show back.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.urls import reverse

from reviews.search import results as site_search

# Longer "names" are not names: the people index searches at most this many characters.
MAX_PERSON_QUERY = 100


def search_box_helper(
    *, action: str, button: str, css_class: str, button_class: str = "button", **attrs: str
) -> FormHelper:
    """A GET form of one search box and a plain button (no name, so no `&submit=` in the URL)."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_action = action
    helper.form_class = css_class
    helper.disable_csrf = True
    helper.attrs = {"role": "search", **attrs}
    helper.layout = Layout(
        Field("q"),
        HTML(f'<button type="submit" class="{button_class}">{button}</button>'),
    )
    return helper


class SiteSearchForm(forms.Form):
    """The search page's box: films, people, critics and reviews."""

    q = forms.CharField(
        label="Films, people and reviews",
        required=False,
        max_length=site_search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *, query: str = "") -> None:
        super().__init__(initial={"q": query}, auto_id="search-%s")
        self.helper = search_box_helper(
            action=reverse("search"),
            button="Search",
            css_class="search-form",
            aria_label="Search this site",
        )


class PersonSearchForm(forms.Form):
    """The people index's box: part of a name."""

    q = forms.CharField(
        label="Find a person by name",
        required=False,
        max_length=MAX_PERSON_QUERY,
        widget=forms.SearchInput,
    )

    def __init__(self, *, query: str = "") -> None:
        super().__init__(initial={"q": query}, auto_id="people-%s")
        self.helper = search_box_helper(
            action=reverse("films:person_index"),
            button="Find",
            css_class="search-form people-search",
        )


class HeaderSearchForm(forms.Form):
    """The box in every page's header: its label is read out, not shown (the placeholder is)."""

    q = forms.CharField(
        label="Search films, people and reviews",
        required=False,
        max_length=site_search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(
            attrs={"placeholder": "Search films, people, reviews", "autocomplete": "off"}
        ),
    )

    def __init__(self, *, query: str = "") -> None:
        super().__init__(initial={"q": query}, auto_id="site-search-%s")
        self.helper = search_box_helper(
            action=reverse("search"),
            button="Search",
            css_class="site-search",
            button_class="site-search__button",
        )
        self.helper.label_class = "visually-hidden"
