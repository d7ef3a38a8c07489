"""aup_portal.ratelimit: counts per key in the cache, windows from the first hit or on the
clock, and how long to wait."""

import datetime

import time_machine

from aup_portal import ratelimit

FIRST_HIT = ratelimit.Limit("test-first-hit", allowed=2, seconds=600)
PER_MINUTE = ratelimit.Limit("test-minute", allowed=2, seconds=60, on_the_clock=True)
START = datetime.datetime(2026, 10, 14, 15, 0, 20, tzinfo=datetime.UTC)


def test_hits_counted_per_key_until_exceeded():
    with time_machine.travel(START, tick=False):
        counts = [ratelimit.hit(FIRST_HIT, "a").count for _ in range(3)]
        third = ratelimit.hit(FIRST_HIT, "a")
        other = ratelimit.hit(FIRST_HIT, "b")

    assert counts == [1, 2, 3]
    assert (third.exceeded, third.used_up, other.exceeded, other.count) == (True, True, False, 1)


def test_peek_does_not_count_or_open_a_window():
    with time_machine.travel(START, tick=False) as traveller:
        before = ratelimit.peek(FIRST_HIT, "a")
        traveller.shift(300)
        ratelimit.hit(FIRST_HIT, "a")
        after = ratelimit.peek(FIRST_HIT, "a")

    assert (before.count, after.count, after.retry_after) == (0, 1, 600)


def test_window_from_first_hit_ends_after_its_seconds():
    with time_machine.travel(START, tick=False) as traveller:
        ratelimit.hit(FIRST_HIT, "a")
        traveller.shift(599)
        late = ratelimit.hit(FIRST_HIT, "a")
        traveller.shift(2)
        next_window = ratelimit.hit(FIRST_HIT, "a")

    assert (late.count, late.retry_after, next_window.count) == (2, 1, 1)


def test_window_on_the_clock_ends_at_the_minute():
    with time_machine.travel(START, tick=False) as traveller:
        hits = [ratelimit.hit(PER_MINUTE, 7) for _ in range(3)]
        traveller.move_to(datetime.datetime(2026, 10, 14, 15, 1, 0, tzinfo=datetime.UTC))
        next_minute = ratelimit.hit(PER_MINUTE, 7)

    assert [(u.count, u.retry_after) for u in hits] == [(1, 40), (2, 40), (3, 40)]
    assert (hits[2].exceeded, next_minute.count) == (True, 1)
