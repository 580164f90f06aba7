"""`goaltui export ical`: the plan's dates as an iCalendar file a calendar subscribes to.

Every file is read back twice: with the icalendar library, and with the strict
line reader in ``tests/cli/rfc5545.py`` (CRLF, 75-octet folds, BEGIN/END, the
properties each VEVENT needs). The occurrences of each check-in's RRULE are
expanded with dateutil's ``rrulestr``, a third reader of the rule.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, time

from dateutil.rrule import rrulestr
from icalendar import Calendar

from tests.cli import rfc5545
from tests.cli.helpers import cli_at
from tests.conftest import TODAY

HOSTILE = "[bold]x[/ \x1b]0;pwned\x07 a, b; c\nnext line"
START = date(2026, 11, 4)  # a Wednesday
DEADLINE = date(2027, 3, 31)


def _fixture(path, clock):
    """One small open goal with one KPI per cadence, a closed, an archived and a paused one.

    Returns the ids: goal, milestones (first, second) and steps (done, undated, open).
    """
    from goaltui.domain.models import GoalStatus
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    svc = GoalService.open(path, clock)
    try:
        cadences = ("daily", "weekly", "biweekly", "monthly", "quarterly")
        goal = svc.create_goal(
            PlanRows(
                goal={
                    "title": "Goal " + HOSTILE,
                    "description": "Why " + HOSTILE,
                    "start": START,
                    "deadline": DEADLINE,
                },
                kpis=[
                    {"name": f"K {c}", "unit": "", "baseline": 0, "target": 10, "cadence": c}
                    for c in cadences
                ],
                milestones=[
                    {
                        "title": "First " + HOSTILE,
                        "target_date": date(2026, 12, 15),
                        "steps": [
                            {"title": "Done step", "due": date(2026, 12, 1)},
                            {"title": "Undated step"},
                            {"title": "Step " + HOSTILE, "due": date(2026, 12, 10)},
                        ],
                    },
                    {"title": "Second", "target_date": date(2027, 2, 1)},
                ],
            )
        )
        milestones = svc.repo.milestones([goal.id])
        steps = svc.repo.steps([m.id for m in milestones])
        by_title = {s.title: s.id for s in steps}
        svc.edit_step(by_title["Done step"], {"done_on": date(2026, 11, 20)})
        svc.edit_milestone(milestones[1].id, {"done_on": date(2026, 11, 21)})
        for title, status, archived in (
            ("Closed", GoalStatus.ACHIEVED, False),
            ("Archived", GoalStatus.ACTIVE, True),
            ("Paused", GoalStatus.PAUSED, False),
        ):
            other = svc.create_goal(
                PlanRows(
                    goal={"title": title, "start": START, "deadline": date(2027, 1, 10)},
                    kpis=[{"name": f"K of {title}", "unit": "", "baseline": 0, "target": 1}],
                    milestones=[{"title": f"M of {title}", "target_date": date(2026, 12, 20)}],
                )
            )
            if status != GoalStatus.ACTIVE:
                svc.set_status(other.id, status)
            if archived:
                svc.set_archived(other.id, True)
        ids = {
            "goal": goal.id,
            "milestones": [m.id for m in milestones],
            "steps": [by_title["Done step"], by_title["Undated step"], by_title["Step " + HOSTILE]],
            "kpis": [k.id for k in svc.repo.kpis([goal.id])],
            "paused": svc.repo.goals()[-1].id,
        }
    finally:
        svc.close()
    return ids


def _export(capsys, clock, db, *extra):
    r = cli_at(capsys, clock, "--db", str(db), "export", "ical", *extra)
    assert r.code == 0, r.err
    return r.out.encode("utf-8")


def _by_uid(data: bytes):
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_every_date_of_the_open_goal_is_there(capsys, tmp_path, clock):
    db = tmp_path / "goals.db"
    ids = _fixture(db, clock)
    data = _export(capsys, clock, db)
    events = _by_uid(data)
    first, second = ids["milestones"]
    done_step, undated, open_step = ids["steps"]
    daily, weekly, biweekly, monthly, quarterly = ids["kpis"]
    # Written out by hand: the deadline, two milestones, two dated steps (the undated
    # one has no day), five check-ins; the paused goal's deadline and milestone (a
    # paused goal asks no check-in); nothing of the closed or the archived goal.
    expected_days = {
        f"deadline-goal-{ids['goal']}@goaltui": date(2027, 3, 31),
        f"milestone-{first}@goaltui": date(2026, 12, 15),
        f"milestone-{second}@goaltui": date(2027, 2, 1),
        f"step-{done_step}@goaltui": date(2026, 12, 1),
        f"step-{open_step}@goaltui": date(2026, 12, 10),
        f"kpi-{daily}-checkin@goaltui": date(2026, 11, 4),  # the start itself
        f"kpi-{weekly}-checkin@goaltui": date(2026, 11, 2),  # Monday of the start's week
        f"kpi-{biweekly}-checkin@goaltui": date(2026, 11, 2),  # the first fortnight's Monday
        f"kpi-{monthly}-checkin@goaltui": date(2026, 11, 1),
        f"kpi-{quarterly}-checkin@goaltui": date(2026, 10, 1),  # Q4 begins in October
        f"deadline-goal-{ids['paused']}@goaltui": date(2027, 1, 10),
    }
    paused_milestones = [uid for uid in events if uid not in expected_days]
    assert len(paused_milestones) == 1 and "milestone-" in paused_milestones[0]
    assert f"step-{undated}@goaltui" not in events
    for uid, day in expected_days.items():
        assert events[uid].decoded("DTSTART") == day, uid
        assert events[uid].decoded("DTEND") == date.fromordinal(day.toordinal() + 1), uid
    rules = {
        daily: "FREQ=DAILY;UNTIL=20270331",
        weekly: "FREQ=WEEKLY;UNTIL=20270331",
        biweekly: "FREQ=WEEKLY;UNTIL=20270331;INTERVAL=2",
        monthly: "FREQ=MONTHLY;UNTIL=20270331",
        quarterly: "FREQ=MONTHLY;UNTIL=20270331;INTERVAL=3",
    }
    for kpi_id, rule in rules.items():
        ev = events[f"kpi-{kpi_id}-checkin@goaltui"]
        assert ev["RRULE"].to_ical().decode() == rule
    # The second reader sees the same events, with the required properties.
    raw = {e["UID"][0]: e for e in rfc5545.events(data)}
    assert set(raw) == set(events)
    assert raw[f"kpi-{biweekly}-checkin@goaltui"]["DTSTART"] == ["20261102"]
    assert raw[f"kpi-{quarterly}-checkin@goaltui"]["RRULE"] == [rules[quarterly]]
    assert all("RRULE" not in e for uid, e in raw.items() if "checkin" not in uid)


def test_the_check_ins_recur_on_the_days_worked_out_by_hand(capsys, tmp_path, clock):
    db = tmp_path / "goals.db"
    ids = _fixture(db, clock)
    events = _by_uid(_export(capsys, clock, db))
    _, weekly, biweekly, monthly, quarterly = ids["kpis"]

    def days(kpi_id):
        ev = events[f"kpi-{kpi_id}-checkin@goaltui"]
        start = datetime.combine(ev.decoded("DTSTART"), time())
        rule = ev["RRULE"].to_ical().decode().replace("UNTIL=20270331", "UNTIL=20270331T000000")
        return [d.date() for d in rrulestr(rule, dtstart=start)]

    # Fortnights from Monday 2026-11-02, 14 days apart, up to 2027-03-31:
    # Nov 2, 16, 30; Dec 14, 28; Jan 11, 25; Feb 8, 22; Mar 8, 22 (Apr 5 is past it).
    assert days(biweekly) == [
        date(2026, 11, 2), date(2026, 11, 16), date(2026, 11, 30), date(2026, 12, 14),
        date(2026, 12, 28), date(2027, 1, 11), date(2027, 1, 25), date(2027, 2, 8),
        date(2027, 2, 22), date(2027, 3, 8), date(2027, 3, 22),
    ]  # fmt: skip
    # Quarters: Oct 1 (holding the start on Nov 4), Jan 1; Apr 1 is past the deadline.
    assert days(quarterly) == [date(2026, 10, 1), date(2027, 1, 1)]
    assert days(monthly) == [date(2026, m, 1) for m in (11, 12)] + [
        date(2027, m, 1) for m in (1, 2, 3)
    ]
    # Mondays from Nov 2 to Mar 29 (the last before Mar 31): 28 + 31 + 31 + 28 + 29 = 147
    # days = 21 weeks apart, so 22 Mondays.
    assert len(days(weekly)) == 22 and days(weekly)[-1] == date(2027, 3, 29)


def test_done_items_say_so_and_open_ones_do_not(capsys, tmp_path, clock):
    db = tmp_path / "goals.db"
    ids = _fixture(db, clock)
    events = _by_uid(_export(capsys, clock, db))
    first, second = ids["milestones"]
    done_step, _, open_step = ids["steps"]
    assert str(events[f"milestone-{second}@goaltui"]["SUMMARY"]) == "Milestone done: Second"
    assert "Done on 2026-11-21" in str(events[f"milestone-{second}@goaltui"]["DESCRIPTION"])
    assert str(events[f"step-{done_step}@goaltui"]["SUMMARY"]) == "Step done: Done step"
    assert "Done on 2026-11-20" in str(events[f"step-{done_step}@goaltui"]["DESCRIPTION"])
    assert str(events[f"milestone-{first}@goaltui"]["SUMMARY"]).startswith("Milestone: First")
    assert "Done on" not in str(events[f"step-{open_step}@goaltui"]["DESCRIPTION"])


def test_uids_stay_and_a_moved_milestone_gets_a_higher_sequence(capsys, tmp_path, clock):
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService

    db = tmp_path / "goals.db"
    ids = _fixture(db, clock)
    before = _export(capsys, clock, db)
    assert _export(capsys, clock, db) == before  # one database, one clock: one file
    first = ids["milestones"][0]
    uid = f"milestone-{first}@goaltui"
    later = FixedClock(date(2026, 11, 23), time(10, 30))
    svc = GoalService.open(db, later)
    try:
        svc.edit_milestone(first, {"target_date": date(2027, 1, 5)}, "the venue moved it")
    finally:
        svc.close()
    after = _export(capsys, later, db)
    old, new = _by_uid(before), _by_uid(after)
    assert set(old) == set(new)  # the same events, none added: each one updates in place
    assert old[uid]["SEQUENCE"] == 0 and new[uid]["SEQUENCE"] == 1
    assert new[uid].decoded("DTSTART") == date(2027, 1, 5)
    assert new[uid].decoded("DTSTAMP") > old[uid].decoded("DTSTAMP")
    moved_at = datetime(2026, 11, 23, 10, 30).astimezone(UTC)  # the clock's now, local
    assert new[uid].decoded("LAST-MODIFIED") == moved_at
    assert "LAST-MODIFIED" not in old[uid]
    assert "Moved from 2026-12-15: the venue moved it" in str(new[uid]["DESCRIPTION"])
    assert new[uid].decoded("DTSTAMP") == moved_at


def test_hostile_text_stays_text(capsys, tmp_path, clock):
    db = tmp_path / "goals.db"
    ids = _fixture(db, clock)
    data = _export(capsys, clock, db)
    rfc5545.unfold(data)  # no control character on any line (checked there)
    assert b"\x1b" not in data and b"\x07" not in data
    events = _by_uid(data)
    summary = str(events[f"milestone-{ids['milestones'][0]}@goaltui"]["SUMMARY"])
    # one line: the newline a space; ESC and BEL as their pictures; markup as typed
    assert summary == "Milestone: First [bold]x[/ ␛]0;pwned␇ a, b; c next line"
    description = str(events[f"deadline-goal-{ids['goal']}@goaltui"]["DESCRIPTION"])
    assert "Why [bold]x[/ ␛]0;pwned␇ a, b; c\nnext line" in description  # its lines kept
    raw = {e["UID"][0]: e for e in rfc5545.events(data)}
    # commas and semicolons escaped in the file itself
    assert raw[f"step-{ids['steps'][2]}@goaltui"]["SUMMARY"] == [
        "Step: Step [bold]x[/ ␛]0\\;pwned␇ a\\, b\\; c next line"
    ]


def test_out_writes_a_private_file(capsys, tmp_path, clock):
    db = tmp_path / "goals.db"
    _fixture(db, clock)
    target = tmp_path / "goals.ics"
    target.write_text("old")
    os.chmod(target, 0o644)
    r = cli_at(capsys, clock, "--db", str(db), "export", "ical", "--out", str(target))
    assert r.code == 0, r.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"Wrote ical to {target}" in r.err
    data = target.read_bytes()
    assert data == _export(capsys, clock, db)  # the same bytes as on standard output
    rfc5545.events(data)


def test_the_demo_exports_and_parses(capsys, demo_db_arg, clock):
    data = _export(capsys, clock, demo_db_arg)
    events = rfc5545.events(data)
    parsed = _by_uid(data)
    assert len(parsed) == len(events) > 20
    assert sum("RRULE" in e for e in events) >= 5
    assert all(e.decoded("DTSTAMP") == datetime.combine(TODAY, time(9)).astimezone(UTC)
               for e in parsed.values())  # fmt: skip


def test_ical_takes_no_goal_or_period(capsys, demo_db_arg, clock):
    from tests.cli.helpers import cli

    r = cli(capsys, "--db", demo_db_arg, "export", "ical", "--goal", "1")
    assert r.assert_failed(2).endswith("only 'export markdown' takes a goal and a period")


def test_a_goal_without_a_deadline_repeats_its_check_in_with_no_end(capsys, tmp_path, clock):
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    db = tmp_path / "goals.db"
    svc = GoalService.open(db, clock)
    try:
        goal = svc.create_goal(
            PlanRows(
                goal={"title": "Open-ended", "start": START, "deadline": None},
                kpis=[{"name": "K", "unit": "", "baseline": 0, "target": 1, "cadence": "weekly"}],
            )
        )
        kpi = svc.repo.kpis([goal.id])[0]
    finally:
        svc.close()
    events = _by_uid(_export(capsys, clock, db))
    assert set(events) == {f"kpi-{kpi.id}-checkin@goaltui"}  # no deadline, no deadline event
    assert events[f"kpi-{kpi.id}-checkin@goaltui"]["RRULE"].to_ical() == b"FREQ=WEEKLY"
