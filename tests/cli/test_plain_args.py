"""`due` and `checkin` in their plain forms are read without building the whole parser,
to the same arguments the parser reads; anything else is left to the parser."""

from __future__ import annotations

import pytest

from goaltui.cli import build_parser
from goaltui.cli.run import plain_command


@pytest.mark.parametrize(
    "argv",
    [
        ["due"],
        ["--db", "x.db", "due"],
        ["--db=x.db", "due"],
        ["due", "--db", "x.db"],
        ["due", "--db=x.db"],
        ["--db", "due", "due"],
        ["checkin", "KPI 001", "5"],
        ["--db", "x.db", "checkin", "Weekly visits", "42"],
        ["--db=x.db", "checkin", "a", "1", "b", "2.5"],
        ["checkin", "a", "1", "b", "2", "--db", "x.db"],
        ["checkin", "a", "1", "--db=x.db"],
        ["checkin", "checkin", "1"],
        ["checkin", "", "1"],
        ["--db", "checkin", "checkin", "due", "3"],
    ],
)
def test_the_plain_forms_read_what_the_parser_reads(argv):
    fast = plain_command(argv)
    assert fast is not None
    assert fast == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["list"],
        ["remind"],
        ["due", "--quiet"],
        ["due", "-q"],
        ["due", "--format", "json"],
        ["due", "extra"],
        ["checkin"],
        ["checkin", "a"],
        ["checkin", "a", "1", "b"],
        ["checkin", "a", "-5"],
        ["checkin", "a", "1", "--date", "yesterday"],
        ["checkin", "a", "1", "--note", "hi"],
        ["checkin", "a", "--db", "x.db", "1"],
        ["checkin", "-h"],
        ["checkin", "--", "a", "1"],
        ["--db", "x.db", "checkin", "a", "1", "--db", "y.db"],
        ["--db", "-x", "due"],
        ["--db=", "due"],
        ["--version"],
        ["--db", "x.db"],
    ],
)
def test_anything_else_is_left_to_the_parser(argv):
    assert plain_command(argv) is None


def test_a_split_pair_is_still_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["checkin", "a", "--db", "x.db", "1"])
    assert exc.value.code == 2
