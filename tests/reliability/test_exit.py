"""How the dashboard ends: an unexpected error exits non-zero and leaves its
traceback in a private file, with one line on the terminal saying where."""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

from tests._files import make_goaltui_db
from tests.reliability.conftest import notifications
from tests.reliability.ptyrun import PtyApp
from tests.ui.conftest import wait_idle

#: goaltui with a bug planted in the help key.
CRASHING = textwrap.dedent(
    """
    import sys
    from goaltui.ui.app import GoalApp

    def broken_help(self):
        raise RuntimeError("a planted bug in the help key")

    GoalApp.action_help = broken_help
    from goaltui.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_unexpected_error_exits_non_zero_with_one_line_and_a_private_report(tmp_path):
    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    state = Path(os.environ["XDG_STATE_HOME"])
    app = PtyApp(["--db", str(db)], program=[sys.executable, "-c", CRASHING])
    try:
        assert app.wait_for(b"Goals"), bytes(app.output[-500:])
        app.pump(1.0)
        app.send(b"?")
    finally:
        code = app.close(limit=20)
    text = bytes(app.output).decode("utf-8", errors="replace")
    assert code == 1, text[-800:]
    assert "Traceback" not in text
    assert "planted bug" not in text
    logs = state / "goaltui" / "log"
    reports = sorted(logs.glob("crash-*.log"))
    assert len(reports) == 1, reports
    report = reports[0]
    assert f"goaltui: stopped by an unexpected error; the details were written to {report}" in (
        text.replace("\r\n", "\n").replace("\n", "")  # the line may wrap on the pty
    )
    assert "RuntimeError" in report.read_text() and "a planted bug" in report.read_text()
    assert mode(report) == 0o600
    assert mode(logs) == 0o700
    assert mode(logs.parent) == 0o700


async def test_a_read_only_database_says_so_in_the_dashboard(tmp_path, app_on):
    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    os.chmod(db, 0o400)
    app = app_on(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        shown = notifications(app)
        assert "Read-only database: read-only: changes cannot be saved" in shown, shown
    assert mode(db) == 0o400
