"""The likely obstacles on the wizard's Achievable step: "if this happens, I will …".

A short list of rows, one empty row for a new goal; ctrl+o on the step adds a
row and each row's Remove button takes it away. Rows left empty are not saved.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from goaltui.domain.obstacles import RawObstacle
from goaltui.ui.screens.wizard.parts import BlockKeys, small_field, typed


class ObstacleRow(Horizontal):
    """One likely obstacle and the plan for it."""

    def __init__(self, row: RawObstacle) -> None:
        super().__init__(classes="row obstacle-row", id=f"block-{row.key}")
        self.row = row

    def compose(self) -> ComposeResult:
        key, row = self.row.key, self.row
        yield from small_field(
            f"{key}-obstacle", "if this happens…", "wide", "Likely obstacle", row.obstacle
        )
        yield from small_field(f"{key}-plan", "I will…", "wide", "Then I will", row.plan)
        yield Button("Remove", compact=True, id=f"remove-{key}", classes="remove")


class ObstacleList(Vertical):
    """The obstacle rows of the Achievable step, in order."""

    def __init__(self, rows: list[RawObstacle], keys: BlockKeys, mounting: asyncio.Lock) -> None:
        super().__init__(id="obstacle-list")
        self._rows = rows or [RawObstacle(keys.new("o"))]
        self._keys = keys
        self._mounting = mounting
        #: Keys of the rows shown, in order.
        self.keys: list[str] = [row.key for row in self._rows]

    def compose(self) -> ComposeResult:
        for row in self._rows:
            yield ObstacleRow(row)

    def raw(self) -> list[RawObstacle]:
        """The rows as typed."""
        return [
            RawObstacle(k, typed(self, f"{k}-obstacle"), typed(self, f"{k}-plan"))
            for k in self.keys
        ]

    async def add(self) -> str:
        """Add an empty row; the selector of its first field."""
        key = self._keys.new("o")
        async with self._mounting:
            await self.mount(ObstacleRow(RawObstacle(key)))
            self.keys.append(key)
        return f"#f-{key}-obstacle"

    def remove_row(self, key: str) -> None:
        """Remove the row ``key``."""
        self.keys.remove(key)
        self.query_one(f"#block-{key}").remove()
