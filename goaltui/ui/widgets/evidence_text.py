"""The review evidence as lines of literal text, made in a worker thread.

Thousands of goals make tens of thousands of lines: they are kept as short
lists of (text, style) pieces, each line's width measured once, and a goal's
lines are made again from its evidence when they are drawn.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.text import Text

from goaltui.domain.agreement import (
    KPI_ADDED_OR_REMOVED,
    describe_revision,
    is_acknowledgment,
    revised_what,
)
from goaltui.domain.confidence import describe_period
from goaltui.domain.obstacles import days_count, if_then
from goaltui.domain.present import STATUS_GLYPH, describe_days, format_target, format_value
from goaltui.domain.text import one_line, printable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from goaltui.domain.models import Review
    from goaltui.services.evidence import GoalEvidence

#: A run of text and its style ("" for none).
Piece = tuple[str, str]
#: One line of the evidence (no newline in it).
Line = tuple[Piece, ...]

#: Goals whose lines are kept at once, made again from their evidence when needed.
KEEP_GOALS = 64
#: Lines wider than this (in cells) keep their text at hand, for wrapping.
WIDE = 60


class _Builder:
    """Collects styled text into lines, the way ``Text.append`` would."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._line: list[Piece] = []

    def add(self, text: str, style: str = "") -> None:
        text = strip_control_codes(text)
        first = True
        for part in text.split("\n"):
            if not first:
                self.lines.append(tuple(self._line))
                self._line = []
            first = False
            if part:
                self._line.append((part, style))

    def done(self) -> list[Line]:
        """The lines, the unfinished one included."""
        return [*self.lines, tuple(self._line)]


def _plain(line: Line) -> str:
    return "".join(text for text, _ in line)


class EvidenceLines:
    """The evidence text as lines, each with its width in cells.

    Only the widths are kept for every line; a goal's lines are made again
    from its evidence when they are drawn (a few goals fill a screen).
    """

    def __init__(self, items: list[GoalEvidence], tail: list[Line]) -> None:
        #: The goals' evidence, then the lines after the last goal.
        self.items = items
        self.tail = tail
        self.firsts = array("l")  # the first line of each goal
        self.widths = array("l")
        #: The text of the lines wider than ``WIDE`` cells: they may need wrapping.
        self.wide: dict[int, str] = {}
        tabbed: list[int] = []
        for ev in items:
            self.firsts.append(len(self.widths))
            self._measure(_goal_lines(ev), tabbed)
        self.goal_lines = len(self.widths)
        self._measure(tail, tabbed)
        #: Lines holding a tab: their wrapping is worked out the long way.
        self.tabbed = frozenset(tabbed)
        self._blocks: dict[int, list[Line]] = {}

    def _measure(self, lines: list[Line], tabbed: list[int]) -> None:
        for line in lines:
            plain = _plain(line)
            if "\t" in plain:
                tabbed.append(len(self.widths))
            cells = cell_len(plain)
            if cells > WIDE:
                self.wide[len(self.widths)] = plain
            self.widths.append(cells)

    def plain_line(self, index: int) -> str:
        """One line without styles."""
        known = self.wide.get(index)
        return _plain(self.line(index)) if known is None else known

    def __len__(self) -> int:
        return len(self.widths)

    def line(self, index: int) -> Line:
        """One line (no newline in it)."""
        if index >= self.goal_lines:
            return self.tail[index - self.goal_lines]
        goal = bisect_right(self.firsts, index) - 1
        block = self._blocks.get(goal)
        if block is None:
            if len(self._blocks) >= KEEP_GOALS:
                self._blocks.clear()
            block = self._blocks[goal] = _goal_lines(self.items[goal])
        return block[index - self.firsts[goal]]

    @property
    def plain(self) -> str:
        """The whole text, without styles."""
        return "\n".join(_plain(self.line(i)) for i in range(len(self)))

    def text(self) -> Text:
        """The whole text as one rich ``Text`` (slow for big evidence: for tests)."""
        out = Text(end="")
        for i in range(len(self)):
            if i:
                out.append("\n")
            for text, style in self.line(i):
                out.append(text, style)
        return out


def message_lines(message: str, style: str = "") -> EvidenceLines:
    """A message in place of the evidence."""
    out = _Builder()
    out.add(message, style)
    return EvidenceLines([], out.done())


def evidence_lines(
    items: list[GoalEvidence], general: Sequence[Review] = (), *, one_goal: bool = False
) -> EvidenceLines:
    """The evidence of every goal for the period, as lines of literal text.

    ``general`` are the reviews of all goals together: they follow the goals,
    under a heading that says so. Plain Python (no widget): it can be made in
    a worker thread.
    """
    out = _Builder()
    if not items:
        out.add("No open goals to review in this period.\n\n", "italic")
    if general:
        heading = (
            "Earlier reviews of all goals together (not only this one):\n"
            if one_goal
            else "Earlier reviews of all goals together:\n"
        )
        out.add(heading, "bold")
        for rv in general:
            _review(out, rv)
    tail = out.done()
    if not items and not general:
        return message_lines("No open goals to review in this period.", "italic")
    return EvidenceLines(items, tail)  # the text ends with a newline


def _goal_lines(ev: GoalEvidence) -> list[Line]:
    """One goal's evidence, each line ended by a newline, the last one blank."""
    out = _Builder()
    add = out.add
    g = ev.goal
    add(f"{STATUS_GLYPH.get(g.status.value, ' ')} ", "bold")
    add(one_line(g.title, 70), "bold underline")
    add(f"  ({g.status.value})\n", "italic")
    if ev.kpis:
        for k in ev.kpis:
            unit = f" {k.kpi.unit}" if k.kpi.unit else ""
            add("  ")
            add(one_line(k.kpi.name, 30), "bold")
            add(f": {format_value(k.start_value)} → {format_value(k.end_value)}")
            add(one_line(unit, 12))
            add(f" (target {format_target(k.kpi)}")
            if k.pace_at_end is not None:
                add(f", pace {format_value(round(k.pace_at_end, 2))}")
            if k.original_pace_at_end is not None:
                add(f", first planned {format_value(round(k.original_pace_at_end, 2))}")
            add(")\n")
            a, b = k.status_at_start.value, k.status_at_end.value
            days = describe_days(k.days_at_end) if b not in ("achieved", "no data") else ""
            add(
                f"    status {STATUS_GLYPH.get(a, ' ')} {a} → {STATUS_GLYPH.get(b, ' ')} {b}"
                + (f", {days}" if days else "")
                + "\n",
                "italic",
            )
    else:
        add("  No KPIs.\n", "dim")
    for m in ev.milestones_hit:
        add("  ✔ milestone hit: ")
        add(one_line(m.title, 60))
        add(f" on {m.done_on}\n" if m.done_on else "\n")
    for m in ev.milestones_missed:
        add("  ✖ milestone missed: ")
        add(one_line(m.title, 60))
        add(f" (due {m.target_date})\n")
    if ev.confidence:
        add(f"  {describe_period(ev.confidence)}\n")
    for day, note in ev.wins[-5:]:
        add(f"  win {day:%d %b}: ", "bold")
        add(one_line(note, 80))
        add("\n")
    met = ev.obstacles_met
    for planned in met.planned:
        add(f"  met as planned ({days_count(len(planned.days))}): ")
        add(one_line(if_then(planned.obstacle.obstacle, planned.obstacle.plan), 100))
        add("\n")
    for day, note in met.unplanned[-5:]:
        add(f"  obstacle {day:%d %b}, no plan: ")
        add(one_line(note, 80))
        add("\n")
    for rev in ev.revisions:
        if is_acknowledgment(rev) or rev.field == KPI_ADDED_OR_REMOVED:
            add(f"  {rev.at:%d %b}: ")
            add(one_line(describe_revision(rev), 120))
            add("\n")
            continue
        add(f"  revised {revised_what(rev)}: ")
        add(one_line(f"{rev.old} → {rev.new}", 40))
        add(", because ")
        add(one_line(rev.reason, 80), "italic")
        if rev.undone:
            add("  (undone)", "dim")
        add("\n")
    if ev.reviews:
        add("  Earlier reviews:\n", "bold")
        for rv in ev.reviews:
            _review(out, rv)
    add("\n")
    return out.lines


def _review(out: _Builder, rv: Review) -> None:
    """One earlier review, readable."""
    out.add(f"    {rv.kind.value} {rv.period_start} to {rv.period_end}")
    if rv.rating:
        out.add(f", rated {rv.rating}/5")
    if rv.outcome:
        out.add(f", outcome {rv.outcome.value}", "bold")
    out.add("\n")
    for label, text in (
        ("worked", rv.worked),
        ("obstacles", rv.obstacles),
        ("lessons", rv.lessons),
        ("next", rv.next_steps),
    ):
        if text:
            head = f"      {label}: "
            out.add(head, "dim")
            # Each further line of the text starts under its first, not at the margin.
            out.add(printable(text).replace("\n", "\n" + " " * len(head)))
            out.add("\n")
