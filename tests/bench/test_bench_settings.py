"""bench.settings: production's settings plus the benchmark's switches, which production lacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.production_env import BASE_DIR, production_env

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.ROOT_URLCONF, settings.CACHES['default']['BACKEND'], settings.DEBUG,"
    " settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS)"
)


def settings_seen(tmp_path, module: str, **env: str) -> list[str]:
    """ROOT_URLCONF, the default cache backend, DEBUG and the two cache lifetimes of `module`."""
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=BASE_DIR,
        env={**production_env(tmp_path, **env), "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("module", ["reviews_project.settings", "bench.settings"])
def test_page_and_fragment_switches_are_read_by_both(tmp_path, module):
    """DJANGO_PAGE_CACHE_SECONDS=0 and DJANGO_FRAGMENT_CACHE_SECONDS=0 turn either cache off."""
    seen = settings_seen(
        tmp_path, module, DJANGO_PAGE_CACHE_SECONDS="0", DJANGO_FRAGMENT_CACHE_SECONDS="0"
    )
    assert seen[2:] == ["False", "0", "0"]


def test_bench_settings_route_the_references_and_keep_production_caching(tmp_path):
    """Without the cold switch the bench measures production's own cache."""
    production = settings_seen(tmp_path, "reviews_project.settings")
    bench = settings_seen(tmp_path, "bench.settings")
    assert bench[0] == "bench.urls"
    assert production[0] == "reviews_project.urls"
    assert bench[1:] == production[1:]
    assert bench[1] == "reviews_project.filecache.SharedFileCache"


def test_cold_switch_empties_every_cache_only_under_bench_settings(tmp_path):
    """DJANGO_CACHE_DISABLED=1 is the bench's cold mode; the site's settings ignore it."""
    dummy = "django.core.cache.backends.dummy.DummyCache"
    assert settings_seen(tmp_path, "bench.settings", DJANGO_CACHE_DISABLED="1")[1] == dummy
    production = settings_seen(tmp_path, "reviews_project.settings", DJANGO_CACHE_DISABLED="1")
    assert production[1] != dummy
