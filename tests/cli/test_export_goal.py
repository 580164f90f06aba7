"""``goaltui export markdown --goal G --from D --to D``: one goal's review for its partner."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cli.helpers import cli_at


@pytest.fixture
def agreed_db(service, db_arg, clock):
    """A goal agreed with Maria, its deadline moved since, with a check-in and a KPI value.

    The clock stays on 2026-11-22; the rows are dated by moving it.
    """
    from goaltui.services.agreements import AgreementService
    from goaltui.storage.repository import PlanRows

    goal = service.create_goal(
        PlanRows(
            goal={
                "title": "Run a half marathon",
                "description": "Finish the city half marathon under 2 hours",
                "why": "Energy for the team",
                "start": date(2026, 10, 1),
                "deadline": date(2027, 3, 1),
                "partner": "Maria",
                "confidence": 6,
            },
            kpis=[{"name": "Long run", "unit": "km", "baseline": 5, "target": 21}],
            milestones=[{"title": "First 10 km", "target_date": date(2026, 11, 1)}],
        )
    )
    kpi = service.kpis([goal.id])[0]
    service.record(kpi, 8, date(2026, 10, 20))
    service.repo.add(
        "checkin", goal_id=goal.id, day=date(2026, 11, 5), confidence=7, note="Knee fine"
    )
    AgreementService(service.context).acknowledge(goal.id, words="Go for it")
    service.edit_goal(goal.id, {"deadline": date(2027, 4, 1)}, "a late start")
    return db_arg


def test_one_goal_for_a_period(capsys, agreed_db, clock):
    r = cli_at(
        capsys,
        clock,
        "--db",
        str(agreed_db),
        "export",
        "markdown",
        "--goal",
        "run a",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-22",
    )
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "# Review of 2026-11-01 to 2026-11-22"
    for expected in (
        "- Goals: Run a half marathon",
        "## Run a half marathon",
        "- Specific: Finish the city half marathon under 2 hours",
        "- Measurable: Long run",
        "- Relevant: Energy for the team",
        "- Time-bound: 2026-10-01 to 2027-04-01",
        "- Partner: Maria",
        # acknowledged as version 1 on the 22nd; the deadline revision after it is version 2
        "- Agreement out of date: deadline changed 22 Nov (Maria agreed to version 1 on 22 Nov)",
        "- First 10 km, due 2026-11-01",
        "- 2026-11-05: Knee fine",
        "- 2026-11-22: acknowledged by Maria (version 1): “Go for it”",
        "- 2026-11-22: goal deadline 2027-03-01 → 2027-04-01, because a late start",
    ):
        assert expected in lines, expected
    assert lines.index("Check-in notes:") < lines.index("Revisions:")


def test_the_period_defaults_to_the_goal_start_and_today(capsys, agreed_db, clock):
    r = cli_at(capsys, clock, "--db", str(agreed_db), "export", "markdown", "--goal", "1")
    assert r.code == 0, r.err
    assert r.out.startswith("# Review of 2026-10-01 to 2026-11-22\n")


def test_an_agreement_that_holds_shows_in_both_reports(capsys, service, agreed_db, clock):
    from goaltui.services.agreements import AgreementService

    AgreementService(service.context).acknowledge(1, "Maria")
    one = cli_at(capsys, clock, "--db", str(agreed_db), "export", "markdown", "--goal", "1")
    assert "- Agreed with Maria on 22 Nov (version 2)" in one.out.splitlines()
    every = cli_at(capsys, clock, "--db", str(agreed_db), "export", "markdown")
    assert every.out.startswith("# Goals report, 2026-11-22\n")
    assert "- Agreed with Maria on 22 Nov (version 2)" in every.out.splitlines()


def test_unknown_goal(capsys, agreed_db, clock):
    r = cli_at(capsys, clock, "--db", str(agreed_db), "export", "markdown", "--goal", "swim")
    assert r.assert_failed(1) == "goaltui: no goal matches 'swim'; 'goaltui list --all' shows them"
    assert r.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2026-11-10", "--to", "2026-11-01"),
            "goaltui: --from 2026-11-10 is after --to 2026-11-01: "
            "the period must not end before it starts",
        ),
        (("--from", "soon"), "goaltui: --from: 'soon' is not a date"),
        (("--to", "2026-13-01"), "goaltui: --to: "),
    ],
)
def test_bad_dates(capsys, agreed_db, clock, args, message):
    r = cli_at(capsys, clock, "--db", str(agreed_db), "export", "markdown", "--goal", "1", *args)
    assert r.assert_failed(1).startswith(message)


def test_a_goal_and_a_period_belong_to_markdown_only(capsys, agreed_db):
    from tests.cli.helpers import cli

    r = cli(capsys, "--db", str(agreed_db), "export", "csv", "--goal", "1")
    assert "only 'export markdown' takes a goal and a period" in r.assert_failed(2)


def test_out_writes_the_report_to_a_private_file(capsys, agreed_db, clock, tmp_path):
    out = tmp_path / "maria.md"
    args = ("--db", str(agreed_db), "export", "markdown", "--goal", "1", "--out", str(out))
    r = cli_at(capsys, clock, *args)
    assert r.code == 0, r.err
    assert r.out == ""
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text().startswith("# Review of 2026-10-01 to 2026-11-22\n")
    assert "- Partner: Maria" in out.read_text().splitlines()
