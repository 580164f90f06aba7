"""The review evidence as literal text, drawn a line at a time.

Thousands of goals make tens of thousands of lines: they are kept as short
lists of (text, style) pieces, measured once, and only the lines on screen are
turned into styled strips (``render_line``). What is drawn is exactly what a
``Static`` showing the whole text would draw, wrapping included.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

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

from goaltui.ui.widgets.evidence_text import WIDE, EvidenceLines, message_lines
from goaltui.ui.widgets.goal_detail import Hanging

#: Lines turned into strips that are kept at once (a screenful is a few dozen).
KEEP_LINES = 256
#: Lines drawn between two refreshes before the drawn strips are let go.
DRAWN_LIMIT = 4000


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
