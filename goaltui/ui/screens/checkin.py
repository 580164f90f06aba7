"""Screen 4: the daily check-in — values, steps, confidence and notes in one keyboard pass."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.models import CheckIn, Goal, Kpi, Measurement
from goaltui.domain.parse import parse_int_in_range, parse_number, value_warning
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.field_keys import FieldKeys

if TYPE_CHECKING:
    from goaltui.services import CheckinResult, DueItem, GoalService


# A long history can leave hundreds of steps overdue and thousands of goals
# active: the form shows the most pressing few and says where the rest are.
KPI_CAP = 30
STEP_CAP = 20
MILESTONE_CAP = 5
GOAL_CAP = 10
RECENT_DAYS = 14
#: Form rows mounted before the first paint; the others follow right after.
FIRST_ROWS = 12


@dataclass(frozen=True, slots=True)
class CheckinData:
    """What the check-in screen shows (``goals``: the confidence rows shown).

    ``today`` holds the goals' check-ins of the day and ``values`` the value
    recorded today of each KPI with a row: the form opens with them, and
    saving again updates them.
    """

    due: list[DueItem]
    kpis: dict[int, Kpi]
    goals: list[Goal]
    confidence: dict[int, int]
    active_count: int = 0
    shown: dict[str, list[DueItem]] = dc_field(default_factory=dict)
    today: dict[int, CheckIn] = dc_field(default_factory=dict)
    values: dict[int, Measurement] = dc_field(default_factory=dict)

    def prefill(self) -> dict[str, str]:
        """What each field holds when the form opens (field id -> text; absent: empty)."""
        out: dict[str, str] = {}
        for item in self.items("kpi"):
            recorded = self.values.get(item.ref_id)
            if recorded is not None:
                out[f"kpi-{item.ref_id}"] = format_number(recorded.value)
        for g in self.goals:
            entry = self.today.get(g.id)
            if entry is not None and entry.confidence is not None:
                out[f"conf-{g.id}"] = str(entry.confidence)
            elif self.confidence.get(g.id, g.confidence) is not None:
                # The last one given, to keep or change: stored only if changed.
                out[f"conf-{g.id}"] = str(self.confidence.get(g.id, g.confidence))
            if entry is not None:
                out[f"wins-{g.id}"] = entry.wins
                out[f"obst-{g.id}"] = entry.obstacles
        return {k: v for k, v in out.items() if v}

    def items(self, kind: str) -> list[DueItem]:
        """The due items of one kind that get a row on the form."""
        if kind in self.shown:
            return self.shown[kind]
        return [d for d in self.due if d.kind == kind]

    def hidden(self, kind: str) -> int:
        """How many due items of one kind have no row (rows of values recorded
        today are no longer due, and do not count)."""
        with_row = {d.ref_id for d in self.items(kind)}
        return sum(1 for d in self.due if d.kind == kind and d.ref_id not in with_row)


def choose(
    due: list[DueItem], active: list[Goal], recent: set[int]
) -> tuple[dict[str, list[DueItem]], list[Goal]]:
    """The rows worth a field: the most overdue items and the goals in play.

    ``due`` is most overdue first within a kind. With few active goals every
    one gets a confidence row; with many, those with something due or a check-in
    in the last :data:`RECENT_DAYS` days (items with a field first), capped.
    """
    caps = {"kpi": KPI_CAP, "step": STEP_CAP, "milestone": MILESTONE_CAP}
    shown = {kind: [d for d in due if d.kind == kind][:cap] for kind, cap in caps.items()}
    if len(active) <= GOAL_CAP:
        return shown, active
    with_field = {d.goal_id for kind in ("kpi", "step") for d in shown[kind]}
    pending = {d.goal_id for d in due if d.kind in caps}
    ranked = [
        (0 if g.id in with_field else 1 if g.id in pending else 2, n, g)
        for n, g in enumerate(active)
        if g.id in with_field or g.id in pending or g.id in recent
    ]
    ranked.sort(key=lambda r: (r[0], r[1]))
    chosen = {g.id for _, _, g in ranked[:GOAL_CAP]}
    return shown, [g for g in active if g.id in chosen]


class StepBox(Checkbox):
    """A due step: space ticks it, Enter moves on (like the value fields)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick step", show=False),
        Binding("enter", "app.focus_next", "Next", show=False),
    ]

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    BUTTON_INNER = " "

    def __init__(self, label: Text, step_id: int, classes: str | None = None) -> None:
        super().__init__(label, id=f"step-{step_id}", classes=classes, compact=True)
        self.step_id = step_id

    def watch_value(self) -> None:
        # The tick is a glyph, not only a colour.
        self.BUTTON_INNER = "✔" if self.value else " "
        super().watch_value()
        self.refresh()


class CheckinScreen(FieldKeys, BaseScreen):
    """Check-in: what is due today, recorded in one pass and saved with ctrl+s."""

    MODE = "checkin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save check-in", id="checkin.save"),
        Binding("ctrl+r", "reload", "Refresh", id="checkin.reload"),
        Binding("ctrl+z", "put_back", "Undo changes", show=False, id="checkin.put_back"),
        Binding("escape", "leave_fields", "Leave fields", show=False, id="checkin.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: CheckinData | None = None
        self.saving = False
        #: Rows after the first screenful are still being added.
        self.filling = False
        self.last_result: str = ""
        #: The rows after the first screenful, made with the screen from read-ahead data.
        self._rest: list[Callable[[], Widget]] = []
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
            rows = self._rows(self.first_data)
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
        room = max(0, KPI_CAP - len(shown["kpi"]))
        again = [
            DueItem("kpi", k.name, k.goal_id, titles[k.goal_id], today, k.id)
            for k in measured
            if k.id in values
        ][:room]
        shown["kpi"] = shown["kpi"] + again
        kpis.update((k.id, k) for k in measured if k.id in values)
        return CheckinData(due, kpis, goals, confidence, len(active), shown, checked, values)

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
        rows = self._rows(data)
        # The first screenful is made and mounted at once; the rest right after
        # it is drawn (a full form is a few hundred widgets: making and mounting
        # them all took 0.3 s).
        first = [make() for make in rows[:FIRST_ROWS]]
        rest = rows[FIRST_ROWS:]
        await form.mount_all(first)
        self._restore(first, typed, ticked)
        if had_focus or self.focused is None:
            self._focus_first()
        self._later(data, rest, typed, ticked)

    def _focus_first(self) -> None:
        fields = self.query("#checkin-form Input, #checkin-form StepBox")
        if fields:
            fields.first().focus()

    def _later(
        self,
        data: CheckinData,
        rest: list[Callable[[], Widget]],
        typed: dict[str, str],
        ticked: set[str | None],
    ) -> None:
        """Mount ``rest`` once the first screenful is on the terminal."""
        self.filling = bool(rest)
        if rest:
            self.after_first_frame(partial(self._mount_rest, data, rest, typed, ticked))

    def _rows(self, data: CheckinData) -> list[Callable[[], Widget]]:
        """How to make each row of the form, top to bottom."""
        rows: list[Callable[[], Widget]] = []

        def static(text: Text, classes: str) -> None:
            rows.append(partial(Static, text, classes=classes))

        def more(message: str) -> None:
            rows.append(partial(_more, message))

        kpi_items = data.items("kpi")
        step_items = data.items("step")
        ms_items = data.items("milestone")
        static(Text("KPI values due", style="bold"), "section")
        if not kpi_items:
            static(Text("Every KPI has a value for its current period."), "none")
        for item in kpi_items:
            recorded = data.values.get(item.ref_id)
            rows.append(partial(_kpi_row, item, data.kpis.get(item.ref_id), recorded))
        if data.hidden("kpi"):
            more(f"… and {_count(data.hidden('kpi'), 'more value')} due: record them on "
                 "screen 3 (KPIs), where each KPI takes a value with Enter.")  # fmt: skip
        static(Text("Steps due (space ticks one)", style="bold"), "section")
        if not step_items:
            static(Text("No steps are due."), "none")
        for item in step_items:
            rows.append(partial(_step_row, item))
        if data.hidden("step"):
            more(f"… and {_count(data.hidden('step'), 'more step')} due, less overdue than "
                 "these: see them all on screen 2 (Timeline).")  # fmt: skip
        for item in ms_items:
            line = Text("◆ milestone overdue: ", style="bold")
            line.append_text(safe(item.title, limit=60))
            line.append(f" ({item.overdue_days}d late); tick its steps or revise it on screen 2")
            static(line, "none")
        if data.hidden("milestone"):
            more(f"… and {_count(data.hidden('milestone'), 'more milestone')} overdue: "
                 "see them on screen 2 (Timeline).")  # fmt: skip
        static(
            Text("Confidence 1-10 per goal, wins and obstacles (all optional)", style="bold"),
            "section",
        )
        if not data.goals:
            static(Text("No active goals."), "none")
        prefill = data.prefill()
        for g in data.goals:
            rows.append(
                partial(
                    _goal_row,
                    g,
                    prefill.get(f"conf-{g.id}", ""),
                    prefill.get(f"wins-{g.id}", ""),
                    prefill.get(f"obst-{g.id}", ""),
                )
            )
        if data.active_count > len(data.goals):
            more(f"Showing {len(data.goals)} of {_count(data.active_count, 'active goal')}: "
                 f"those with something due or a check-in in the last {RECENT_DAYS} days. "
                 "The others keep their last confidence.")  # fmt: skip
        return rows

    async def _mount_rest(
        self,
        data: CheckinData,
        rest: list[Callable[[], Widget]],
        typed: dict[str, str],
        ticked: set[str | None],
    ) -> None:
        async with self._building:
            if self.data is not data:  # reloaded meanwhile: that load mounts its own rows
                return
            rows = [make() for make in rest]
            await self.query_one("#checkin-form", VerticalScroll).mount_all(rows)
            self._restore(rows, typed, ticked)
            self.filling = False

    @staticmethod
    def _restore(rows: list[Widget], typed: dict[str, str], ticked: set[str | None]) -> None:
        """Put back into new rows what was typed and ticked before a reload."""
        for row in rows:
            for field in row.query(Input):
                if field.id in typed:
                    field.value = typed[field.id]
            if isinstance(row, StepBox):
                row.value = row.id in ticked

    def _render_head(self) -> None:
        data = self.data
        text = Text(f"Check-in for {self.goal_app.clock.today():%A %-d %B %Y}", style="bold")
        if data is not None:
            kpis = sum(1 for d in data.due if d.kind == "kpi")
            steps = sum(1 for d in data.due if d.kind == "step")
            text.append(
                f"   {kpis} value{'s' if kpis != 1 else ''} and "
                f"{steps} step{'s' if steps != 1 else ''} due",
            )
        text.append(
            "\nType a value and press Enter to move on; ctrl+s saves it all at once. "
            "Esc leaves the fields (then 1-5 switch screens). A skipped day costs nothing.",
            style="dim",
        )
        if self.unsaved:
            text.append("\nUnsaved: ", style="bold")
            text.append(self.unsaved)
            text.append(" — ctrl+s saves, ctrl+z puts back what is saved.")
        elif self.last_result:
            text.append("\n✔ Saved: ", style="bold")
            text.append(self.last_result)
        self.query_one("#checkin-head", Static).update(text)

    # -- what is typed and not saved -----------------------------------------------------
    def edits(self) -> dict[str, str]:
        """The fields whose text differs from what the form was filled with (id -> text)."""
        return {
            w.id: w.value
            for w in self.query("#checkin-form Input").results(Input)
            if w.id and w.value.strip() != self.prefilled.get(w.id, "").strip()
        }

    def describe_unsaved(self) -> str:
        """'2 values, a confidence, 1 step ticked' ("" when nothing is unsaved)."""
        edits = self.edits()
        kinds = {"kpi": 0, "conf": 0, "wins": 0, "obst": 0}
        for field_id in edits:
            kind = field_id.split("-", 1)[0]
            if kind in kinds:
                kinds[kind] += 1
        ticked = sum(
            1 for box in self.query(StepBox) if box.value and box.step_id not in self.saved_steps
        )
        parts = [
            _count(n, noun)
            for n, noun in (
                (kinds["kpi"], "value"),
                (kinds["conf"], "confidence rating"),
                (kinds["wins"], "win"),
                (kinds["obst"], "obstacle"),
            )
            if n
        ]
        if ticked:
            parts.append(f"{ticked} step{'s' if ticked != 1 else ''} ticked")
        return ", ".join(parts)

    def on_screen_resume(self) -> None:
        # Back from another screen: what was typed here is still in the fields,
        # not saved. Say so, so that a later ctrl+s saves nothing unseen.
        if self.data is not None:
            self.unsaved = self.describe_unsaved()
            self._render_head()

    def action_put_back(self) -> None:
        """Put back into every field what is saved, and untick the steps."""
        for field in self.query("#checkin-form Input").results(Input):
            if field.id:
                field.value = self.prefilled.get(field.id, "")
                _say(field, "")
        for box in self.query(StepBox):
            box.value = False
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
        values: dict[int, float] = {}
        corrections: dict[int, int] = {}
        entries: list[dict[str, object]] = []
        first_bad: Input | None = None
        warnings: list[str] = []
        edits = self.edits()
        for item in self.data.items("kpi"):
            field = self.query_one(f"#kpi-{item.ref_id}", Input)
            text = field.value.strip()
            recorded = self.data.values.get(item.ref_id)
            if not text or field.id not in edits:
                # Unchanged, or emptied (a recorded value is deleted on screen 3).
                _say(field, "")
                continue
            kpi = self.data.kpis.get(item.ref_id)
            try:
                values[item.ref_id] = parse_number(text, kpi.unit if kpi else "")
            except ValueError as exc:
                _say(field, f"✖ {exc}")
                first_bad = first_bad or field
            else:
                _say(field, "")
                warning = value_warning(kpi, values[item.ref_id]) if kpi else None
                if warning:
                    warnings.append(warning)
                if recorded is not None:
                    corrections[item.ref_id] = recorded.id
        for g in self.data.goals:
            field = self.query_one(f"#conf-{g.id}", Input)
            ids = (f"conf-{g.id}", f"wins-{g.id}", f"obst-{g.id}")
            _say(field, "")
            if not any(i in edits for i in ids):
                continue  # as the form was filled: nothing to store
            entry: dict[str, object] = {"goal_id": g.id}
            text = field.value.strip()
            checked = self.data.today.get(g.id)
            if field.id in edits or (checked is not None and checked.confidence is not None):
                # A confidence carried over from an earlier day is stored only if changed.
                try:
                    entry["confidence"] = (
                        parse_int_in_range(text, 1, 10, "confidence") if text else None
                    )
                except ValueError as exc:
                    _say(field, f"✖ {exc}")
                    first_bad = first_bad or field
                    continue
            entry["wins"] = self.query_one(f"#wins-{g.id}", Input).value.strip()
            entry["obstacles"] = self.query_one(f"#obst-{g.id}", Input).value.strip()
            entries.append(entry)
        if first_bad is not None:
            first_bad.focus()
            self.notify(
                "Nothing saved: fix the field marked ✖ first.",
                severity="warning",
                markup=False,
            )
            return
        for warning in warnings:
            self.notify(warning, title="Check this value", severity="warning", markup=False)
        steps = [box.step_id for box in self.query(StepBox) if box.value]
        self.saving = True

        def save(svc: GoalService) -> CheckinResult:
            return svc.save_checkin(values, steps, entries, corrections=corrections)

        typed = {w.id: w.value for w in self.query("#checkin-form Input").results(Input) if w.id}

        def saved(result: CheckinResult) -> None:
            # What the fields hold is now what is stored.
            self.prefilled = {k: v for k, v in typed.items() if v.strip()}
            self.saved_steps.update(steps)
            self._saved(result)

        self.goal_app.background(save, saved, group="checkin-save", failed=self._failed)

    def _failed(self, message: str) -> None:
        self.saving = False
        self.notify(message, title="Not saved", severity="error", markup=False, timeout=6)

    def _saved(self, result: CheckinResult) -> None:
        self.saving = False
        self.unsaved = ""
        self.last_result = result.describe()
        for name in result.targets_reached:
            self.notify(
                f"{one(name)} has reached its target. That is the result you planned for: "
                "well done!",
                title="🎯 Target reached",
                markup=False,
                timeout=12,
            )
        self.goal_app.changed(f"Check-in saved: {self.last_result}.")
        self._offer_milestones(list(result.milestones_ready))

    def _offer_milestones(self, ready: list[tuple[int, str]]) -> None:
        """Ask, one at a time, whether each milestone whose steps are all done is reached.

        ``y`` marks it done today; ``n`` or Esc leaves it open (it may be open on purpose).
        """
        if not ready:
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        (milestone_id, title), rest = ready[0], ready[1:]
        question = Text("All steps of “", end="")
        question.append_text(safe(title, style="bold", limit=60))
        question.append("” are done. Mark the milestone reached?")
        if rest:
            question.append(f"\nThen {_count(len(rest), 'more milestone')} with every step done.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._reach_milestone(milestone_id, title)
            else:
                self.notify(
                    f"{one(title)} stays open: x on screen 2 (Timeline) marks it reached later.",
                    markup=False,
                    timeout=5,
                )
            self._offer_milestones(rest)

        dialog = ConfirmScreen(question, yes="Mark reached", no="Leave open", danger=False)
        self.app.push_screen(dialog, answered)

    def _reach_milestone(self, milestone_id: int, title: str) -> None:
        """Mark a milestone done today (the person said it is reached)."""
        today = self.goal_app.clock.today()

        def save(svc: GoalService) -> None:
            svc.edit_milestone(milestone_id, {"done_on": today})

        def saved(_result: None) -> None:
            self.notify(
                f"{one(title)} is reached. Take a moment to enjoy it.",
                title="🏁 Milestone reached",
                markup=False,
                timeout=12,
            )
            self.goal_app.changed()

        self.goal_app.background(save, saved, group="checkin-milestone")


def one(text: str) -> str:
    """User text quoted on one short line, for a notification (markup off)."""
    from goaltui.domain.text import one_line

    return f"“{one_line(text, 60)}”"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _kpi_row(item: DueItem, kpi: Kpi | None, recorded: Measurement | None = None) -> Widget:
    """A due KPI: its name, unit, goal and cadence, and a field for the value.

    A KPI with a value recorded today shows it, to keep or correct.
    """
    label = safe(item.title, style="bold", limit=28)
    if kpi is not None and kpi.unit:
        label.append_text(safe(f" ({kpi.unit})", limit=14))
    label.append("\n")
    label.append_text(safe(item.goal_title, style="italic", limit=40))
    if kpi is not None:
        label.append(f" · {kpi.cadence.value}", style="italic")
    if recorded is not None:
        label.append(" · recorded today", style="italic")
    value = "" if recorded is None else format_number(recorded.value)
    return Horizontal(
        Static(label, classes="label"),
        Input(value, placeholder="value", id=f"kpi-{item.ref_id}", classes="value", compact=True),
        classes="field row",
    )


def _step_row(item: DueItem) -> Widget:
    """A due step to tick, with how late it is and its goal."""
    label = safe(item.title, limit=60)
    late = f" · {item.overdue_days}d late" if item.overdue_days else " · due today"
    label.append(late, style="italic")
    label.append("  ")
    label.append_text(safe(item.goal_title, style="dim italic", limit=34))
    return StepBox(label, item.ref_id, classes="field")


def _goal_row(goal: Goal, confidence: str, wins: str, obstacles: str) -> Widget:
    """An active goal: its confidence (today's, or the last one given), wins and obstacles."""
    return Horizontal(
        Static(safe(goal.title, limit=60), classes="goal-label"),
        Input(
            confidence,
            placeholder="1-10",
            id=f"conf-{goal.id}",
            classes="conf",
            restrict=r"[0-9]*",
            max_length=2,
            compact=True,
        ),
        Input(wins, placeholder="wins", id=f"wins-{goal.id}", classes="note", compact=True),
        Input(
            obstacles, placeholder="obstacles", id=f"obst-{goal.id}", classes="note", compact=True
        ),
        classes="field row",
    )


def _more(message: str) -> Static:
    """A muted line saying what the form leaves out and where to find it."""
    return Static(Text(message, style="italic"), classes="none more")


def _say(field: Input, message: str) -> None:
    """Mark ``field`` and show ``message`` on a line under its row ("" clears both).

    The line is added the first time a field has something to say: most never do.
    """
    field.set_class(bool(message), "-bad")
    row = field.parent
    form = row.parent if row is not None else None
    if not isinstance(row, Widget) or not isinstance(form, Widget):
        return
    found = form.query(f"#err-{field.id}")
    if found:
        error = found.first(Static)
        error.update(Text(message))
        error.display = bool(message)
    elif message:
        form.mount(Static(Text(message), id=f"err-{field.id}", classes="error"), after=row)
