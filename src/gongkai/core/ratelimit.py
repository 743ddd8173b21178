"""A fixed-window rate limit on the shared cache: public forms refuse a flood from one address."""

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Behind nginx the app sees the proxy; nginx passes the client in X-Real-IP (see README).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "unknown")


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False once `limit` hits fell in the current `window` seconds."""
    bucket = f"ratelimit:{scope}:{key}:{int(time.time()) // window}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # evicted between add and incr: count this hit as the first
        cache.set(bucket, 1, timeout=window + 5)
        return True
