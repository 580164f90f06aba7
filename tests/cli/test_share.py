"""``goaltui share`` / ``unshare`` and what a person a goal was shared with sees."""

from __future__ import annotations

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus
from tests.cli.helpers import cli
from tests.postgres import admin_connect
from tests.storage.test_sharing_roles import People, Person, open_as, two_people
from tests.storage.test_sharing_security import TODAY, make_goals

SHARED = "Increase website traffic"
OTHER = "Reduce the product defect"


def as_(person: Person, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The --db of ``person``, their password in $PGPASSWORD (never in the URL)."""
    monkeypatch.setenv("PGPASSWORD", person.password)
    return ["--db", person.url]


def measurements(people: People) -> int:
    with admin_connect(people.admin_url) as con:
        return int(con.execute("SELECT count(*) FROM measurement").fetchone()[0])


def shares(people: People) -> list[tuple]:
    with admin_connect(people.admin_url) as con:
        return [tuple(r) for r in con.execute("SELECT * FROM goal_share ORDER BY 1, 2")]


def listed(capsys, person: Person, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """``goaltui list ARGS`` as ``person``: what it printed."""
    result = cli(capsys, *as_(person, monkeypatch), "list", *args)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.postgres
def test_b_cannot_check_into_the_shared_goal(capsys, monkeypatch):
    with two_people() as people:
        make_goals(people, monkeypatch)
        a = people.a.role
        before = measurements(people)
        line = cli(capsys, *as_(people.b, monkeypatch), "checkin", "Weekly visits", "5")
        assert line.assert_failed(1) == (
            f"goaltui: {a} shared this goal with you to read; only {a} can change it"
        )
        # A KPI of A's unshared goal is not even there for B.
        line = cli(capsys, *as_(people.b, monkeypatch), "checkin", "Defect rate", "2")
        assert "no KPI matches" in line.assert_failed(1)
        assert measurements(people) == before


@pytest.mark.postgres
def test_b_lists_the_shared_goal_marked_with_its_owner(capsys, monkeypatch):
    with two_people() as people:
        make_goals(people, monkeypatch)
        a, b = people.a.role, people.b.role
        lines = listed(capsys, people.b, monkeypatch).splitlines()
        assert len(lines) == 1 and SHARED in lines[0] and lines[0].endswith(f"[shared by {a}]")
        kpis = listed(capsys, people.b, monkeypatch, "--kpis")
        assert "Weekly visits" in kpis and "Defect rate" not in kpis
        # A sees every goal as theirs, unmarked.
        mine = listed(capsys, people.a, monkeypatch)
        assert OTHER in mine and "[shared by" not in mine and b not in mine
        # Shared and unshared at once.
        assert cli(capsys, *as_(people.a, monkeypatch), "share", OTHER, "--with", b).code == 0
        assert OTHER in listed(capsys, people.b, monkeypatch)
        assert cli(capsys, *as_(people.a, monkeypatch), "unshare", OTHER, "--with", b).code == 0
        assert OTHER not in listed(capsys, people.b, monkeypatch)


@pytest.mark.postgres
def test_share_and_unshare_refuse_in_one_line_and_change_nothing(capsys, monkeypatch):
    with two_people() as people:
        make_goals(people, monkeypatch)  # the traffic goal is shared with B
        a, b = people.a.role, people.b.role
        before = shares(people)

        def refused(person: Person, *args: str) -> str:
            line = cli(capsys, *as_(person, monkeypatch), *args).assert_failed(1)
            assert shares(people) == before, args
            return line

        assert refused(people.a, "share", SHARED, "--with", "nobody_here") == (
            "goaltui: the database knows no role 'nobody_here'; its administrator creates "
            "one with 'goaltui setup-postgres --role nobody_here'"
        )
        assert refused(people.a, "share", SHARED, "--with", b) == (
            f"goaltui: 'Increase website traffic by 20% in six months' is already shared with {b}"
        )
        assert refused(people.a, "share", OTHER, "--with", a).startswith(f"goaltui: {a} is you")
        assert refused(people.a, "unshare", OTHER, "--with", b) == (
            f"goaltui: 'Reduce the product defect rate from 5% to 2% by year end' "
            f"is not shared with {b}"
        )
        assert refused(people.b, "share", SHARED, "--with", a) == (
            f"goaltui: {a} shared this goal with you to read; only {a} can share it"
        )
        assert refused(people.b, "unshare", SHARED, "--with", b) == (
            f"goaltui: {a} shared this goal with you to read; only {a} can stop sharing it"
        )
        assert "no goal matches" in refused(people.b, "share", OTHER, "--with", a)
        assert "is not a role name" in refused(people.a, "share", OTHER, "--with", "x y")

        done = cli(capsys, *as_(people.a, monkeypatch), "share", OTHER, "--with", b)
        assert done.code == 0 and done.out.startswith("Shared 'Reduce the product")
        assert len(shares(people)) == 2
        done = cli(capsys, *as_(people.a, monkeypatch), "unshare", "Reduce", "--with", b)
        assert done.code == 0 and done.out.startswith("Stopped sharing 'Reduce the product")
        assert shares(people) == before


@pytest.mark.postgres
def test_a_url_naming_someone_elses_role_is_refused_without_showing_a_password(capsys, monkeypatch):
    with two_people() as people:
        make_goals(people, monkeypatch)
        monkeypatch.setenv("PGPASSWORD", people.b.password)  # B's password, A's role
        for args in (["list"], ["checkin", "Weekly visits", "5"], ["share", "1", "--with", "x"]):
            result = cli(capsys, "--db", people.a.url, *args)
            line = result.assert_failed(1)
            assert "refused the password" in line, line
            assert people.a.password not in result.err + result.out
            assert people.b.password not in result.err + result.out
        svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
        try:
            assert svc.sharing_service.grantees(1) == []
        finally:
            svc.close()


def test_sharing_needs_postgresql(capsys, demo_db):
    for args in (["share", "1", "--with", "lea"], ["unshare", "Increase", "--with", "lea"]):
        line = cli(capsys, "--db", str(demo_db), *args).assert_failed(1)
        assert line.startswith("goaltui: sharing a goal needs a PostgreSQL database")
    assert "[shared by" not in cli(capsys, "--db", str(demo_db), "list").out


def test_list_marks_a_goal_someone_shared_with_its_owner(capsys, demo_db, monkeypatch):
    from goaltui.services.sharing import SharingService

    def shared_with_me(self) -> dict[int, str]:
        return {g.id: "lea" for g in self.goals.goals() if g.title.startswith(SHARED)}

    monkeypatch.setattr(SharingService, "shared_with_me", shared_with_me)
    lines = cli(capsys, "--db", str(demo_db), "list").out.splitlines()
    marked = [line for line in lines if line.endswith("[shared by lea]")]
    assert len(marked) == 1 and SHARED in marked[0]
    line = cli(capsys, "--db", str(demo_db), "checkin", "Weekly visits", "5").assert_failed(1)
    assert line == "goaltui: lea shared this goal with you to read; only lea can change it"


def test_setup_postgres_apply_needs_a_postgresql_url(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("GOALTUI_DB", raising=False)
    for db in ([], ["--db", str(tmp_path / "goals.db")]):
        line = cli(capsys, *db, "setup-postgres", "--apply").assert_failed(1)
        assert line.startswith("goaltui: setup-postgres --apply needs --db postgresql+psycopg://")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_what_is_due_for_b_leaves_out_the_goal_a_shared(capsys, monkeypatch):
    """A shared goal is B's to read: its values, steps and check-in are not B's to do."""
    with two_people() as people:
        shared, _others = make_goals(people, monkeypatch)
        svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
        try:
            svc.set_status(shared, GoalStatus.ACTIVE)  # make_goals leaves it paused
        finally:
            svc.close()
        b = as_(people.b, monkeypatch)
        due = cli(capsys, *b, "due")
        assert due.code == 0, due.err
        assert SHARED[:20] not in due.out and "Weekly visits" not in due.out
        remind = cli(capsys, *b, "remind")
        assert remind.code == 0 and remind.out == ""  # nothing of B's own is due
        ical = cli(capsys, *b, "export", "ical")
        assert ical.code == 0 and "Weekly visits" not in ical.out
        # A, the owner, has it due as before.
        a = as_(people.a, monkeypatch)
        assert "Weekly visits" in cli(capsys, *a, "due").out
        assert cli(capsys, *a, "remind").out.startswith("goaltui: ")
