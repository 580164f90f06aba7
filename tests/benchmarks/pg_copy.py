"""Load the benchmark's SQLite database into an empty PostgreSQL database (``run.py --db URL``).

goaltui makes its tables there (``open_engine``), then every table's rows are
copied with ``COPY ... FROM STDIN``, the id sequences moved past the highest
id, and the database vacuumed and analysed. Only an empty database is loaded;
one this script loaded earlier (the same goals) is used as it is; anything else
is refused and left alone.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

#: Parents before children, so every row's links exist when it is copied.
ORDER = (
    "goal",
    "obstacle",
    "kpi",
    "measurement",
    "milestone",
    "step",
    "checkin",
    "review",
    "revision",
    "pause",
)


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _goal_titles(source: Path) -> list[str]:
    con = sqlite3.connect(source)
    try:
        return [r[0] for r in con.execute("SELECT title FROM goal ORDER BY id")]
    finally:
        con.close()


def load(source: Path, url: str) -> str:
    """Copy ``source`` into ``url``; returns what was done ("loaded" or "reused")."""
    import psycopg

    from goaltui.storage.db import open_engine
    from goaltui.storage.paths import DbUrl

    with psycopg.connect(plain(url), autocommit=True) as con:
        tables = con.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        if tables and tables[0]:
            has_goals = con.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'goal'"
            ).fetchone()
            titles = (
                [r[0] for r in con.execute("SELECT title FROM goal ORDER BY id")]
                if has_goals
                else None
            )
            if titles == _goal_titles(source):
                return "reused"
            raise SystemExit(
                f"pg_copy: {url} is not empty and holds other goals than the benchmark's; "
                "give the benchmark an empty database of its own"
            )
    open_engine(DbUrl(url, url)).dispose()
    lite = sqlite3.connect(source)
    try:
        with psycopg.connect(plain(url)) as con, con.transaction():
            for table in ORDER:
                columns = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
                if not columns:
                    continue
                names = ", ".join(f'"{c}"' for c in columns)
                with con.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in lite.execute(f'SELECT {names} FROM "{table}"'):
                        copy.write_row(row)
                con.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)'
                )
    finally:
        lite.close()
    # As autovacuum leaves a database some time after a bulk load: statistics,
    # and the visibility map that lets a read use an index alone.
    with psycopg.connect(plain(url), autocommit=True) as con:
        con.execute("VACUUM (ANALYZE)")
    return "loaded"


if __name__ == "__main__":
    print(load(Path(sys.argv[1]), sys.argv[2]))
