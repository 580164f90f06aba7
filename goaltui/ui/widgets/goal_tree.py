"""The goal tree: one row per goal with status, progress, days left and KPI status."""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
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
#: The branch that holds the goals others shared with me (PostgreSQL only).
SHARED_BRANCH = "Shared with me"


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
        #: The sub-goals of each goal as last built (None: the top), in tree order.
        self._under: dict[int | None, list[GoalSummary]] = {}
        self._opened: Callable[[GoalSummary], bool] = lambda _: True
        self._row_width = 0

    def build(
        self,
        visible: Sequence[GoalSummary],
        shared: Container[int],
        opened: Callable[[GoalSummary], bool],
    ) -> dict[int, TreeNode[int]]:
        """Rows for the goals ``visible`` (in tree order), open where ``opened`` says.

        A goal's sub-goals get their rows when it is first opened, so a tree of
        many goals costs what its open rows cost. The rows made, by goal id.
        """
        self.clear()
        ids = {s.goal.id for s in visible}
        self._under = {}
        for s in visible:
            # depth 0: at the top (a missing parent, or a loop of parents)
            parent = s.goal.parent_id if s.depth and s.goal.parent_id in ids else None
            self._under.setdefault(parent, []).append(s)
        self._opened = opened
        nodes: dict[int, TreeNode[int]] = {}
        top = self._under.get(None, [])
        mine = [s for s in top if s.goal.id not in shared]
        self._add(self.root, mine, nodes)
        if len(mine) < len(top):  # on a branch of their own: the goals others shared with me
            branch = self.root.add(Text(SHARED_BRANCH, style="bold"), expand=True)
            self._add(branch, [s for s in top if s.goal.id in shared], nodes)
        return nodes

    def _add(
        self, anchor: TreeNode[int], goals: list[GoalSummary], nodes: dict[int, TreeNode[int]]
    ) -> None:
        todo = [(anchor, goals)]
        while todo:
            anchor, goals = todo.pop()
            for s in goals:
                gid = s.goal.id
                # Drawn from the summary (render_label); the title is for reading.
                label = safe(s.goal.title)
                if s.children:
                    is_open = self._opened(s)
                    node = anchor.add(label, data=gid, expand=is_open)
                    if is_open:
                        todo.append((node, self._under.get(gid, [])))
                else:
                    node = anchor.add_leaf(label, data=gid)
                nodes[gid] = node

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[int]) -> None:
        node = event.node
        if node.data is not None and not node.children:
            self._add(node, self._under.get(node.data, []), {})

    def _build(self) -> None:
        # get_label_width is asked for every open row: the tree's width is read once.
        self._row_width = self.scrollable_content_region.width
        super()._build()

    def get_label_width(self, node: TreeNode[int]) -> int:
        """A goal's row is cut or padded to the tree's width (:meth:`render_label`), so
        that width bounds it: no need to draw every row to know the widest. Where a
        row may be wider than the tree (a narrow tree, a deep row), it is drawn."""
        summary = self.summaries.get(node.data) if node.data is not None else None
        if summary is not None:
            owner = summary.goal.id in self.owners
            room = self._row_width - self.guide_depth * (summary.depth + owner)
            # The glyph, the shortest title, the columns, "archived", "by" and a name.
            if room >= 44 + 10 * summary.goal.archived + 25 * owner:
                return room
        return super().get_label_width(node)

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
