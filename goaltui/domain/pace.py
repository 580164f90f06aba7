"""The pace line of a KPI: revisions chain new lines onto it, pauses stretch it.

Pace is worked out on a *plan clock* that stands still while the goal is
paused: a day's plan time is its ordinal less the paused days before it. On
that clock the line is piecewise straight:

- it starts at the baseline on the goal's (first) start and heads for the
  target on the (first) deadline;
- each revision of target, baseline, start or deadline keeps the line up to
  the day of the revision and starts a new straight line from there, at the
  pace value of that day, to the target on the deadline in force after it.
  Revisions in a row chain the same way;
- a pause adds nothing on the plan clock; on the calendar it is a flat
  stretch, and everything after it moves right by the paused days (the
  deadline in force then moves with it);
- checkpoints (a milestone's date and the value the KPI should reach by it)
  bend each straight piece: a piece runs through every checkpoint dated
  inside it, in date order. Checkpoints before a revision are history; those
  after it are knots of the new line. Like the deadline, a checkpoint moves
  right by the days paused before it.

:class:`Road` answers questions on the plan clock (the value on a day, the
day a value is reached); :meth:`Road.calendar` gives the line as it is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from goaltui.domain.models import Goal, Kpi, KpiKind, PaceLine, Pause, Revision

#: How long the pace line runs for a goal without a deadline.
NO_DEADLINE_DAYS = 365
#: Revised fields that restart the pace line, per entity.
LINE_FIELDS = {"goal": ("start", "deadline"), "kpi": ("target", "baseline")}
#: Kinds whose line is their (lower) bound, flat all along.
STAY = (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW, KpiKind.BETWEEN)

_LAST_ORDINAL = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class Stops:
    """A goal's pauses, closed: each ``(first paused ordinal, first ordinal after it)``.

    A pause still running is taken to end on the day the KPI is read: its
    days up to then are paused, and whatever comes later is not known yet.
    """

    spans: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, pauses: Sequence[Pause], today: date, start: date | None = None) -> Stops:
        """The pauses up to ``today`` (and from ``start`` on), sorted, merged, none empty.

        Days before the goal's ``start`` are not paused: nothing was running yet.
        """
        spans: list[tuple[int, int]] = []
        limit = today.toordinal()
        floor = start.toordinal() if start is not None else 1
        for p in sorted(pauses, key=lambda p: p.start):
            first = max(p.start.toordinal(), floor)
            after = min((p.end or today).toordinal(), limit)
            if after <= first:
                continue
            if spans and first <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], after))
            else:
                spans.append((first, after))
        return cls(tuple(spans))

    def paused_before(self, day: date) -> int:
        """Paused days strictly before ``day``."""
        ordinal = day.toordinal()
        return sum(max(0, min(after, ordinal) - first) for first, after in self.spans)

    def plan(self, day: date) -> int:
        """``day`` on the plan clock."""
        return day.toordinal() - self.paused_before(day)

    def calendar(self, plan: float) -> float:
        """The calendar ordinal (fractional) at which the plan clock shows ``plan``.

        At the exact plan time of a pause's start this is the pause's first day.
        """
        shift = 0
        for first, after in self.spans:
            if plan + shift > first:
                shift += after - first
            else:
                break
        return plan + shift

    @property
    def total(self) -> int:
        """All paused days."""
        return sum(after - first for first, after in self.spans)


@dataclass(frozen=True, slots=True)
class Road:
    """A piecewise straight line on the plan clock: ``knots`` of (plan time, value).

    Before the first knot it holds the first value, after the last the last.
    """

    knots: tuple[tuple[int, float], ...]

    @property
    def start(self) -> int:
        return self.knots[0][0]

    @property
    def end(self) -> int:
        return self.knots[-1][0]

    def value(self, plan: float) -> float:
        """The line's value at plan time ``plan``."""
        knots = self.knots
        if plan <= knots[0][0]:
            return knots[0][1]
        for (x0, y0), (x1, y1) in pairwise(knots):
            if plan <= x1:
                if x1 == x0:
                    return y1
                share = (plan - x0) / (x1 - x0)
                value = y0 + (y1 - y0) * share
                if not math.isfinite(value):  # the difference overflowed
                    value = y0 * (1 - share) + y1 * share
                low, high = sorted((y0, y1))
                return min(max(value, low), high)
        return knots[-1][1]

    def reaches(self, value: float, plan: int, rising: bool) -> float | None:
        """Plan time at which the line is at ``value``, searched from ``plan``.

        A KPI that ``rising`` asks to go up is ahead of the line while above it:
        then the answer is the first time on or after ``plan`` the line gets up
        to ``value``; while below it, the last time on or before ``plan`` the
        line was still at or under ``value``. Falling KPIs mirror this. Past
        either end the nearest sloped segment is extended. None when no segment
        slopes.
        """
        sign = 1.0 if rising else -1.0
        here = self.value(plan)
        if sign * (value - here) >= 0:  # ahead: search forward
            if value == here:
                return float(plan)
            fx, fy = float(plan), here
            for x1, y1 in self.knots:
                if x1 <= plan:
                    continue
                if sign * (y1 - value) >= 0 and y1 != fy:
                    return fx + (value - fy) / (y1 - fy) * (x1 - fx)
                fx, fy = float(x1), y1
            return self._extend(value, at_end=True)
        bx, by = float(plan), here  # behind: search backward
        for x0, y0 in reversed(self.knots):
            if x0 >= plan:
                continue
            if sign * (y0 - value) <= 0 and by != y0:
                return x0 + (value - y0) / (by - y0) * (bx - x0)
            bx, by = float(x0), y0
        return self._extend(value, at_end=False)

    def _extend(self, value: float, at_end: bool) -> float | None:
        """Where the first (or last) sloped segment, carried on, meets ``value``."""
        pairs = list(pairwise(self.knots))
        for (x0, y0), (x1, y1) in reversed(pairs) if at_end else pairs:
            if y1 != y0 and x1 != x0:
                found = x0 + (value - y0) / (y1 - y0) * (x1 - x0)
                return found if math.isfinite(found) else None
        return None

    def calendar(self, stops: Stops) -> PaceLine:
        """The line as drawn on the calendar, a flat stretch over each pause."""
        points: dict[int, float] = {}
        for x, y in self.knots:
            points.setdefault(_ordinal(stops.calendar(x)), y)
        for first, after in stops.spans:
            at = first - stops.paused_before(date.fromordinal(first))
            if self.start <= at < self.end:
                points[first] = points[after] = self.value(at)
        ordered = sorted(points.items())
        return PaceLine(tuple((date.fromordinal(x), y) for x, y in ordered))


def pace_value_on(line: PaceLine, day: date) -> float:
    """A drawn line's value on ``day``: straight between its points, held past its ends."""
    road = Road(tuple((d.toordinal(), v) for d, v in line.points))
    return road.value(day.toordinal())


@dataclass(frozen=True, slots=True)
class Pace:
    """A KPI's pace on the plan clock, and what a screen needs to draw and explain it."""

    road: Road
    stops: Stops
    #: The line as it was first planned, when a revision has changed it since.
    original: Road | None
    #: The day the line reaches its end on the calendar (the deadline, moved by pauses).
    end_day: date
    #: The checkpoints on the plan clock that are knots of the line.
    bends: tuple[tuple[int, float], ...] = ()

    @property
    def line(self) -> PaceLine:
        return self.road.calendar(self.stops)

    @property
    def original_line(self) -> PaceLine | None:
        return None if self.original is None else self.original.calendar(self.stops)

    def value(self, day: date) -> float:
        """The pace value on ``day``."""
        return self.road.value(self.stops.plan(day))

    @property
    def checkpoints(self) -> tuple[tuple[date, float], ...]:
        """The checkpoints as drawn: (day on the calendar, value)."""
        return tuple((date.fromordinal(_ordinal(self.stops.calendar(x))), y) for x, y in self.bends)


def build_pace(
    kpi: Kpi,
    goal: Goal,
    revisions: Sequence[Revision] = (),
    pauses: Sequence[Pause] = (),
    today: date | None = None,
    checkpoints: Sequence[tuple[date, float]] = (),
) -> Pace:
    """The pace of ``kpi`` of ``goal`` from its revisions and the goal's pauses.

    ``revisions`` may hold any of the goal's revisions: those of the goal's
    start and deadline and of this KPI's target and baseline count, in the
    order made; those made at the same moment count as one. The values before
    the first revision of a field are its ``old``; what the line ends on now
    is always the KPI's and the goal's current target and deadline.
    ``today`` closes a pause still running (the goal's start when not given).
    ``checkpoints`` are the KPI's (day, value) knots, in force now; only an
    ``increase`` or ``decrease`` KPI bends through them.
    """
    stops = Stops.of(pauses, today or goal.start, goal.start)
    bends = (
        sorted((day.toordinal(), float(value)) for day, value in checkpoints)
        if kpi.kind in (KpiKind.INCREASE, KpiKind.DECREASE)
        else []
    )
    # The last straight piece begun: what came before it and where it starts.
    piece: list[tuple[list[tuple[int, float]], int, float]] = []

    def segment(
        knots: list[tuple[int, float]], x0: int, y0: float, x1: int, y1: float
    ) -> list[tuple[int, float]]:
        piece[:] = [(knots, x0, y0)]
        return _bent(knots, x0, y0, x1, y1, bends)

    mine = sorted(
        (
            r
            for r in revisions
            if r.field in LINE_FIELDS.get(r.entity, ())
            and (r.entity == "goal" or r.entity_id == kpi.id)
        ),
        key=lambda r: (r.at, r.id),
    )
    state: dict[str, object] = {
        "start": goal.start,
        "deadline": goal.deadline,
        "target": kpi.target,
        "baseline": kpi.baseline,
    }
    for r in reversed(mine):  # the oldest "old" of each field is its first value
        parsed = _parse(r.field, r.old)
        if parsed is not _BAD:
            state[r.field] = parsed
    stay = kpi.kind in STAY

    def end_of(start: date, deadline: object, set_on: date) -> int:
        day = deadline if isinstance(deadline, date) else _days_after(start, NO_DEADLINE_DAYS)
        return day.toordinal() - stops.paused_before(max(set_on, start))

    start = _as_date(state["start"], goal.start)
    end = end_of(start, state["deadline"], start)
    first_target = _as_float(state["target"], kpi.target)
    origin = first_target if stay else _as_float(state["baseline"], kpi.baseline)
    knots = segment([], stops.plan(start), origin, end, first_target)
    original = Road(tuple(knots))
    changed = False
    groups: dict[datetime, list[Revision]] = {}
    for r in mine:
        groups.setdefault(r.at, []).append(r)
    for at, group in groups.items():
        before_start = _as_date(state["start"], goal.start)
        for r in group:
            parsed = _parse(r.field, r.new)
            if parsed is not _BAD:
                state[r.field] = parsed
        start = _as_date(state["start"], goal.start)
        target = _as_float(state["target"], kpi.target)
        day = at.date()
        if any(r.field == "deadline" for r in group) or day < before_start:
            end = end_of(start, state["deadline"], day)
        if day < max(before_start, start):
            # Changed before the line began: it is simply drawn anew.
            origin = target if stay else _as_float(state["baseline"], kpi.baseline)
            knots = segment([], stops.plan(start), origin, end, target)
        else:
            here = stops.plan(day)
            level = target if stay else Road(tuple(knots)).value(here)
            knots = segment([k for k in knots if k[0] < here], here, level, end, target)
        changed = True
    # What the line ends on is what is in force now, whatever the ledger says.
    if (state["deadline"], state["target"]) != (goal.deadline, kpi.target):
        set_on = mine[-1].at.date() if mine else goal.start
        end = end_of(goal.start, goal.deadline, set_on)
        head, x0, y0 = piece[0]
        knots = segment(head, x0, y0, end, kpi.target)
        changed = changed or bool(mine)
    if stay:  # the bound to keep to, all along
        knots = _bent([], stops.plan(goal.start), kpi.target, end, kpi.target)
    road = Road(tuple(knots))
    end_day = date.fromordinal(min(_ordinal(stops.calendar(road.end)), _LAST_ORDINAL))
    kept = tuple(b for b in bends if b in road.knots)
    return Pace(road, stops, original if changed and original != road else None, end_day, kept)


def _bent(
    knots: list[tuple[int, float]],
    x0: int,
    y0: float,
    x1: int,
    y1: float,
    bends: Sequence[tuple[int, float]] = (),
) -> list[tuple[int, float]]:
    """``knots`` with a piece from (x0, y0) to (x1, y1) added (at least a day long),
    through each of ``bends`` that lies strictly between its ends."""
    x1 = max(x1, x0 + 1)
    inner = [(x, y) for x, y in bends if x0 < x < x1]
    return [*knots, (x0, y0), *inner, (x1, y1)]


_BAD = object()


def _parse(name: str, text: str) -> object:
    """A revision's old or new value as the field holds it; ``_BAD`` when unreadable."""
    try:
        if name in ("start", "deadline"):
            return date.fromisoformat(text) if text else None
        value = float(text)
        return value if math.isfinite(value) else _BAD
    except ValueError:
        return _BAD


def _as_date(value: object, fallback: date) -> date:
    return value if isinstance(value, date) else fallback


def _as_float(value: object, fallback: float) -> float:
    return value if isinstance(value, float) else fallback


def _ordinal(value: float) -> int:
    return max(1, min(_LAST_ORDINAL, math.floor(value + 0.5)))


def _days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, held at 9999-12-31."""
    return day + timedelta(days=min(days, (date.max - day).days))
