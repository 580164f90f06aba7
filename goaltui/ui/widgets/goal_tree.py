"""The goal tree: one row per goal with status, progress, days left and KPI status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from goaltui.domain.models import GoalStatus
from goaltui.present import STATUS_GLYPH
from goaltui.ui.safe import safe

if TYPE_CHECKING:
    from goaltui.domain.progress import GoalSummary

CLOSED = (GoalStatus.ACHIEVED, GoalStatus.MISSED, GoalStatus.ABANDONED)


def goal_label(s: GoalSummary, width: int | None = None) -> Text:
    """A tree row: glyph, title, progress, days left and the worst KPI status.

    With ``width``, the title is cut so the whole row fits in that many cells.
    """
    g = s.goal
    key = s.worst.value if s.worst and g.status == GoalStatus.ACTIVE else g.status.value
    shown = "   …" if s.is_outline else f"{s.progress * 100:3.0f}%"
    tail = Text(f"  {shown}", style="bold", end="")
    if g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED) and g.deadline is not None:
        tail.append(f" · {short_days(s.days_left)}", style="italic")
    if g.status != GoalStatus.ACTIVE:
        tail.append(f" · {g.status.value}", style="italic")
    elif s.worst is not None:
        tail.append(f" · {s.worst.value}", style="italic")
    if g.archived:
        tail.append(" · archived", style="italic")
    text = Text(f"{STATUS_GLYPH.get(key, ' ')} ", end="")
    style = "dim" if g.archived or g.status in CLOSED else ""
    limit = None if width is None else max(12, width - tail.cell_len - 2)
    text.append_text(safe(g.title, style=style, limit=limit))
    text.append_text(tail)
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

    def render_label(self, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        summary = self.summaries.get(node.data) if node.data is not None else None
        if summary is None:
            return super().render_label(node, base_style, style)
        indent = self.guide_depth * summary.depth + 2
        label = goal_label(summary, self.scrollable_content_region.width - indent - 1)
        label.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style), label)
        return label

    def redraw(self) -> None:
        """Draw every row again (its summary changed)."""
        self._invalidate()

    def on_resize(self) -> None:
        self._invalidate()
