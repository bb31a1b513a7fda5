"""Query parameters shared by the routers of every part: paging.

The offset is bounded: an unbounded integer reached the database as a number SQLite cannot
hold (a 500 found by the API fuzzer with ``offset=6e34``).  A billion rows is beyond any
list here, and inside every database's 64-bit integer."""

from __future__ import annotations

from typing import Any

from ninja import Query

MAX_OFFSET = 1_000_000_000

Offset: Any = Query(0, ge=0, le=MAX_OFFSET, description="Number of items to skip.")


def limit(default: int, maximum: int) -> Any:
    """The page-size parameter of a router: ``default`` items, at most ``maximum``."""
    return Query(default, ge=1, le=maximum, description=f"Page size (1–{maximum}).")
