"""Date arithmetic in SQL that reads the same on SQLite and on PostgreSQL.

Each function here is one small SQL construct, compiled for the dialect at hand
(:func:`sqlalchemy.ext.compiler.compiles`): SQLite keeps days as ISO text and
reaches them with ``date()``, ``julianday()`` and ``substr()``; PostgreSQL has
real ``date`` values, integer day arithmetic and ``EXTRACT``. The repository
builds its queries from these and never asks which engine it runs on.

Every construct gives the same value on both engines: a day (typed ``Date``, so
a date given to compare with it is bound the way the engine keeps days) or an
integer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float, Integer, Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.functions import FunctionElement

__all__ = [
    "advance_ids",
    "avg_in_order",
    "day_number",
    "day_of",
    "days_after",
    "ids_unused",
    "monday_of",
    "month_of",
    "month_start",
    "new_ids",
    "sum_in_order",
    "year_of",
]

#: The Julian day number of the day before 0001-01-01 (Python's ordinal 0).
JULIAN_OF_ORDINAL_0 = 1721425


class _DayFunction(FunctionElement[Any]):
    """A construct whose value is a day."""

    type = Date()
    inherit_cache = True


class _IntFunction(FunctionElement[Any]):
    """A construct whose value is an integer."""

    type = Integer()
    inherit_cache = True


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


class day_of(_DayFunction):
    """The day of a moment (a ``DATETIME`` column): ``day_of(revision.at)``."""

    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = _args(element, compiler, **kw)
    return f"date({moment})"


@compiles(day_of, "postgresql")
def _day_of_pg(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = _args(element, compiler, **kw)
    return f"CAST({moment} AS DATE)"


class day_number(_IntFunction):
    """The Julian day number of a day: consecutive days, consecutive numbers.

    Day number 0 was a Monday, so ``day_number(d) / 7`` counts Monday-first weeks.
    """

    name = "day_number"
    inherit_cache = True


@compiles(day_number)
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(julianday({day}) + 0.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_pg(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"(({day}) - DATE '0001-01-01' + {JULIAN_OF_ORDINAL_0 + 1})"


class year_of(_IntFunction):
    """The year of a day, as an integer."""

    name = "year_of"
    inherit_cache = True


class month_of(_IntFunction):
    """The month of a day, 1-12."""

    name = "month_of"
    inherit_cache = True


@compiles(year_of)
def _year_of_sqlite(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(substr({day}, 1, 4) AS INTEGER)"


@compiles(month_of)
def _month_of_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(substr({day}, 6, 2) AS INTEGER)"


@compiles(year_of, "postgresql")
def _year_of_pg(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(EXTRACT(YEAR FROM {day}) AS INTEGER)"


@compiles(month_of, "postgresql")
def _month_of_pg(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"CAST(EXTRACT(MONTH FROM {day}) AS INTEGER)"


class monday_of(_DayFunction):
    """The Monday on or before a day."""

    name = "monday_of"
    inherit_cache = True


@compiles(monday_of)
def _monday_of_sqlite(element: monday_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"date({day}, '-6 days', 'weekday 1')"


@compiles(monday_of, "postgresql")
def _monday_of_pg(element: monday_of, compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = _args(element, compiler, **kw)
    return f"(({day}) - (CAST(EXTRACT(ISODOW FROM {day}) AS INTEGER) - 1))"


class days_after(_DayFunction):
    """The day ``n`` days after a day (before it when ``n`` is negative): ``days_after(d, n)``."""

    name = "days_after"
    inherit_cache = True


@compiles(days_after)
def _days_after_sqlite(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, n = _args(element, compiler, **kw)
    return f"date(julianday({day}) + ({n}))"


@compiles(days_after, "postgresql")
def _days_after_pg(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, n = _args(element, compiler, **kw)
    return f"(({day}) + CAST({n} AS INTEGER))"


class month_start(_DayFunction):
    """The first day of a day's month, or of the month ``back`` months before it.

    ``month_start(d)`` or ``month_start(d, back)``.
    """

    name = "month_start"
    inherit_cache = True


@compiles(month_start)
def _month_start_sqlite(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    day, *back = _args(element, compiler, **kw)
    if not back:
        return f"date({day}, 'start of month')"
    return f"date({day}, 'start of month', '-' || ({back[0]}) || ' months')"


@compiles(month_start, "postgresql")
def _month_start_pg(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    day, *back = _args(element, compiler, **kw)
    first = (
        f"make_date(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER), "
        f"CAST(EXTRACT(MONTH FROM {day}) AS INTEGER), 1)"
    )
    if not back:
        return first
    return f"CAST({first} - ({back[0]}) * INTERVAL '1 month' AS DATE)"


class sum_in_order(FunctionElement[Any]):
    """``sum(value)`` added up in the order of the other arguments: ``sum_in_order(v, day, v)``.

    Floating-point addition depends on the order: SQLite adds a KPI's values in
    the order of the ``(kpi_id, day, value)`` index it reads them through, so
    PostgreSQL is told that order, and both give the same bits.
    """

    type = Float()
    name = "sum_in_order"
    inherit_cache = True


class avg_in_order(FunctionElement[Any]):
    """``avg(value)`` with the sum taken as :class:`sum_in_order` takes it."""

    type = Float()
    name = "avg_in_order"
    inherit_cache = True


@compiles(sum_in_order)
@compiles(avg_in_order)
def _in_order_sqlite(element: sum_in_order | avg_in_order, compiler: SQLCompiler, **kw: Any) -> str:
    value, *_order = _args(element, compiler, **kw)
    return f"{element.name.split('_')[0]}({value})"


@compiles(sum_in_order, "postgresql")
@compiles(avg_in_order, "postgresql")
def _in_order_pg(element: sum_in_order | avg_in_order, compiler: SQLCompiler, **kw: Any) -> str:
    value, *order = _args(element, compiler, **kw)
    by = f" ORDER BY {', '.join(order)}" if order else ""
    return f"{element.name.split('_')[0]}({value}{by})"


class advance_ids(Executable, ClauseElement):
    """A statement: the table's next new id is above every id it holds.

    Run after rows were inserted with their own ids (an import). SQLite's
    AUTOINCREMENT counter moves past such ids by itself; a PostgreSQL sequence
    does not, and would hand out an id that is taken. The counter only ever
    moves forward, so an id is never given twice.
    """

    inherit_cache = False

    def __init__(self, table: Table) -> None:
        self.table = table


@compiles(advance_ids)
def _advance_ids_sqlite(element: advance_ids, compiler: SQLCompiler, **kw: Any) -> str:
    return "SELECT 1"  # nothing to do: see advance_ids


@compiles(advance_ids, "postgresql")
def _advance_ids_pg(element: advance_ids, compiler: SQLCompiler, **kw: Any) -> str:
    table = compiler.preparer.format_table(element.table)
    (key,) = element.table.primary_key.columns
    column = compiler.preparer.format_column(key)
    name = compiler.preparer.quote(element.table.name)
    sequence = f"pg_get_serial_sequence('{name}', '{key.name}')"
    return (
        f"SELECT setval({sequence}, max({column})) FROM {table} "
        f"HAVING max({column}) > coalesce(pg_sequence_last_value({sequence}::regclass), 0)"
    )


def _sequence(compiler: SQLCompiler, table: Table) -> str:
    (key,) = table.primary_key.columns
    return f"pg_get_serial_sequence('{compiler.preparer.quote(table.name)}', '{key.name}')"


class new_ids(Executable, ClauseElement):
    """A statement: ``count`` ids for new rows of ``table``, one a row, never given before.

    SQLite counts on from the highest id the table ever held (AUTOINCREMENT's
    counter, kept in ``sqlite_sequence``). PostgreSQL takes them from the
    table's sequence, which also counts the ids of rows other people own and
    this connection cannot see.
    """

    inherit_cache = False

    def __init__(self, table: Table, count: int) -> None:
        self.table = table
        self.count = int(count)


@compiles(new_ids)
def _new_ids_sqlite(element: new_ids, compiler: SQLCompiler, **kw: Any) -> str:
    table = compiler.preparer.format_table(element.table)
    (key,) = element.table.primary_key.columns
    column = compiler.preparer.format_column(key)
    name = element.table.name.replace("'", "''")
    last = (
        f"max(coalesce((SELECT max({column}) FROM {table}), 0), "
        f"coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{name}'), 0))"
    )
    return (
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        f"WHERE i < {element.count}) SELECT {last} + i FROM n"
    )


@compiles(new_ids, "postgresql")
def _new_ids_pg(element: new_ids, compiler: SQLCompiler, **kw: Any) -> str:
    sequence = _sequence(compiler, element.table)
    return f"SELECT nextval({sequence}) FROM generate_series(1, {element.count})"


class ids_unused(Executable, ClauseElement):
    """A query: true when no id of ``table`` was ever given out (rows keep theirs).

    On SQLite, true (whether the table is empty is asked apart). On PostgreSQL,
    true only while the table's sequence was never used: several people share
    it, and rows this connection cannot see hold ids too.
    """

    inherit_cache = False

    def __init__(self, table: Table) -> None:
        self.table = table


@compiles(ids_unused)
def _ids_unused_sqlite(element: ids_unused, compiler: SQLCompiler, **kw: Any) -> str:
    return "SELECT 1"


@compiles(ids_unused, "postgresql")
def _ids_unused_pg(element: ids_unused, compiler: SQLCompiler, **kw: Any) -> str:
    sequence = _sequence(compiler, element.table)
    return f"SELECT pg_sequence_last_value({sequence}::regclass) IS NULL"
