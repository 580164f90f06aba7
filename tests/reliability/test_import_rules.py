"""Import checks every row with the rules the forms and the CLI use, and refuses the
whole file, naming the first problems, without changing anything.

Also: files that are not exports (too large, a FIFO, /dev/zero, deep nesting) get
one clear line, never a hang or an "unexpected error".
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date

import pytest

from tests._files import sha256, sidecars
from tests.cli.helpers import cli


@pytest.fixture(scope="module")
def demo_doc(tmp_path_factory):
    """The demo database's JSON export."""
    from tests._files import make_goaltui_db

    folder = tmp_path_factory.mktemp("doc")
    db = folder / "goals.db"
    make_goaltui_db(db)
    from goaltui.services import GoalService
    from goaltui.services import exchange as export

    svc = GoalService.open(db, create=False)
    try:
        return json.loads(json.dumps(export.to_json(svc)))
    finally:
        svc.close()


def _edit(doc, table, index, **changes):
    doc = json.loads(json.dumps(doc))
    doc["tables"][table][index].update(changes)
    return doc


def _import(capsys, tmp_path, doc, *, into=None, merge=False):
    """Import ``doc`` (a dict, or text) into an empty database (or ``into``); the result
    and whether the database stayed byte for byte the same."""
    from goaltui.services import GoalService

    db = into or tmp_path / "target.db"
    if into is None:
        GoalService.open(db).close()
    source = tmp_path / "in.json"
    source.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    before = sha256(db)
    args = ["--db", str(db), "import", *(["--merge"] if merge else []), str(source)]
    r = cli(capsys, *args)
    return r, sha256(db) == before and sidecars(db) == []


# (name, how to spoil the export, words the message must hold)
BAD = [
    (
        "huge-target",
        lambda d: _edit(d, "kpi", 0, target=1e308, baseline=-1e308),
        ["kpi 1, baseline: -1e+308 is out of range", "kpi 1, target: 1e+308 is out of range"],
    ),
    (
        "checkin-confidence",
        lambda d: _edit(d, "checkin", 0, confidence=99),
        ["checkin 1, confidence: a confidence must be a whole number from 1 to 10, not 99"],
    ),
    (
        "goal-confidence",
        lambda d: _edit(d, "goal", 1, confidence=0),
        ["goal 2, confidence: a confidence must be a whole number from 1 to 10, not 0"],
    ),
    (
        "rating",
        lambda d: _edit(d, "review", 0, rating=99),
        ["review 1, rating: a rating must be a whole number from 1 to 5, not 99"],
    ),
    (
        "revision-entity",
        lambda d: _edit(d, "revision", 0, entity="evil"),
        ["revision 1, entity: 'evil' is not one of goal, kpi, milestone, step"],
    ),
    (
        "revision-field",
        lambda d: _edit(d, "revision", 0, entity="kpi", field="name"),
        ["revision 1, field: a kpi revision changes target or baseline"],
    ),
    (
        "year-1",
        lambda d: _edit(d, "goal", 0, start="0001-01-01"),
        ["goal 1, start: 0001-01-01 is out of range: years 1900 to 9999 only"],
    ),
    (
        "year-1899",
        lambda d: _edit(d, "measurement", 0, day="1899-12-31"),
        ["measurement 1, day: 1899-12-31 is out of range"],
    ),
    (
        "deadline-before-start",
        lambda d: _edit(d, "goal", 0, start="2026-06-01", deadline="2026-05-31"),
        ["goal 1, deadline: the deadline comes before the start (2026-05-31 is before 2026-06-01)"],
    ),
    (
        "review-period",
        lambda d: _edit(d, "review", 0, period_start="2026-06-01", period_end="2026-05-01"),
        ["review 1, period_end: the period ends before it starts"],
    ),
    (
        "duplicate-id",
        lambda d: _edit(d, "milestone", 1, id=d["tables"]["milestone"][0]["id"]),
        ["milestone 1, id: another row has the same id"],
    ),
    (
        "id-2**63",
        lambda d: _edit(d, "step", 0, id=2**63),
        ["step 9223372036854775808, id: 9223372036854775808 is not an id"],
    ),
    (
        "ref-2**63",
        lambda d: _edit(d, "kpi", 0, goal_id=2**64),
        ["kpi 1, goal_id: 18446744073709551616 is not an id"],
    ),
    (
        "id-true",
        lambda d: _edit(d, "goal", 0, id=True),
        ["goal, id: True is not an id"],
    ),
    (
        "own-parent",
        lambda d: _edit(d, "goal", 0, parent_id=d["tables"]["goal"][0]["id"]),
        ["goal 1, parent_id: the goal would be its own parent"],
    ),
    (
        "parent-loop",
        lambda d: _edit(_edit(d, "goal", 0, parent_id=2), "goal", 1, parent_id=1),
        ["goal 1, parent_id: the goal would be its own parent", "goal 2, parent_id"],
    ),
    (
        "negative-weight",
        lambda d: _edit(d, "goal", 0, weight=-1),
        ["goal 1, weight: -1 is negative"],
    ),
    (
        "blank-title",
        lambda d: _edit(d, "milestone", 0, title="   "),
        ["milestone 1, title: it is empty"],
    ),
    (
        "time-zone",
        lambda d: _edit(d, "measurement", 0, created_at="2026-01-01T10:00:00+02:00"),
        ["measurement 1, created_at: '2026-01-01T10:00:00+02:00' is not a local date and time"],
    ),
    (
        "number-as-text",
        lambda d: _edit(d, "kpi", 0, target="100"),
        ["kpi 1, target: '100' is not a number"],
    ),
    (
        "archived-as-text",
        lambda d: _edit(d, "goal", 0, archived="yes"),
        ["goal 1, archived: 'yes' is not true or false"],
    ),
    (
        "range-upside-down",
        lambda d: _edit(d, "kpi", 0, kind="between", target=60, high=45),
        ["kpi 1, high: a range needs its low end below its high end (60 is not below 45)"],
    ),
    (
        "range-without-high-end",
        lambda d: _edit(d, "kpi", 0, kind="between", high=None),
        ["kpi 1, high: a range needs its high end"],
    ),
    (
        "high-end-without-range",
        lambda d: _edit(d, "kpi", 0, kind="increase", high=99),
        ["kpi 1, high: only a 'between' KPI has a high end"],
    ),
    ("version-true", lambda d: {**d, "version": True}, ["export version True"]),
    ("version-0", lambda d: {**d, "version": 0}, ["export version 0"]),
    ("version-minus-5", lambda d: {**d, "version": -5}, ["export version -5"]),
    ("version-text", lambda d: {**d, "version": "1"}, ["export version '1'"]),
]


@pytest.mark.parametrize(
    ("spoil", "words"), [(s, w) for _, s, w in BAD], ids=[n for n, _, _ in BAD]
)
def test_a_bad_row_refuses_the_whole_file(capsys, tmp_path, demo_doc, spoil, words):
    r, unchanged = _import(capsys, tmp_path, spoil(demo_doc))
    line = r.assert_failed(1)
    for w in words:
        assert w in line, line
    assert line.endswith("; nothing was imported"), line
    assert "unexpected" not in line
    assert unchanged
    assert r.out == ""


def test_the_first_three_problems_are_named_and_the_rest_counted(capsys, tmp_path, demo_doc):
    doc = demo_doc
    for i in range(5):
        doc = _edit(doc, "checkin", i, confidence=11 + i)
    line = _import(capsys, tmp_path, doc)[0].assert_failed(1)
    assert ": 5 problems: checkin 1, confidence: " in line
    assert "not 11; checkin 2, confidence: " in line
    assert "not 13; and 2 more; nothing was imported" in line


def test_problems_are_found_before_a_merge_is_asked_for(capsys, tmp_path, demo_doc):
    from tests._files import make_goaltui_db

    db = tmp_path / "full.db"
    make_goaltui_db(db)
    r, unchanged = _import(capsys, tmp_path, _edit(demo_doc, "kpi", 0, target=1e308), into=db)
    assert "kpi 1, target: 1e+308 is out of range" in r.assert_failed(1)
    assert unchanged
    # with --merge too: duplicate ids within the file are refused, nothing is added
    spoilt = _edit(demo_doc, "goal", 1, id=1)
    r, unchanged = _import(capsys, tmp_path, spoilt, into=db, merge=True)
    assert "goal 1, id: another row has the same id" in r.assert_failed(1)
    assert unchanged


def test_a_good_export_with_extreme_valid_values_imports(capsys, tmp_path, demo_doc):
    doc = _edit(demo_doc, "kpi", 0, target=1e15, baseline=-1e15)
    doc = _edit(doc, "goal", 0, start="1900-01-01", deadline="9999-12-31")
    r, _ = _import(capsys, tmp_path, doc)
    assert r.code == 0, r.err
    assert r.out.startswith("Imported 7 goals from ")


# -- the same rules in the service (forms and CLI write through it) --------------------------


def test_the_service_refuses_what_import_refuses(service):
    from goaltui.services import ServiceError
    from goaltui.storage.repository import PlanRows

    goal = service.create_goal(
        PlanRows(goal={"title": "G", "start": date(2026, 1, 1), "deadline": date(2026, 12, 31)})
    )
    cases = [
        (lambda: service.add_kpi(goal.id, name="K", baseline=-1e308, target=1e308), "1e+308"),
        (lambda: service.edit_goal(goal.id, {"confidence": 99}), "from 1 to 10, not 99"),
        (lambda: service.edit_goal(goal.id, {"start": date(1, 1, 1)}), "0001-01-01 is out"),
        (lambda: service.edit_goal(goal.id, {"weight": -2.0}), "negative"),
        (
            lambda: service.save_checkin({}, entries=[{"goal_id": goal.id, "confidence": 0}]),
            "not 0",
        ),
        (
            lambda: service.add_review(
                goal_id=goal.id,
                kind="weekly",
                period_start=date(2026, 1, 5),
                period_end=date(2026, 1, 11),
                rating=9,
            ),
            "from 1 to 5, not 9",
        ),
        (lambda: service.add_milestone(goal.id, "M", date(1850, 1, 1)), "out of range"),
        (
            lambda: service.add_kpi(
                goal.id, name="K", baseline=0, target=60, high=45, kind="between"
            ),
            "low end below its high end",
        ),
        (lambda: service.add_kpi(goal.id, name="K", baseline=0, target=6, high=9), "only a"),
    ]
    for act, words in cases:
        with pytest.raises(ServiceError, match=words.replace("+", r"\+")):
            act()
    assert service.repo.kpis() == []
    assert service.repo.checkins() == [] and service.repo.reviews() == []


# -- files that are not exports ------------------------------------------------------------


def test_deep_nesting(capsys, tmp_path):
    r, unchanged = _import(capsys, tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "nests too deeply" in r.assert_failed(1)
    assert unchanged


def test_a_number_of_thousands_of_digits(capsys, tmp_path, demo_doc):
    text = json.dumps(demo_doc).replace('"version": 1', '"version": 1' + "0" * 5000, 1)
    line = _import(capsys, tmp_path, text)[0].assert_failed(1)
    assert "unexpected" not in line and "nothing was imported" in line


def test_a_file_above_the_size_limit(capsys, tmp_path, monkeypatch):
    import goaltui.cli.import_file

    monkeypatch.setattr(goaltui.cli.import_file, "IMPORT_LIMIT", 1000)
    r, unchanged = _import(capsys, tmp_path, " " * 1001)
    line = r.assert_failed(1)
    assert line.endswith("in.json is larger than 1000 bytes; nothing was imported")
    assert unchanged


def test_the_real_limit_is_1_gb(capsys, tmp_path):
    from goaltui.cli import IMPORT_LIMIT

    assert IMPORT_LIMIT == 2**30
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as fh:  # 1 GB and a byte, without writing them
        fh.truncate(2**30 + 1)
    line = cli(capsys, "--db", str(tmp_path / "t.db"), "import", str(sparse)).assert_failed(1)
    assert line == f"goaltui: {sparse} is larger than 1 GB; nothing was imported"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_a_device_is_refused_at_once(capsys, tmp_path, kind):
    from goaltui.services import GoalService

    db = tmp_path / "target.db"
    GoalService.open(db).close()
    if kind == "fifo":
        source = tmp_path / "pipe.json"
        os.mkfifo(source)
    else:
        source = "/dev/zero"
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(r=cli(capsys, "--db", str(db), "import", str(source)))
    )
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # never block the test run: open the FIFO's other end
        with open(source, "w"):
            pass
        worker.join(timeout=10)
        pytest.fail("import blocked on the file")
    line = result["r"].assert_failed(1)
    assert (
        line
        == f"goaltui: {source} is not a regular file; give a file written by 'goaltui export json'"
    )
