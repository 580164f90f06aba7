"""The review evidence as literal text, drawn a line at a time.

Thousands of goals make tens of thousands of lines: they are kept as short
lists of (text, style) pieces, measured once, and only the lines on screen are
turned into styled strips (``render_line``). What is drawn is exactly what a
``Static`` showing the whole text would draw, wrapping included.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import Static

from goaltui.domain.confidence import describe_period
from goaltui.domain.present import STATUS_GLYPH, describe_days, format_value
from goaltui.domain.text import one_line, printable
from goaltui.ui.widgets.goal_detail import Hanging

if TYPE_CHECKING:
    from collections.abc import Sequence

    from goaltui.domain.models import Review
    from goaltui.services.evidence import GoalEvidence

#: A run of text and its style ("" for none).
Piece = tuple[str, str]
#: One line of the evidence (no newline in it).
Line = tuple[Piece, ...]

#: Lines turned into strips that are kept at once (a screenful is a few dozen).
KEEP_LINES = 256
#: Goals whose lines are kept at once, made again from their evidence when needed.
KEEP_GOALS = 64
#: Lines wider than this (in cells) keep their text at hand, for wrapping.
WIDE = 60
#: Lines drawn between two refreshes before the drawn strips are let go.
DRAWN_LIMIT = 4000


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
            add(f" (target {format_value(k.target)}")
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
    for label, notes in (("win", ev.wins), ("obstacle", ev.obstacles)):
        for day, note in notes[-5:]:
            add(f"  {label} {day:%d %b}: ", "bold" if label == "win" else "")
            add(one_line(note, 80))
            add("\n")
    for rev in ev.revisions:
        add(f"  revised {rev.entity} {rev.field}: ")
        add(one_line(f"{rev.old} → {rev.new}", 40))
        add(", because ")
        add(one_line(rev.reason, 80), "italic")
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


class EvidenceView(Static):
    """The evidence text; only the lines on screen are ever styled and wrapped."""

    def __init__(self, message: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._evidence = message_lines(message)
        # Per width: the first row of every line, and the rows of them all.
        self._rows: dict[int, tuple[array[int], int]] = {}
        self._strips: dict[int, list[Strip]] = {}
        self._drawn = 0

    @property
    def evidence(self) -> EvidenceLines:
        """What is shown."""
        return self._evidence

    def show(self, evidence: EvidenceLines) -> None:
        """Show other lines."""
        self._evidence = evidence
        self._rows = {}
        self.refresh(layout=True)

    def show_message(self, message: str) -> None:
        """Show a message in place of the evidence."""
        self.show(message_lines(message))

    # -- what tests and text selection read ------------------------------------------------
    def render(self) -> Text:
        return self._evidence.text()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self._evidence.plain), "\n"

    # -- measuring -------------------------------------------------------------------------
    def get_content_width(self, container: Size, viewport: Size) -> int:
        width = max(self._evidence.widths, default=0) + self.styles.line_pad * 2
        if self.expand:
            width = max(container.width, width)
        if self.shrink:
            width = min(width, container.width)
        return width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout(width)[1] if width else 0

    def _layout(self, width: int) -> tuple[array[int], int]:
        """``(first row of each line, rows)`` at ``width``: most lines fit, a few wrap."""
        known = self._rows.get(width)
        if known is not None:
            return known
        room = width - self.styles.line_pad * 2
        evidence = self._evidence
        tabbed = evidence.tabbed
        widths = evidence.widths
        # At WIDE cells or more only the wide and the tabbed lines may wrap: the
        # runs of lines between them take a row each.
        maybe = sorted({*evidence.wide, *tabbed}) if room >= WIDE else range(len(widths))
        starts = array("l")
        row = 0
        done = 0  # lines with a start so far
        for i in maybe:
            starts.extend(range(row, row + i - done))
            row += i - done
            starts.append(row)
            if widths[i] <= room and i not in tabbed:
                row += 1
            else:
                text = Content(evidence.plain_line(i))
                rows = text.get_height(self.styles, width)  # type: ignore[arg-type]
                hang = _hang(text.plain, width) if rows > 1 else 0
                if hang:
                    rows = text[hang:].get_height(self.styles, width - hang)  # type: ignore[arg-type]
                row += rows
            done = i + 1
        starts.extend(range(row, row + len(widths) - done))
        row += len(widths) - done
        if len(self._rows) >= 4:  # a scrollbar coming and going: two widths at most
            self._rows.clear()
        self._rows[width] = (starts, row)
        return starts, row

    # -- drawing ---------------------------------------------------------------------------
    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> EvidenceView:
        if repaint:
            self._strips.clear()
            self._drawn = 0
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def _line_content(self, index: int) -> Content:
        text = Text(end="")
        for part, style in self._evidence.line(index):
            text.append(part, style)
        return Content.from_rich_text(text, console=self.app.console)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        starts, rows = self._layout(width)
        if y >= rows or not starts:
            return Strip.blank(width, self.visual_style.rich_style)
        index = bisect_right(starts, y) - 1
        strips = self._strips.get(index)
        if strips is None:
            if len(self._strips) >= KEEP_LINES:
                self._strips.clear()
            strips = self._strips[index] = self._draw(index, width)
        self._drawn += 1
        if self._drawn == DRAWN_LIMIT:
            # Let go of the strips drawn while scrolling through (they are kept
            # per row until the next refresh); the screenful is drawn again.
            self.call_later(self.refresh)
        row = y - starts[index]
        return strips[row] if row < len(strips) else Strip.blank(width)

    def _draw(self, index: int, width: int) -> list[Strip]:
        """One line, styled as a ``Static`` would draw it; wrapped, its rows after
        the first hang under the start of its text."""
        selection = self.text_selection
        selection_style: Style | None = None
        if selection is not None:
            selection_style = Style.from_styles(
                self.screen.get_component_styles("screen--selection")
            )
            shift = Offset(0, index)
            selection = Selection(
                None if selection.start is None else selection.start - shift,
                None if selection.end is None else selection.end - shift,
            )
        options = RenderOptions(self._get_style, self.styles, selection, selection_style)  # type: ignore[arg-type]
        content = self._line_content(index)
        strips = content.render_strips(width, None, self.visual_style, options)
        hang = _hang(content.plain, width) if len(strips) > 1 else 0
        if hang:
            # Wrapped rows hang under the start of the line's text, not at the margin.
            [head] = content[:hang].render_strips(hang, None, self.visual_style, options)
            body = content[hang:].render_strips(width - hang, None, self.visual_style, options)
            blank = Strip.blank(hang, self.visual_style.rich_style)
            strips = [Strip.join([head if n == 0 else blank, row]) for n, row in enumerate(body)]
        return [_on_line(strip, index) for strip in strips] if index else strips


def _hang(text: str, width: int) -> int:
    """How far the wrapped rows of ``text`` are indented (as the goal detail's)."""
    hang = Hanging.hang(text)
    return hang if hang * 2 <= width else 0


def _on_line(strip: Strip, y: int) -> Strip:
    """``strip`` with the text offsets in its styles moved to line ``y`` (for selecting)."""
    segments: list[Segment] = []
    for segment in strip:
        style = segment.style
        if style is not None:
            offset = style.meta.get("offset")
            if offset is not None:
                style = style + RichStyle.from_meta({"offset": (offset[0], y)})
                segment = Segment(segment.text, style, segment.control)
        segments.append(segment)
    return Strip(segments, strip.cell_length)
