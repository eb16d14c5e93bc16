"""Template helpers for review pages: JSON-LD, bylines, absolute URLs."""

from __future__ import annotations

import json

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from reviews.models import display_name
from reviews.public import jsonld
from reviews.public.forms import HeaderSearchForm
from reviews_project import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def site_search(context: template.Context) -> SafeString:
    """The header's search box, showing the query the page searched for, if any.

    It is on every page and the same on all of them (but the search page's), so it is a
    standalone fragment: rendered with crispy once per language and query, not per request.
    """
    query = context.get("search_query") or ""
    request = context.get("request")

    def render() -> str:
        form = HeaderSearchForm(query=query)
        return render_to_string("includes/site_search.html", {"form": form})

    parts = (translation.get_language(), query)
    html = fragments.cached(request, "site-search", parts, render, standalone=True)
    return mark_safe(html)  # noqa: S308 - rendered by the template just above, escaped there


# Inside <script>, "</script>" or "<!--" in a headline would end or confuse the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    """Serialise a JSON-LD document for a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 (escaped just above)


@register.filter
def byline(user: AbstractBaseUser) -> str:
    """A critic's name as printed: full name when set, else the username."""
    return display_name(user)


@register.filter
def critic_url(user: AbstractBaseUser) -> str:
    """The critic's page path."""
    return jsonld.critic_url(user)


@register.filter
def absolute(path_or_url: str) -> str:
    """An absolute URL for canonical links, Open Graph and feeds."""
    return jsonld.absolute_url(str(path_or_url))


@register.filter
def page_range(paginator: Paginator, number: int) -> list:
    """Page numbers around the current one, with the first and last, gaps as the ellipsis."""
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
