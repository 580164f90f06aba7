"""The date constructs of ``goaltui.storage.sqlfn`` give Python's answers on both engines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, cast, select
from sqlmodel import col

from goaltui.storage.sqlfn import (
    advance_ids,
    day_number,
    day_of,
    days_after,
    monday_of,
    month_of,
    month_start,
    sum_in_order,
    year_of,
)
from goaltui.storage.tables import GoalRow, MeasurementRow, table_of

NOW = datetime(2026, 11, 22, 9, 0)
#: Two year ends, a leap day, and days far from today.
DAYS = [date(2023, 12, 1) + timedelta(days=n) for n in range(0, 500, 1)] + [
    date(1970, 1, 1),
    date(2000, 2, 29),
    date(2099, 12, 31),
]


def months_back(day: date, back: int) -> date:
    total = day.year * 12 + day.month - 1 - back
    return date(total // 12, total % 12 + 1, 1)


def test_days_weeks_and_months_match_python(service):
    repo = service.repo
    goal = repo.add("goal", now=NOW, title="Dates", start=date(2020, 1, 1))
    kpi = repo.add("kpi", goal_id=goal.id, name="d", baseline=0, target=1)
    # each day's created_at is late on that day: its day_of is the day itself
    repo.add_measurements([(kpi.id, d, 1.0, "") for d in DAYS], datetime.combine(NOW, time(23)))
    m = MeasurementRow
    back = cast(col(m.value), Integer) + 1  # 2 months back
    query = select(
        col(m.day),
        day_number(col(m.day)),
        monday_of(col(m.day)),
        days_after(col(m.day), -9),
        days_after(monday_of(col(m.day)), 7 * back),
        year_of(col(m.day)),
        month_of(col(m.day)),
        month_start(col(m.day)),
        month_start(col(m.day), back),
        day_of(col(m.created_at)),
    ).order_by(col(m.day))
    with repo.engine.connect() as con:
        got = [tuple(row) for row in con.execute(query)]
    want = [
        (
            d,
            d.toordinal() + 1721425,
            d - timedelta(days=d.weekday()),
            d - timedelta(days=9),
            d - timedelta(days=d.weekday()) + timedelta(days=14),
            d.year,
            d.month,
            d.replace(day=1),
            months_back(d, 2),
            NOW.date(),
        )
        for d in sorted(DAYS)
    ]
    assert got == want


def test_a_sum_adds_up_by_day_then_value_on_both_engines(service):
    """Values whose float sum depends on the order of the additions."""
    repo = service.repo
    goal = repo.add("goal", now=NOW, title="Sums", start=date(2026, 1, 1))
    kpi = repo.add("kpi", goal_id=goal.id, name="s", baseline=0, target=1)
    values = [(date(2026, 1, 1 + n % 5), v) for n, v in enumerate([1e16, 1.0, -1e16, 3.3, 0.1] * 4)]
    repo.add_measurements([(kpi.id, d, v, "") for d, v in reversed(values)], NOW)
    m = MeasurementRow
    with repo.engine.connect() as con:
        total = con.execute(
            select(sum_in_order(col(m.value), col(m.day), col(m.value))).where(
                col(m.kpi_id) == kpi.id
            )
        ).scalar()
    expected = 0.0
    for _day, value in sorted(values):
        expected += value
    assert total == expected


def test_ids_given_by_an_import_are_never_given_again(service):
    repo = service.repo
    table = table_of(GoalRow)
    with repo.engine.begin() as con:
        con.execute(
            table.insert(),
            [
                {
                    "id": 41,
                    "title": "Brought",
                    "start": date(2026, 1, 1),
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            ],
        )
        con.execute(advance_ids(table))
        con.execute(advance_ids(table))  # twice: the counter never moves back
    made = repo.add("goal", now=NOW, title="New", start=date(2026, 1, 1))
    assert made.id == 42
    repo.delete("goal", made.id)
    with repo.engine.begin() as con:
        con.execute(advance_ids(table))
    assert repo.add("goal", now=NOW, title="Newer", start=date(2026, 1, 1)).id == 43


def test_a_merged_import_never_gives_an_id_a_deleted_row_had(service):
    """Goals 1-3 made, 3 deleted: a merged import's goals get 4 and 5, not 3 and 4."""
    repo = service.repo
    for title in ("One", "Two", "Three"):
        repo.add("goal", now=NOW, title=title, start=date(2026, 1, 1))
    repo.delete("goal", 3)
    goal = {"start": date(2026, 1, 1), "created_at": NOW, "updated_at": NOW}
    added = repo.load(
        {"goal": [{**goal, "id": 1, "title": "In A"}, {**goal, "id": 2, "title": "In B"}]},
        replace_ids=True,
    )
    assert added == 2
    assert sorted((g.id, g.title) for g in repo.goals()) == [
        (1, "One"),
        (2, "Two"),
        (4, "In A"),
        (5, "In B"),
    ]


def test_ids_are_kept_only_where_none_was_ever_given(service):
    repo = service.repo
    assert repo.ids_free()  # a new database: an import keeps its ids
    made = repo.add("goal", now=NOW, title="One", start=date(2026, 1, 1))
    assert not repo.ids_free()
    repo.delete("goal", made.id)
    # Empty again; SQLite asks only that (AUTOINCREMENT still never gives 1 again),
    # PostgreSQL that no id was ever given out.
    assert repo.ids_free() == (repo.engine.dialect.name == "sqlite")
