"""Believing X-Forwarded-For (and -Proto, -Host) only from the reverse proxies we configured.

TRUSTED_PROXIES lists their addresses or networks ("127.0.0.1", "10.0.0.0/24, 192.168.1.7").
A request whose direct peer is one of them gets its client address from X-Forwarded-For, read
from the right and skipping further trusted proxies; a request from anyone else (a client
reaching gunicorn directly) keeps its peer address whatever headers it sends, so it cannot pick
a fresh address for each PIN guess.

The old form, a number of proxies, is kept only where it is safe: it trusts proxies on this
host (the loopback addresses), which only local processes can connect from.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
logger = logging.getLogger(__name__)


def trusted_networks(setting: str | int | None) -> tuple[Network, ...]:
    """Parse TRUSTED_PROXIES; a ValueError names the entry that is not an address or network."""
    text = str(setting if setting is not None else "").strip()
    if text.isdigit():
        if int(text) == 0:
            return ()
        logger.warning(
            "TRUSTED_PROXIES=%s: believing X-Forwarded-For only from proxies on this host "
            "(127.0.0.0/8, ::1); list the proxies' addresses if they run elsewhere",
            text,
        )
        return LOOPBACK
    networks = []
    for entry in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                "(for example 10.0.0.5 or 10.0.0.0/24)"
            ) from None
    return tuple(networks)


def _address(text: str | None):
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


class TrustedProxies:
    """WSGI middleware: set REMOTE_ADDR (and the scheme and host) from the forwarded headers of
    a trusted proxy; leave every other request as it came."""

    def __init__(self, app, networks: Iterable[Network]) -> None:
        self.app = app
        self.networks = tuple(networks)

    def is_trusted(self, text: str | None) -> bool:
        address = _address(text)
        return address is not None and any(address in net for net in self.networks)

    def __call__(self, environ, start_response):
        if self.is_trusted(environ.get("REMOTE_ADDR")):
            self._apply(environ)
        return self.app(environ, start_response)

    def _apply(self, environ) -> None:
        hops = [h.strip() for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        client, depth = environ["REMOTE_ADDR"], 0
        for hop in reversed(hops):
            if _address(hop) is None:
                break  # not an address: believe nothing further left
            client, depth = hop, depth + 1
            if not self.is_trusted(hop):
                break
        if depth == 0:
            return
        environ["REMOTE_ADDR"] = str(_address(client))
        # Each trusted proxy adds one value; the one that met the client sits `depth` from the
        # right (as werkzeug's ProxyFix counts them).
        proto = _nth_from_right(environ.get("HTTP_X_FORWARDED_PROTO"), depth)
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
        host = _nth_from_right(environ.get("HTTP_X_FORWARDED_HOST"), depth)
        if host:
            environ["HTTP_HOST"] = host


def _nth_from_right(header: str | None, n: int) -> str | None:
    values = [v.strip() for v in (header or "").split(",") if v.strip()]
    return values[-n] if len(values) >= n else None


def init_app(app) -> None:
    """Install the middleware when TRUSTED_PROXIES names any proxy."""
    networks = trusted_networks(app.config.get("TRUSTED_PROXIES"))
    if networks:
        app.wsgi_app = TrustedProxies(app.wsgi_app, networks)
