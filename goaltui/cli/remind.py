"""``goaltui remind``: one short line for a shell prompt or a status bar, fast.

It reads a database file with the standard library's sqlite3 alone (no SQLModel,
which takes half a second to import), a PostgreSQL database with the same
queries through psycopg; it never creates or changes either, and prints nothing
at all when nothing is due.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from goaltui.domain.due import remind_line
from goaltui.domain.text import one_line

if TYPE_CHECKING:
    from goaltui.domain.clock import Clock


def run_remind(args: argparse.Namespace, out: TextIO, clock: Clock | None = None) -> int:
    """Print the reminder line (or nothing); 1 with one line on stderr when it cannot read."""
    from goaltui.domain.clock import SystemClock
    from goaltui.storage.due_count import read_due_counts, read_due_counts_at
    from goaltui.storage.files import StoreError
    from goaltui.storage.paths import DbUrl, PathError, resolve_db_path

    today = (clock or SystemClock()).today()
    try:
        where = resolve_db_path(args.db)
        if isinstance(where, DbUrl):
            counts = read_due_counts_at(where, today)
        else:
            counts = read_due_counts(where, today)
    except (StoreError, PathError, OSError) as exc:
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return 1
    line = remind_line(counts)
    if line:
        out.write(line + "\n")
    return 0
