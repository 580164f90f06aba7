"""The benchmark cannot rot: run it once on a small database and read its numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="the benchmark drives the apps through tmux"
)


def test_benchmark_runs_and_reports_numbers(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--quick", "--quiet", "--quiet-ms", "100",
         "--timeout", "20", "--dir", str(tmp_path), "--json", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr  # 1 = a budget missed, not a crash
    doc = json.loads(out.read_text())
    assert doc["failures"] == [], done.stderr[-2000:]
    rows = {r["figure"]: r for r in doc["rows"]}
    # --quick: 40 goals with 4,000 and with 400 measurements; no 100,000-goal database.
    for db in ("4k db", "400 db"):
        for figure in ("first paint", "goals with progress and KPI status",
                       "`goaltui due` wall time", "peak memory, VmHWM"):  # fmt: skip
            assert rows[f"{figure} ({db})"]["goaltui"] > 0
            assert rows[f"{figure} ({db})"]["ratio"] > 0
        assert rows[f"cursor move in the goal tree, max ({db})"]["goaltui"] > 0
        assert rows[f"switch to 1 Goals ({db})"]["goaltui"] > 0
        early = rows[f"first seconds: switch to 3 KPIs ({db})"]
        assert early["goaltui"] > 0 and early["reference"] > 0
    assert not [f for f in rows if "100k" in f]
    assert len(doc["samples"]["goaltui"]["tree_down_ms"]) == 2  # each move timed
    assert doc["samples"]["goaltui"]["to_kpis_ms"][0] > 0
    for db in ("big db", "small db"):
        assert rows[f"`goaltui remind` wall time ({db})"]["ratio"] > 0
        assert rows[f"`goaltui remind` own work ({db})"]["goaltui"] > 0
    assert "| first paint (4k db) |" in done.stdout
