"""`goaltui export win GOAL`: a goal's win as plain text, on stdout or in a file."""

from __future__ import annotations

import os
import stat

import pytest

from tests.cli.helpers import cli, cli_at

ACHIEVED = "Double average time on site from 1 to 2 minutes in six months"


def test_the_achieved_demo_goal_by_part_of_its_title(capsys, demo_db_arg, clock) -> None:
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "win", "average time")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[:4] == [
        f"Goal: {ACHIEVED}",
        "Status: achieved",
        "Targets reached:",
        "- Average time on site: 2 min (from 1 min)",
    ]
    assert lines[4] == "Milestones reached:"
    assert lines[5].startswith("- Halfway: 1.5 minutes on site (")
    assert lines[6].startswith("Took: ")
    assert lines[7].startswith("What worked: ")
    assert "\x1b" not in r.out


def test_a_goal_by_id_with_nothing_reached_says_so(capsys, demo_db_arg, clock) -> None:
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "win", "1")
    assert r.code == 0, r.err
    assert r.out.startswith("Goal: Expand into new markets\nStatus: active\n")
    assert r.out.endswith("Nothing reached yet.\n")


def test_out_writes_a_private_file_and_says_so(capsys, demo_db_arg, clock, tmp_path) -> None:
    target = tmp_path / "win.txt"
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "win", "7", "--out", str(target))
    assert r.code == 0, r.err
    assert r.out == ""
    assert r.err == f"Wrote win to {target}\n"
    assert target.read_text(encoding="utf-8").startswith(f"Goal: {ACHIEVED}\n")
    assert stat.S_IMODE(os.stat(target).st_mode) & 0o077 == 0


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("nothing like it", "goaltui: no goal matches 'nothing like it'; "),
        ("in six months", "goaltui: 'in six months' matches several goals ("),
    ],
)
def test_an_unknown_or_unclear_goal_fails_with_one_line(capsys, demo_db_arg, clock, ref, message):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "win", ref)
    assert r.assert_failed(1).startswith(message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "win"], "goaltui: export win needs a GOAL: its id or part of its title"),
        (["export", "csv", "7"], "goaltui: unrecognized arguments: 7"),
    ],
)
def test_a_missing_or_stray_goal_is_a_usage_error(capsys, tmp_path, args, message) -> None:
    r = cli(capsys, "--db", str(tmp_path / "g.db"), *args)
    assert r.assert_failed(2) == message
    assert os.listdir(tmp_path) == []
