"""Step 3 of the new-goal wizard: the KPIs that measure the goal, or milestones only."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Select, Static

from goaltui.domain.wizard import RawKpi
from goaltui.ui.screens.wizard.parts import BlockKeys, KpiBlock, Notes, typed
from goaltui.ui.screens.wizard.steps import View, WizardStep
from goaltui.ui.widgets.tickbox import TickBox


class MeasurableStep(WizardStep):
    """A block per KPI (one empty block for a new goal); ticking 'Milestones only' hides them."""

    INDEX = 2
    HINT = (
        "How will you know you're getting there? Pick a number to track, "
        "or count milestones instead."
    )
    VERDICT = "M"

    def __init__(
        self, kpis: list[RawKpi], milestones_only: bool, keys: BlockKeys, mounting: asyncio.Lock
    ) -> None:
        super().__init__()
        self._blocks = kpis or [RawKpi(keys.new("k"))]
        self._milestones_only = milestones_only
        self._keys = keys
        #: Held while a block mounts, so keys and numbers follow the order of the keys.
        self._mounting = mounting
        #: Keys of the KPI blocks shown, in order.
        self.kpi_keys: list[str] = [kpi.key for kpi in self._blocks]

    def compose_fields(self) -> ComposeResult:
        yield TickBox(
            "Milestones only: no number to track",
            self._milestones_only,
            id="milestones-only",
            compact=True,
        )
        yield Static("", id="n-kpis", classes="field-note")
        yield Vertical(*(KpiBlock(kpi) for kpi in self._blocks), id="kpi-list")
        yield Button("Add another KPI (ctrl+o)", compact=True, id="add-kpi")

    @property
    def milestones_only(self) -> bool:
        """Whether 'Milestones only' is ticked (as given, until the box is mounted)."""
        for box in self.query("#milestones-only").results(TickBox):
            self._milestones_only = box.value
        return self._milestones_only

    def raw_kpis(self) -> list[RawKpi]:
        """The KPI blocks as typed."""
        return [
            RawKpi(
                key=k,
                name=typed(self, f"{k}-name"),
                unit=typed(self, f"{k}-unit"),
                baseline=typed(self, f"{k}-baseline"),
                target=typed(self, f"{k}-target"),
                kind=self._choice(f"s-{k}-kind"),
                cadence=self._choice(f"s-{k}-cadence"),
                aggregation=self._choice(f"s-{k}-aggregation"),
                high=typed(self, f"{k}-high"),
            )
            for k in self.kpi_keys
        ]

    def _choice(self, ident: str) -> str:
        return str(self.query_one(f"#{ident}", Select).value)

    async def add(self) -> str:
        """Add an empty KPI block (unticking 'Milestones only'); the selector of its first field."""
        self.query_one("#milestones-only", TickBox).value = False
        key = self._keys.new("k")
        async with self._mounting:
            await self.query_one("#kpi-list").mount(KpiBlock(RawKpi(key)))
            self.kpi_keys.append(key)
        return f"#f-{key}-name"

    def remove_kpi(self, key: str) -> None:
        """Remove the KPI block ``key``."""
        self.kpi_keys.remove(key)
        self.query_one(f"#block-{key}").remove()

    def show(self, view: View, notes: Notes) -> None:
        super().show(view, notes)
        if not self.query("#kpi-list"):
            return  # not composed yet: shown once it is
        kpi_list = self.query_one("#kpi-list")
        kpi_list.display = not self.milestones_only
        self.query_one("#add-kpi").display = kpi_list.display
