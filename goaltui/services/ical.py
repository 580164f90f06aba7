"""The calendar export: the plan in time as an iCalendar file a calendar can subscribe to.

Every open goal (not archived, not achieved, missed or abandoned) gives:

- its deadline, an all-day event;
- each milestone and each step with a due date, an all-day event on its date;
- for each KPI of an active goal, one all-day event that recurs with the KPI's
  cadence, on the first day of each period from the one holding the goal's
  start to the deadline (fortnights counted from the Monday of the goal's start
  week, quarters from January, April, July and October, as the check-in counts them).

Everything is a VEVENT: calendars that subscribe to a file show events, and
many ignore to-dos. A done milestone or step stays on its planned date and says
"done" in its summary ("Milestone done: …") with the day it was done in its
description; STATUS is left out, since a VEVENT has no "completed".

Each event's UID is made of its kind and its row's id (``milestone-12@goaltui``),
so a calendar that reads the file again updates the event instead of adding a
second one. SEQUENCE counts the revisions of the item's date (a milestone moved
twice has SEQUENCE 2) and LAST-MODIFIED is the time of the latest one; DTSTAMP is
the clock's now, so one database and one clock give the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from goaltui.domain.models import Cadence, Goal, GoalStatus, Kpi, Milestone, Revision, Step
from goaltui.domain.periods import period_start
from goaltui.domain.text import printable
from goaltui.services.checkpoints import checkpoint_label
from goaltui.services.goals import OPEN_STATUSES

if TYPE_CHECKING:
    from goaltui.services import GoalService

#: The right-hand side of every UID: the events are goaltui's own.
UID_DOMAIN = "goaltui"
PRODID = "-//goaltui//goaltui calendar export//EN"
#: The calendar's name, as a subscribing calendar shows it.
CALENDAR_NAME = "goaltui"

#: Each cadence as a recurrence rule: how often, and every how many.
RECURRENCE: dict[Cadence, tuple[str, int]] = {
    Cadence.DAILY: ("DAILY", 1),
    Cadence.WEEKLY: ("WEEKLY", 1),
    Cadence.BIWEEKLY: ("WEEKLY", 2),
    Cadence.MONTHLY: ("MONTHLY", 1),
    Cadence.QUARTERLY: ("MONTHLY", 3),
}
#: What a period of each cadence is, for the check-in's description.
PERIOD_WORDS: dict[Cadence, str] = {
    Cadence.DAILY: "once a day",
    Cadence.WEEKLY: "once a week (Monday to Sunday)",
    Cadence.BIWEEKLY: "once a fortnight (two weeks from a Monday)",
    Cadence.MONTHLY: "once a month",
    Cadence.QUARTERLY: "once a quarter (from January, April, July and October)",
}


@dataclass(frozen=True, slots=True)
class CalendarPlan:
    """What the calendar is made of: plain domain objects, as the service reads them."""

    goals: Sequence[Goal]
    milestones: Sequence[Milestone]
    steps: Sequence[Step]
    kpis: Sequence[Kpi]
    #: Revisions of these goals, newest first (as the ledger keeps them).
    revisions: Sequence[Revision]
    #: When the file is written (the service's clock): every event's DTSTAMP.
    now: datetime


def calendar_plan(svc: GoalService) -> CalendarPlan:
    """The open goals with their milestones, dated steps, KPIs and revisions."""
    goals = [
        g for g in svc.goals_service.own_goals(include_archived=False) if g.status in OPEN_STATUSES
    ]
    ids = [g.id for g in goals]
    repo = svc.repo
    milestones = repo.milestones(ids) if ids else []
    steps = repo.steps([m.id for m in milestones]) if milestones else []
    kpis = repo.kpis(ids) if ids else []
    revisions = [r for per_goal in repo.revisions_of(ids).values() for r in per_goal] if ids else []
    return CalendarPlan(goals, milestones, steps, kpis, revisions, svc.clock.now())


def to_ical(svc: GoalService) -> str:
    """The iCalendar file of the open goals (CRLF lines folded at 75 octets)."""
    return calendar_text(calendar_plan(svc))


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment without a zone is the machine's local time."""
    return moment.astimezone(UTC)


def _title(text: str) -> str:
    """A title on one line: runs of white space as one space, control characters shown."""
    return printable(" ".join(str(text).split()), multiline=False)


def _notes(lines: Iterable[str]) -> str:
    """A description: its lines kept, each control character shown as a stand-in."""
    return printable("\n".join(line for line in lines if line))


class _Moves:
    """The revisions of dates, per item: how many (the SEQUENCE) and the latest one."""

    def __init__(self, revisions: Sequence[Revision]) -> None:
        self.by_item: dict[tuple[str, int], list[Revision]] = {}
        for r in revisions:  # newest first
            self.by_item.setdefault((r.entity, r.entity_id), []).append(r)

    def of(self, entity: str, row_id: int, fields: Sequence[str]) -> list[Revision]:
        """The revisions of ``fields`` of one row, newest first."""
        return [r for r in self.by_item.get((entity, row_id), []) if r.field in fields]


def _event(
    uid: str, day: date, summary: str, category: str, moves: Sequence[Revision], now: datetime
) -> Event:
    """An all-day event on ``day``, its SEQUENCE and LAST-MODIFIED from ``moves``."""
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(now))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _title(summary))
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")  # a marker on the day, never busy time
    event.add("sequence", len(moves))
    if moves:
        event.add("last-modified", _utc(max(r.at for r in moves)))
    return event


def _moved(moves: Sequence[Revision]) -> str:
    """'Moved from 2026-10-01: the supplier was late' for the latest of ``moves``."""
    if not moves:
        return ""
    latest = moves[0]
    reason = f": {_title(latest.reason)}" if latest.reason else ""
    return f"Moved from {latest.old or 'no date'}{reason}"


def calendar_text(plan: CalendarPlan) -> str:
    """The iCalendar file of ``plan``: events in a fixed order, so one plan gives one text."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", CALENDAR_NAME)
    cal.add("x-wr-calname", CALENDAR_NAME)
    moves = _Moves(plan.revisions)
    kpis = {k.id: k for k in plan.kpis}
    steps: dict[int, list[Step]] = {}
    for s in plan.steps:
        if s.due is not None:
            steps.setdefault(s.milestone_id, []).append(s)
    milestones: dict[int, list[Milestone]] = {}
    for m in plan.milestones:
        milestones.setdefault(m.goal_id, []).append(m)
    for goal in sorted(plan.goals, key=lambda g: g.id):
        for event in _goal_events(goal, milestones.get(goal.id, []), steps, kpis, moves, plan):
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def _goal_events(
    goal: Goal,
    milestones: Sequence[Milestone],
    steps: dict[int, list[Step]],
    kpis: dict[int, Kpi],
    moves: _Moves,
    plan: CalendarPlan,
) -> list[Event]:
    """One goal's events: deadline, milestones with their steps, then check-ins."""
    events: list[Event] = []
    goal_line = f"Goal: {_title(goal.title)}"
    dates = moves.of("goal", goal.id, ("deadline", "start"))
    if goal.deadline is not None:
        moved = moves.of("goal", goal.id, ("deadline",))
        event = _event(
            f"deadline-goal-{goal.id}",
            goal.deadline,
            f"Deadline: {goal.title}",
            "Deadline",
            moved,
            plan.now,
        )
        event.add(
            "description",
            _notes([goal_line, f"Status: {goal.status.value}", goal.description, _moved(moved)]),
        )
        events.append(event)
    for m in sorted(milestones, key=lambda m: (m.target_date, m.position, m.id)):
        moved = moves.of("milestone", m.id, ("target_date",))
        done = " done" if m.done_on is not None else ""
        event = _event(
            f"milestone-{m.id}",
            m.target_date,
            f"Milestone{done}: {m.title}",
            "Milestone",
            moved,
            plan.now,
        )
        tied = kpis.get(m.kpi_id) if m.kpi_id is not None else None
        checkpoint = (
            f"Checkpoint: {_title(checkpoint_label(tied, m.kpi_value))}"
            if tied is not None and m.kpi_value is not None
            else ""
        )
        event.add("description", _notes([goal_line, checkpoint, _done(m.done_on), _moved(moved)]))
        events.append(event)
        for s in sorted(steps.get(m.id, []), key=lambda s: (s.due or date.max, s.id)):
            if s.due is None:  # kept out already: a step without a date has no day
                continue
            moved = moves.of("step", s.id, ("due",))
            done = " done" if s.done_on is not None else ""
            event = _event(f"step-{s.id}", s.due, f"Step{done}: {s.title}", "Step", moved, plan.now)
            event.add(
                "description",
                _notes(
                    [
                        goal_line,
                        f"Milestone: {_title(m.title)}",
                        f"Importance: {s.importance.value}",
                        _done(s.done_on),
                        _moved(moved),
                    ]
                ),
            )
            events.append(event)
    if goal.status == GoalStatus.ACTIVE:
        for k in sorted(kpis.values(), key=lambda k: k.id):
            checkin = _checkin(goal, k, dates, plan.now) if k.goal_id == goal.id else None
            if checkin is not None:
                what = f"Record a value of {_title(k.name)} {PERIOD_WORDS[k.cadence]}"
                checkin.add("description", _notes([goal_line, what]))
                events.append(checkin)
    return events


def _done(day: date | None) -> str:
    return f"Done on {day.isoformat()}" if day is not None else ""


def _checkin(goal: Goal, kpi: Kpi, moves: Sequence[Revision], now: datetime) -> Event | None:
    """The KPI's recurring check-in: the first day of each period, from the one holding
    the goal's start to its deadline (with no end when it has none); None when the
    deadline comes before that first day."""
    first = period_start(goal.start, kpi.cadence, goal.start)
    if goal.deadline is not None and goal.deadline < first:
        return None
    event = _event(
        f"kpi-{kpi.id}-checkin",
        first,
        f"Check in: {kpi.name} ({kpi.cadence.value})",
        "Check-in",
        moves,
        now,
    )
    freq, interval = RECURRENCE[kpi.cadence]
    rule: dict[str, object] = {"freq": freq}
    if interval > 1:
        rule["interval"] = interval
    if goal.deadline is not None:
        rule["until"] = goal.deadline
    event.add("rrule", rule)
    return event
