"""Subcommands never import Textual (nor plotext)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import goaltui.domain, goaltui.storage.db, goaltui.storage.repository, goaltui.services
import goaltui.cli, goaltui.services.exchange, goaltui.services.demo
ui = ("textual", "plotext", "textual_plotext")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ui)
assert not heavy, heavy
print("clean")
"""

RUN_COMMANDS = """
import sys, tempfile, os
from goaltui.cli import main
folder = tempfile.mkdtemp()
db = os.path.join(folder, "g.db")
codes = [main(["--db", db, "demo"]), main(["--db", db, "list"]), main(["--db", db, "due"]),
         main(["--db", db, "list", "--kpis"]), main(["--db", db, "export", "markdown"]),
         main(["--db", db, "checkin", "weekly", "1"])]
assert codes == [0] * 6, codes
ui = ("textual", "plotext", "textual_plotext")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ui)
assert not heavy, heavy
print("clean", file=sys.stderr)
"""


def run(script, tmp_path):
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TMPDIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )


def test_importing_the_headless_modules_loads_no_ui(tmp_path):
    done = run(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_running_the_subcommands_loads_no_ui(tmp_path):
    done = run(RUN_COMMANDS, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("clean")
