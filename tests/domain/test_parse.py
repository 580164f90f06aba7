"""Reading numbers and dates typed by a person."""

from datetime import date

import pytest

from goaltui.domain.models import Kpi, KpiKind
from goaltui.domain.parse import parse_date, parse_int_in_range, parse_number, value_warning

TODAY = date(2026, 5, 14)  # a Thursday in Q2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42.0),
        ("-3.5", -3.5),
        ("+7", 7.0),
        ("  12.25  ", 12.25),
        (".5", 0.5),
        ("5.", 5.0),
        ("85%", 85.0),
        ("85 %", 85.0),
        ("2e3", 2000.0),
        ("1E-2", 0.01),
        ("1e15", 1e15),
        ("-1e15", -1e15),
        ("999999999999999", 999999999999999.0),
        ("0", 0.0),
        ("1e-400", 0.0),
    ],
)
def test_parse_number_accepts(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_parse_number_negative_zero_is_plain_zero() -> None:
    assert str(parse_number("-0")) == "0.0"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Enter a number"),
        ("   ", "Enter a number"),
        ("%", "Enter a number"),
        ("abc", "not a number"),
        ("1,5", "not a number"),
        ("1_000", "not a number"),
        ("1 000", "not a number"),
        ("2**63", "not a number"),
        ("0x10", "not a number"),
        ("--1", "not a number"),
        ("1e", "not a number"),
        ("\u0663", "not a number"),  # an Arabic-Indic digit: float() would take it
        ("nan", "not a number"),
        ("-NaN", "not a number"),
        ("inf", "too big"),
        ("-Infinity", "too big"),
        ("1e309", "too big"),
        ("-1e309", "too big"),
        ("9223372036854775808", "too big"),
        ("1000000000000001", "too big"),
        ("1e16", "too big"),
        ("9" * 400, "too big"),
    ],
)
def test_parse_number_rejects(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as caught:
        parse_number(text)
    assert "\n" not in str(caught.value)


def test_parse_number_message_is_one_line_and_short() -> None:
    with pytest.raises(ValueError, match="not a number") as caught:
        parse_number("x\n\x1b]0;pwned\x07" + "y" * 200)
    message = str(caught.value)
    assert "\n" not in message
    assert "\x1b" not in message
    assert len(message) < 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-14", date(2026, 5, 14)),
        ("2026-5-4", date(2026, 5, 4)),
        ("2028-02-29", date(2028, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("9999-12-31", date(9999, 12, 31)),
        ("today", TODAY),
        ("  TODAY ", TODAY),
        ("tomorrow", date(2026, 5, 15)),
        ("yesterday", date(2026, 5, 13)),
        ("+3d", date(2026, 5, 17)),
        ("-2d", date(2026, 5, 12)),
        ("+ 3 d", date(2026, 5, 17)),
        ("+6w", date(2026, 6, 25)),
        ("+2 weeks", date(2026, 5, 28)),
        ("+3m", date(2026, 8, 14)),
        ("-5m", date(2025, 12, 14)),
        ("+1y", date(2027, 5, 14)),
        ("+0d", TODAY),
        ("eow", date(2026, 5, 17)),
        ("End of Week", date(2026, 5, 17)),
        ("eom", date(2026, 5, 31)),
        ("end of month", date(2026, 5, 31)),
        ("end of the month", date(2026, 5, 31)),
        ("eoq", date(2026, 6, 30)),
        ("end  of  quarter", date(2026, 6, 30)),
        ("eoy", date(2026, 12, 31)),
        ("end of year", date(2026, 12, 31)),
        ("q2", date(2026, 6, 30)),  # the current quarter: still ahead
        ("eoq3", date(2026, 9, 30)),
        ("end of Q4", date(2026, 12, 31)),
        ("Q1", date(2027, 3, 31)),  # already past this year
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 8, 31), "+1m", date(2026, 9, 30)),
        (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2028, 2, 29), "+4y", date(2032, 2, 29)),
        (date(2028, 2, 29), "-1y", date(2027, 2, 28)),
        (date(2028, 2, 29), "+12m", date(2029, 2, 28)),
        (date(2028, 2, 10), "eom", date(2028, 2, 29)),
        (date(2026, 2, 10), "eom", date(2026, 2, 28)),
        (date(2026, 5, 17), "eow", date(2026, 5, 17)),  # a Sunday is its own week's end
        (date(2026, 5, 11), "eow", date(2026, 5, 17)),  # from a Monday
        (date(2026, 12, 30), "eow", date(2027, 1, 3)),
        (date(2026, 6, 30), "q2", date(2026, 6, 30)),  # last day of the quarter
        (date(2026, 7, 1), "q2", date(2027, 6, 30)),
        (date(2026, 1, 1), "eoq", date(2026, 3, 31)),
        (date(2026, 11, 2), "eoq", date(2026, 12, 31)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
    ],
)
def test_parse_date_relative_to_today(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "26-05-14",
        "2026/05/14",
        "14.05.2026",
        "next tuesday",
        "+3",
        "+3x",
        "3d",
        "+1.5m",
        "q5",
        "q0",
        "eoq5",
        "+9999999d",
        "soon",
        "2026-05-14 extra",
    ],
)
def test_parse_date_rejects_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a date: use YYYY-MM-DD, \+6w, \+3m, eoq, eoy"):
        parse_date(text, TODAY)


def test_parse_date_message_names_the_text() -> None:
    with pytest.raises(ValueError, match="not a date") as caught:
        parse_date("2026-02-30", TODAY)
    assert str(caught.value) == "'2026-02-30' is not a date: use YYYY-MM-DD, +6w, +3m, eoq, eoy"


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_date_empty(text: str) -> None:
    with pytest.raises(ValueError, match="Enter a date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (TODAY, "1899-12-31"),
        (TODAY, "0001-01-01"),
        (TODAY, "+8000y"),
        (TODAY, "-200y"),
        (date(1900, 1, 1), "yesterday"),
        (date(9999, 12, 31), "tomorrow"),
        (date(9999, 12, 31), "eow"),  # a Friday: its Sunday is in year 10000
        (date(9999, 11, 1), "q1"),
        (date(9999, 12, 31), "+1m"),
    ],
)
def test_parse_date_rejects_years_outside_range(today: date, text: str) -> None:
    with pytest.raises(ValueError, match="1900"):
        parse_date(text, today)


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("10", 10), (" 7 ", 7), ("+5", 5)])
def test_parse_int_in_range_accepts(text: str, expected: int) -> None:
    assert parse_int_in_range(text, 1, 10, "confidence") == expected


@pytest.mark.parametrize("text", ["0", "11", "-1", "7.0", "seven", "", "1e1", "9" * 5000])
def test_parse_int_in_range_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"^Confidence must be a whole number from 1 to 10"):
        parse_int_in_range(text, 1, 10, "confidence")


def test_parse_int_in_range_negative_range() -> None:
    assert parse_int_in_range("-3", -5, -1, "offset") == -3


def test_parse_int_in_range_empty_range() -> None:
    with pytest.raises(ValueError, match="5 is above 1"):
        parse_int_in_range("3", 5, 1, "rating")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("28:10", "min", 28 + 10 / 60),  # 28.1667 minutes
        ("1:05:30", "h", 1 + 5 / 60 + 30 / 3600),  # 1.0917 hours
        ("1:05", "h", 1 + 5 / 60),  # h:mm
        ("4:05", "s", 245.0),  # m:ss in seconds
        ("1:00:01", "s", 3601.0),
        ("1:00:00", "minutes", 60.0),
        ("0:45", "Min", 0.75),
        ("3:07.5", "sec", 187.5),
    ],
)
def test_durations_in_time_units(text: str, unit: str, expected: float) -> None:
    assert parse_number(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "unit", "words"),
    [
        ("28:10", "", "a duration, but this is a KPI without a unit"),
        ("28:10", "visits", "a duration, but this is a KPI in 'visits'"),
        ("28:60", "min", "minutes and seconds go up to 59"),
        ("1:75:00", "h", "minutes and seconds go up to 59"),
        ("-1:30", "min", "not a duration"),
        ("1::30", "min", "not a duration"),
        ("1:2:3:4", "h", "not a duration"),
        (":30", "s", "not a duration"),
    ],
)
def test_bad_durations(text: str, unit: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_number(text, unit)


def _kpi(baseline: float, target: float) -> Kpi:
    return Kpi(1, 1, "Paying customers", "customers", baseline, target, KpiKind.INCREASE)


def test_a_value_below_zero_for_a_kpi_that_never_goes_there_is_flagged() -> None:
    assert value_warning(_kpi(0, 50), -3) == (
        "-3 is below zero, while 'Paying customers' runs from 0 to 50: kept, but check it"
    )
    assert value_warning(_kpi(0, 50), 0) is None
    assert value_warning(_kpi(-10, 30), -3) is None  # e.g. a net promoter score
