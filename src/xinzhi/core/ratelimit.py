"""A small sliding-window rate limiter, in memory and **per process**.

``SlidingWindow(limit, window)`` allows at most ``limit`` events per key within any
``window`` seconds (the sliding-log algorithm: the times of recent events are kept per key and
those older than the window are dropped). It is used for failed log-ins (per account and per
address) and for anonymous search and matching (per address).

Per process means: each ``xinzhi serve`` process keeps its own counts, so N processes behind a
load balancer allow up to N × ``limit``; a restart forgets the counts. That bounds abuse from
one client at the cost of exactness, which is what these limits are for. A deployment that
needs exact global limits puts them in the reverse proxy as well (see docs/security.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]
# Keys not seen for a whole window are dropped when the table grows past this many keys, so a
# stream of distinct addresses cannot grow memory without bound.
SWEEP_AT = 10_000


@dataclass
class SlidingWindow:
    """At most ``limit`` events per key in any ``window`` seconds (0 or less: no limit)."""

    limit: int
    window: float
    clock: Clock = time.monotonic
    _events: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.window > 0

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may act again; 0 when it may act now. Records nothing."""
        if not self.enabled:
            return 0
        with self._lock:
            events = self._recent(key, self.clock())
            if len(events) < self.limit:
                return 0
            return max(1, math.ceil(events[0] + self.window - self.clock()))

    def hit(self, key: str) -> int:
        """Record one event for ``key``; returns the seconds to wait if it was over the limit
        (the event is then not recorded), else 0."""
        if not self.enabled:
            return 0
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return max(1, math.ceil(events[0] + self.window - now))
            events.append(now)
            if len(self._events) > SWEEP_AT:
                self._sweep(now)
            return 0

    def record(self, key: str) -> None:
        """Record one event for ``key`` even past the limit (a failure that happened anyway)."""
        if not self.enabled:
            return
        with self._lock:
            now = self.clock()
            self._recent(key, now).append(now)
            if len(self._events) > SWEEP_AT:
                self._sweep(now)

    def reset(self, key: str) -> None:
        """Forget ``key`` (e.g. after a successful log-in)."""
        with self._lock:
            self._events.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def _sweep(self, now: float) -> None:
        stale = [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self.window]
        for key in stale:
            del self._events[key]
