"""The pages of the new-goal wizard: its eight steps, one shown at a time, and what they hold.

The screen moves between the steps, checks and saves; :class:`WizardPages`
builds the steps (filled in from the stored goal, for an edit), reads every
field as typed, and adds and removes the KPI, milestone and step blocks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from goaltui.domain.smart import GoalDraft
from goaltui.domain.wizard import RawWizard
from goaltui.services.wizard import (
    EditSource,
    draft_allowed,
    stored_fields,
    stored_kpis,
    stored_obstacles,
    stored_plan,
)
from goaltui.ui.screens.wizard.measurable import MeasurableStep
from goaltui.ui.screens.wizard.obstacles import ObstacleList
from goaltui.ui.screens.wizard.parts import BlockKeys, Notes, typed
from goaltui.ui.screens.wizard.plan import ReversePlanStep
from goaltui.ui.screens.wizard.steps import (
    AchievableStep,
    IntentionStep,
    RelevantStep,
    SpecificStep,
    TimeBoundStep,
    View,
    WizardStep,
)
from goaltui.ui.screens.wizard.summary import SummaryStep


class WizardPages(ContentSwitcher):
    """The eight steps (``#step-0`` to ``#step-7``) and the goal this one serves.

    ``changed`` is called when blocks were added or built, or a parent chosen:
    everything is checked and shown again.
    """

    def __init__(
        self,
        source: EditSource | None,
        parent: tuple[int | None, str | None],
        today: date,
        changed: Callable[[], None],
    ) -> None:
        super().__init__(initial="step-0", id="wiz-steps")
        #: The stored goal being edited; ``None`` for a new goal.
        self.source = source
        #: The goal this one serves (``None``: a top-level goal), and its title.
        self.parent_id, self.parent_title = parent
        self.today = today
        self._changed = changed
        #: The keys of the KPI, milestone and step blocks, and the stored rows they show.
        self.block_keys = BlockKeys()
        # One block mounted at a time, so keys and numbers follow the order of the keys.
        mounting = asyncio.Lock()
        new_key = self.block_keys.new
        plan = None if source is None else stored_plan(source, new_key)
        self.kpis = MeasurableStep(
            [] if source is None else stored_kpis(source, new_key),
            source is not None and not source.kpis,
            self.block_keys,
            mounting,
        )
        self.plan = ReversePlanStep(plan, self.block_keys, mounting)
        obstacles = [] if source is None else stored_obstacles(source, new_key)
        self.obstacles = ObstacleList(obstacles, self.block_keys, mounting)

    def compose(self) -> ComposeResult:
        source = self.source
        stored = {} if source is None else stored_fields(source)
        yield IntentionStep(stored)
        yield SpecificStep(stored)
        yield self.kpis
        rate = None if source is None else source.achieved_rate
        yield AchievableStep(stored, rate, self.obstacles)
        yield RelevantStep(stored, source is not None)
        yield TimeBoundStep(stored, self.today)
        yield self.plan
        yield SummaryStep(source is not None, draft_allowed(source))

    # -- reading ---------------------------------------------------------------------------
    def typed(self, key: str) -> str:
        """The text of field ``#f-<key>``."""
        return typed(self, key)

    def raw(self) -> RawWizard:
        """Everything typed so far, as text."""
        names = ("intention", "title", "description", "confidence", "resources", "why", "partner")
        values: dict[str, Any] = {name: self.typed(name) for name in names}
        return RawWizard(
            **values,
            obstacles=self.obstacles.raw(),
            start=self.typed("start"),
            deadline=self.typed("deadline"),
            rate=self.typed("rate"),
            parent_id=self.parent_id,
            milestones_only=self.kpis.milestones_only,
            kpis=self.kpis.raw_kpis(),
            milestones=self.plan.raw_milestones(),
        )

    def step(self, index: int) -> WizardStep:
        """Step ``index`` (0-7)."""
        return self.query_one(f"#step-{index}", WizardStep)

    def show(self, view: View, notes: Notes) -> None:
        """Show in every step what the check of everything typed found."""
        for step in self.query_children(WizardStep):
            if step.children:  # a step still being composed is shown at the next check
                step.show(view, notes)

    def put(self, key: str, text: str) -> None:
        """Put ``text`` in field ``#f-<key>``, as if typed."""
        self.query_one(f"#f-{key}", Input).value = text

    def seed_title(self) -> None:
        """Start the title from the intention, unless one is typed already."""
        if not self.typed("title").strip():
            self.put("title", self.typed("intention").strip())

    # -- blocks ----------------------------------------------------------------------------
    async def build_plan(self) -> None:
        """Mount the blocks of the stored milestones, if not yet done."""
        if await self.plan.build():
            self._changed()

    async def propose(self, draft: GoalDraft, today: date) -> None:
        """Propose checkpoint values along the straight line (see the reverse plan step)."""
        await self.build_plan()
        self.plan.propose_checkpoints(draft, today)

    async def add(self, step: int) -> None:
        """A KPI (step 3), an obstacle (step 4) or a milestone (step 7), its first field focused."""
        if step == self.kpis.INDEX:
            self._added(await self.kpis.add())
        elif step == AchievableStep.INDEX:
            self._added(await self.obstacles.add())
        elif step == self.plan.INDEX:
            await self.build_plan()
            self._added(await self.plan.add_milestone())

    async def add_step_here(self, focused: Widget | None) -> None:
        """A step under the milestone holding ``focused``, else under the last one added."""
        await self.build_plan()
        if not self.plan.milestone_keys:
            self.screen.notify("Add a milestone first (ctrl+o).", markup=False)
            return
        await self.add_step(self.plan.milestone_of(focused))

    async def add_step(self, milestone_key: str) -> None:
        """A step under milestone ``milestone_key``, its first field focused."""
        await self.build_plan()
        focus = await self.plan.add_step(milestone_key)
        if focus is not None:
            self._added(focus)

    def _added(self, focus: str) -> None:
        """A block is mounted and its key known: focus its first field, check it all again."""
        self.screen.set_focus(self.query_one(focus, Input))
        self._changed()

    def remove_block(self, key: str) -> None:
        """Remove the KPI or milestone block ``key``."""
        if key in self.kpis.kpi_keys:
            self.kpis.remove_kpi(key)
        elif key in self.obstacles.keys:
            self.obstacles.remove_row(key)
        else:
            self.plan.remove_milestone(key)

    def pick_parent(self, goals: list[tuple[int, str, int]] | None) -> None:
        """Ask which of ``goals`` (id, title, depth) this one serves."""
        if goals is None:
            self.screen.notify("The goals are still loading: try again in a moment.", markup=False)
            return
        from goaltui.ui.screens.dialogs import TOP_LEVEL, PickGoalScreen

        titles = {goal_id: title for goal_id, title, _ in goals}

        def chosen(goal_id: int | None) -> None:
            if goal_id is None:
                return
            self.parent_id = None if goal_id == TOP_LEVEL else goal_id
            self.parent_title = titles.get(goal_id)
            self._changed()

        self.app.push_screen(PickGoalScreen("Which goal does this one serve?", goals), chosen)
