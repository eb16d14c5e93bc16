"""The client's address: X-Forwarded-For is believed only when a trusted proxy sent the request.

Behind nginx every request comes from 127.0.0.1; the client is the right-most address in
X-Forwarded-For that is not itself one of our proxies (nginx appends what it saw, so anything a
client wrote into the header sits further left). A request that did not come through a trusted
proxy is taken at its word of REMOTE_ADDR only: otherwise anyone could pick their own address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Addresses or CIDR ranges; raises ValueError naming a malformed one."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: list[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address to throttle by (axes' AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = parse_networks(settings.TRUSTED_PROXIES)
    if not _trusted(_address(remote or ""), networks):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage where a proxy should have written an address: trust nothing further left.
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote
