"""How much is due today, read with the standard library's sqlite3 alone (for ``remind``).

Read-only: it never creates, migrates or locks anything. The rules are
:mod:`goaltui.domain.due`, the ones ``goaltui due`` applies through the repository.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from goaltui.domain.due import DueCounts, kpi_value_due
from goaltui.domain.models import Cadence
from goaltui.storage.files import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StoreError,
    StoreMissing,
    check_existing,
    describe_db_error,
    probe,
    read_only,
)
from goaltui.storage.paths import DbUrl

#: The active goals that are not archived: the only ones ``due`` looks at.
_ACTIVE = "SELECT id FROM goal WHERE status = 'active' AND NOT archived"
#: On PostgreSQL, of those only the connecting role's own (not those shared with it).
_OWN_ACTIVE = _ACTIVE + " AND owner = current_user"


def _queries(active: str) -> tuple[str, str, str, str]:
    """The KPIs of the goals ``active`` selects, and the counts of what is due in them."""
    kpis = f"""
SELECT k.cadence, g.start, (SELECT max(m.day) FROM measurement m WHERE m.kpi_id = k.id)
FROM kpi k JOIN goal g ON g.id = k.goal_id
WHERE k.goal_id IN ({active})
"""
    milestones = f"""
SELECT count(*) FROM milestone
WHERE goal_id IN ({active}) AND done_on IS NULL AND target_date <= :today
"""
    steps = f"""
SELECT count(*) FROM step s JOIN milestone m ON m.id = s.milestone_id
WHERE m.goal_id IN ({active}) AND s.done_on IS NULL AND s.due IS NOT NULL AND s.due <= :today
"""
    waiting = f"""
SELECT count(*) FROM ({active}) AS active
WHERE id NOT IN (SELECT goal_id FROM checkin WHERE day = :today)
"""
    return kpis, milestones, steps, waiting


_KPIS, _MILESTONES, _STEPS, _WAITING = _queries(_ACTIVE)


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
