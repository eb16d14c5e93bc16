"""Login throttling (django-axes) that leaves request-less logins alone."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for locked-out users; authenticates nobody itself.

    Every login over HTTP (the admin's, Django's LoginView) passes the request, so it is
    throttled. Calls without one (the test client's `login()`, a shell) have no address to
    throttle by, so they fall through to the next backend instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
