"""When background work may run: not while keys arrive or the screen in view waits.

The screens and the background threads share one interpreter (one GIL): a
thread busy with Python work slows the drawing of a key's answer to half speed
and adds a few milliseconds at each hand-over. Background work (the
read-ahead, the data of a screen no longer in view) therefore waits between
its reads while keys arrive, and while the screen in view waits for its own
data. The clock and the sleep are injectable, so tests need no real waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Seconds background work holds back after a switch of screens (its first frame).
HOLD = 0.25

#: Seconds it holds back after any other key: a key's answer is drawn in 5-20 ms
#: (more beside a busy thread); longer would starve the read-ahead while the
#: cursor moves, and the next switch would have to read its data itself.
KEY_HOLD = 0.1

#: Seconds between two looks while background work waits.
POLL = 0.01


def _never() -> bool:
    return False


class GiveWay:
    """Tells background threads when to wait: after a key, or while urgent work runs."""

    def __init__(
        self,
        hold: float = HOLD,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.hold = hold
        self._clock = clock
        self._sleep = sleep
        #: Background work holds back until this time (the clock's).
        self._until = float("-inf")
        #: When the last key (or switch) came.
        self._last_input = float("-inf")
        #: Set when the app closes: nobody waits any more.
        self.closed = False

    def input(self, hold: float | None = None) -> None:
        """A key or a switch of screens came: hold background work back for ``hold``
        seconds (default: :attr:`hold`), or longer if an earlier one asked for it.

        Safe from any thread.
        """
        now = self._clock()
        self._last_input = now
        self._until = max(self._until, now + (self.hold if hold is None else hold))

    def calm(self, busy: Callable[[], bool] = _never) -> bool:
        """Whether background work may run now (``busy``: urgent work is running)."""
        return self.closed or (self._clock() >= self._until and not busy())

    def quiet_for(self) -> float:
        """Seconds since the last key or switch (a large number if none came)."""
        return self._clock() - self._last_input

    def wait(self, busy: Callable[[], bool] = _never, urgent: Callable[[], bool] = _never) -> None:
        """In a background thread: return once no key came for a moment and
        ``busy()`` (work the screen in view waits for) is false, or at once when
        ``urgent()`` (that work waits for this thread)."""
        while not self.closed and not urgent():
            left = self._until - self._clock()
            if left > 0:
                self._sleep(min(left, POLL))
            elif busy():
                self._sleep(POLL)
            else:
                return
