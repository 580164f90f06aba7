"""Screen 4: the daily check-in — values, steps, confidence and notes in one keyboard pass."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.checkin.data import KPI_CAP, RECENT_DAYS, CheckinData, choose
from goaltui.ui.screens.checkin.match import chosen_matches, set_matches
from goaltui.ui.screens.checkin.rows import (
    MakeRow,
    StepBox,
    form_rows,
    head_text,
    restore_rows,
    say,
)
from goaltui.ui.screens.checkin.save import (
    celebrate,
    describe_unsaved,
    offer_milestones,
    read_form,
)
from goaltui.ui.screens.field_keys import FieldKeys

if TYPE_CHECKING:
    from goaltui.domain.models import Obstacle
    from goaltui.services import CheckinResult, GoalService

#: Form rows mounted before the first paint; the others follow right after.
FIRST_ROWS = 12


class CheckinScreen(FieldKeys, BaseScreen):
    """Check-in: what is due today, recorded in one pass and saved with ctrl+s."""

    MODE = "checkin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save check-in", id="checkin.save"),
        Binding("ctrl+r", "reload", "Refresh", id="checkin.reload"),
        Binding(
            "ctrl+z",
            "put_back",
            "Undo: unsaved edits, then the last change",
            show=False,
            id="checkin.put_back",
        ),
        Binding("escape", "leave_fields", "Leave fields", show=False, id="checkin.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: CheckinData | None = None
        self.saving = False
        #: Rows after the first screenful are still being added.
        self.filling = False
        self.last_result: str = ""
        #: A save waits for the database server to be back.
        self.waiting = False
        #: The rows after the first screenful, made with the screen from read-ahead data.
        self._rest: list[MakeRow] = []
        #: What each field held when the form was filled (field id -> text).
        self.prefilled: dict[str, str] = {}
        #: What is typed but not saved, said when the screen is shown again ("" for nothing).
        self.unsaved = ""
        #: Steps ticked and saved, until the form is filled again.
        self.saved_steps: set[int] = set()
        #: The form is rebuilt by one task at a time. Loads and the rows added after
        #: the first frame arrive as separate tasks: two rebuilds interleaved would
        #: leave rows twice over, some of them dead.
        self._building = asyncio.Lock()
        #: The newest data a load brought (a rebuild still waiting for it is skipped).
        self._newest: CheckinData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Loading what is due today…"), id="checkin-head")
        first: list[Widget] = []
        if isinstance(self.first_data, CheckinData):
            # Read ahead: the first screenful is drawn with the screen (show_first adds the rest).
            rows = form_rows(self.first_data)
            first = [make() for make in rows[:FIRST_ROWS]]
            self._rest = rows[FIRST_ROWS:]
        yield VerticalScroll(*first, id="checkin-form", can_focus=False)

    # -- loading -------------------------------------------------------------------------
    @staticmethod
    def fetch_first(svc: GoalService) -> CheckinData:
        """What is due today, and the goals that get a confidence row."""
        from goaltui.services import DueItem

        due = svc.due()
        kpi_ids = {d.ref_id for d in due if d.kind == "kpi"}
        kpis = {k.id: k for k in svc.kpis() if k.id in kpi_ids}
        active = svc.active_goals()
        since = svc.clock.today() - timedelta(days=RECENT_DAYS)
        recent = svc.checked_in_since(since)
        shown, goals = choose(due, active, recent)
        goal_ids = [g.id for g in goals]
        confidence = svc.last_confidences(goal_ids)
        today = svc.clock.today()
        checked = svc.checkins_on(today, goal_ids)
        # KPIs with a value recorded today get their row back, holding that value.
        titles = {g.id: g.title for g in goals}
        measured = [k for k in svc.kpis(goal_ids) if k.id not in kpi_ids] if goal_ids else []
        values = svc.values_on(today, [k.id for k in measured] + list(kpi_ids))
        planned: dict[int, list[Obstacle]] = {}
        for o in svc.obstacles(goal_ids) if goal_ids else []:
            planned.setdefault(o.goal_id, []).append(o)
        room = max(0, KPI_CAP - len(shown["kpi"]))
        again = [
            DueItem("kpi", k.name, k.goal_id, titles[k.goal_id], today, k.id)
            for k in measured
            if k.id in values
        ][:room]
        shown["kpi"] = shown["kpi"] + again
        kpis.update((k.id, k) for k in measured if k.id in values)
        return CheckinData(
            due, kpis, goals, confidence, len(active), shown, checked, values, planned,
            svc.one_thing(),
        )  # fmt: skip

    def show_first(self, data: CheckinData) -> None:
        # The first rows were made with the screen (compose_body).
        self.data = data
        self.prefilled = data.prefill()
        self._render_head()
        self._focus_first()
        rest, self._rest = self._rest, []
        self._later(data, rest, {}, set())

    def reload(self) -> None:
        self.goal_app.background(self.fetch_first, self._show, group="checkin-load", exclusive=True)

    async def _show(self, data: CheckinData) -> None:
        if self.saving:
            return
        self._newest = data
        async with self._building:
            if data is self._newest:  # else a newer load came meanwhile: only it is shown
                await self._rebuild(data)

    async def _rebuild(self, data: CheckinData) -> None:
        self.data = data
        self._render_head()
        form = self.query_one("#checkin-form", VerticalScroll)
        had_focus = self.focused is not None and form in self.focused.ancestors_with_self
        focused_id = self.focused.id if had_focus and self.focused is not None else None
        # Keep what was typed and not saved when the list reloads (e.g. another
        # window wrote); the rest shows what is stored now.
        typed = self.edits()
        ticked = {
            w.id for w in form.query(StepBox) if w.value and w.step_id not in self.saved_steps
        }
        self.prefilled = data.prefill()
        self.saved_steps = set()
        typed = {k: v for k, v in typed.items() if v != self.prefilled.get(k, "")}
        await form.remove_children()
        rows = form_rows(data)
        # The first screenful is made and mounted at once; the rest right after
        # it is drawn (a full form is a few hundred widgets: making and mounting
        # them all took 0.3 s).
        first = [make() for make in rows[:FIRST_ROWS]]
        rest = rows[FIRST_ROWS:]
        await form.mount_all(first)
        restore_rows(first, typed, ticked)
        if had_focus or self.focused is None:
            self._focus_again(focused_id)
        self._later(data, rest, typed, ticked)

    def _focus_again(self, field_id: str | None) -> None:
        """Focus the field that had it before the form was rebuilt (else the first),
        its cursor after what is typed: keys pressed meanwhile go on where they were."""
        fields = self.query("#checkin-form Input, #checkin-form StepBox")
        again = [w for w in fields if field_id and w.id == field_id]
        if not again:
            self._focus_first()
            return
        field = again[0]
        field.focus()
        if isinstance(field, Input):
            field.cursor_position = len(field.value)

    def _focus_first(self) -> None:
        fields = self.query("#checkin-form Input, #checkin-form StepBox")
        if fields:
            fields.first().focus()

    def _later(
        self,
        data: CheckinData,
        rest: list[MakeRow],
        typed: dict[str, str],
        ticked: set[str | None],
    ) -> None:
        """Mount ``rest`` once the first screenful is on the terminal."""
        self.filling = bool(rest)
        if rest:
            self.after_first_frame(partial(self._mount_rest, data, rest, typed, ticked))

    async def _mount_rest(
        self,
        data: CheckinData,
        rest: list[MakeRow],
        typed: dict[str, str],
        ticked: set[str | None],
    ) -> None:
        async with self._building:
            if self.data is not data:  # reloaded meanwhile: that load mounts its own rows
                return
            rows = [make() for make in rest]
            await self.query_one("#checkin-form", VerticalScroll).mount_all(rows)
            restore_rows(rows, typed, ticked)
            self.filling = False

    def _render_head(self) -> None:
        text = head_text(
            self.goal_app.clock.today(), self.data, self.unsaved, self.last_result, self.waiting
        )
        self.query_one("#checkin-head", Static).update(text)

    # -- what is typed and not saved -----------------------------------------------------
    def edits(self) -> dict[str, str]:
        """The fields whose text differs from what the form was filled with (id -> text)."""
        typed = {w.id: w.value for w in self.query("#checkin-form Input").results(Input) if w.id}
        typed.update(chosen_matches(self))
        return {k: v for k, v in typed.items() if v.strip() != self.prefilled.get(k, "").strip()}

    def describe_unsaved(self) -> str:
        """'2 values, a confidence, 1 step ticked' ("" when nothing is unsaved)."""
        ticked = sum(
            1 for box in self.query(StepBox) if box.value and box.step_id not in self.saved_steps
        )
        return describe_unsaved(self.edits(), ticked)

    def on_screen_resume(self) -> None:
        # Back from another screen: what was typed here is still in the fields,
        # not saved. Say so, so that a later ctrl+s saves nothing unseen.
        if self.data is not None:
            self.unsaved = self.describe_unsaved()
            self._render_head()

    def action_put_back(self) -> None:
        """Put back into every field what is saved, and untick the steps.

        With nothing unsaved, undo the last saved change (as ctrl+z does elsewhere).
        """
        if not self.describe_unsaved():
            self.goal_app.action_undo()
            return
        for field in self.query("#checkin-form Input").results(Input):
            if field.id:
                field.value = self.prefilled.get(field.id, "")
                say(field, "")
        for box in self.query(StepBox):
            box.value = False
        set_matches(self, self.prefilled)
        self.unsaved = ""
        self._render_head()

    # -- keys ----------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.reload()

    async def action_save(self) -> None:
        await self.caught_up()  # the keys typed before ctrl+s count
        if self.data is None or self.saving:
            return
        if self.filling:  # the last rows are being added: save once they are there
            self.call_after_refresh(self.action_save)
            return
        form = read_form(self, self.data, self.edits())
        if form.first_bad is not None:
            form.first_bad.focus()
            self.notify(
                "Nothing saved: fix the field marked ✖ first.",
                severity="warning",
                markup=False,
            )
            return
        for warning in form.warnings:
            self.notify(warning, title="Check this value", severity="warning", markup=False)
        steps = [box.step_id for box in self.query(StepBox) if box.value]
        self.saving = True

        def save(svc: GoalService) -> CheckinResult:
            return svc.save_checkin(form.values, steps, form.entries, corrections=form.corrections)

        typed = {w.id: w.value for w in self.query("#checkin-form Input").results(Input) if w.id}
        typed.update(chosen_matches(self))

        def saved(result: CheckinResult) -> None:
            # What the fields hold is now what is stored.
            self.prefilled = {k: v for k, v in typed.items() if v.strip()}
            self.saved_steps.update(steps)
            self._saved(result)

        self.goal_app.background(
            save,
            saved,
            group="checkin-save",
            failed=self._failed,
            waiting_for_server=self._waiting_for_server,
        )

    def _failed(self, message: str) -> None:
        self.saving = self.waiting = False
        self.notify(message, title="Not saved", severity="error", markup=False, timeout=6)

    def _waiting_for_server(self, message: str) -> None:
        """The server is out of reach: what was typed stays, and is saved once it is back."""
        self.waiting = True
        self._render_head()
        self.notify(
            f"{message}. Your check-in stays here and is saved once the server is back.",
            title="Not saved",
            severity="warning",
            markup=False,
            timeout=8,
        )

    def after_undo(self) -> None:
        self.last_result = ""  # "Saved: …" may speak of a check-in that is undone now

    def _saved(self, result: CheckinResult) -> None:
        self.saving = self.waiting = False
        self.unsaved = ""
        self.last_result = result.describe()
        celebrate(self, result)
        self.goal_app.changed(f"Check-in saved: {self.last_result}.")
        offer_milestones(self, list(result.milestones_ready), list(result.checkpoints_reached))
