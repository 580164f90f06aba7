"""The goal tree: one row per goal with status, progress, days left and KPI status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from goaltui.domain.models import GoalStatus
from goaltui.domain.present import STATUS_GLYPH
from goaltui.ui.safe import safe

if TYPE_CHECKING:
    from goaltui.domain.progress import GoalSummary

CLOSED = (GoalStatus.ACHIEVED, GoalStatus.MISSED, GoalStatus.ABANDONED)


#: Below this many cells a row leaves out the status word (its glyph still shows it).
ROOM_FOR_STATUS = 60
#: Width of the days-left and status columns.
DAYS_WIDTH = 9
STATUS_WIDTH = 9


def goal_label(s: GoalSummary, width: int | None = None, owner: str | None = None) -> Text:
    """A tree row: glyph, title, progress, days left and the worst KPI status.

    With ``width``, the title is cut (with "…") or padded so the row is that
    many cells wide: the columns after it line up from row to row. A goal someone
    else shared (``owner``, their role) ends with "by" and their name.
    """
    g = s.goal
    key = s.worst.value if s.worst and g.status == GoalStatus.ACTIVE else g.status.value
    shown = "   …" if s.is_outline else f"{s.progress * 100:3.0f}%"
    days = ""
    if g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED) and g.deadline is not None:
        days = short_days(s.days_left)
    word = g.status.value if g.status != GoalStatus.ACTIVE else s.worst.value if s.worst else ""
    tail = Text(f"  {shown:>4}", style="bold", end="")
    tail.append(f"  {days:<{DAYS_WIDTH}}", style="italic")
    if width is None or width >= ROOM_FOR_STATUS:
        tail.append(f"  {word:<{STATUS_WIDTH}}", style="italic")
    if g.archived:
        tail.append("  archived", style="italic")
    if owner is not None:
        tail.append("  by ", style="italic")
        tail.append_text(safe(owner, style="italic", limit=20))
    text = Text(f"{STATUS_GLYPH.get(key, ' ')} ", end="")
    style = "dim" if g.archived or g.status in CLOSED else ""
    room = None if width is None else max(12, width - tail.cell_len - text.cell_len)
    title = safe(g.title, style=style, limit=room)
    if room is not None:
        title.pad_right(room - title.cell_len)
    text.append_text(title)
    text.append_text(tail)
    text.rstrip()
    return text


def short_days(days: int | None) -> str:
    """'77d left', 'due today', '3d late'."""
    if days is None:
        return "no deadline"
    if days == 0:
        return "due today"
    return f"{days}d left" if days > 0 else f"{-days}d late"


class GoalTree(Tree[int]):
    """The goal tree; each node's data is its goal id.

    Labels are laid out when drawn, so titles use the width the tree has now.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle_node", "Expand", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.summaries: dict[int, GoalSummary] = {}
        #: The goals others shared with me (one level deeper, on their branch): id -> owner.
        self.owners: dict[int, str] = {}

    def render_label(self, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        summary = self.summaries.get(node.data) if node.data is not None else None
        if summary is None:
            return super().render_label(node, base_style, style)
        icon = ""
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        # The guides before a row take guide_depth cells a level.
        owner = self.owners.get(summary.goal.id)
        depth = summary.depth + (owner is not None)
        indent = self.guide_depth * depth + cell_len(icon)
        label = goal_label(summary, self.scrollable_content_region.width - indent, owner)
        label.stylize(style)
        return Text.assemble((icon, base_style), label) if icon else label

    def redraw(self) -> None:
        """Draw every row again (its summary changed)."""
        self._invalidate()

    def on_resize(self) -> None:
        self._invalidate()
