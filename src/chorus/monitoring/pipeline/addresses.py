"""Which addresses a fetch may reach: the rules that keep the private network closed.

No loopback, private (RFC 1918, IPv6 unique-local), link-local (which includes the cloud
metadata service at 169.254.169.254), carrier-grade NAT, multicast, reserved or
unspecified addresses, in any spelling (IPv4-mapped IPv6, decimal, octal), and no cloud
metadata host names. `chorus.monitoring.pipeline.fetch` applies them to every address it
resolves and to the address each socket is actually connected to.
"""

from __future__ import annotations

import ipaddress

__all__ = ["METADATA_HOSTS", "address_refusal", "host_allowed", "name_refusal"]

METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
        "metadata.tencentyun.com",
        "metadata.packet.net",
        "metadata.platformequinix.com",
    }
)
# IPv6 ranges that carry an IPv4 address inside: checked as that IPv4 address too.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def address_refusal(address: str) -> str | None:
    """Why a connection to this IP address is refused, in words, or None if it is allowed."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "it is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is None and (ip in _NAT64 or ip in _NAT64_LOCAL):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d (deprecated)
            embedded = ipaddress.IPv4Address(int(ip))
        if embedded is not None:
            inner = address_refusal(str(embedded))
            if inner is not None:
                return inner
    if ip.is_unspecified:
        return "it is the unspecified address"
    if ip.is_loopback:
        return "it is this machine (loopback)"
    if ip.is_link_local:
        return "it is a link-local address (which includes the cloud metadata service)"
    if ip.is_multicast:
        return "it is a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "it is a carrier-grade NAT address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "it is a site-local address"
    if ip.is_private:
        return "it is a private network address"
    if ip.is_reserved or not ip.is_global:
        return "it is a reserved address"
    return None


def name_refusal(host: str) -> str | None:
    name = host.rstrip(".").lower()
    if name in METADATA_HOSTS:
        return "it is a cloud metadata service"
    if name == "localhost" or name.endswith((".localhost", ".internal", ".local")):
        return "it is a name for this machine or a private network"
    return None


def host_allowed(host: str, port: int, allow_hosts: frozenset[str]) -> bool:
    if not allow_hosts:
        return False
    host = host.lower()
    spellings = {host, f"{host}:{port}", f"[{host}]", f"[{host}]:{port}"}
    return any(entry.strip().lower() in spellings for entry in allow_hosts)
