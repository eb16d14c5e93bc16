"""Forged posts: every admin URL refuses a POST without the CSRF token, signed in or not.

The URL list is read from the admin's resolver (as the permission matrix does), so a new admin
view is forged against without anyone adding it here. Django's test client skips CSRF checks
unless asked (enforce_csrf_checks=True), which is how a cross-site form arrives.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, resolve, reverse

from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

# The admin's regular-expression routes, each with a value that resolves.
_REGEX_ROUTES = {
    r"^([^/]+)/history/(\d+)/$": "{pk}/history/1/",
    r"^recover/(\d+)/$": "recover/1/",
    r"^recover/$": "recover/",
    r"(?P<url>.*)$": "no-such-page/",
}


def admin_paths(pk: int) -> list[str]:
    """Every admin URL pattern, filled in with an id."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix, str(p.pattern)

    paths = []
    for prefix, pattern in walk(admin.site.urls[0]):
        for regex, value in _REGEX_ROUTES.items():
            pattern = pattern.replace(regex, value.format(pk=pk))
        pattern = re.sub(r"\^\(\?P<app_label>[^)]*\)/\$", "reviews/", pattern)
        path = re.sub(r"<(?:\w+:)?\w+>", str(pk), prefix + pattern)
        paths.append(reverse("admin:index") + path)
    return paths


@pytest.fixture
def forger(django_user_model):
    """A signed-in superuser's browser, posting from another site (no CSRF token)."""
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(boss)
    return browser


def test_every_admin_url_refuses_a_forged_post(forger):
    """A POST without the token is a 403 on every admin URL, and nothing is written."""
    review = ReviewFactory(headline="Untouched")
    paths = admin_paths(review.pk)
    assert len(paths) > 50
    refused = []
    for path in paths:
        resolve(path.split("?")[0])  # every filled-in pattern is a real address
        response = forger.post(path, {"headline": "Forged", "action": "delete_selected"})
        refused.append((path, response.status_code))
    assert [p for p, status in refused if status != 403] == []
    review.refresh_from_db()
    assert review.headline == "Untouched"


def test_forged_sign_in_is_refused(client, django_user_model):
    """Login CSRF: a cross-site post of someone's credentials does not sign the browser in."""
    django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("admin:login"), {"username": "boss", "password": "pw"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
