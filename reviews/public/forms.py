"""The readers' search boxes (the header's, the search page's, the people index's) as forms.

Rendered with `{% crispy form %}` through the site's own template pack (templates/site_forms/),
like the filter forms in filters.py. The views read `?q=` themselves (the search engine and the
index each clean it their own way); a form here is given the cleaned query to show back.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.forms.renderers import Jinja2
from django.urls import reverse

from reviews.search import results as site_search

# Longer "names" are not names: the people index searches at most this many characters.
MAX_PERSON_QUERY = 100

# Django's own widget templates, in the Jinja2 versions Django ships with them: the same markup
# (tests/reviews/public/test_reader_forms.py) at a fraction of the cost. A select renders
# two templates per option in the Django template language; the catalogue filter's 164
# options were a quarter of a cold /films/. Labels, help and errors stay in the site's
# crispy pack (templates/site_forms/); the admin keeps settings.FORM_RENDERER.
WIDGETS = Jinja2()


class ReaderForm(forms.Form):
    """A form on the readers' site: filters and search boxes."""

    default_renderer = WIDGETS


class SearchBoxForm(ReaderForm):
    """One search box (?q=) and a plain button (no name, so no `&submit=` in the URL).

    A subclass says where it submits, what its label, button and ids are, and how long a query
    may be; the widget's attributes come from `box_attrs`.
    """

    q = forms.CharField(required=False, widget=forms.SearchInput)

    action_name = "search"
    label = "Films, people and reviews"
    button = "Search"
    id_prefix = "search"
    css_class = "search-form"
    button_class = "button"
    label_class = ""
    max_length = site_search.MAX_QUERY_LENGTH
    box_attrs: dict[str, str] = {}
    form_attrs: dict[str, str] = {}

    def __init__(self, *, query: str = "") -> None:
        super().__init__(initial={"q": query}, auto_id=f"{self.id_prefix}-%s")
        box = self.fields["q"]
        box.label = self.label
        box.widget.attrs.update({"maxlength": str(self.max_length), **self.box_attrs})
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse(self.action_name)
        self.helper.form_class = self.css_class
        self.helper.label_class = self.label_class
        self.helper.disable_csrf = True
        self.helper.attrs = {"role": "search", **self.form_attrs}
        self.helper.layout = Layout(
            Field("q"),
            HTML(f'<button type="submit" class="{self.button_class}">{self.button}</button>'),
        )


class SiteSearchForm(SearchBoxForm):
    """The search page's box: films, people, critics and reviews."""

    box_attrs = {"autocomplete": "off"}
    form_attrs = {"aria-label": "Search this site"}


class HeaderSearchForm(SearchBoxForm):
    """The box in every page's header: its label is read out, not shown (the placeholder is)."""

    label = "Search films, people and reviews"
    id_prefix = "site-search"
    css_class = "site-search"
    button_class = "site-search__button"
    label_class = "visually-hidden"
    box_attrs = {"placeholder": "Search films, people, reviews", "autocomplete": "off"}


class PersonSearchForm(SearchBoxForm):
    """The people index's box: part of a name."""

    action_name = "films:person_index"
    label = "Find a person by name"
    button = "Find"
    id_prefix = "people"
    css_class = "search-form people-search"
    max_length = MAX_PERSON_QUERY
