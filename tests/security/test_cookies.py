"""Production settings: session and CSRF cookies secure and HttpOnly, the admin only over HTTPS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production_env import PRODUCTION

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT", "DEBUG",
]}))
"""


@pytest.fixture(scope="module")
def production() -> dict[str, object]:
    """The settings as production loads them (DJANGO_DEBUG=0), read in a fresh process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reviews_project.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"],
        "DJANGO_ALLOWED_HOSTS": "films.example.org",
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "name",
    [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
    ],
)
def test_cookies_are_secure_and_http_only_in_production(production, name):
    """Session and CSRF cookies never travel over plain HTTP nor reach page scripts."""
    assert production["DEBUG"] is False
    assert production[name] is True


def test_production_redirects_to_https(production):
    """Plain HTTP is redirected, so the admin (and its login) is only served over HTTPS."""
    assert production["SECURE_SSL_REDIRECT"] is True


@pytest.mark.django_db
def test_admin_over_http_is_redirected_to_https(client, settings):
    """With production's redirect on, an http:// admin request goes to https://."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_login_cookies_carry_the_flags(client, editor, settings):
    """The cookies the admin login sets are Secure and HttpOnly under production flags."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.CSRF_COOKIE_HTTPONLY = True
    client.get("/admin/login/", secure=True)
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct horse battery staple"},
        secure=True,
    )
    for name in ["sessionid", "csrftoken"]:
        assert client.cookies[name]["secure"], name
        assert client.cookies[name]["httponly"], name
