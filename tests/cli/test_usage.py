"""Options, usage errors and exit codes."""

from __future__ import annotations

import os

import pytest

from goaltui import __version__
from tests.cli.helpers import cli


def test_version(capsys):
    r = cli(capsys, "--version")
    assert r.code == 0
    assert r.out == f"goaltui {__version__}\n"


def test_help_lists_every_command(capsys):
    r = cli(capsys, "--help")
    assert r.code == 0
    for command in ("checkin", "due", "list", "export", "import", "backup", "demo"):
        assert command in r.out
    assert "--db" in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["checkin"],
        ["checkin", "Weekly visits"],
        ["checkin", "a", "1", "2"],
        ["export"],
        ["export", "pdf"],
        ["import"],
        ["backup", "a", "b"],
        ["list", "--bogus"],
        ["--bogus"],
        ["demo", "--force=yes"],
        ["checkin", "a", "1", "--date"],
    ],
    ids=lambda a: " ".join(a) or "nothing",
)
def test_usage_errors_exit_2_and_touch_nothing(capsys, tmp_path, args):
    db = tmp_path / "goals.db"
    r = cli(capsys, "--db", str(db), *args)
    r.assert_failed(2)
    assert "usage: goaltui" in r.err
    assert "Traceback" not in r.err
    assert os.listdir(tmp_path) == []


def test_usage_error_message_is_one_safe_line(capsys, tmp_path):
    r = cli(capsys, "--db", str(tmp_path / "g.db"), "list", "x\ny\x1b]0;pwned\x07")
    assert r.code == 2
    assert "\x1b" not in r.err
    lines = r.err.splitlines()
    assert lines[-1].startswith("goaltui: unrecognized arguments: x")
    assert "usage:" in lines[0]


def test_error_messages_stay_on_one_line(capsys, tmp_path):
    odd = tmp_path / "new\nline\x1b[2J"
    r = cli(capsys, "--db", str(odd / "goals.db"), "demo")
    line = r.assert_failed(1)
    assert "\x1b" not in line
    assert "␊" in line  # the newline is shown, not obeyed
    r = cli(capsys, "--db", str(tmp_path / "g.db"), "demo")
    assert r.code == 0
    r = cli(capsys, "--db", str(tmp_path / "g.db"), "import", str(odd / "x.json"))
    line = r.assert_failed(1)
    assert "cannot read" in line


def test_no_subcommand_without_a_terminal_is_refused(capsys, tmp_path):
    # under pytest stdin/stdout are not a terminal: the dashboard must not start
    r = cli(capsys, "--db", str(tmp_path / "g.db"))
    line = r.assert_failed(1)
    assert "terminal" in line
    assert os.listdir(tmp_path) == []
