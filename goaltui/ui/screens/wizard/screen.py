"""The new-goal wizard: a vague intention turned into a SMART goal, planned backward.

Eight steps in a ContentSwitcher, all kept mounted so nothing typed is lost
when moving back and forth (ctrl+n / ctrl+b). Every field shows its message
right under it; the SMART verdicts update as one types. Each step is a widget
of its own (``steps``, ``measurable``, ``plan``, ``summary``), and ``pages`` holds
them all; the screen moves between them, checks what they hold and shows the
outcome, and saves it (``save``).

Typing fast or pasting: the wizard's keys (tab, enter, ctrl+n/b/o/t/s...) are
priority bindings, so the app runs them as they arrive, before it passes on the
keys typed after them. An action that adds a block awaits its mount before it
moves the focus, and one that reads the fields first waits for them to take the
keys sent before (``FieldKeys.caught_up``). So every key lands in the field that has the
focus when it arrives, in order, and no check ever looks for a field not yet there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Checkbox, Input, Select, Static

from goaltui.domain.smart import smart_check
from goaltui.domain.wizard import Checked, RawWizard, check, check_weight, step_of
from goaltui.domain.wizard_rate import solve_third
from goaltui.services.wizard import EditSource, draft_allowed, load_source
from goaltui.ui.screens.field_keys import FieldKeys
from goaltui.ui.screens.wizard.pages import WizardPages
from goaltui.ui.screens.wizard.parts import ImportanceToggle, Notes, Toasts, show_focused
from goaltui.ui.screens.wizard.save import WizardSaving
from goaltui.ui.screens.wizard.steps import LAST, View, progress_text

if TYPE_CHECKING:
    from goaltui.ui.jobs import Jobs

#: The steps each action works in; out of them its key does nothing.
_ACTION_STEPS = {
    "pick_parent": (0, 4),
    "add": (2, 3, 6),
    "add_step": (6,),
    "spread": (6,),
    "solve": (5,),
    "back": tuple(range(1, 8)),
    "next": tuple(range(0, 7)),
}


class WizardScreen(FieldKeys, WizardSaving):
    """Eight steps from an intention to a saved goal with KPIs, milestones and steps."""

    MODE: ClassVar[str] = "goals"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n,pagedown", "next", "Next", key_display="^n", priority=True, id="wizard.next"
        ),
        Binding("ctrl+b,pageup", "back", "Back", key_display="^b", priority=True, id="wizard.back"),
        Binding("ctrl+g", "pick_parent", "Parent goal", id="wizard.parent"),
        Binding("ctrl+o", "add", "Add", priority=True, id="wizard.add"),
        Binding("ctrl+t", "add_step", "Add step", priority=True, id="wizard.add_step"),
        Binding("ctrl+l", "spread", "Spread evenly", priority=True, id="wizard.spread"),
        Binding("ctrl+y", "solve", "Work out 3rd", priority=True, id="wizard.solve"),
        Binding("ctrl+s", "save('active')", "Save", priority=True, id="wizard.save"),
        Binding("ctrl+r", "save('draft')", "Save draft", priority=True, id="wizard.draft"),
        Binding("escape", "cancel", "Cancel", id="wizard.cancel"),
        # The app's one-letter keys would switch screens or quit mid-goal.
        Binding("q,1,2,3,4,5,n", "stay", show=False, id="wizard.stay"),
    ]

    #: The steps and what they hold; there from compose on.
    pages: WizardPages

    def __init__(
        self,
        parent_id: int | None = None,
        parent_title: str | None = None,
        *,
        source: EditSource | None = None,
    ) -> None:
        super().__init__()
        #: The stored goal being edited; ``None`` for a new goal.
        self.source = source
        if source is not None:
            parent_id, parent_title = source.goal.parent_id, source.parent_title
        self._parent_goal = (parent_id, parent_title)
        #: Problems the stored goal already had: shown, but they do not block a save.
        self.initial_errors: dict[str, str] = {}
        self.step = 0
        self.touched: set[str] = set()
        self.shown: set[int] = set()
        self.goals: list[tuple[int, str, int]] | None = None
        self.initial: RawWizard | None = None
        self.saving = False
        self.notes = Notes()
        self._timer: Any = None
        self._toasts = Toasts()

    @classmethod
    def open_edit(cls, app: Jobs, goal_id: int) -> None:
        """Load goal ``goal_id`` with its plan, then open the wizard filled in."""
        app.background(
            lambda svc: load_source(svc, goal_id),
            lambda source: app.push_screen(cls(source=source)),
            group="wizard-edit",
            exclusive=True,
        )

    @property
    def kpi_keys(self) -> list[str]:
        """Keys of the KPI blocks, in order."""
        return self.pages.kpis.kpi_keys

    @property
    def milestone_keys(self) -> list[str]:
        """Keys of the milestone blocks, in order (the last milestone first)."""
        return self.pages.plan.milestone_keys

    def compose_body(self) -> ComposeResult:
        today = self.goal_app.clock.today()
        self.pages = WizardPages(self.source, self._parent_goal, today, self._refresh)
        yield Static(id="wiz-progress")
        yield self.pages

    def on_mount(self) -> None:
        self.initial = self.raw()
        if self.source is not None:
            self.initial_errors = dict(self.checked().errors)
            self.go(1)
            return
        self._refresh()
        self._focus_step()

    def reload(self) -> None:
        def loaded(summaries: list[Any]) -> None:
            self.goals = [(s.goal.id, s.goal.title, s.depth) for s in summaries]

        self.goal_app.background(lambda svc: svc.summaries(), loaded, group="wizard-goals")

    # -- reading the fields ----------------------------------------------------------------
    def raw(self) -> RawWizard:
        """Everything typed so far, as text."""
        return self.pages.raw()

    def checked(self) -> Checked:
        """The draft and the messages for what is typed now."""
        result = check(self.raw(), self.goal_app.clock.today())
        if self.source is not None:
            check_weight(self.pages.typed("weight"), result.errors)
        return result

    def blocking(self, result: Checked) -> dict[str, str]:
        """The errors that stop a save: not those the stored goal already had."""
        return {
            key: message
            for key, message in result.errors.items()
            if self.initial_errors.get(key) != message
        }

    @property
    def dirty(self) -> bool:
        """Whether anything was typed or chosen since the wizard opened."""
        return self.initial is not None and self.raw() != self.initial

    # -- showing ---------------------------------------------------------------------------
    def _schedule_refresh(self) -> None:
        """Refresh once typing pauses, not on every key."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.05, self._refresh)

    def _refresh(self) -> None:
        """Check everything typed and show the outcome in every step."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.is_mounted or self.initial is None:
            return
        if not self.query("#wiz-progress") or not self.query("#f-intention"):
            return  # the wizard is closing: its fields are already being taken down
        today = self.goal_app.clock.today()
        result = self.checked()
        report = smart_check(result.draft, today)
        parent = self.pages.parent_id, self.pages.parent_title
        view = View(result, report, today, *parent, self.touched, self.shown)
        self.pages.show(view, self.notes)
        progress = progress_text(self.step, self.source is not None)
        self.notes.put(self.query_one("#wiz-progress", Static), progress)

    # -- events ----------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and self.initial is not None:
            self.touched.add(event.input.id[2:])
        self._schedule_refresh()

    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(ImportanceToggle.Changed)
    def _choice_changed(self) -> None:
        self._schedule_refresh()

    def on_descendant_focus(self) -> None:
        # After the coming refresh: a block just mounted has no size before it.
        self.call_after_refresh(show_focused, self)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        ident = event.button.id or ""
        event.stop()
        if ident.startswith("remove-"):
            self._remove(ident.removeprefix("remove-"))
        elif ident.startswith("addstep-"):
            await self.pages.add_step(ident.removeprefix("addstep-"))
        elif ident.startswith("pick-"):
            self.action_pick_parent()
        elif ident in ("add-kpi", "add-milestone", "add-obstacle"):
            await self.action_add()
        elif ident == "spread":
            await self.action_spread()
        elif ident == "propose-checkpoints":
            await self.pages.propose(self.checked().draft, self.goal_app.clock.today())
        elif ident == "solve":
            await self.action_solve()
        elif ident.startswith("save-"):
            await self.action_save(ident.removeprefix("save-"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ACTION_STEPS:
            return self.step in _ACTION_STEPS[action]
        if action == "save" and parameters == ("draft",):
            return draft_allowed(self.source)
        return super().check_action(action, parameters)

    # -- moving ------------------------------------------------------------------------------
    def go(self, step: int) -> None:
        """Show step ``step`` (0-7) and focus its first field."""
        step = max(0, min(LAST, step))
        if step == 1:
            self.pages.seed_title()
        self.step = step
        self.pages.current = f"step-{step}"
        if step == LAST:
            self.shown = set(range(LAST))
        self._refresh()
        self.refresh_bindings()
        if step == self.pages.plan.INDEX and not self.pages.plan.built:
            self.run_worker(self._show_plan(), group="wizard-plan")
        self._focus_step()

    async def _go(self, step: int) -> None:
        """Like :meth:`go`, once the step's blocks are there (for the actions)."""
        if step == self.pages.plan.INDEX:
            await self.pages.build_plan()
        self.go(step)

    async def _show_plan(self) -> None:
        await self.pages.build_plan()
        if self.step == self.pages.plan.INDEX:
            self._focus_step()

    def _focus_step(self) -> None:
        """Focus the step's first field (or button), now: the keys after go there."""
        target = self.pages.step(self.step).focus_target()
        if target is not None:
            self.set_focus(target)

    async def action_next(self) -> None:
        await self.caught_up()
        errors = {k: v for k, v in self.blocking(self.checked()).items() if step_of(k) == self.step}
        if errors:
            self.shown.add(self.step)
            self._refresh()
            self.notify(
                "Fix the marked field first (ctrl+b goes back).", severity="warning", markup=False
            )
            first = next(iter(errors))
            widget = self.query(f"#f-{first}")
            if widget:
                self.set_focus(widget.first())
            return
        await self._go(self.step + 1)

    async def action_back(self) -> None:
        await self._go(self.step - 1)

    def action_stay(self) -> None:
        """Swallow the app's one-letter keys while the wizard is open."""

    # -- adding and removing -----------------------------------------------------------------
    async def action_add(self) -> None:
        """A KPI (step 3) or a milestone (step 7), its first field focused once it is there."""
        await self.pages.add(self.step)

    async def action_add_step(self) -> None:
        await self.pages.add_step_here(self.focused)

    def _remove(self, key: str) -> None:
        self.pages.remove_block(key)
        self.call_after_refresh(self._refresh)
        self.call_after_refresh(self._focus_step)

    async def action_spread(self) -> None:
        """Propose milestone dates spread evenly, the last one before the deadline."""
        await self.pages.build_plan()
        await self.caught_up()
        self.pages.plan.spread(self.checked().draft)

    async def action_solve(self) -> None:
        await self.caught_up()
        answer = solve_third(self.raw(), self.goal_app.clock.today())
        if isinstance(answer, str):
            self.notify(answer, severity="warning", markup=False)
            return
        name, value = answer
        if name == "target":
            self.pages.put(f"{self.kpi_keys[0]}-target", value)
            self.notify(f"Target set to {value}.", markup=False)
        else:
            self.pages.put(name, value)
            self.notify(f"The {name} is worked out: {value}.", markup=False)

    def action_pick_parent(self) -> None:
        self.pages.pick_parent(self.goals)

    # -- saving ------------------------------------------------------------------------------
    async def action_save(self, status: str) -> None:
        await self.caught_up()
        if not self.saving:
            await self.save(status)

    async def go_to_error(self, errors: dict[str, str]) -> int:
        """Show every error, and the first step with one; the number of that step (0-7)."""
        self.shown = set(range(LAST))
        first = min(step_of(key) for key in errors)
        await self._go(first)
        return first
