"""The new-goal wizard: a vague intention turned into a SMART goal, planned backward.

Eight steps in a ContentSwitcher, all kept mounted so nothing typed is lost
when moving back and forth (ctrl+n / ctrl+b). Every field shows its message
right under it; the SMART verdicts update as one types.

Typing fast or pasting: the wizard's keys (tab, enter, ctrl+n/b/o/t/s...) are
priority bindings, so the app runs them as they arrive, before it passes on the
keys typed after them. An action that adds a block awaits its mount before it
moves the focus, and one that reads the fields first waits for them to take the
keys sent before (``FieldKeys.caught_up``). So every key lands in the field that has the
focus when it arrives, in order, and no check ever looks for a field not yet there.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Select, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.parse import DATE_HELP, parse_number
from goaltui.domain.reverse import spread_evenly
from goaltui.domain.smart import SmartReport, smart_check
from goaltui.domain.wizard import (
    STEP_NAMES,
    Checked,
    RawKpi,
    RawMilestone,
    RawStep,
    RawWizard,
    check,
    check_weight,
    signed,
    solve_third,
    step_of,
)
from goaltui.services.wizard import (
    EditPlan,
    EditSource,
    apply_edit,
    draft_allowed,
    load_source,
    plan_edit,
    plan_rows,
    status_after,
    stored_fields,
    stored_kpis,
    stored_plan,
)
from goaltui.ui.safe import safe, safe_block
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.field_keys import FieldKeys
from goaltui.ui.screens.wizard.parts import KpiBlock, MilestoneBlock, StepRow, field
from goaltui.ui.widgets.tickbox import TickBox

if TYPE_CHECKING:
    from goaltui.domain.models import Goal
    from goaltui.services import GoalService
    from goaltui.ui.app import GoalApp

_HINTS = (
    "What do you want to achieve? Say it in your own words; we'll sharpen it next.",
    "Make it specific: what will you do, how often, and by when?",
    "How will you know you're getting there? Pick a number to track, or count milestones instead.",
    "How sure are you, and what help will you need?",
    "Why does this matter to you? A goal that serves a bigger one is easier to keep.",
    "When do you start and when is it done? For the first KPI, give any two of "
    "target, deadline and rate per week and ctrl+y works out the third.",
    "Plan backward from the end: what must be true just before the deadline? "
    "And before that? Enter milestones last first, then the steps under each.",
    "Check the goal and its plan, then save it as active or as a draft.",
)
_VERDICT_STEP = {1: "S", 2: "M", 3: "A", 4: "R", 5: "T"}
_LAST = len(STEP_NAMES) - 1


def verdict_text(report: SmartReport, letter: str) -> Text:
    """One verdict: a glyph and a word (never colour alone), then the hint."""
    verdict = report.by_letter(letter)
    glyph, word, style = ("✓", "yes", "green") if verdict.ok else ("✗", "not yet", "yellow")
    text = Text(f"{glyph} {verdict.name}: {word}. ", style=f"bold {style}")
    # The hint may quote what was typed (a KPI's name): shown literally.
    text.append_text(safe_block(verdict.hint))
    return text


class WizardScreen(FieldKeys, BaseScreen):
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
        self.parent_id = parent_id
        self.parent_title = parent_title
        #: Block key (``k1``, ``m2``, ``s3``) -> id of the stored row it shows.
        self.ids: dict[str, int] = {}
        #: Problems the stored goal already had: shown, but they do not block a save.
        self.initial_errors: dict[str, str] = {}
        self.step = 0
        self.counter = 0
        self.kpi_keys: list[str] = []
        self.milestone_keys: list[str] = []
        self.touched: set[str] = set()
        self.shown: set[int] = set()
        self.goals: list[tuple[int, str, int]] | None = None
        self.initial: RawWizard | None = None
        self.saving = False
        self._notes: dict[str, str] = {}
        self._timer: Any = None
        #: (title, message) of a toast -> when it goes away: the same one is not stacked.
        self._toasts: dict[tuple[str, str], float] = {}
        #: One block mounted at a time, so keys and numbers follow the order of the keys.
        self._mounting = asyncio.Lock()
        #: The stored milestones of an edit until the reverse plan is first shown: their
        #: blocks (most of an edit's widgets) are built then, so an edit opens as fast as
        #: a new goal. ``None`` once built (always, for a new goal).
        self._plan: list[RawMilestone] | None = None
        if source is not None:
            self._plan = stored_plan(source, self._key)
            self.milestone_keys = [m.key for m in self._plan]
        self._stored = {} if source is None else stored_fields(source)

    @classmethod
    def open_edit(cls, app: GoalApp, goal_id: int) -> None:
        """Load goal ``goal_id`` with its plan, then open the wizard filled in."""
        app.background(
            lambda svc: load_source(svc, goal_id),
            lambda source: app.push_screen(cls(source=source)),
            group="wizard-edit",
            exclusive=True,
        )

    # -- layout ----------------------------------------------------------------------------
    def _key(self, prefix: str, row_id: int | None = None) -> str:
        self.counter += 1
        key = f"{prefix}{self.counter}"
        if row_id is not None:
            self.ids[key] = row_id
        return key

    def compose_body(self) -> ComposeResult:
        yield Static(id="wiz-progress")
        with ContentSwitcher(initial="step-0", id="wiz-steps"):
            for index, name in enumerate(STEP_NAMES):
                with VerticalScroll(id=f"step-{index}", classes="wiz-step"):
                    heading = Text(f"Step {index + 1} of 8 · {name}", style="bold")
                    yield Static(heading, classes="step-title")
                    hint = _HINTS[index]
                    if index == _LAST and self.source is not None:
                        hint = "Check the goal and its plan, then save your changes."
                    yield Static(hint, classes="hint")
                    yield from self._compose_step(index)

    def _compose_step(self, index: int) -> ComposeResult:
        if index == 0:
            yield from self._field(
                "intention", "Your goal, in your own words", "e.g. get better at..."
            )
            yield from self._parent_row("parent-0")
        elif index == 1:
            yield from self._field("title", "Title: what will be done, how often, by when")
            yield from self._field("description", "Description (optional)")
        elif index == 2:
            kpis = [] if self.source is None else stored_kpis(self.source, self._key)
            yield TickBox(
                "Milestones only: no number to track",
                self.source is not None and not kpis,
                id="milestones-only",
                compact=True,
            )
            yield Static("", id="n-kpis", classes="field-note")
            kpis = kpis or [RawKpi(self._key("k"))]
            self.kpi_keys = [kpi.key for kpi in kpis]
            yield Vertical(*(KpiBlock(kpi) for kpi in kpis), id="kpi-list")
            yield Button("Add another KPI (ctrl+o)", compact=True, id="add-kpi")
        elif index == 3:
            yield from self._field("confidence", "Confidence, 1 to 10", "how sure are you?")
            yield from self._field("resources", "Resources or support needed (optional)")
            yield Static("", id="rate-info", classes="info")
        elif index == 4:
            yield from self._field("why", "Why it matters to you")
            yield from self._parent_row("parent-4")
            if self.source is not None:
                yield from self._field("weight", "Weight in the parent goal's progress", "e.g. 1")
        elif index == 5:
            today = self.goal_app.clock.today().isoformat()
            yield from self._field("start", f"Start ({DATE_HELP})", default=today)
            yield from self._field("deadline", f"Deadline ({DATE_HELP}, end of Q2)")
            yield from self._field("rate", "Rate per week for the first KPI (optional)", "e.g. 50")
            yield Button("Work out the third (ctrl+y)", compact=True, id="solve")
        elif index == 6:
            yield Static("", id="end-line", classes="info")
            yield Static("", id="n-milestones", classes="field-note")
            yield Vertical(id="milestone-list")
            with Horizontal(classes="row buttons"):
                yield Button("Add a milestone (ctrl+o)", compact=True, id="add-milestone")
                yield Button("Spread dates evenly (ctrl+l)", compact=True, id="spread")
        else:
            yield Static("", id="summary")
            editing = self.source is not None
            with Horizontal(classes="row buttons"):
                yield Button(
                    "Save changes (ctrl+s)" if editing else "Save as active (ctrl+s)",
                    compact=True,
                    id="save-active",
                    variant="primary",
                )
                draft = Button("Save as draft (ctrl+r)", compact=True, id="save-draft")
                draft.display = draft_allowed(self.source)
                yield draft
        if index in _VERDICT_STEP:
            yield Static("", id=f"verdict-{_VERDICT_STEP[index]}", classes="verdict")

    async def _build_plan(self) -> None:
        """Mount the blocks of the stored milestones, if not yet done."""
        async with self._mounting:
            if self._plan is None:
                return
            blocks = [MilestoneBlock(m, number) for number, m in enumerate(self._plan, start=1)]
            await self.query_one("#milestone-list").mount_all(blocks)
            self._plan = None
        self._refresh()

    async def _show_plan(self) -> None:
        await self._build_plan()
        if self.step == 6:
            self._focus_step()

    def _field(
        self, key: str, label: str, placeholder: str = "", default: str = ""
    ) -> ComposeResult:
        """A :func:`field` with its stored text (an edit), else ``default``.

        Fields are built with their text rather than filled in once mounted:
        setting a mounted field restyles it, and an edit has many.
        """
        yield from field(key, label, placeholder, self._stored.get(key, default))

    def _parent_row(self, ident: str) -> ComposeResult:
        with Horizontal(classes="row parent-row"):
            yield Static("", id=ident, classes="parent-line")
            yield Button("Choose parent (ctrl+g)", compact=True, id=f"pick-{ident}")

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
    def _text(self, key: str) -> str:
        return self.query_one(f"#f-{key}", Input).value

    def _select(self, ident: str) -> str:
        return str(self.query_one(f"#{ident}", Select).value)

    def raw(self) -> RawWizard:
        """Everything typed so far, as text."""
        kpis = [
            RawKpi(
                key=k,
                name=self._text(f"{k}-name"),
                unit=self._text(f"{k}-unit"),
                baseline=self._text(f"{k}-baseline"),
                target=self._text(f"{k}-target"),
                kind=self._select(f"s-{k}-kind"),
                cadence=self._select(f"s-{k}-cadence"),
                aggregation=self._select(f"s-{k}-aggregation"),
            )
            for k in self.kpi_keys
        ]
        if self._plan is not None:
            milestones = list(self._plan)  # not built yet: as stored
        else:
            milestones = [self._raw_milestone(m) for m in self.milestone_keys]
        names = ("intention", "title", "description", "confidence", "resources", "why")
        values = {name: self._text(name) for name in names}
        return RawWizard(
            **values,
            start=self._text("start"),
            deadline=self._text("deadline"),
            rate=self._text("rate"),
            parent_id=self.parent_id,
            milestones_only=self.query_one("#milestones-only", TickBox).value,
            kpis=kpis,
            milestones=milestones,
        )

    def _raw_milestone(self, key: str) -> RawMilestone:
        block = self.query_one(f"#block-{key}", MilestoneBlock)
        steps = [
            RawStep(s, self._text(f"{s}-title"), self._text(f"{s}-due")) for s in block.step_keys
        ]
        return RawMilestone(key, self._text(f"{key}-title"), self._text(f"{key}-date"), steps)

    def checked(self) -> Checked:
        """The draft and the messages for what is typed now."""
        result = check(self.raw(), self.goal_app.clock.today())
        if self.source is not None:
            check_weight(self._text("weight"), result.errors)
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

    def _note(self, note: Static, text: Text, error: bool) -> None:
        key = note.id or ""
        shown = f"{error}{text.plain}"
        if self._notes.get(key) != shown:
            self._notes[key] = shown
            note.update(text)
            note.set_class(error, "-error")

    def _refresh(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.is_mounted or self.initial is None:
            return
        today = self.goal_app.clock.today()
        result = self.checked()
        report = smart_check(result.draft, today)
        for note in self.query(".field-note").results(Static):
            key = (note.id or "n-")[2:]
            show_error = key in self.touched or step_of(key) in self.shown
            if key in result.errors and show_error:
                self._note(note, Text(f"✗ {result.errors[key]}", style="bold red"), True)
            else:
                self._note(note, Text(result.notes.get(key, ""), style="dim"), False)
        for letter in _VERDICT_STEP.values():
            self._note(
                self.query_one(f"#verdict-{letter}", Static), verdict_text(report, letter), False
            )
        self._show_progress()
        self._show_parent()
        self._show_rate(result)
        self._show_end(result)
        self._show_summary(result, report)
        self.query_one("#kpi-list").display = not self.query_one("#milestones-only", TickBox).value
        self.query_one("#add-kpi").display = self.query_one("#kpi-list").display

    def _show_progress(self) -> None:
        text = Text("Edit goal  " if self.source is not None else "New goal  ", style="bold")
        for index, name in enumerate(STEP_NAMES):
            if index:
                text.append(" · ", style="dim")
            if index == self.step:
                text.append(f" {index + 1} {name} ", style="bold reverse")
            else:
                text.append(str(index + 1))
        self._note(self.query_one("#wiz-progress", Static), text, False)

    def _parent_text(self) -> Text:
        if self.parent_id is None:
            return Text("Serves: nothing yet (a top-level goal)", style="dim")
        text = Text("Serves: ")
        text.append_text(safe(self.parent_title or f"goal {self.parent_id}", "bold", limit=60))
        return text

    def _show_parent(self) -> None:
        for ident in ("parent-0", "parent-4"):
            self._note(self.query_one(f"#{ident}", Static), self._parent_text(), False)

    def _show_rate(self, result: Checked) -> None:
        draft = result.draft
        kpi = draft.kpis[0] if draft.kpis else None
        info = self.query_one("#rate-info", Static)
        if kpi is None or kpi.baseline is None or kpi.target is None or draft.deadline is None:
            self._note(
                info,
                Text(
                    "Once a KPI (step 3) and a deadline (step 6) are set, the weekly rate "
                    "they ask for shows here.",
                    style="dim",
                ),
                False,
            )
            return
        start = draft.start or self.goal_app.clock.today()
        weeks = max((draft.deadline - start).days, 1) / 7
        rate = (kpi.target - kpi.baseline) / weeks
        text = Text("Required: ", style="bold")
        text.append(f"{signed(rate)} ")
        text.append_text(safe(kpi.unit or "", limit=20))
        text.append(" a week, to go from ")
        text.append(f"{format_number(kpi.baseline)} to {format_number(kpi.target)} ")
        text.append(f"by {draft.deadline}.\n")
        achieved = self.source.achieved_rate if self.source is not None else None
        if achieved is None:
            text.append(
                "No pace recorded yet to compare with: "
                "your check-ins will show how fast you really go.",
                style="dim",
            )
        else:
            text.append("So far: ", style="bold")
            text.append(f"{signed(achieved)} ")
            text.append_text(safe(kpi.unit or "", limit=20))
            text.append(" a week.")
            if far_above(rate, achieved):
                text.append(
                    "\n⚠ That is far above the pace so far: give it more time, "
                    "more support, or a nearer target.",
                    style="bold",
                )
        self._note(info, text, False)

    def _show_end(self, result: Checked) -> None:
        draft = result.draft
        text = Text("The end: ", style="bold")
        text.append_text(safe(draft.title or "(no title yet)", limit=70))
        text.append(f"  by {draft.deadline}" if draft.deadline else "  (no deadline yet: step 6)")
        self._note(self.query_one("#end-line", Static), text, False)

    def _show_summary(self, result: Checked, report: SmartReport) -> None:
        draft = result.draft
        text = Text()
        text.append_text(safe(draft.title or "(no title yet)", "bold", limit=100))
        text.append("\n")
        text.append_text(self._parent_text())
        text.append("\n\n")
        for verdict in report.verdicts:
            text.append_text(verdict_text(report, verdict.letter))
            text.append("\n")
        text.append("\nMeasured by\n", style="bold")
        if not draft.kpis:
            text.append("  the milestones you finish\n")
        for kpi in draft.kpis:
            text.append("  ")
            text.append_text(safe(kpi.name, limit=40))
            base = "?" if kpi.baseline is None else format_number(kpi.baseline)
            goal = "?" if kpi.target is None else format_number(kpi.target)
            text.append(f": {base} → {goal} ")
            text.append_text(safe(kpi.unit, limit=20))
            text.append(f" ({kpi.kind.value.replace('_', ' ')}, {kpi.cadence.value})\n")
        text.append("\nPlan\n", style="bold")
        text.append(f"  {draft.start}  start\n")
        for milestone in draft.milestones:
            text.append(f"  {milestone.target_date or '?'!s:<10}  ◆ ")
            text.append_text(safe(milestone.title, limit=70))
            text.append("\n")
            # Steps by date, those without one last: the order they are to be done in.
            for step in sorted(milestone.steps, key=lambda s: s.due or date.max):
                text.append("              · ")
                text.append_text(safe(step.title, limit=60))
                text.append(f"  (by {step.due})\n" if step.due else "\n", style="dim")
        text.append(f"  {draft.deadline or '?'!s:<10}  ⚑ deadline\n")
        if result.errors:
            count = len(result.errors)
            text.append(f"\n⚠ {count} field{'s' if count > 1 else ''} to fix:\n", style="bold red")
            for key, message in list(result.errors.items())[:4]:
                text.append(f"  step {step_of(key) + 1}: ", style="bold")
                text.append(f"{message}\n")
        self._note(self.query_one("#summary", Static), text, False)

    # -- events ----------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and self.initial is not None:
            self.touched.add(event.input.id[2:])
        self._schedule_refresh()

    def on_checkbox_changed(self) -> None:
        self._schedule_refresh()

    def on_select_changed(self) -> None:
        self._schedule_refresh()

    def on_descendant_focus(self) -> None:
        # After the coming refresh: a block just mounted has no size before it.
        self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        """Scroll the focused field into view with its label; a block's first field, its heading."""
        widget = self.focused
        if widget is None or not widget.is_mounted:
            return
        target: Widget = widget
        for ancestor in widget.ancestors:
            if isinstance(ancestor, KpiBlock | MilestoneBlock):
                if ancestor.query(Input).first() is widget:
                    target = ancestor
                break
            if isinstance(ancestor, Widget) and ancestor.has_class("cell"):
                target = ancestor
        self.scroll_to_widget(target, animate=False, immediate=True)
        if target is not widget:
            self.scroll_to_widget(widget, animate=False, immediate=True)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        ident = event.button.id or ""
        event.stop()
        if ident.startswith("remove-"):
            self._remove(ident.removeprefix("remove-"))
        elif ident.startswith("addstep-"):
            await self._add_step(ident.removeprefix("addstep-"))
        elif ident.startswith("pick-"):
            self.action_pick_parent()
        elif ident in ("add-kpi", "add-milestone"):
            await self.action_add()
        elif ident == "spread":
            await self.action_spread()
        elif ident == "solve":
            await self.action_solve()
        elif ident.startswith("save-"):
            await self.action_save(ident.removeprefix("save-"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        per_step = {
            "pick_parent": (0, 4),
            "add": (2, 6),
            "add_step": (6,),
            "spread": (6,),
            "solve": (5,),
            "back": tuple(range(1, 8)),
            "next": tuple(range(0, 7)),
        }
        if action in per_step:
            return self.step in per_step[action]
        if action == "save" and parameters == ("draft",):
            return draft_allowed(self.source)
        return super().check_action(action, parameters)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast, unless the same one is still showing (a key pressed again)."""
        now = time.monotonic()
        self._toasts = {k: until for k, until in self._toasts.items() if until > now}
        if (title, message) in self._toasts:
            return
        shown_for = self.app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self._toasts[title, message] = now + shown_for
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- moving ------------------------------------------------------------------------------
    def go(self, step: int) -> None:
        """Show step ``step`` (0-7) and focus its first field."""
        step = max(0, min(_LAST, step))
        if step == 1 and not self._text("title").strip():
            self.query_one("#f-title", Input).value = self._text("intention").strip()
        self.step = step
        self.query_one(ContentSwitcher).current = f"step-{step}"
        if step == _LAST:
            self.shown = set(range(_LAST))
        self._refresh()
        self.refresh_bindings()
        if step == 6 and self._plan is not None:
            self.run_worker(self._show_plan(), group="wizard-plan")
        self._focus_step()

    async def _go(self, step: int) -> None:
        """Like :meth:`go`, once the step's blocks are there (for the actions)."""
        if step == 6:
            await self._build_plan()
        self.go(step)

    def _focus_step(self) -> None:
        """Focus the step's first field (or button), now: the keys after go there."""
        container = self.query_one(f"#step-{self.step}")
        target: Widget | None
        if self.step == _LAST:
            target = self.query_one("#save-active", Button)
        else:
            target = next((w for w in container.query(Input) if w.focusable), None)
            if target is None:
                target = next((w for w in container.query(Button) if w.focusable), None)
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

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = (
            "Throw away your changes to this goal? The stored goal stays as it was."
            if self.source is not None
            else "Throw away this new goal? What you typed will be lost."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Throw away", no="Keep editing"), answered)

    # -- adding and removing -----------------------------------------------------------------
    async def action_add(self) -> None:
        """A KPI (step 3) or a milestone (step 7), its first field focused once it is there."""
        if self.step == 2:
            self.query_one("#milestones-only", TickBox).value = False
            key = self._key("k")
            async with self._mounting:
                await self.query_one("#kpi-list").mount(KpiBlock(RawKpi(key)))
                self.kpi_keys.append(key)
            self._added(f"#f-{key}-name")
        elif self.step == 6:
            await self._build_plan()
            key = self._key("m")
            async with self._mounting:
                block = MilestoneBlock(RawMilestone(key), len(self.milestone_keys) + 1)
                await self.query_one("#milestone-list").mount(block)
                self.milestone_keys.append(key)
            self._added(f"#f-{key}-title")

    def _added(self, focus: str) -> None:
        """A block is mounted and its key known: focus its first field, check it all again."""
        self.set_focus(self.query_one(focus, Input))
        self._refresh()

    async def action_add_step(self) -> None:
        await self._build_plan()
        if not self.milestone_keys:
            self.notify("Add a milestone first (ctrl+o).", markup=False)
            return
        key = self.milestone_keys[-1]
        focused = self.focused
        while focused is not None:
            if isinstance(focused, MilestoneBlock):
                key = focused.key
                break
            focused = focused.parent if isinstance(focused.parent, Widget) else None
        await self._add_step(key)

    async def _add_step(self, milestone_key: str) -> None:
        await self._build_plan()
        key = self._key("s")
        async with self._mounting:
            if milestone_key not in self.milestone_keys:
                return  # removed meanwhile
            block = self.query_one(f"#block-{milestone_key}", MilestoneBlock)
            await self.query_one(f"#steps-{milestone_key}").mount(StepRow(RawStep(key)))
            block.step_keys.append(key)
        self._added(f"#f-{key}-title")

    def _remove(self, key: str) -> None:
        if key in self.kpi_keys:
            self.kpi_keys.remove(key)
        elif key in self.milestone_keys:
            self.milestone_keys.remove(key)
            for number, other in enumerate(self.milestone_keys, start=1):
                self.query_one(f"#block-{other}", MilestoneBlock).renumber(number)
        self.query_one(f"#block-{key}").remove()
        self.call_after_refresh(self._refresh)
        self.call_after_refresh(self._focus_step)

    async def action_spread(self) -> None:
        """Propose milestone dates spread evenly, the last one before the deadline.

        Only empty dates are filled without asking; dates the person typed are
        replaced only if they say so.
        """
        await self._build_plan()
        await self.caught_up()
        draft = self.checked().draft
        if not self.milestone_keys:
            self.notify("Add a milestone first (ctrl+o).", markup=False)
            return
        if draft.deadline is None or draft.start is None or draft.deadline <= draft.start:
            self.notify("Set a start and a later deadline first (step 6).", markup=False)
            return
        proposed = spread_before(draft.start, draft.deadline, len(self.milestone_keys))
        # Entered last first: the first milestone gets the latest date.
        wanted = dict(zip(self.milestone_keys, reversed(proposed), strict=True))
        typed = {key: self._text(f"{key}-date").strip() for key in wanted}
        empty = [key for key, text in typed.items() if not text]
        replaced = [key for key, text in typed.items() if text and text != wanted[key].isoformat()]

        def put(keys: list[str]) -> None:
            for key in keys:
                self.query_one(f"#f-{key}-date", Input).value = wanted[key].isoformat()

        if not replaced:
            put(empty)
            self.notify(
                "Dates spread evenly from the start to just before the deadline.", markup=False
            )
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                put(empty + replaced)
                self.notify(
                    "Dates spread evenly from the start to just before the deadline.", markup=False
                )
                return
            put(empty)
            filled = f"filled {len(empty)} empty one{'s' if len(empty) != 1 else ''}"
            self.notify(f"Kept the dates you typed; {filled}.", markup=False)

        many = len(replaced) > 1
        question = (
            f"Replace the {len(replaced)} date{'s' if many else ''} you typed with an even "
            "spread up to the deadline? Empty dates are filled either way."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Replace", no="Keep mine", danger=False), answered
        )

    async def action_solve(self) -> None:
        await self.caught_up()
        answer = solve_third(self.raw(), self.goal_app.clock.today())
        if isinstance(answer, str):
            self.notify(answer, severity="warning", markup=False)
            return
        name, value = answer
        if name == "target":
            key = next(k for k in self.kpi_keys if k in {b.key for b in self.raw().kpis})
            self.query_one(f"#f-{key}-target", Input).value = value
            self.notify(f"Target set to {value}.", markup=False)
        else:
            self.query_one(f"#f-{name}", Input).value = value
            self.notify(f"The {name} is worked out: {value}.", markup=False)

    def action_pick_parent(self) -> None:
        if self.goals is None:
            self.notify("The goals are still loading: try again in a moment.", markup=False)
            return
        from goaltui.ui.screens.dialogs import TOP_LEVEL, PickGoalScreen

        titles = {goal_id: title for goal_id, title, _ in self.goals}

        def chosen(goal_id: int | None) -> None:
            if goal_id is None:
                return
            self.parent_id = None if goal_id == TOP_LEVEL else goal_id
            self.parent_title = titles.get(goal_id)
            self._refresh()

        self.app.push_screen(PickGoalScreen("Which goal does this one serve?", self.goals), chosen)

    # -- saving ------------------------------------------------------------------------------
    async def action_save(self, status: str) -> None:
        await self.caught_up()
        if self.saving:
            return
        result = self.checked()
        errors = self.blocking(result)
        if errors:
            self.shown = set(range(_LAST))
            first = min(step_of(key) for key in errors)
            await self._go(first)
            self.notify(
                f"Not saved yet: fix the marked field in step {first + 1}.",
                severity="warning",
                markup=False,
            )
            return
        if self.source is not None:
            self._save_edit(self.source, result, status)
            return
        plan = plan_rows(result, status)
        self.saving = True

        def create(svc: GoalService) -> Goal:
            return svc.create_goal(plan)

        def done(goal: Goal) -> None:
            word = "Draft saved" if status == "draft" else "Goal created"
            self.dismiss(None)
            self.goal_app.changed(f"{word}: {goal.title[:60]}")

        def failed(message: str) -> None:
            self.saving = False
            self.notify(message, title="Not saved", severity="error", markup=False)

        self.goal_app.background(create, done, failed=failed)

    def _save_edit(self, source: EditSource, result: Checked, status: str) -> None:
        """Save the changes to a stored goal; moved dates and targets ask for one reason."""
        extra = {
            "weight": parse_number(self._text("weight") or "1"),
            "status": status_after(source.goal, status),
        }
        today = self.goal_app.clock.today()
        plan = plan_edit(source, self.raw(), result, self.ids, extra, today)
        if plan.empty:
            self.notify("Nothing changed.", markup=False)
            self.dismiss(None)
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        if plan.removed:
            question = Text("Saving deletes ", style="bold")
            question.append_text(safe("; ".join(plan.removed), limit=300))
            question.append(". Go on?")

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._ask_reason(plan)

            self.app.push_screen(
                ConfirmScreen(question, yes="Delete and save", no="Keep editing"), confirmed
            )
            return
        self._ask_reason(plan)

    def _ask_reason(self, plan: EditPlan) -> None:
        if not plan.revised:
            self._write(plan, "")
            return
        from goaltui.ui.screens.dialogs import ReasonScreen

        what = Text("You changed ")
        what.append_text(safe(", ".join(plan.revised), limit=300))
        what.append(".")

        def answered(reason: str | None) -> None:
            if reason is None:
                self.notify("Not saved yet: your changes are still here.", markup=False)
                return
            self._write(plan, reason)

        self.app.push_screen(ReasonScreen(what), answered)

    def _write(self, plan: EditPlan, reason: str) -> None:
        self.saving = True

        def done(goal: Goal) -> None:
            self.dismiss(None)
            self.goal_app.changed(f"Goal saved: {goal.title[:60]}")

        def failed(message: str) -> None:
            self.saving = False
            self.notify(message, title="Not saved", severity="error", markup=False)

        self.goal_app.background(lambda svc: apply_edit(svc, plan, reason), done, failed=failed)


def far_above(required: float, achieved: float) -> bool:
    """The required weekly rate asks much more (twice, or the other way) than so far."""
    if required == 0:
        return False
    if achieved == 0 or (required > 0) != (achieved > 0):
        return True
    return abs(required) > 2 * abs(achieved)


def spread_before(start: date, deadline: date, count: int) -> list[date]:
    """``count`` milestone dates spread evenly from ``start``, the last one before ``deadline``.

    The deadline is the goal's own end: the milestones lead up to it, so they split
    the span into ``count + 1`` equal parts and none falls on the deadline itself.
    """
    return spread_evenly(start, deadline, count + 1)[:-1]
