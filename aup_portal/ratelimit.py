"""Rate limits, counted in the cache that every server process shares (REDIS_URL in
production): add() and incr() are atomic in every cache backend Django ships, so two requests
at once never lose a count. The limits themselves are named beside their use."""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """``allowed`` hits per ``seconds``: a window that starts at the first hit, or, with
    ``on_the_clock``, fixed windows on the clock (a quota per calendar minute)."""

    name: str
    allowed: int
    seconds: int
    on_the_clock: bool = False


@dataclass(frozen=True)
class Usage:
    count: int  # hits in the current window, this one included when it was counted
    allowed: int
    retry_after: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        """This hit went over the limit."""
        return self.count > self.allowed

    @property
    def used_up(self) -> bool:
        """No hit is left in this window."""
        return self.count >= self.allowed


def _window(limit: Limit, key, *, start: bool) -> tuple[str, float]:
    """The window's counter and when the window ends; ``start``: a hit may open one."""
    now = time.time()
    if limit.on_the_clock:
        began = now // limit.seconds * limit.seconds
        return f"ratelimit:{limit.name}:{key}:{int(began)}", began + limit.seconds
    counter = f"ratelimit:{limit.name}:{key}"
    # The window's start is kept beside its count (the count's own expiry can't be read).
    if start:
        cache.add(f"{counter}:start", now, timeout=limit.seconds)
    return counter, cache.get(f"{counter}:start", now) + limit.seconds


def _usage(limit: Limit, count: int, ends: float) -> Usage:
    return Usage(count, limit.allowed, max(1, math.ceil(ends - time.time())))


def hit(limit: Limit, key) -> Usage:
    """Counts one hit by ``key`` (an address, a key's id) and returns the usage after it."""
    counter, ends = _window(limit, key, start=True)
    timeout = max(1, math.ceil(ends - time.time()))
    if cache.add(counter, 1, timeout=timeout):
        return _usage(limit, 1, ends)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add() and incr(): this hit starts a new window
        cache.set(counter, 1, timeout=timeout)
        count = 1
    return _usage(limit, count, ends)


def peek(limit: Limit, key) -> Usage:
    """The usage so far, without counting a hit."""
    counter, ends = _window(limit, key, start=False)
    return _usage(limit, cache.get(counter, 0), ends)
