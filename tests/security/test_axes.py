"""Admin login throttling (django-axes): five failures lock the account out, with a clear page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"


def attempt(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_right_password_logs_in(client, editor):
    """The real admin login still works with the throttling backend in front."""
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 302


def test_a_few_wrong_passwords_are_ordinary_errors(client, editor, settings):
    """Below the limit, a wrong password is the admin's usual form error."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()


def test_too_many_failures_lock_the_account_out(client, editor, settings):
    """After the limit, even the right password is refused with the lock-out page."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong")
    response = attempt(client, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "locked" in page
    assert "_auth_user_id" not in client.session


def test_lock_out_is_per_user(client, editor, critic, settings):
    """Another editor from the same address can still sign in."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong")
    assert attempt(client, "critic", PASSWORD).status_code == 302


def test_success_resets_the_count(client, editor, settings):
    """Signing in correctly forgets earlier failures."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_test_client_login_still_works(client, editor):
    """client.login (no request) is not broken by the throttling backend."""
    assert client.login(username="editor", password=PASSWORD)
