"""Who may see and change which rows of a PostgreSQL database: row-level security.

Each person connects as a database role of their own. Every row carries its
``owner`` (the role that wrote it: ``DEFAULT current_user``), and the server
itself, not goaltui, lets each role see and change only its own rows. A goal can
be shared with another role (a partner or a manager): that role may then read
the goal and everything under it, and change none of it.

The column lives only in PostgreSQL: the SQLModel classes (and so SQLite, and
every export) do not have it, and rows imported into PostgreSQL belong to the
role that imports them.

Everything here is plain, idempotent SQL: :func:`install` runs it when goaltui
creates its tables, and ``goaltui setup-postgres`` prints or runs the same
statements (:func:`setup_statements`), with a group role ``goaltui_user`` whose
members may use the tables.

The policies look up the goals shared with the current role through small
``SECURITY INVOKER`` functions (a grantee may read the ``goal_share`` rows that
name it). A policy never names its own table through another one, so PostgreSQL
never finds a loop of policies; a ``SECURITY DEFINER`` function is not needed,
and would not do here: run as the tables' owner, it would see only that owner's
rows, since the tables force row-level security on their owner too.

A row may only hang under rows of its own owner (a KPI under my goal, a step
under my milestone, a sub-goal under my goal): a deferrable constraint trigger
checks each link, as the foreign keys are checked, so undo can put a child back
before its parent and have both checked once everything is back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table

from goaltui.storage import files, glance, pg_journal
from goaltui.storage.tables import DATA_TABLES

#: The group role whose members may use goaltui's tables.
GROUP_ROLE = "goaltui_user"
#: The undo journal's tables: their rows are their owner's alone.
JOURNAL_TABLES = ("change", "change_entry")
#: How each data table's rows reach their goal: (column, table it points into).
PARENTS: dict[str, tuple[str, str] | None] = {
    "goal": None,
    "kpi": ("goal_id", "goal"),
    "measurement": ("kpi_id", "kpi"),
    "milestone": ("goal_id", "goal"),
    "step": ("milestone_id", "milestone"),
    "obstacle": ("goal_id", "goal"),
    "checkin": ("goal_id", "goal"),
    "review": ("goal_id", "goal"),
    "revision": ("goal_id", "goal"),
    "pause": ("goal_id", "goal"),
}
assert set(PARENTS) == set(DATA_TABLES), "every data table needs its way to its goal"

#: Where goaltui keeps its schema revision (every member reads it).
VERSION_TABLE = files.VERSION_TABLE
#: Every table that gets an ``owner`` column.
OWNED_TABLES = (*DATA_TABLES, *JOURNAL_TABLES)
#: Tables whose rows are their owner's alone and that no test of sharing fills:
#: the tree's figures kept for the next start (:mod:`goaltui.storage.glance`).
PRIVATE_TABLES = (glance.TABLE,)
#: Every table a member of the group role uses.
ALL_TABLES = (*OWNED_TABLES, *PRIVATE_TABLES, "goal_share")

#: The columns of PostgreSQL alone that the repository reads (never created from here).
_meta = MetaData()
GOAL_OWNER = Table("goal", _meta, Column("id", Integer), Column("owner", String))
GOAL_SHARE = Table(
    "goal_share",
    _meta,
    Column("goal_id", Integer),
    Column("grantee", String),
    Column("owner", String),
)

_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}\Z")

#: The goal ids shared with the current role, as an array computed once per query:
#: ``column = ANY (array)`` can use the column's index (``IN (subquery)`` cannot, when
#: OR-ed with ``owner = current_user``), so a grantee never scans everyone's rows.
SHARED = "ARRAY(SELECT goaltui_shared_goals())"


def valid_role(name: str) -> bool:
    """True for a role name goaltui accepts (a plain identifier, 63 characters at most)."""
    return bool(_ROLE_NAME.match(name))


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


#: Each link a row must keep to its owner's own rows: (column, table it points into).
LINKS = sorted({("parent_id", "goal"), *(p for p in PARENTS.values() if p is not None)})


def _link_check(column: str, parent: str) -> str:
    """A trigger function: a row's ``column`` points to nothing or to a row of mine.

    Run as a deferrable constraint trigger, as the foreign keys are: undo puts a
    child back before its parent, and both are checked once everything is back.
    A row deleted again meanwhile needs no check.
    """
    return (
        f"CREATE OR REPLACE FUNCTION goaltui_check_{column}() RETURNS trigger\n"
        "LANGUAGE plpgsql AS $$\nDECLARE kept boolean;\nBEGIN\n"
        f"  IF NEW.{column} IS NULL OR EXISTS (\n"
        f"    SELECT 1 FROM {parent} WHERE id = NEW.{column} AND owner = current_user\n"
        "  ) THEN RETURN NULL; END IF;\n"
        "  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_TABLE_NAME)\n"
        "    INTO STRICT kept USING NEW.id;\n"
        "  IF kept THEN\n"
        "    RAISE EXCEPTION 'new row violates row-level security policy for table \"%\"',\n"
        "      TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege',\n"
        f"      DETAIL = 'its {column} is not one of your rows';\n"
        "  END IF;\n  RETURN NULL;\nEND\n$$"
    )


def _functions() -> list[str]:
    return [
        "CREATE TABLE IF NOT EXISTS goal_share (\n"
        "  goal_id integer NOT NULL REFERENCES goal (id) ON DELETE CASCADE,\n"
        "  grantee name NOT NULL,\n"
        "  owner name NOT NULL DEFAULT current_user,\n"
        "  PRIMARY KEY (goal_id, grantee)\n)",
        "CREATE INDEX IF NOT EXISTS ix_goal_share_grantee ON goal_share (grantee, goal_id)",
        "CREATE INDEX IF NOT EXISTS ix_goal_share_owner ON goal_share (owner)",
        "CREATE OR REPLACE FUNCTION goaltui_shared_goals() RETURNS SETOF integer\n"
        "LANGUAGE sql STABLE ROWS 10 AS $$\n"
        "  SELECT goal_id FROM goal_share WHERE grantee = current_user\n$$",
        "CREATE OR REPLACE FUNCTION goaltui_owns_goal(integer) RETURNS boolean\n"
        "LANGUAGE sql STABLE AS $$\n"
        "  SELECT EXISTS (SELECT 1 FROM goal WHERE id = $1 AND owner = current_user)\n$$",
        *(_link_check(column, parent) for column, parent in LINKS),
    ]


def _shared_rows(table: str) -> str:
    """The condition under which a row of ``table`` belongs to a goal shared with me."""
    parent = PARENTS[table]
    if parent is None:
        return f"id = ANY ({SHARED})"
    column, via = parent
    if via == "goal":
        return f"{column} = ANY ({SHARED})"
    return f"{column} = ANY (ARRAY(SELECT id FROM {via} WHERE goal_id = ANY ({SHARED})))"


def _links_of(table: str) -> list[tuple[str, str]]:
    """The links of ``table``'s rows that must point to my own rows."""
    parent = PARENTS.get(table)
    out = [parent] if parent is not None else []
    return [("parent_id", "goal")] if table == "goal" else out


def _policy(table: str, name: str, rest: str) -> list[str]:
    return [
        f"DROP POLICY IF EXISTS {name} ON {quote_ident(table)}",
        f"CREATE POLICY {name} ON {quote_ident(table)} {rest}",
    ]


def _table_statements(table: str) -> list[str]:
    q = quote_ident(table)
    out = [
        f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY",
    ]
    out += _policy(
        table,
        "goaltui_owner",
        "FOR ALL USING (owner = current_user) WITH CHECK (owner = current_user)",
    )
    for column, _ in _links_of(table):
        out += [
            f"DROP TRIGGER IF EXISTS goaltui_own_{column} ON {q}",
            f"CREATE CONSTRAINT TRIGGER goaltui_own_{column} AFTER INSERT OR UPDATE OF "
            f"{column} ON {q} DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW "
            f"EXECUTE FUNCTION goaltui_check_{column}()",
        ]
    if table in DATA_TABLES:
        out += _policy(table, "goaltui_shared", f"FOR SELECT USING ({_shared_rows(table)})")
    return out


def _share_statements() -> list[str]:
    return [
        "ALTER TABLE goal_share ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE goal_share FORCE ROW LEVEL SECURITY",
        *_policy(
            "goal_share",
            "goaltui_owner",
            "FOR ALL USING (owner = current_user) WITH CHECK "
            "(owner = current_user AND grantee <> current_user AND goaltui_owns_goal(goal_id))",
        ),
        *_policy("goal_share", "goaltui_grantee", "FOR SELECT USING (grantee = current_user)"),
    ]


def _grant_statement() -> str:
    """What the group may do: use the tables (the rows are the policies' business), move
    the id counters on (an import sets them past the ids it brought), read the version."""
    tables = ", ".join(quote_ident(t) for t in ALL_TABLES)
    names = ", ".join(quote_literal(t) for t in ALL_TABLES)
    role = quote_literal(GROUP_ROLE)
    return (
        "DO $$\nDECLARE seq text;\nBEGIN\n"
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {role}) THEN RETURN; END IF;\n"
        f"  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), {role});\n"
        f"  GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {GROUP_ROLE};\n"
        f"  IF to_regclass({quote_literal(VERSION_TABLE)}) IS NOT NULL THEN\n"
        f"    EXECUTE format('GRANT SELECT ON %I TO %I', {quote_literal(VERSION_TABLE)}, {role});\n"
        "  END IF;\n"
        "  FOR seq IN\n"
        "    SELECT pg_get_serial_sequence(quote_ident(c.relname), a.attname)\n"
        "    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid\n"
        f"    WHERE c.oid IN (SELECT to_regclass(t) FROM unnest(ARRAY[{names}]) t)\n"
        "      AND a.attnum > 0 AND NOT a.attisdropped\n"
        "  LOOP\n"
        "    IF seq IS NOT NULL THEN\n"
        f"      EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %s TO %I', seq, {role});\n"
        "    END IF;\n"
        "  END LOOP;\nEND\n$$"
    )


def access_statements() -> list[str]:
    """The statements that give every row its owner and let the server enforce it.

    Idempotent: running them again changes nothing. The grants to the group
    role are made only when that role exists.
    """
    out = []
    for table in (*OWNED_TABLES, *PRIVATE_TABLES):
        q = quote_ident(table)
        out += [
            f"ALTER TABLE {q} ADD COLUMN IF NOT EXISTS owner name NOT NULL DEFAULT current_user",
            f"CREATE INDEX IF NOT EXISTS ix_{table}_owner ON {q} (owner)",
        ]
    out += _functions()
    for table in (*OWNED_TABLES, *PRIVATE_TABLES):
        out += _table_statements(table)
    out += _share_statements()
    out.append(_grant_statement())
    return out


def install(conn: Connection) -> None:
    """Run :func:`access_statements` on ``conn`` (inside its transaction)."""
    for statement in access_statements():
        conn.exec_driver_sql(statement.replace("%", "%%"))


def group_role_statement() -> str:
    """Creates the group role ``goaltui_user`` unless it exists (a race is no error)."""
    return (
        "DO $$\nBEGIN\n"
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {quote_literal(GROUP_ROLE)}) "
        f"THEN\n    CREATE ROLE {GROUP_ROLE} NOLOGIN;\n  END IF;\n"
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\nEND\n$$"
    )


def login_role_statements(name: str) -> list[str]:
    """Creates the login role ``name`` in the group unless it exists; no password."""
    if not valid_role(name):
        raise ValueError(f"{name!r} is not a role name (letters, digits and _, 63 at most)")
    return [
        "DO $$\nBEGIN\n"
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {quote_literal(name)}) THEN\n"
        f"    CREATE ROLE {quote_ident(name)} LOGIN;\n  END IF;\n"
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\nEND\n$$",
        f"GRANT {GROUP_ROLE} TO {quote_ident(name)}",
    ]


def schema_statements() -> list[str]:
    """goaltui's tables and indexes as ``CREATE ... IF NOT EXISTS`` for PostgreSQL,
    the undo journal's and the notifications' triggers, and the schema's revision."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from goaltui.storage import tables  # noqa: F401  (registers the tables)

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    out: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        out.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            out.append(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))
    return out + pg_journal.statements() + _version_stamp()


def _version_stamp() -> list[str]:
    """Marks new tables with goaltui's newest schema revision, where goaltui keeps one
    (Alembic's version table): goaltui refuses tables it cannot place."""
    head = files.HEAD_REVISION
    table = quote_ident(VERSION_TABLE)
    return [
        f"CREATE TABLE IF NOT EXISTS {table} (version_num VARCHAR(32) NOT NULL, "
        f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))",
        f"INSERT INTO {table} (version_num) SELECT {quote_literal(head)} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table})",
    ]


def setup_statements(role: str | None = None) -> list[str]:
    """Everything ``goaltui setup-postgres`` does, in order, as SQL statements."""
    out = [group_role_statement(), *schema_statements(), *access_statements()]
    if role is not None:
        out += login_role_statements(role)
    return out


def script(statements: Iterable[str], role: str | None = None) -> str:
    """``statements`` as a psql script with what to do next."""
    head = [
        "-- goaltui: its tables, row-level security and the group role goaltui_user.",
        "-- Run as the database's administrator, in the database goaltui will use:",
        "--   psql -d DATABASE -f this-file.sql",
        "-- Running it again changes nothing. Each person gets a login role in the",
        "-- group goaltui_user ('goaltui setup-postgres --role NAME') and connects as it.",
        "BEGIN;",
    ]
    tail = ["COMMIT;"]
    if role is not None:
        tail.append(f"-- Now set {role}'s password in psql (it never goes on a command line):")
        tail.append(f"--   \\password {quote_ident(role)}")
    return "\n".join([*head, *(s.rstrip() + ";" for s in statements), *tail]) + "\n"
