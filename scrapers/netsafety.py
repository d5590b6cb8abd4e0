"""SSRF guard: refuse URLs whose scheme or resolved addresses are not public."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from .errors import BlockedAddress

ALLOWED_SCHEMES = frozenset({"http", "https"})
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "100.64.0.0/10",
        "169.254.0.0/16",
        "0.0.0.0/8",
        "192.0.0.0/24",
        "198.18.0.0/15",
        "fc00::/7",
        "fe80::/10",
    )
)

Resolver = Callable[[str, int], Iterable[str]]


def system_resolve(host: str, port: int) -> list[str]:
    """Resolve host to every address the system resolver returns."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise BlockedAddress(f"cannot resolve {host!r}: {exc}") from exc
    return [info[4][0] for info in infos]


def address_is_public(address: str) -> bool:
    """True when an IP address is globally routable and not in a blocked range."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version):
        return False
    bad = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
    bad = bad or ip.is_reserved or ip.is_unspecified or not ip.is_global
    return not bad


def check_url(
    url: str, *, resolve: Resolver = system_resolve, allow_hosts: Iterable[str] = ()
) -> list[str]:
    """Raise BlockedAddress unless url is http(s) to a host whose every address is public.

    Returns the vetted addresses (empty for an allow-listed host): the fetcher connects to one
    of these, never to a second resolution of the name (DNS rebinding, issue #10)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise BlockedAddress(f"scheme {parts.scheme!r} refused")
    host = parts.hostname
    if not host:
        raise BlockedAddress("URL has no host")
    if host.lower() in {h.lower() for h in allow_hosts}:
        return []
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = list(resolve(host, port))
    if not addresses:
        raise BlockedAddress(f"{host!r} resolved to nothing")
    for address in addresses:
        if not address_is_public(address):
            raise BlockedAddress(f"{host!r} resolves to non-public address {address}")
    return addresses
