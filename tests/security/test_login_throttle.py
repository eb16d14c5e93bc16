"""The admin lock-out behind a proxy: no one can lock a real editor out, nor spray guesses.

Requests carry REMOTE_ADDR and X-Forwarded-For as nginx would send them (docs/deploy.md).
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reviews_project.client_ip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"
NGINX = "127.0.0.1"
ATTACKER = "203.0.113.9"
EDITOR_HOME = "198.51.100.7"


def attempt(client, username: str, password: str, *, remote: str = NGINX, forwarded: str = ""):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, **headers)


def test_attacker_behind_the_proxy_cannot_lock_the_editor_out(client, editor, settings):
    """Failures from one client address do not lock the same user out at another address."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(client, "editor", "wrong", forwarded=ATTACKER)
    assert attempt(client, "editor", PASSWORD, forwarded=ATTACKER).status_code == 429
    client.logout()
    assert attempt(client, "editor", PASSWORD, forwarded=EDITOR_HOME).status_code == 302


def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client, editor, settings):
    """A client that connects directly cannot dodge the lock-out by inventing addresses."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong", remote=ATTACKER, forwarded=f"10.0.0.{n}")
    response = attempt(client, "editor", PASSWORD, remote=ATTACKER, forwarded="10.0.0.99")
    assert response.status_code == 429


def test_client_written_forwarded_for_left_of_the_proxy_is_ignored(client, editor, settings):
    """nginx appends the real address; whatever the client wrote further left does not count."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong", forwarded=f"10.0.0.{n}, {ATTACKER}")
    response = attempt(client, "editor", PASSWORD, forwarded=f"10.9.9.9, {ATTACKER}")
    assert response.status_code == 429


def test_spraying_many_user_names_from_one_address_is_throttled(client, settings):
    """A few guesses at each of many names add up: the address is refused for every name."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 12
    names = [f"user{n}" for n in range(4)]
    for name in names:
        for _ in range(settings.AXES_FAILURE_LIMIT - 2):
            response = attempt(client, name, "wrong", forwarded=ATTACKER)
            assert response.status_code == 200
    UserFactory(username="victim", is_staff=True)
    assert attempt(client, "victim", PASSWORD, forwarded=ATTACKER).status_code == 429
    assert attempt(client, "victim", PASSWORD, forwarded=EDITOR_HOME).status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (NGINX, ATTACKER, ATTACKER),
        (NGINX, f"1.2.3.4, {ATTACKER}", ATTACKER),
        (NGINX, f"{ATTACKER}, 127.0.0.1", ATTACKER),
        (NGINX, "", NGINX),
        (NGINX, "not-an-address", NGINX),
        (NGINX, f"{ATTACKER}, junk", NGINX),
        (ATTACKER, EDITOR_HOME, ATTACKER),
        ("::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_address_resolution(remote, forwarded, expected):
    """The right-most address not of a trusted proxy, and only behind a trusted proxy."""
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_trusted_proxies_are_configurable(settings):
    """A load balancer on a private network is trusted once listed."""
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert client_ip(request) == ATTACKER
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert client_ip(request) == NGINX
