"""``goaltui due``: what is due today, as lines, JSON, or only an exit status.

A database file at this goaltui's schema is read with the standard library's
sqlite3 alone (:func:`goaltui.storage.due_count.read_due_items`): no SQLModel to
import, which would take most of the command's time. Any other database (one
to upgrade, one that cannot be read, a PostgreSQL server) goes through the
goal service as every other command does, which says what is wrong.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from goaltui.cli.output import say
from goaltui.domain.text import one_line

if TYPE_CHECKING:
    from goaltui.domain.clock import Clock
    from goaltui.domain.due import DueItem

#: How each kind of item is named on its line.
LABELS = {"kpi": "value", "step": "step", "milestone": "milestone", "checkin": "check-in"}


def due_from_file(args: argparse.Namespace, out: TextIO, clock: Clock | None) -> int | None:
    """Show what is due in a database file read directly; None when it is not one to
    read so (the caller then opens it through the goal service)."""
    from goaltui.domain.clock import SystemClock
    from goaltui.storage.due_count import read_due_items
    from goaltui.storage.files import StoreError
    from goaltui.storage.paths import DbUrl, PathError, resolve_db_path

    try:
        where = resolve_db_path(args.db)
        if isinstance(where, DbUrl):
            return None
        items = read_due_items(where, (clock or SystemClock()).today())
    except (StoreError, PathError, OSError):
        return None  # the goal service opens it and says what is wrong, if anything
    return show_due(items, args, out)


def show_due(items: Sequence[DueItem], args: argparse.Namespace, out: TextIO) -> int:
    """Write ``items`` as ``due`` does; its exit status."""
    if getattr(args, "quiet", False):
        return 0 if items else 1  # the grep convention: 0 something found, 1 nothing
    if getattr(args, "format", "text") == "json":
        rows = [
            {
                "kind": item.kind,
                "title": item.title,
                "goal_id": item.goal_id,
                "goal": item.goal_title,
                "due": item.due.isoformat() if item.due else None,
                "overdue_days": item.overdue_days,
                "id": item.ref_id,
                "importance": item.importance.value,
            }
            for item in items
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not items:
        say(out, "Nothing due today.")
        return 0
    for item in items:
        when = f"{item.overdue_days}d overdue" if item.overdue_days > 0 else "today"
        weight = f"  [{item.importance.value}]" if item.importance != "normal" else ""
        say(
            out,
            f"{when:>12}  {LABELS[item.kind]:<9}  {one_line(item.title, 50)}"
            f"  ({one_line(item.goal_title, 40)}){weight}",
        )
    return 0
