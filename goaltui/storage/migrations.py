"""Schema versions: Alembic revisions (``schema_versions/versions``) and what they run.

A new database gets the current tables whole and is stamped with the newest
revision. An older SQLite file is backed up by ``open_engine``, then
:func:`migrate` runs every revision it lacks inside one ``BEGIN IMMEDIATE``
transaction. Foreign keys are switched off around it (outside the transaction,
where SQLite honours the pragma) so that rebuilding a table never cascades into
its children, and ``PRAGMA foreign_key_check`` must come back empty before the
commit.

The first five revisions call the step functions below. Their table rebuilds
copy rows through SQL expressions (a status outside the new check becomes
``active``), which Alembic's batch mode cannot do in its copy; revisions from
here on use Alembic's operations (batch mode on SQLite).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, func, insert, select
from sqlalchemy.schema import CreateIndex, CreateTable

from goaltui.storage import glance
from goaltui.storage.change_log import JOURNALED
from goaltui.storage.files import HEAD_REVISION, SCHEMA_VERSION, StoreError, revision_of
from goaltui.storage.files import VERSION_TABLE as VERSION_TABLE
from goaltui.storage.tables import (
    DATA_TABLES,
    ChangeEntryRow,
    ChangeRow,
    CheckInRow,
    GoalRow,
    KpiRow,
    MilestoneRow,
    ObstacleRow,
    PauseRow,
    StepRow,
    table_of,
)
from goaltui.storage.txn import writing

#: The layout of schema 1, kept so tests can build an old file and migrate it.
SCHEMA_V1 = """
CREATE TABLE goal (
    id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES goal(id) ON DELETE SET NULL,
    title VARCHAR NOT NULL, description VARCHAR NOT NULL, why VARCHAR NOT NULL,
    start DATE NOT NULL, deadline DATE, confidence INTEGER, resources VARCHAR NOT NULL,
    status VARCHAR NOT NULL, archived BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE kpi (
    id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    name VARCHAR NOT NULL, unit VARCHAR NOT NULL, baseline FLOAT NOT NULL, target FLOAT NOT NULL,
    kind VARCHAR NOT NULL, cadence VARCHAR NOT NULL, aggregation VARCHAR NOT NULL,
    pace_start DATE, pace_from FLOAT);
CREATE INDEX ix_kpi_goal ON kpi (goal_id);
CREATE TABLE measurement (
    id INTEGER PRIMARY KEY, kpi_id INTEGER NOT NULL REFERENCES kpi(id) ON DELETE CASCADE,
    day DATE NOT NULL, value FLOAT NOT NULL, note VARCHAR NOT NULL, created_at DATETIME NOT NULL);
CREATE INDEX ix_measurement_kpi_day ON measurement (kpi_id, day, value);
CREATE TABLE milestone (
    id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    title VARCHAR NOT NULL, target_date DATE NOT NULL, done_on DATE, position INTEGER NOT NULL);
CREATE INDEX ix_milestone_goal ON milestone (goal_id, target_date);
CREATE INDEX ix_milestone_date ON milestone (target_date);
CREATE TABLE step (
    id INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    title VARCHAR NOT NULL, due DATE, done_on DATE);
CREATE INDEX ix_step_milestone ON step (milestone_id);
CREATE INDEX ix_step_due ON step (due);
CREATE TABLE checkin (
    id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    day DATE NOT NULL, confidence INTEGER, wins VARCHAR NOT NULL, obstacles VARCHAR NOT NULL,
    note VARCHAR NOT NULL);
CREATE INDEX ix_checkin_goal_day ON checkin (goal_id, day);
CREATE INDEX ix_checkin_day ON checkin (day);
CREATE TABLE review (
    id INTEGER PRIMARY KEY, goal_id INTEGER REFERENCES goal(id) ON DELETE CASCADE,
    kind VARCHAR NOT NULL, period_start DATE NOT NULL, period_end DATE NOT NULL,
    worked VARCHAR NOT NULL, obstacles VARCHAR NOT NULL, lessons VARCHAR NOT NULL,
    next_steps VARCHAR NOT NULL, rating INTEGER, outcome VARCHAR, created_at DATETIME NOT NULL);
CREATE INDEX ix_review_goal ON review (goal_id, period_end);
CREATE TABLE revision (
    id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    entity VARCHAR NOT NULL, entity_id INTEGER NOT NULL, field VARCHAR NOT NULL,
    old VARCHAR NOT NULL, new VARCHAR NOT NULL, reason VARCHAR NOT NULL, at DATETIME NOT NULL);
CREATE INDEX ix_revision_goal ON revision (goal_id, at);
PRAGMA application_id = 1196704073;
PRAGMA user_version = 1;
"""


class MigrationError(StoreError):
    """A migration could not keep every row intact; nothing was committed."""


def rebuild_table(conn: Connection, table: Table, changes: dict[str, str]) -> None:
    """Rebuild ``table`` with its current definition, copying rows across.

    ``changes`` maps a column to an SQL expression over the old table; every
    other column keeps its value when the old table has it and takes its
    default when it does not (a column a later schema added). Must run with
    foreign keys off and inside the migration transaction.
    """
    name = table.name
    old = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({name})")}
    copy_columns = {
        c.name: changes.get(c.name) or (c.name if c.name in old else _default_of(c))
        for c in table.columns
    }
    ddl = str(CreateTable(table).compile(dialect=conn.dialect))
    ddl = re.sub(rf"^\s*CREATE TABLE {name} ", f"CREATE TABLE {name}__new ", ddl, count=1)
    conn.exec_driver_sql(ddl)
    cols = ", ".join(copy_columns)
    exprs = ", ".join(copy_columns.values())
    conn.exec_driver_sql(f"INSERT INTO {name}__new ({cols}) SELECT {exprs} FROM {name}")
    conn.exec_driver_sql(f"DROP TABLE {name}")
    conn.exec_driver_sql(f"ALTER TABLE {name}__new RENAME TO {name}")
    for index in table.indexes:
        conn.exec_driver_sql(str(CreateIndex(index).compile(dialect=conn.dialect)))


def _default_of(column: Column[Any]) -> str:
    """A column's default as an SQL literal (NULL when it has none)."""
    default = column.default
    value = getattr(default, "arg", None) if default is not None else None
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise MigrationError(f"no default for the new column {column.name}")


def _v1_to_v2(conn: Connection) -> None:
    """Schema 2: goals gain a roll-up weight and checks on confidence and status."""
    table = table_of(GoalRow)
    columns = {"weight": "1.0"}
    columns["confidence"] = "CASE WHEN confidence BETWEEN 1 AND 10 THEN confidence END"
    columns["status"] = (
        "CASE WHEN status IN ('draft','active','paused','achieved','missed','abandoned') "
        "THEN status ELSE 'active' END"
    )
    rebuild_table(conn, table, columns)


def _v2_to_v3(conn: Connection) -> None:
    """Schema 3: a goal's pauses as intervals.

    A goal paused now gets one open pause from the day it was last changed: all
    an older file knows of when the pause began.
    """
    pause = table_of(PauseRow)
    goal = table_of(GoalRow)
    pause.create(conn)
    since = func.coalesce(func.date(goal.c.updated_at), goal.c.start)
    paused = select(goal.c.id, since).where(goal.c.status == "paused").order_by(goal.c.id)
    conn.execute(insert(pause).from_select(["goal_id", "start"], paused))


def _v3_to_v4(conn: Connection) -> None:
    """Schema 4: what the planning practices need.

    A goal's partner and its likely obstacles with their plans, a ``between``
    KPI's upper bound, milestones that are KPI checkpoints, a step's importance
    and the planned obstacle a check-in met. Every new field takes its default
    (empty; a step is of normal importance); the tables are rebuilt so a
    migrated file has the same layout as a new one.
    """
    table_of(ObstacleRow).create(conn)
    for model in (GoalRow, KpiRow, MilestoneRow, StepRow, CheckInRow):
        rebuild_table(conn, table_of(model), {})


def _v4_to_v5(conn: Connection) -> None:
    """Schema 5: the journal that undo reads, revisions that say they were undone,
    and ids that are never given twice.

    Every table is rebuilt with SQLite's AUTOINCREMENT (which starts above the
    highest id it copies): a goal that undo brings back keeps its id, and no new
    row can have taken it meanwhile. The journal starts empty: what was changed
    before the upgrade cannot be undone.
    """
    table_of(ChangeRow).create(conn)
    table_of(ChangeEntryRow).create(conn)
    for model in JOURNALED:
        rebuild_table(conn, table_of(model), {})


#: The newest revision in ``schema_versions/versions`` (a test checks): knowing it
#: here spares every start-up Alembic's import.
HEAD = HEAD_REVISION


def glance_triggers(conn: Connection) -> None:
    """SQLite's stored triggers that forget the tree's figures at any change of the data."""
    if conn.dialect.name == "sqlite":
        for statement in glance.stale_triggers(DATA_TABLES):
            conn.exec_driver_sql(statement)


def _alembic(conn: Connection) -> Any:
    """Alembic's configuration, running ``schema_versions`` on ``conn``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("schema_versions")))
    config.attributes["connection"] = conn
    return config


def stamp_head(conn: Connection) -> None:
    """Mark a database whose tables were just made whole as being at the newest revision."""
    from alembic import command

    command.stamp(_alembic(conn), "head")


def upgrade(conn: Connection, version: int) -> None:
    """Run the revisions after schema ``version`` on ``conn``, inside its transaction.

    A file from before the revisions had a table of their own knows its schema
    only by ``version`` (SQLite's ``user_version``): it is stamped with it first.
    """
    from alembic import command
    from sqlalchemy import inspect

    config = _alembic(conn)
    if not inspect(conn).has_table(VERSION_TABLE):
        command.stamp(config, revision_of(version))
    command.upgrade(config, "head")


def mirror_version(conn: Connection) -> None:
    """Keep SQLite's ``user_version`` at the schema number of the newest revision.

    The standard-library readers (``outline``, ``remind``) check it without
    SQLAlchemy, and a goaltui older than the file refuses the file by it.
    """
    conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(engine: Engine, current: int) -> None:
    """Bring an SQLite file from schema ``current`` to the newest, in one transaction."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        # Pragmas are ignored inside a transaction: these run before BEGIN.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with writing(), conn.begin():
                upgrade(conn, current)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        f"migration would break {len(problems)} links between rows"
                    )
                mirror_version(conn)
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
