"""Settings for `make bench`: production's own, plus what only the benchmark needs.

bench/run.py starts gunicorn (and its manage.py steps) with this module as
DJANGO_SETTINGS_MODULE, so what is measured is the production configuration with two additions,
neither of which the site's own settings know about:

- the reference views (`/__bench__/hello/`, `/__bench__/naive/`, bench/views.py), routed by
  bench/urls.py in front of the site's URLconf, their template in bench/templates/;
- `DJANGO_CACHE_DISABLED=1`, the cold mode: every cache alias becomes a dummy cache, so page
  and fragment caches keep nothing.

The page and fragment caches' own switches (`DJANGO_PAGE_CACHE_SECONDS=0`,
`DJANGO_FRAGMENT_CACHE_SECONDS=0`) are production settings and stay there.
"""

from __future__ import annotations

# Everything production sets, as it sets it; a star import is the plain way to say so.
from reviews_project.settings import *  # noqa: F403
from reviews_project.settings import BASE_DIR, CACHES, TEMPLATES, env

ROOT_URLCONF = "bench.urls"

# A new list and dict, so the production settings module is left as it was.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]

if env.bool("DJANGO_CACHE_DISABLED", default=False):
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}
