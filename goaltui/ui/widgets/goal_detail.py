"""The detail pane of the Goals screen: the SMART statement and where it stands."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from goaltui.domain.agreement import (
    KPI_ADDED_OR_REMOVED,
    agreement_line,
    describe_revision,
    is_acknowledgment,
    revised_what,
)
from goaltui.domain.confidence import describe_current
from goaltui.domain.obstacles import if_then
from goaltui.domain.present import (
    STATUS_GLYPH,
    describe_reading,
    format_target,
    format_value,
    progress_bar,
    sparkline,
)
from goaltui.ui.safe import safe, safe_block

if TYPE_CHECKING:
    from goaltui.services import GoalDetail, GoalSummary


class Hanging:
    """Text whose wrapped lines hang under the start of the first line's value.

    Each line of the text is a paragraph; its continuation lines start under
    the end of its label (``What: ``), its leading spaces, or its leading glyph
    (``○ ``), so a long value reads as one block.
    """

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        """The text without styles (as ``Text.plain``)."""
        return self.text.plain

    @staticmethod
    def hang(line: str) -> int:
        """How far the continuation lines of ``line`` are indented."""
        spaces = len(line) - len(line.lstrip(" "))
        if spaces:
            rest = line[spaces:]
            # A glyph and a space after the indent ("  • ", "    · "): under the text.
            if len(rest) > 2 and rest[1] == " " and not rest[0].isalnum():
                return spaces + 2
            return spaces
        label = line.find(": ")
        if 0 < label <= MAX_LABEL and line[:label].replace(" ", "").isalpha():
            return label + 2
        if len(line) > 2 and line[1] == " " and not line[0].isalnum():
            return 2
        return 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for number, line in enumerate(self.text.split("\n", allow_blank=True)):
            if number:
                yield Text("\n", end="")
            hang = self.hang(line.plain)
            if hang * 2 > width:
                hang = 0
            head, body = line[:hang], line[hang:]
            for index, part in enumerate(body.wrap(console, width - hang) or [Text()]):
                prefix = head if index == 0 else Text(" " * hang)
                if index:
                    yield Text("\n", end="")
                yield Text.assemble(prefix, part, end="")


#: Longest label a hanging indent follows ("Confidence: ", "Obstacles: ").
MAX_LABEL = 12


def _heading(text: Text, title: str) -> None:
    text.append("\n")
    text.append(title, style="bold underline")
    text.append("\n")


def _field(text: Text, label: str, value: str) -> None:
    if not value:
        return
    text.append(f"{label}: ", style="bold")
    text.append_text(safe_block(value))
    text.append("\n")


def days_left(deadline: date | None, today: date) -> str:
    """'77 days left', 'due today', '3 days late'."""
    if deadline is None:
        return "no deadline"
    days = (deadline - today).days
    if days == 0:
        return "due today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    return f"{-days} day{'s' if days != -1 else ''} late"


def render_detail(detail: GoalDetail, summary: GoalSummary | None, today: date) -> Text:
    """The whole pane as one literal ``Text``."""
    g = detail.goal
    text = Text(end="")
    text.append_text(safe_block(g.title, style="bold"))
    text.append("\n")
    status = g.status.value + (" · archived" if g.archived else "")
    text.append(f"{STATUS_GLYPH.get(g.status.value, '')} {status}", style="italic")
    if summary is not None:
        text.append(f"   {progress_bar(summary.progress, 12)} {summary.progress * 100:.0f}%")
    deadline = g.deadline.isoformat() if g.deadline else "none"
    text.append(f"   deadline {deadline} ({days_left(g.deadline, today)})\n")
    paused = max((r.paused_days for r in detail.readings), default=0)
    ends = {r.pace_end for r in detail.readings if r.pace_end is not None}
    if paused and len(ends) == 1:
        word = "day" if paused == 1 else "days"
        text.append(
            f"Paused {paused} {word} so far: the pace lines run to {ends.pop()}; "
            "the deadline itself has not moved.\n",
            style="italic",
        )

    _heading(text, "SMART")
    _field(text, "What", g.description or g.title)
    if detail.readings:
        measure = ", ".join(r.kpi.name for r in detail.readings)
        _field(text, "Measure", measure)
    elif detail.milestones:
        _field(text, "Measure", f"{len(detail.milestones)} milestones (progress counts them)")
    elif detail.children:
        n = len(detail.children)
        _field(text, "Measure", f"the progress of its {n} sub-goal{'s' if n != 1 else ''}")
    else:
        text.append("Measure: ", style="bold")
        text.append("nothing measurable yet: add a KPI or milestones\n", style="italic")
    _field(text, "Confidence", describe_current(detail.confidence_trail, today))
    _field(text, "Resources", g.resources)
    _field(text, "Why", g.why)
    if detail.parent is not None:
        _field(text, "Serves", detail.parent.title)
    _field(text, "Time", f"{g.start.isoformat()} → {deadline}")
    agreed = agreement_line(detail.agreement, g.partner, today)
    if agreed:
        text.append_text(safe_block(agreed))
        text.append("\n")

    if detail.obstacles:
        _heading(text, "If this happens, then")
        for o in detail.obstacles:
            text.append("• ")
            text.append_text(safe(if_then(o.obstacle, o.plan)))
            text.append("\n")

    if detail.readings:
        _heading(text, "KPIs")
        for r in detail.readings:
            glyph = STATUS_GLYPH.get(r.status.value, "?")
            text.append(f"{glyph} ")
            text.append_text(safe(r.kpi.name, style="bold", limit=40))
            unit = f" {r.kpi.unit}" if r.kpi.unit else ""
            text.append(f"  {format_value(r.current)} / {format_target(r.kpi)}")
            text.append_text(safe(unit, limit=12))
            spark = sparkline([p.value for p in r.series], 16)
            if spark:
                text.append(f"  {spark}")
            text.append(f"\n    {describe_reading(r)}\n", style="italic")

    pending = [m for m in detail.milestones if m.done_on is None]
    done = [m for m in detail.milestones if m.done_on is not None]
    if detail.milestones:
        _heading(text, f"Milestones ({len(done)}/{len(detail.milestones)} done)")
        for m in pending[:4]:
            late = " overdue" if m.target_date < today else ""
            text.append(f"○ {m.target_date.isoformat()}{late}  ")
            text.append_text(safe(m.title, limit=60))
            text.append("\n")
            steps = [s for s in detail.steps.get(m.id, []) if s.done_on is None]
            for s in steps[:3]:
                due = s.due.isoformat() if s.due else "no date"
                text.append(f"    · {due}  ")
                text.append_text(safe(s.title, limit=56))
                text.append("\n")
        if not pending:
            text.append("✔ every milestone is done\n")

    if detail.revisions:
        _heading(text, "Revisions")
        for rev in detail.revisions[:5]:
            if is_acknowledgment(rev) or rev.field == KPI_ADDED_OR_REMOVED:
                text.append(f"{rev.at.date().isoformat()}  ")
                text.append_text(safe(describe_revision(rev), limit=200))
                text.append("\n")
                continue
            text.append(f"{rev.at.date().isoformat()}  {revised_what(rev)} ")
            text.append_text(safe(rev.old, limit=20))
            text.append(" → ")
            text.append_text(safe(rev.new, limit=20))
            text.append("\n    because ")
            text.append_text(safe(rev.reason, style="italic", limit=200))
            if rev.undone:
                text.append("  (undone)", style="dim")
            text.append("\n")

    if detail.last_checkin is not None:
        c = detail.last_checkin
        _heading(text, "Last check-in")
        # A confidence it gave is the one shown under SMART, with this day: not repeated.
        text.append(f"{c.day.isoformat()}\n")
        _field(text, "Wins", c.wins)
        _field(text, "Obstacles", c.obstacles)
    return text
