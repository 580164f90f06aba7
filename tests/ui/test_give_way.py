"""Background work waits while keys arrive and while the screen in view waits (no real time)."""

from __future__ import annotations

import threading

from goaltui.services.context import ServiceContext
from goaltui.ui.give_way import POLL, GiveWay


class Clock:
    """A clock that moves only when someone sleeps (or the test moves it)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make(hold: float = 0.25) -> tuple[GiveWay, Clock]:
    clock = Clock()
    return GiveWay(hold, clock=clock, sleep=clock.sleep), clock


def test_without_keys_background_work_goes_on_at_once() -> None:
    way, clock = make()
    assert way.calm()
    way.wait()
    assert clock.slept == []


def test_a_key_holds_background_work_back_for_the_hold_only() -> None:
    way, clock = make(hold=0.25)
    way.input()
    assert not way.calm()
    way.wait()
    # It waited the 0.25 s in short naps (it looks again after each), no longer.
    assert abs(sum(clock.slept) - 0.25) < 1e-9
    assert max(clock.slept) <= POLL + 1e-9
    assert way.calm()


def test_each_key_starts_the_hold_again() -> None:
    way, clock = make(hold=0.25)
    way.input()
    clock.now += 0.2
    way.input()  # a second key 0.2 s later: 0.25 s from this one
    way.wait()
    assert abs(sum(clock.slept) - 0.25) < 1e-9
    assert abs(way.quiet_for() - 0.25) < 1e-9


def test_a_short_hold_does_not_cut_a_longer_one_short() -> None:
    way, clock = make(hold=0.25)
    way.input()  # a switch of screens: 0.25 s
    clock.now += 0.05
    way.input(0.1)  # a key right after it: 0.1 s from now ends before the switch's hold
    way.wait()
    assert abs(sum(clock.slept) - 0.2) < 1e-9


def test_it_waits_while_the_screen_in_view_waits_for_its_data() -> None:
    way, clock = make()
    busy_until = clock.now + 0.5
    way.wait(busy=lambda: clock.now < busy_until)
    assert clock.now >= busy_until
    assert abs(clock.now - busy_until) <= POLL + 1e-9


def test_it_never_waits_when_what_it_computes_is_waited_for() -> None:
    way, clock = make()
    way.input()
    way.wait(busy=lambda: True, urgent=lambda: True)
    assert clock.slept == []


def test_a_closed_app_lets_every_thread_go() -> None:
    way, clock = make()
    way.input()
    way.closed = True
    way.wait(busy=lambda: True)
    assert clock.slept == []
    assert way.calm(busy=lambda: True)


def test_a_thread_computing_a_kept_result_knows_when_another_waits_for_it() -> None:
    class Repo:
        stamp = 0
        now = None

    ctx = ServiceContext(Repo())  # type: ignore[arg-type]
    computing, asked, release = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def compute() -> int:
        computing.set()
        seen.append(ctx.waited_on())  # nobody waits yet
        assert asked.wait(5)
        # The other thread is now blocked in kept(), waiting for this result.
        for _ in range(500):
            if ctx.waited_on():
                break
            release.wait(0.01)
        seen.append(ctx.waited_on())
        return 42

    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(ctx.kept(("k",), compute)))
    first.start()
    assert computing.wait(5)

    def second() -> None:
        asked.set()
        results.append(ctx.kept(("k",), lambda: -1))  # the kept result, not computed again

    other = threading.Thread(target=second)
    other.start()
    first.join(5)
    other.join(5)
    assert seen == [False, True]
    assert results == [42, 42]
    assert not ctx.waited_on()
