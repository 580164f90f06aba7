"""A first look at the goals with the standard library's sqlite3 alone (or, for a
PostgreSQL database, psycopg alone).

Importing SQLModel takes about half a second; reading 2,000 goals this way takes
a few milliseconds. The dashboard shows this outline (titles, the tree, dates,
status) while the real storage opens, then replaces it with the full picture.
With the goals come the tree's figures as the last start worked them out, when
nothing changed since (``storage.glance``).

Read-only: it never creates, migrates or locks anything, and whenever it cannot
be sure of its answer (no file, a schema it does not know, any error) it answers
None and the dashboard simply waits for the real storage, which explains the problem.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from goaltui.domain.models import Goal, GoalStatus
from goaltui.storage import glance
from goaltui.storage.files import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_VERSION,
    VERSION_TABLE,
    StoreError,
    check_existing,
    probe,
    read_only,
)
from goaltui.storage.paths import DbUrl, Location

_COLUMNS = (
    "id, title, start, deadline, description, why, parent_id, confidence, resources, "
    "status, archived, weight, created_at, updated_at"
)
#: The first schema whose goal table has these columns (later ones add to them).
_COLUMNS_SINCE = 2
#: The first schema whose goals name a partner.
_PARTNER_SINCE = 4
#: The first schema that keeps the tree's figures.
_GLANCE_SINCE = 6


@dataclass(frozen=True, slots=True)
class FirstLook:
    """The goals, and the tree's figures kept by the last start (``storage.glance``;
    None when there are none, which is so after any change to the data)."""

    goals: list[Goal]
    glance: str | None = None


def first_look(where: Location) -> FirstLook | None:
    """Every goal at ``where`` (on PostgreSQL: my own), with the kept figures, or None
    when that is not certain."""
    return _first_look(where) if isinstance(where, Path) else _first_look_at(where)


def read_outline(path: Path) -> list[Goal] | None:
    """Every goal at ``path``, in creation order, or None when that is not certain."""
    look = _first_look(path)
    return None if look is None else look.goals


def _first_look(path: Path) -> FirstLook | None:
    try:
        if not check_existing(path):
            return None
        app_id, version, _tables = probe(path)
        if app_id != APPLICATION_ID or not _COLUMNS_SINCE <= version <= SCHEMA_VERSION:
            return None
        with read_only(path) as con:
            con.execute("BEGIN")  # the goals and the figures of one moment
            partner = ", partner" if version >= _PARTNER_SINCE else ", ''"
            rows = con.execute(f"SELECT {_COLUMNS}{partner} FROM goal ORDER BY id").fetchall()
            kept = (
                con.execute(f"SELECT payload FROM {glance.TABLE}").fetchall()
                if version >= _GLANCE_SINCE
                else []
            )
        return FirstLook([_goal(row) for row in rows], _one(kept))
    except (StoreError, sqlite3.Error, OSError, ValueError, TypeError):
        return None


def _first_look_at(url: DbUrl) -> FirstLook | None:
    """Only a database at goaltui's newest revision is read, and only the goals whose
    owner is the connecting role (goals shared with it wait for the full picture,
    which shows them apart)."""
    try:
        import psycopg

        with psycopg.connect(url.libpq, connect_timeout=3, application_name="goaltui") as con:
            # The goals and the figures of one moment.
            con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            found = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
            if found != [(HEAD_REVISION,)]:
                return None
            rows = con.execute(
                f"SELECT {_COLUMNS}, partner FROM goal WHERE owner = current_user ORDER BY id"
            ).fetchall()
            kept = con.execute(
                f"SELECT payload FROM {glance.TABLE} WHERE owner = current_user"
            ).fetchall()
        return FirstLook([_goal(row) for row in rows], _one(kept))
    except Exception:  # any failure: the full storage opens and explains it
        return None


def _one(rows: list[tuple[object, ...]]) -> str | None:
    """The kept figures when there is exactly one row of them."""
    return str(rows[0][0]) if len(rows) == 1 else None


def _goal(row: tuple[object, ...]) -> Goal:
    (id_, title, start, deadline, description, why, parent_id, confidence, resources,
     status, archived, weight, created_at, updated_at, partner) = row  # fmt: skip
    return Goal(
        id=int(str(id_)),
        title=str(title),
        start=date.fromisoformat(str(start)),
        deadline=date.fromisoformat(str(deadline)) if deadline is not None else None,
        description=str(description or ""),
        why=str(why or ""),
        parent_id=int(str(parent_id)) if parent_id is not None else None,
        confidence=int(str(confidence)) if confidence is not None else None,
        resources=str(resources or ""),
        status=GoalStatus(str(status)),
        archived=bool(archived),
        weight=float(str(weight)),
        created_at=datetime.fromisoformat(str(created_at)) if created_at else None,
        updated_at=datetime.fromisoformat(str(updated_at)) if updated_at else None,
        partner=str(partner or ""),
    )
