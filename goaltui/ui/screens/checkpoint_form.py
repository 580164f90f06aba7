"""Set or clear a milestone's checkpoint: one of its goal's KPIs and the value to reach.

A checkpoint bends that KPI's pace line through the milestone's date. Changing a
value that was already set is a change of target: a reason is asked and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from goaltui.domain.checkpoints import PACED
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Kpi, Milestone
from goaltui.domain.parse import parse_number
from goaltui.domain.text import one_line
from goaltui.ui.safe import safe
from goaltui.ui.screens.dialogs import FormScreen

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.ui.screens.base import BaseScreen


@dataclass(frozen=True, slots=True)
class CheckpointInput:
    """What the form read: a KPI and a value, or neither (no checkpoint)."""

    kpi_id: int | None
    value: float | None


class CheckpointFormScreen(FormScreen[CheckpointInput]):
    """Pick one of the goal's increase or decrease KPIs and type the value to reach
    by the milestone's date; an empty value clears the checkpoint."""

    DISCARD = "Throw away this checkpoint? Nothing is saved."

    def __init__(self, milestone: Milestone, kpis: list[Kpi]) -> None:
        super().__init__()
        self.milestone = milestone
        self.kpis = kpis

    def compose(self) -> ComposeResult:
        m = self.milestone
        heading = Text("Checkpoint for ", style="bold", end="")
        heading.append_text(safe(m.title, limit=50))
        heading.append(f" ({m.target_date.isoformat()})")
        chosen = m.kpi_id if any(k.id == m.kpi_id for k in self.kpis) else self.kpis[0].id
        with Vertical(classes="dialog"):
            yield Static(heading, classes="dialog-title")
            yield Label("KPI (only increase and decrease KPIs have a line to bend)")
            yield Select(
                [
                    (one_line(f"{k.name} ({k.unit})" if k.unit else k.name, 60), k.id)
                    for k in self.kpis
                ],
                value=chosen,
                allow_blank=False,
                id="cp-kpi",
            )
            yield Label("Value to reach by that date (empty: no checkpoint)", classes="field-label")
            shown = "" if m.kpi_value is None else format_number(m.kpi_value)
            yield Input(shown, id="cp-value")
            yield Static("", id="cp-error", classes="field-error")
            yield self.buttons()

    async def action_save(self) -> None:
        text = self.query_one("#cp-value", Input).value.strip()
        if not text:
            self.dismiss(CheckpointInput(None, None))
            return
        kpi_id = self.query_one("#cp-kpi", Select).value
        kpi = next((k for k in self.kpis if k.id == kpi_id), self.kpis[0])
        try:
            value = parse_number(text, kpi.unit)
        except ValueError as exc:
            self.query_one("#cp-error", Static).update(Text(str(exc)))
            return
        self.dismiss(CheckpointInput(kpi.id, value))


def ask_checkpoint(screen: BaseScreen, milestone: Milestone) -> None:
    """Read the goal's KPIs, ask the checkpoint (and a reason for a changed value), save it."""
    app = screen.goal_app

    def got_kpis(kpis: list[Kpi]) -> None:
        paced = [k for k in kpis if k.kind in PACED]
        if not paced:
            screen.notify(
                "This goal has no increase or decrease KPI: a checkpoint needs a pace line "
                "to bend (a stay KPI keeps to a bound instead).",
                markup=False,
                timeout=6,
            )
            return
        screen.app.push_screen(CheckpointFormScreen(milestone, paced), got)

    def got(result: CheckpointInput | None) -> None:
        if result is None:
            return
        if (result.kpi_id, result.value) == (milestone.kpi_id, milestone.kpi_value):
            screen.notify("That is already its checkpoint: nothing changed.", markup=False)
            return
        if milestone.kpi_value is None:
            _save(screen, milestone, result, "")
            return
        from goaltui.ui.screens.dialogs import ReasonScreen

        what = Text("Change the checkpoint of ", end="")
        what.append_text(safe(milestone.title, style="bold", limit=60))
        what.append(": a new value to reach is a new target.")

        def got_reason(reason: str | None) -> None:
            if not reason:
                screen.notify("Not changed: a reason is needed.", markup=False, timeout=3)
                return
            _save(screen, milestone, result, reason)

        screen.app.push_screen(ReasonScreen(what), got_reason)

    app.background(lambda svc: svc.kpis([milestone.goal_id]), got_kpis, group="checkpoint-kpis")


def _save(screen: BaseScreen, milestone: Milestone, result: CheckpointInput, reason: str) -> None:
    app = screen.goal_app
    changes = {"kpi_id": result.kpi_id, "kpi_value": result.value}

    def save(svc: GoalService) -> Milestone:
        return svc.edit_milestone(milestone.id, changes, reason)

    title = one_line(milestone.title, 60)
    message = (
        f"“{title}” is no longer a checkpoint."
        if result.value is None
        else f"Checkpoint set: “{title}” asks for {format_number(result.value)} by "
        f"{milestone.target_date.isoformat()}; the pace line bends through it."
    )
    app.background(save, lambda _m: app.changed(message), group="checkpoint-save")
