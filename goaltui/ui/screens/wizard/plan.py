"""Step 7 of the new-goal wizard: the reverse plan, milestones entered last first with their steps.

A stored goal's milestones are shown as they were stored until their blocks are
first needed (most of an edit's widgets are theirs): :meth:`ReversePlanStep.build`
mounts them then, so an edit opens as fast as a new goal.
"""

from __future__ import annotations

import asyncio
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.parse import parse_date
from goaltui.domain.reverse import spread_evenly
from goaltui.domain.smart import GoalDraft
from goaltui.domain.wizard import RawMilestone, RawStep
from goaltui.domain.wizard_checkpoints import proposed_values
from goaltui.ui.safe import safe
from goaltui.ui.screens.wizard.parts import (
    BlockKeys,
    MilestoneBlock,
    Notes,
    StepRow,
    importance_of,
    typed,
)
from goaltui.ui.screens.wizard.steps import View, WizardStep

_SPREAD = "Dates spread evenly from the start to just before the deadline."


class ReversePlanStep(WizardStep):
    """The goal's end, then a block per milestone, each with its step rows."""

    INDEX = 6
    HINT = (
        "Plan backward from the end: what must be true just before the deadline? "
        "And before that? Enter milestones last first, then the steps under each. A "
        "milestone may name a KPI and the value it should reach by then: the KPI's pace "
        "line then bends through it."
    )

    def __init__(
        self, stored: list[RawMilestone] | None, keys: BlockKeys, mounting: asyncio.Lock
    ) -> None:
        super().__init__()
        #: The stored milestones (an edit) until their blocks are built; then ``None``
        #: (always, for a new goal).
        self._unbuilt = stored
        self._keys = keys
        #: Held while a block mounts, so keys and numbers follow the order of the keys.
        self._mounting = mounting
        #: Keys of the milestone blocks, in order (the last milestone first).
        self.milestone_keys: list[str] = [m.key for m in stored or []]

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="end-line", classes="info")
        yield Static("", id="n-milestones", classes="field-note")
        yield Vertical(id="milestone-list")
        with Horizontal(classes="row buttons"):
            yield Button("Add a milestone (ctrl+o)", compact=True, id="add-milestone")
            yield Button("Spread dates evenly (ctrl+l)", compact=True, id="spread")
            yield Button("Propose checkpoint values", compact=True, id="propose-checkpoints")

    @property
    def built(self) -> bool:
        """Whether the blocks of the stored milestones are mounted (or there were none to)."""
        return self._unbuilt is None

    async def build(self) -> bool:
        """Mount the blocks of the stored milestones; whether there were any still to build."""
        async with self._mounting:
            if self._unbuilt is None:
                return False
            blocks = [MilestoneBlock(m, number) for number, m in enumerate(self._unbuilt, 1)]
            await self.query_one("#milestone-list").mount_all(blocks)
            self._unbuilt = None
        return True

    def raw_milestones(self) -> list[RawMilestone]:
        """The milestones as typed (as stored, while their blocks are not built)."""
        if self._unbuilt is not None:
            return list(self._unbuilt)
        return [self._raw_milestone(key) for key in self.milestone_keys]

    def _raw_milestone(self, key: str) -> RawMilestone:
        block = self.query_one(f"#block-{key}", MilestoneBlock)
        steps = [
            RawStep(s, typed(self, f"{s}-title"), typed(self, f"{s}-due"), importance_of(self, s))
            for s in block.step_keys
        ]
        return RawMilestone(
            key,
            typed(self, f"{key}-title"),
            typed(self, f"{key}-date"),
            steps,
            typed(self, f"{key}-kpi"),
            typed(self, f"{key}-kpiv"),
        )

    async def add_milestone(self) -> str:
        """Add an empty milestone block at the end; the selector of its first field."""
        key = self._keys.new("m")
        async with self._mounting:
            block = MilestoneBlock(RawMilestone(key), len(self.milestone_keys) + 1)
            await self.query_one("#milestone-list").mount(block)
            self.milestone_keys.append(key)
        return f"#f-{key}-title"

    async def add_step(self, milestone_key: str) -> str | None:
        """Add an empty step row under a milestone; the selector of its first field.

        ``None`` if the milestone was removed meanwhile.
        """
        key = self._keys.new("s")
        async with self._mounting:
            if milestone_key not in self.milestone_keys:
                return None
            block = self.query_one(f"#block-{milestone_key}", MilestoneBlock)
            await self.query_one(f"#steps-{milestone_key}").mount(StepRow(RawStep(key)))
            block.step_keys.append(key)
        return f"#f-{key}-title"

    def milestone_of(self, widget: Widget | None) -> str:
        """The key of the milestone block holding ``widget``; else the last one added."""
        while widget is not None:
            if isinstance(widget, MilestoneBlock):
                return widget.key
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return self.milestone_keys[-1]

    def remove_milestone(self, key: str) -> None:
        """Remove milestone ``key`` with its steps; those after it move up a number."""
        self.milestone_keys.remove(key)
        for number, other in enumerate(self.milestone_keys, start=1):
            self.query_one(f"#block-{other}", MilestoneBlock).renumber(number)
        self.query_one(f"#block-{key}").remove()

    def show(self, view: View, notes: Notes) -> None:
        super().show(view, notes)
        draft = view.result.draft
        text = Text("The end: ", style="bold")
        text.append_text(safe(draft.title or "(no title yet)", limit=70))
        text.append(f"  by {draft.deadline}" if draft.deadline else "  (no deadline yet: step 6)")
        notes.put(self.query_one("#end-line", Static), text)

    def spread(self, draft: GoalDraft) -> None:
        """Propose milestone dates spread evenly, the last one before the deadline.

        Only empty dates are filled without asking; dates the person typed are
        replaced only if they say so.
        """
        if not self.milestone_keys:
            self._say("Add a milestone first (ctrl+o).")
            return
        if draft.deadline is None or draft.start is None or draft.deadline <= draft.start:
            self._say("Set a start and a later deadline first (step 6).")
            return
        proposed = spread_before(draft.start, draft.deadline, len(self.milestone_keys))
        # Entered last first: the first milestone gets the latest date.
        wanted = dict(zip(self.milestone_keys, reversed(proposed), strict=True))
        dates = {key: typed(self, f"{key}-date").strip() for key in wanted}
        empty = [key for key, text in dates.items() if not text]
        replaced = [key for key, text in dates.items() if text and text != wanted[key].isoformat()]

        def put(keys: list[str]) -> None:
            for key in keys:
                self.query_one(f"#f-{key}-date", Input).value = wanted[key].isoformat()

        if not replaced:
            put(empty)
            self._say(_SPREAD)
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                put(empty + replaced)
                self._say(_SPREAD)
                return
            put(empty)
            filled = f"filled {len(empty)} empty one{'s' if len(empty) != 1 else ''}"
            self._say(f"Kept the dates you typed; {filled}.")

        many = len(replaced) > 1
        question = (
            f"Replace the {len(replaced)} date{'s' if many else ''} you typed with an even "
            "spread up to the deadline? Empty dates are filled either way."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Replace", no="Keep mine", danger=False), answered
        )

    def propose_checkpoints(self, draft: GoalDraft, today: date) -> None:
        """Fill each empty checkpoint value of a milestone tied to a KPI with the value on
        the straight line at its date; values typed are kept."""
        if draft.deadline is None or draft.start is None or draft.deadline <= draft.start:
            self._say("Set a start and a later deadline first (step 6).")
            return
        blocks = []
        for key in self.milestone_keys:
            try:
                day: date | None = parse_date(typed(self, f"{key}-date"), today)
            except ValueError:
                day = None
            blocks.append((key, typed(self, f"{key}-kpi"), day))
        values = proposed_values(blocks, draft.kpis, draft.start, draft.deadline)
        filled = 0
        for key, value in values.items():
            if not typed(self, f"{key}-kpiv").strip():
                self.query_one(f"#f-{key}-kpiv", Input).value = format_number(value)
                filled += 1
        if not values:
            self._say("Name a KPI at a dated milestone first (Checkpoint: KPI).")
        else:
            self._say(
                f"Proposed {filled} checkpoint value{'s' if filled != 1 else ''} on the straight "
                "line from baseline to target; change any of them as you see fit."
            )

    def _say(self, message: str) -> None:
        # Through the screen: it does not stack a toast that is still showing.
        self.screen.notify(message, markup=False)


def spread_before(start: date, deadline: date, count: int) -> list[date]:
    """``count`` milestone dates spread evenly from ``start``, the last one before ``deadline``.

    The deadline is the goal's own end: the milestones lead up to it, so they split
    the span into ``count + 1`` equal parts and none falls on the deadline itself.
    """
    return spread_evenly(start, deadline, count + 1)[:-1]
