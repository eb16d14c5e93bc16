"""Login throttling (django-axes) per user and address, and per address across user names."""

from __future__ import annotations

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def address_failures(ip_address: str | None) -> int:
    """Failed sign-ins from one address, across every user name, within the cool-off time."""
    if not ip_address:
        return 0
    since = timezone.now() - (get_cool_off() or timedelta(hours=1))
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for locked-out users and throttled addresses; authenticates nobody itself.

    axes locks a (user name, address) pair after AXES_FAILURE_LIMIT failures, so one attacker
    cannot lock a real editor out from elsewhere. Spraying a few guesses at many user names is
    caught here: LOGIN_FAILURES_PER_ADDRESS failures from one address refuse it for every name.

    Every login over HTTP (the admin's, Django's LoginView) passes the request, so it is
    throttled. Calls without one (the test client's `login()`, a shell) have no address to
    throttle by, so they fall through to the next backend instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        ip_address = get_client_ip_address(request)
        if address_failures(ip_address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed sign-ins from this address.")
        return super().authenticate(request, *args, **kwargs)
