"""Where the goal tree's figures are kept between starts (see :mod:`goaltui.domain.glance`).

One table, ``goal_glance``, holds the figures the dashboard last worked out
(one row; on PostgreSQL one per person, behind row-level security). Any change
to the data throws them away, whoever makes it: on SQLite a stored trigger on
every data table deletes the row (a delete from an empty table costs nothing,
so a bulk load pays nothing either), on PostgreSQL the statement triggers that
notify other machines delete it too (``storage.pg_journal``).

The dashboard writes the figures through its watcher's connection
(``storage.watch``), and only if nothing was committed since it began working
them out: figures read from data that changed meanwhile are never kept, and the
watcher does not take the dashboard's own note for another program's change.

Standard library only: the first frame reads the figures before SQLModel is in.
"""

from __future__ import annotations

from collections.abc import Iterable

TABLE = "goal_glance"

#: Keeps the figures (SQLite; the delete and insert run in one transaction).
FORGET = f"DELETE FROM {TABLE}"
KEEP = f"INSERT INTO {TABLE} (payload) VALUES (?)"


def stale_triggers(tables: Iterable[str]) -> list[str]:
    """SQLite's triggers that forget the figures when a row of ``tables`` changes.

    Stored in the file, so that any writer (a script with ``sqlite3`` too) fires
    them. A revision that rebuilds one of these tables must make them again.
    """
    out = []
    for table in tables:
        for op in ("INSERT", "UPDATE", "DELETE"):
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {TABLE}_stale_{table}_{op[0].lower()} "
                f'AFTER {op} ON "{table}" BEGIN {FORGET}; END'
            )
    return out
