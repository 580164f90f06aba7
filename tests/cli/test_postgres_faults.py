"""A PostgreSQL database that cannot be used: one line each, no password, nothing changed."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.cli.helpers import cli
from tests.postgres import admin_connect, fresh_database, server_url

pytestmark = pytest.mark.postgres


def tcp_url(role: str, database: str) -> str:
    return f"postgresql://{role}@127.0.0.1:{os.environ['GOALTUI_TEST_PG_TCP_PORT']}/{database}"


@pytest.fixture
def role_with_password():
    """A login role with a password, reached over TCP (where the server asks for it)."""
    name = f"goaltui_r_{uuid.uuid4().hex[:8]}"
    secret = f"pw-{uuid.uuid4().hex}"
    with admin_connect(server_url()) as con:
        con.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{secret}' CREATEDB")
    try:
        yield name, secret
    finally:
        with admin_connect(server_url()) as con:
            con.execute(f"DROP ROLE IF EXISTS {name}")


def test_a_wrong_password_gets_one_line_without_any_password(
    capsys, monkeypatch, role_with_password
):
    role, secret = role_with_password
    monkeypatch.setenv("PGPASSWORD", "not-" + secret)
    line = cli(capsys, "--db", tcp_url(role, "postgres"), "list").assert_failed(1)
    assert "refused the password" in line and "~/.pgpass" in line
    assert secret not in line and "not-" not in line


def test_no_password_at_all_says_where_to_put_one(capsys, monkeypatch, role_with_password):
    role, _secret = role_with_password
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    line = cli(capsys, "--db", tcp_url(role, "postgres"), "list").assert_failed(1)
    assert "password" in line and ("~/.pgpass" in line or "$PGPASSWORD" in line)


def test_the_right_password_from_the_environment_opens_the_database(
    capsys, monkeypatch, role_with_password
):
    role, secret = role_with_password
    name = f"goaltui_t_{uuid.uuid4().hex[:12]}"
    with admin_connect(server_url()) as con:
        con.execute(f"CREATE DATABASE {name} OWNER {role}")
    try:
        monkeypatch.setenv("PGPASSWORD", secret)
        result = cli(capsys, "--db", tcp_url(role, name), "demo")
        assert result.code == 0, result.err
        listed = cli(capsys, "--db", tcp_url(role, name), "export", "json")
        assert listed.code == 0 and "Launch the product in Germany" in listed.out
    finally:
        with admin_connect(server_url()) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_database_that_does_not_exist_is_named(capsys):
    from tests.postgres import with_database

    url = with_database(server_url(), "no_such_goaltui_db")
    line = cli(capsys, "--db", url, "list").assert_failed(1)
    assert "no_such_goaltui_db" in line and "does not exist on its server" in line


def test_an_unknown_host_gets_one_line(capsys):
    line = cli(capsys, "--db", "postgresql://me@no-such-host.invalid/goals", "due").assert_failed(1)
    assert "cannot reach the PostgreSQL database" in line


def test_reading_commands_on_an_empty_database_create_nothing(capsys):
    with fresh_database() as url:
        result = cli(capsys, "--db", url, "list")
        assert result.code == 0 and "No goals yet" in result.out
        assert cli(capsys, "--db", url, "due").code == 0
        assert cli(capsys, "--db", url, "remind").code in (0, 1)
        with admin_connect(url) as con:
            tables = con.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
        assert tables == (0,)


def test_a_database_of_another_program_is_refused_by_every_command(capsys):
    with fresh_database() as url:
        with admin_connect(url) as con:
            con.execute("CREATE TABLE orders (id int)")
        for args in (["list"], ["due"], ["demo"], ["checkin", "x", "1"], ["export", "json"]):
            line = cli(capsys, "--db", url, *args).assert_failed(1)
            assert "another program's tables" in line, (args, line)
        with admin_connect(url) as con:
            names = con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        assert names == [("orders",)]
