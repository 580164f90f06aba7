"""What is due today, read with the standard library's sqlite3 alone.

``remind`` counts it; ``due`` lists it from a file at this goaltui's schema
(anything else it opens through the repository, which checks and upgrades).
Read-only: it never creates, migrates or writes anything. The rules are
:mod:`goaltui.domain.due`, the ones the check-in service applies through the
repository; the queries here only narrow the rows down to what they may need.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from goaltui.domain.due import DueCounts, DueItem, due_items, kpi_value_due
from goaltui.domain.models import Cadence, Importance
from goaltui.storage.files import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    KNOWN_TABLES,
    SCHEMA_VERSION,
    VERSION_TABLE,
    StoreError,
    StoreMissing,
    check_existing,
    describe_db_error,
    is_read_only,
    probe,
    read_only,
)
from goaltui.storage.paths import DbUrl, make_private, prepare_db_location

#: The active goals that are not archived: the only ones ``due`` looks at.
_ACTIVE = "SELECT id FROM goal WHERE status = 'active' AND NOT archived"
#: On PostgreSQL, of those only the connecting role's own (not those shared with it).
_OWN_ACTIVE = _ACTIVE + " AND owner = current_user"
#: The open milestones dated today or earlier, and the open steps due by today, of
#: the goals {active} selects (counted for ``remind``, listed for ``due``).
_MILESTONES_DUE = """
FROM milestone
WHERE goal_id IN ({active}) AND done_on IS NULL AND target_date <= :today
"""
_STEPS_DUE = """
FROM step s JOIN milestone m ON m.id = s.milestone_id
WHERE m.goal_id IN ({active}) AND s.done_on IS NULL AND s.due IS NOT NULL AND s.due <= :today
"""
#: The latest day a KPI ``k`` has a value for: one look-up in the measurements' index.
_LATEST = "(SELECT max(m.day) FROM measurement m WHERE m.kpi_id = k.id)"


def _queries(active: str) -> tuple[str, str, str, str]:
    """The KPIs of the goals ``active`` selects, and the counts of what is due in them."""
    kpis = f"""
SELECT k.cadence, g.start, {_LATEST}
FROM kpi k JOIN goal g ON g.id = k.goal_id
WHERE k.goal_id IN ({active})
"""
    milestones = "SELECT count(*) " + _MILESTONES_DUE.format(active=active)
    steps = "SELECT count(*) " + _STEPS_DUE.format(active=active)
    waiting = f"""
SELECT count(*) FROM ({active}) AS active
WHERE id NOT IN (SELECT goal_id FROM checkin WHERE day = :today)
"""
    return kpis, milestones, steps, waiting


_KPIS, _MILESTONES, _STEPS, _WAITING = _queries(_ACTIVE)

#: What ``due`` lists, in the orders the repository reads them in (which
#: :func:`~goaltui.domain.due.due_items` keeps among equals).
_ITEM_GOALS = _ACTIVE.replace("SELECT id", "SELECT id, title, start") + " ORDER BY id"
_ITEM_KPIS = f"""
SELECT k.id, k.goal_id, k.name, k.cadence, {_LATEST}
FROM kpi k WHERE k.goal_id IN ({_ACTIVE}) ORDER BY k.goal_id, k.id
"""
_ITEM_MILESTONES = (
    "SELECT id, goal_id, title, target_date "
    + _MILESTONES_DUE.format(active=_ACTIVE)
    + "ORDER BY goal_id, target_date, position, id"
)
_ITEM_STEPS = (
    "SELECT s.id, m.goal_id, s.title, s.due, s.importance "
    + _STEPS_DUE.format(active=_ACTIVE)
    + "ORDER BY s.milestone_id, s.due, s.id"
)
_CHECKED = "SELECT DISTINCT goal_id FROM checkin WHERE day = :today"


class _Goal(NamedTuple):
    id: int
    title: str
    start: date


class _Kpi(NamedTuple):
    id: int
    goal_id: int
    name: str
    cadence: Cadence


class _Milestone(NamedTuple):
    id: int
    goal_id: int
    title: str
    target_date: date
    done_on: date | None = None


class _Step(NamedTuple):
    id: int
    title: str
    due: date | None
    importance: Importance
    done_on: date | None = None


def read_due_counts(path: Path, today: date) -> DueCounts:
    """What is due at ``path`` on ``today``.

    Raises:
        StoreMissing: there is no database at ``path``.
        StoreError: the file is not a goaltui database of this schema, or cannot be read.
    """
    if not check_existing(path):
        raise StoreMissing(f"no database at {path}")
    app_id, version, _tables = probe(path)
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} is not a goaltui database")
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema {version}, this goaltui reads {SCHEMA_VERSION}; "
            "run 'goaltui due' once to check it"
        )
    iso = {"today": today.isoformat()}
    try:
        with read_only(path) as con:
            kpis = con.execute(_KPIS).fetchall()
            milestones = con.execute(_MILESTONES, iso).fetchone()[0]
            steps = con.execute(_STEPS, iso).fetchone()[0]
            waiting = con.execute(_WAITING, iso).fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(describe_db_error(exc, path)) from None
    return counts_from(kpis, milestones, steps, waiting, today, path)


def read_due_items(path: Path, today: date) -> list[DueItem]:
    """What ``goaltui due`` lists for the database file at ``path`` on ``today``.

    Only for a file at this goaltui's schema, which needs no upgrade: for any
    other (or none) it raises :class:`StoreError` before reading anything, and
    the caller opens the database through the repository instead, which
    upgrades it or says what is wrong. The file is tightened to its owner as
    opening it does; a file its owner made read-only is read as such.

    Raises:
        StoreError: the file is not one this reads, or could not be read.
    """
    if not check_existing(path):
        raise StoreMissing(f"no database at {path}")
    app_id, version, tables = probe(path)
    if (
        app_id != APPLICATION_ID
        or version != SCHEMA_VERSION
        or SCHEMA_VERSION not in KNOWN_TABLES
        or not KNOWN_TABLES[SCHEMA_VERSION] <= tables
        or VERSION_TABLE not in tables
    ):
        raise StoreError(f"{path} needs checking through the repository")
    prepare_db_location(path)
    make_private(path)
    locked = is_read_only(path)
    if not locked:
        for suffix in ("-wal", "-shm"):
            make_private(path.with_name(path.name + suffix))
    iso = {"today": today.isoformat()}
    try:
        if locked:
            with read_only(path) as con:
                rows = _item_rows(con, iso)
        else:
            con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                rows = _item_rows(con, iso)
            finally:
                con.close()
    except sqlite3.Error as exc:
        raise StoreError(describe_db_error(exc, path)) from None
    goals, kpis, milestones, steps, checked = rows
    day = date.fromisoformat
    try:
        return due_items(
            [_Goal(i, title, day(start)) for i, title, start in goals],
            [_Kpi(i, goal, name, Cadence(cadence)) for i, goal, name, cadence, _ in kpis],
            {i: day(last) for i, _, _, _, last in kpis if last is not None},
            [_Milestone(i, goal, title, day(when)) for i, goal, title, when in milestones],
            [
                (_Step(i, title, day(due), Importance(importance)), goal)
                for i, goal, title, due, importance in steps
            ],
            {goal for (goal,) in checked},
            today,
        )
    except (ValueError, TypeError):
        raise StoreError(f"{path} holds a value goaltui cannot read") from None


def _item_rows(con: sqlite3.Connection, iso: dict[str, str]) -> tuple[list[Any], ...]:
    """The rows of the queries ``due`` lists from, read in one transaction."""
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute("BEGIN")
    try:
        return (
            con.execute(_ITEM_GOALS).fetchall(),
            con.execute(_ITEM_KPIS).fetchall(),
            con.execute(_ITEM_MILESTONES, iso).fetchall(),
            con.execute(_ITEM_STEPS, iso).fetchall(),
            con.execute(_CHECKED, iso).fetchall(),
        )
    finally:
        con.execute("ROLLBACK")


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def counts_from(
    kpis: Sequence[Sequence[Any]],
    milestones: int,
    steps: int,
    waiting: int,
    today: date,
    where: object,
) -> DueCounts:
    """The counts from the rows of the queries above (dates as text or as dates)."""
    try:
        due_kpis = sum(
            kpi_value_due(
                _day(last) if last is not None else None,
                Cadence(cadence),
                _day(start),
                today,
            )
            for cadence, start, last in kpis
        )
    except (ValueError, TypeError):
        raise StoreError(f"{where} holds a date or cadence goaltui cannot read") from None
    return DueCounts(
        kpis=due_kpis, steps=int(steps), milestones=int(milestones), checkin=bool(waiting)
    )


def read_due_counts_at(url: DbUrl, today: date) -> DueCounts:
    """What is due in the PostgreSQL database ``url`` (the same queries, through psycopg)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from goaltui.storage import postgres

    engine = postgres.make_engine(url)
    iso = {"today": today}
    kpi_sql, milestone_sql, step_sql, waiting_sql = _queries(_OWN_ACTIVE)
    try:
        with engine.connect() as con:
            kpis = con.execute(text(kpi_sql)).fetchall()
            milestones = con.execute(text(milestone_sql), iso).scalar_one()
            steps = con.execute(text(step_sql), iso).scalar_one()
            waiting = con.execute(text(waiting_sql), iso).scalar_one()
    except DBAPIError as exc:
        if postgres.sqlstate(exc) == "42P01":  # no goaltui tables
            raise StoreMissing(f"there are no goals in {url} yet") from None
        raise StoreError(postgres.describe_error(exc, url)) from None
    finally:
        engine.dispose()
    return counts_from(kpis, milestones, steps, waiting, today, url)
