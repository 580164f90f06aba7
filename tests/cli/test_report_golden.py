"""`goaltui export markdown` on the demo data, compared with a reviewed golden file.

Regenerate after a deliberate change with:
GOALTUI_UPDATE_GOLDEN=1 python -m pytest tests/cli/test_report_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli.helpers import cli_at

GOLDEN = Path(__file__).parent / "golden" / "report.md"


def test_markdown_report_matches_golden(capsys, demo_service, clock):
    from goaltui.services import exchange as export

    text = export.to_markdown(demo_service)
    if os.environ.get("GOALTUI_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_cli_export_markdown_matches_golden(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "markdown")
    assert r.code == 0, r.err
    assert r.out == GOLDEN.read_text(encoding="utf-8")
