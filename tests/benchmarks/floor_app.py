"""The "stack floor" reference: the bare app plus goaltui's stack, loaded up front.

It imports SQLModel and plotext and opens the database with goaltui's own
``open_engine`` before it shows its one line, so its time to "ready" is the
least any Textual + SQLModel + plotext app needs to show data from this file.

    python tests/benchmarks/floor_app.py DB
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class FloorApp(App[None]):
    """The bare app, painted once the stack is loaded and the database is open."""

    def __init__(self, db: Path) -> None:
        super().__init__()
        import plotext  # noqa: F401
        import sqlmodel  # noqa: F401

        from goaltui.storage.db import open_engine

        self.engine = open_engine(db, create=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("stack floor app: ready")
        yield Footer()


if __name__ == "__main__":
    FloorApp(Path(sys.argv[1])).run()
