"""A fixed-window rate limit on the shared cache: public forms refuse a flood from one address."""

import time
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _address(text: str) -> str | None:
    """The address in its one written form, or None when `text` is not an address."""
    try:
        return str(ip_address(text.strip()))
    except ValueError:
        return None


def _trusted(address: str | None) -> bool:
    if address is None:
        return False
    parsed = ip_address(address)
    return any(parsed in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The address a request came from, as a key no client can choose.

    Forwarded headers are a client's own words unless the socket is a proxy listed in
    TRUSTED_PROXIES. Behind one, the hops it reports (X-Forwarded-For, then the X-Real-IP it
    set itself) are read from the right, and the first that is not a trusted proxy is the client:
    everything left of it was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    socket = _address(remote)
    if not _trusted(socket):
        return socket or remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    real = request.META.get("HTTP_X_REAL_IP", "")
    hops = [hop for hop in [*forwarded, real] if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # a proxy of ours wrote nonsense: count it against the proxy
            return socket
        if not _trusted(address):
            return address
    # Every hop is one of our proxies: the request started on one of them.
    return _address(hops[0]) if hops else socket


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False once `limit` hits fell in the current `window` seconds."""
    bucket = f"ratelimit:{scope}:{key}:{int(time.time()) // window}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # evicted between add and incr: count this hit as the first
        cache.set(bucket, 1, timeout=window + 5)
        return True
