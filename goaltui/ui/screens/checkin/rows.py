"""The check-in form's rows: a field for each due KPI, a box for each due step, and a
confidence, wins and obstacles row for each goal in play."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.text import one_line
from goaltui.domain.urgency import describe_urgency
from goaltui.ui.safe import safe
from goaltui.ui.screens.checkin.data import RECENT_DAYS, CheckinData
from goaltui.ui.screens.checkin.match import match_row, set_matches

if TYPE_CHECKING:
    from goaltui.domain.models import Goal, Kpi, Measurement
    from goaltui.services import DueItem

#: How to make one row of the form (rows are made when they are mounted).
MakeRow = Callable[[], Widget]


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


def form_rows(data: CheckinData) -> list[MakeRow]:
    """How to make each row of the form, top to bottom."""
    rows: list[MakeRow] = []

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
        more(f"… and {count(data.hidden('kpi'), 'more value')} due: record them on "
             "screen 3 (KPIs), where each KPI takes a value with Enter.")  # fmt: skip
    static(Text("Steps due (space ticks one)", style="bold"), "section")
    if not step_items:
        static(Text("No steps are due."), "none")
    for item in step_items:
        rows.append(partial(_step_row, item))
    if data.hidden("step"):
        more(f"… and {count(data.hidden('step'), 'more step')} due, less overdue than "
             "these: see them all on screen 2 (Timeline).")  # fmt: skip
    for item in ms_items:
        line = Text("◆ milestone overdue: ", style="bold")
        line.append_text(safe(item.title, limit=60))
        line.append(f" ({item.overdue_days}d late); tick its steps or revise it on screen 2")
        static(line, "none")
    if data.hidden("milestone"):
        more(f"… and {count(data.hidden('milestone'), 'more milestone')} overdue: "
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
        planned = data.obstacles.get(g.id)
        if planned:
            rows.append(partial(match_row, g, planned, prefill.get(f"match-{g.id}", "")))
    if data.active_count > len(data.goals):
        more(f"Showing {len(data.goals)} of {count(data.active_count, 'active goal')}: "
             f"those with something due or a check-in in the last {RECENT_DAYS} days. "
             "The others keep their last confidence.")  # fmt: skip
    return rows


def restore_rows(rows: list[Widget], typed: dict[str, str], ticked: set[str | None]) -> None:
    """Put back into new rows what was typed and ticked before a reload."""
    for row in rows:
        for field in row.query(Input):
            if field.id in typed:
                field.value = typed[field.id]
        if isinstance(row, StepBox):
            row.value = row.id in ticked
        chosen = {k: v for k, v in typed.items() if k.startswith("match-")}
        if chosen:
            set_matches(row, chosen, only_given=True)


def head_text(
    today: date, data: CheckinData | None, unsaved: str, last_result: str, waiting: bool = False
) -> Text:
    """The lines above the form: the day, what is due, how to use it, what is unsaved.

    ``waiting``: a save waits for the database server to be back.
    """
    text = Text(f"Check-in for {today:%A %-d %B %Y}", style="bold")
    if data is not None:
        kpis = sum(1 for d in data.due if d.kind == "kpi")
        steps = sum(1 for d in data.due if d.kind == "step")
        text.append(
            f"   {kpis} value{'s' if kpis != 1 else ''} and "
            f"{steps} step{'s' if steps != 1 else ''} due",
        )
    if data is not None and data.one_thing is not None:
        text.append_text(one_thing_line(data.one_thing, today))
    text.append(
        "\nType a value and press Enter to move on; ctrl+s saves it all at once. "
        "Esc leaves the fields (then 1-5 switch screens). A skipped day costs nothing.",
        style="dim",
    )
    if waiting:
        text.append("\nNot saved yet: ", style="bold")
        text.append("the database server is out of reach; saving as soon as it is back.")
    elif unsaved:
        text.append("\nUnsaved: ", style="bold")
        text.append(unsaved)
        text.append(" — ctrl+s saves, ctrl+z puts back what is saved.")
    elif last_result:
        text.append("\n✔ Saved: ", style="bold")
        text.append(last_result)
    return text


def one_thing_line(item: DueItem, today: date) -> Text:
    """'▶ The one thing for today: Book a physio (1d overdue · high) — Run a half marathon'."""
    text = Text("\n▶ The one thing for today: ", style="bold")
    text.append_text(safe(item.title, style="bold", limit=50))
    when = describe_urgency(item.due, today)
    weight = "" if item.importance == "normal" else f" · {item.importance.value}"
    text.append(f" ({when}{weight}) — ")
    text.append_text(safe(item.goal_title, style="italic", limit=40))
    return text


def say(field: Input, message: str) -> None:
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


def one(text: str) -> str:
    """User text quoted on one short line, for a notification (markup off)."""
    return f"“{one_line(text, 60)}”"


def count(n: int, noun: str) -> str:
    """'1 step', '1,200 steps'."""
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
    if item.importance != "normal":
        label.append(f" · {item.importance.value}", style="bold")
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
