"""reverse() for the few routes pages link to by the hundred: films, people, reviews, critics.

A person's page links to every film of a long filmography; a list links each card to a film, a
review and a critic. Django's reverse() costs about 45 µs a call (URL resolver lookups, language
checks), which made it a third of a cold person page. Here each route is reversed once with a
marker value; later calls substitute the value into that template. The result is exactly
reverse()'s: the value is checked against the route's converter (else reverse() itself runs and
raises as usual), quoted with reverse()'s safe characters, and the script prefix is the current
request's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARKER = "fastreversemarker0"
# The converters our routes use: <slug:...> and <str:...> (django.urls.converters).
CONVERTERS = {"slug": re.compile(r"[-a-zA-Z0-9_]+"), "str": re.compile(r"[^/]+")}
_SAFE = RFC3986_SUBDELIMS + "/~:@"


@lru_cache(maxsize=32)
def _route(urlconf: str, prefix: str, name: str, kwarg: str) -> tuple[str, str]:
    """The text before and after the value in the route's path (script prefix excluded)."""
    path = reverse(name, kwargs={kwarg: _MARKER}, urlconf=urlconf)[len(prefix) :]
    before, marker, after = path.partition(_MARKER)
    if not marker or _MARKER in after:
        raise ValueError(f"{name} cannot be reversed by substitution")
    return before, after


def reverse_value(name: str, kwarg: str, value: str, converter: str = "slug") -> str:
    """reverse(name, kwargs={kwarg: value}) for a route with a single converter argument."""
    value = str(value)
    if not CONVERTERS[converter].fullmatch(value):
        return reverse(name, kwargs={kwarg: value})  # raises NoReverseMatch as usual
    prefix = get_script_prefix()
    before, after = _route(get_urlconf() or settings.ROOT_URLCONF, prefix, name, kwarg)
    return f"{prefix}{before}{quote(value, safe=_SAFE)}{after}"
