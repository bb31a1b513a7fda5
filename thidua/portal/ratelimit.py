"""A fixed-window counter in Django's cache (shared by every app server when the cache is
Redis; nothing is kept in process memory)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, who: str) -> str:
    # The address is hashed so the cache never holds it in clear.
    digest = hashlib.sha256(who.encode()).hexdigest()[:24]
    return f"portal:rl:{scope}:{digest}"


def hit(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one more action of ``who`` in ``scope``; False when over ``limit`` within the
    current ``window`` seconds (the action should then be refused)."""
    key = _key(scope, who)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def seen(scope: str, who: str, *, window: int) -> bool:
    """True if ``who`` already did this once within ``window`` seconds (and remember it)."""
    return not cache.add(_key(scope, who), 1, timeout=window)
