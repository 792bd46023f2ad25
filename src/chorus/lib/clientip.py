"""The address of the visitor behind a request, read the same way everywhere.

Behind a reverse proxy every request arrives from the proxy, so `REMOTE_ADDR` is the
proxy's address and every visitor would share one rate-limit counter. The proxy puts
the visitor's address in `X-Forwarded-For`, but any client can send that header too.
So the header is read only when the direct peer is one of the proxies named in the
TRUSTED_PROXIES setting (addresses or networks), and then right to left: each entry
a trusted proxy added is skipped, and the first address no trusted proxy vouches
for is the visitor. Anything a client wrote further left is never reached.

Use `client_ip(request)` wherever an address is needed (rate limits, sign-in throttle;
the allauth adapter hands it to allauth too).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(text: str) -> Address | None:
    """An address as written in REMOTE_ADDR or X-Forwarded-For, or None if it is not one.

    Accepts `[2001:db8::1]`, `[2001:db8::1]:443` and `192.0.2.1:443` (some proxies add
    the port) and turns an IPv4-mapped IPv6 address back into the IPv4 one.
    """
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has at least two colons
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an address or a network (CIDR)."
            ) from exc
    return tuple(networks)


def trusted_networks(entries: Iterable[str] | None = None) -> tuple[Network, ...]:
    """The TRUSTED_PROXIES setting parsed (a bad entry fails loudly, never silently)."""
    if entries is None:
        entries = getattr(settings, "TRUSTED_PROXIES", ())
    return _networks(tuple(entries))


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address as text, or "" when the request carries none."""
    peer = parse_address(str(request.META.get("REMOTE_ADDR") or ""))
    if peer is None:
        return ""
    networks = trusted_networks()
    if not _trusted(peer, networks):
        return str(peer)  # a client talking to us directly: its headers are its own words
    # Several X-Forwarded-For headers reach Django joined with commas.
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    nearest = peer
    for entry in reversed(forwarded):
        if not entry.strip():
            continue
        address = parse_address(entry)
        if address is None:
            break  # a trusted proxy wrote something unreadable: go no further
        if not _trusted(address, networks):
            return str(address)
        nearest = address
    # Every hop is a trusted proxy (or the chain is unreadable): the nearest one we know.
    return str(nearest)
