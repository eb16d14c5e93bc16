"""System checks about how the site is deployed."""

from __future__ import annotations

from reviews_project.checks import check_shared_cache
from tests.production_env import production_env, run_python

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_a_per_process_cache_with_several_workers_is_refused(settings):
    """Production with a LocMemCache and more than one worker fails the check, saying why."""
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    settings.WEB_WORKERS = 3
    [error] = check_shared_cache()
    assert error.id == "reviews_project.E001"
    assert "3 workers" in error.msg


def test_a_per_process_cache_with_one_worker_is_fine(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    settings.WEB_WORKERS = 1
    assert check_shared_cache() == []


def test_production_without_redis_shares_a_file_cache_between_workers(tmp_path):
    """The embedded default (no REDIS_URL) is a file cache every worker shares, and passes."""
    env = production_env(tmp_path, REDIS_URL=None, GUNICORN_WORKERS="3")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = run_python(env, "-c", code)
    assert result.stdout.strip() == "reviews_project.filecache.SharedFileCache"
    check = run_python(env, "manage.py", "check")
    assert check.returncode == 0, check.stderr
