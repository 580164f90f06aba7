"""Two people in one PostgreSQL database, each connected as a login role of their own.

:func:`two_people` makes the database ready with ``goaltui setup-postgres
--apply`` (as the server's administrator), gives each person a role in the
group ``goaltui_user`` with a password, and drops the roles afterwards. They
connect over TCP, where the throwaway server asks for a password: it goes
through ``$PGPASSWORD``, never into a URL.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.postgres import admin_connect, fresh_database, server_url

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Person:
    """A login role: its name, its password, and the URL it connects with (no password)."""

    role: str
    password: str
    url: str
    port: str
    dbname: str

    def connect(self, password: str | None = None):
        """A plain psycopg connection as this person (autocommit)."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            dbname=self.dbname,
            user=self.role,
            password=password or self.password,
            autocommit=True,
        )


@dataclass(frozen=True)
class People:
    admin_url: str
    a: Person
    b: Person


def setup_postgres(admin_url: str, *args: str) -> tuple[int, str]:
    """``goaltui --db ADMIN setup-postgres ARGS`` in-process: (exit code, output)."""
    from goaltui.cli import build_parser, run_command

    out = io.StringIO()
    parsed = build_parser().parse_args(["--db", admin_url, "setup-postgres", *args])
    return run_command(parsed, out), out.getvalue()


@contextmanager
def two_people() -> Iterator[People]:
    """A fresh database made ready for two people, A and B (roles dropped after)."""
    server_url()
    port = os.environ.get("GOALTUI_TEST_PG_TCP_PORT", "")
    if not port:
        pytest.skip("the test server listens on no TCP port ($GOALTUI_TEST_PG_TCP_PORT)")
    tag = uuid.uuid4().hex[:8]
    names = (f"gt_a_{tag}", f"gt_b_{tag}")
    try:
        with fresh_database() as admin_url:
            dbname = admin_url.split("?", 1)[0].rsplit("/", 1)[1]
            people = []
            for name in names:
                code, _ = setup_postgres(admin_url, "--apply", "--role", name)
                assert code == 0
                password = uuid.uuid4().hex
                with admin_connect(admin_url) as con:
                    con.execute(f"ALTER ROLE {name} PASSWORD '{password}'")
                url = f"postgresql+psycopg://{name}@127.0.0.1:{port}/{dbname}"
                people.append(Person(name, password, url, port, dbname))
            yield People(admin_url, people[0], people[1])
    finally:
        with admin_connect() as con:
            for name in names:
                con.execute(f"DROP ROLE IF EXISTS {name}")


def open_as(person: Person, monkeypatch: pytest.MonkeyPatch, clock=None):
    """goaltui's GoalService connected as ``person`` (their password in $PGPASSWORD)."""
    from goaltui.services import GoalService
    from goaltui.storage.paths import resolve_db_path

    monkeypatch.setenv("PGPASSWORD", person.password)
    return GoalService.open(resolve_db_path(person.url), clock)


def snapshot(admin_url: str) -> list[tuple]:
    """The policies, grants, roles, columns and functions setup-postgres makes."""
    with admin_connect(admin_url) as con:
        rows = []
        for query in (
            "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies "
            "ORDER BY 1, 2",
            "SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges "
            "WHERE grantee = 'goaltui_user' ORDER BY 1, 2, 3",
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT table_name, column_name, column_default FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1, 2",
            "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'goaltui%' ORDER BY 1",
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            "SELECT tgrelid::regclass::text, tgname, tgdeferrable FROM pg_trigger "
            "WHERE tgname LIKE 'goaltui%' ORDER BY 1, 2",
        ):
            rows += [tuple(r) for r in con.execute(query).fetchall()]
        return rows


def test_setup_postgres_applied_twice_changes_nothing_and_fails_nothing():
    with two_people() as people:
        before = snapshot(people.admin_url)
        code, out = setup_postgres(people.admin_url, "--apply", "--role", people.a.role)
        assert code == 0
        assert "\\password" in out and people.a.password not in out
        assert snapshot(people.admin_url) == before
        # The printed script, run twice as psql would, changes nothing either.
        code, script = setup_postgres(people.admin_url, "--role", people.b.role)
        assert code == 0 and script.startswith("--")
        with admin_connect(people.admin_url) as con:
            con.execute(script)
            con.execute(script)
        assert snapshot(people.admin_url) == before


def test_every_table_has_an_owner_and_forces_row_level_security():
    from goaltui.storage.pg_access import ALL_TABLES

    with two_people() as people, admin_connect(people.admin_url) as con:
        rows = con.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attname = 'owner' AND NOT a.attisdropped) "
            "FROM pg_class c WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
            (list(ALL_TABLES),),
        ).fetchall()
        assert sorted(r[0] for r in rows) == sorted(ALL_TABLES)
        assert all(r[1] and r[2] and r[3] for r in rows), rows


def test_the_printed_script_names_no_password_and_says_how_to_set_one(capsys):
    from goaltui.cli import main

    assert main(["setup-postgres", "--role", "lea"]) == 0
    out = capsys.readouterr().out
    assert "\\password" in out and "PASSWORD '" not in out.upper().replace("\\PASSWORD", "")
    assert 'GRANT goaltui_user TO "lea"' in out
    assert main(["setup-postgres", "--role", "le a;"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("goaltui: --role")


def test_the_printed_script_alone_makes_a_database_goaltui_opens_with_undo_and_notices():
    """An administrator who runs the printed SQL with psql gets what --apply makes:
    goaltui opens the database as it is, journals its writes and notifies listeners."""
    from datetime import date

    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService
    from goaltui.storage import pg_access
    from goaltui.storage.paths import DbUrl

    with fresh_database() as url:
        with admin_connect(url) as con:
            con.execute(pg_access.script(pg_access.setup_statements()).encode())
            triggers = con.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'goaltui_journal_%'"
            ).fetchone()
        assert triggers is not None and triggers[0] == 3 * 10  # insert, update, delete
        svc = GoalService.open(DbUrl(url, url), FixedClock(date(2026, 12, 4)), create=False)
        try:
            goal = svc.repo.add("goal", now=svc.clock.now(), title="Run", start=date(2026, 1, 1))
            assert svc.undo_service.undo().label.startswith("adding the goal")
            assert svc.goals() == [] and goal.id == 1
        finally:
            svc.close()
