"""Screen 1: the goal tree with rolled-up progress, and the selected goal's detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from goaltui.domain.models import Goal
from goaltui.domain.progress import GoalSummary, looped
from goaltui.ui.screens.goals.actions import GoalActions
from goaltui.ui.widgets.goal_detail import Hanging, render_detail
from goaltui.ui.widgets.goal_tree import CLOSED, GoalTree

if TYPE_CHECKING:
    from goaltui.services import GoalDetail, GoalService

#: With more goals than this on the tree, only the top level starts expanded
#: (fewer lines to lay out); the ones you open or close stay so on reload.
COLLAPSE_OVER = 300
#: With more than this many, the top level starts closed too.
OPEN_TOP_UP_TO = 5_000
SHARED_NOTE = (
    "Goals others shared with you, to read: you see their KPIs, plan, check-ins and "
    "reviews as they keep them, and only their owner can change them."
)


class GoalsScreen(GoalActions):
    """Goals: the tree, the detail, and every change a goal can take."""

    MODE = "goals"
    AUTO_FOCUS = "#goal-tree"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_child", "Sub-goal", id="goals.add_child"),
        Binding("k", "add_kpi", "Add KPI", show=False, id="goals.add_kpi"),
        Binding("o", "obstacles", "Obstacles", show=False, id="goals.obstacles"),
        Binding("e", "edit", "Edit", id="goals.edit"),
        Binding("x", "archive", "Archive", id="goals.archive"),
        Binding("p", "pause", "Pause", id="goals.pause"),
        Binding("d,delete", "delete", "Delete", id="goals.delete"),
        Binding("m", "move", "Move", id="goals.move"),
        Binding("w", "share_win", "Share win", id="goals.share_win"),
        Binding("g", "acknowledge", "Agreed…", show=False, id="goals.acknowledge"),
        Binding("s", "share", "Share with…", show=False, id="goals.share"),
        Binding("slash", "filter", "Filter", key_display="/", id="goals.filter"),
        Binding("h", "toggle_closed", "Closed", id="goals.closed"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="goals.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[GoalSummary] = []
        self.show_closed = False
        self.filter_text = ""
        self.selected_id: int | None = None
        self.shared: dict[int, str] = {}
        self._loaded = False
        self._expanded_ids: set[int] = set()
        self._collapsed_ids: set[int] = set()
        #: (goal, parent, has sub-goals, shared with me) of each tree row as last built.
        self._shape: list[tuple[int, int | None, bool, bool]] = []
        #: Goals on a loop of parents already pointed out (see _tell_loops).
        self._loops_told: set[int] = set()

    @property
    def goals(self) -> list[Goal]:
        """The goals on screen."""
        return [s.goal for s in self.summaries]

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="filter goals by text (Enter to keep, Esc to clear)", id="filter")
        with Horizontal(id="goals-main"):
            tree: GoalTree = GoalTree("Goals", id="goal-tree")
            tree.show_root = False
            tree.guide_depth = 3
            yield tree
            with VerticalScroll(id="goal-detail"):
                yield Static(Text("Loading your goals…"), id="detail-text")

    def on_mount(self) -> None:
        # BaseScreen._load_first (run after this, on the same Mount) loads the data.
        self.query_one(GoalTree).loading = True
        if self.goal_app.outline:
            self.show_outline(self.goal_app.outline)

    # -- loading -------------------------------------------------------------------------
    def show_outline(self, first: list[GoalSummary]) -> None:
        """The goals as read before the storage opened: with the figures the last start
        kept when nothing changed since, else as an outline while they are worked out."""
        if self._loaded or self.show_closed:
            return
        self.summaries = first
        self.query_one(GoalTree).loading = False
        self._rebuild()
        # The tree and its rows stay (progress only redraws them).
        self.after_first_frame(self.goal_app.keep_for_good)

    def reload(self) -> None:
        show_closed = self.show_closed

        def fetch(svc: GoalService) -> tuple[list[GoalSummary], dict[int, str]]:
            shared = svc.sharing_service.shared_with_me()
            first = self.summaries
            if not (self._loaded or show_closed or shared) and first and not first[0].is_outline:
                return first, shared  # the figures kept by the last start, of now
            since, day = self.goal_app.glance_since(), self.goal_app.clock.today()
            summaries = svc.summaries(include_archived=show_closed)
            if not show_closed:  # as the next start opens the tree: kept for its first frame
                self.goal_app.keep_glance(since, day, summaries, shared)
            return summaries, shared

        self.goal_app.background(
            fetch, lambda got: self._show(*got), group="goals-load", exclusive=True
        )

    def _show(self, summaries: list[GoalSummary], shared: dict[int, str] | None = None) -> None:
        self.summaries = summaries
        self.shared = shared or {}
        self.goal_app.outline = None  # drawn over: no need to keep it
        tree = self.query_one(GoalTree)
        tree.loading = False
        self._loaded = True
        self._rebuild()
        self._tell_loops()

    def _tell_loops(self) -> None:
        """Point out goals that are their own parent or ancestor (an older file's, or
        one edited by hand): the tree shows them at the top level until moved."""
        loops = looped({s.goal.id: s.goal.parent_id for s in self.summaries})
        new = loops - self._loops_told
        self._loops_told |= loops
        if new:
            what = (
                "A goal is its own parent or ancestor (a loop of parent goals), so it is"
                " shown at the top level. Select it and press m to move it."
                if len(new) == 1
                else f"{len(new)} goals are their own parent or ancestor (a loop of parent"
                " goals), so they are shown at the top level. Select one and press m to move it."
            )
            self.notify(
                what,
                title="Goal tree repaired for display",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _visible(self) -> list[GoalSummary]:
        shown = [
            s
            for s in self.summaries
            if self.show_closed or (not s.goal.archived and s.goal.status not in CLOSED)
        ]
        needle = self.filter_text.casefold()
        if not needle:
            return shown
        by_id = {s.goal.id: s for s in shown}
        keep: set[int] = set()
        for s in shown:
            if needle in s.goal.title.casefold() or needle in s.goal.description.casefold():
                node: int | None = s.goal.id
                while node is not None and node in by_id and node not in keep:
                    keep.add(node)
                    node = by_id[node].goal.parent_id
        return [s for s in shown if s.goal.id in keep]

    def _rebuild(self) -> None:
        tree = self.query_one(GoalTree)
        previous = self.selected_id
        shared = self.shared
        # Mine first; then, on a branch of their own, the goals others shared with me.
        visible = sorted(self._visible(), key=lambda s: s.goal.id in shared)
        shape = [
            (s.goal.id, s.goal.parent_id, bool(s.children), s.goal.id in shared) for s in visible
        ]
        tree.summaries = {s.goal.id: s for s in self.summaries}
        tree.owners = shared
        if shape and shape == self._shape:
            # The same goals in the same places (progress came after the
            # outline, or a value changed): only the rows are drawn again.
            tree.redraw()
            self._restore_cursor(None)
            return
        self._shape = shape
        many = len(visible) > COLLAPSE_OVER and not self.filter_text
        keep_open = self._ancestors(previous) if many else set()
        top_open = len(visible) <= OPEN_TOP_UP_TO

        def opened(s: GoalSummary) -> bool:
            gid = s.goal.id
            return not many or (
                gid in self._expanded_ids
                or gid in keep_open
                or (top_open and s.depth == 0 and gid not in self._collapsed_ids)
            )

        nodes = tree.build(visible, shared, opened)
        if not nodes:
            message = (
                "No goals match the filter."
                if self.filter_text
                else (
                    "No goals to show. Press n to create one"
                    + (", or h to show closed and archived goals." if not self.show_closed else ".")
                )
            )
            self.query_one("#detail-text", Static).update(Text(message))
            self.selected_id = None
            return
        target = nodes.get(previous) if previous is not None else None
        self.call_after_refresh(self._restore_cursor, target)

    def _ancestors(self, goal_id: int | None) -> set[int]:
        """The goals above ``goal_id`` (kept open so it stays visible)."""
        parents = {s.goal.id: s.goal.parent_id for s in self.summaries}
        out: set[int] = set()
        node = parents.get(goal_id) if goal_id is not None else None
        while node is not None and node not in out:
            out.add(node)
            node = parents.get(node)
        return out

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[int]) -> None:
        if event.node.data is not None:
            self._expanded_ids.add(event.node.data)
            self._collapsed_ids.discard(event.node.data)

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[int]) -> None:
        if event.node.data is not None:
            self._collapsed_ids.add(event.node.data)
            self._expanded_ids.discard(event.node.data)

    def _restore_cursor(self, target: TreeNode[int] | None) -> None:
        tree = self.query_one(GoalTree)
        if target is not None:
            tree.move_cursor(target)
        elif tree.cursor_line < 0 or tree.cursor_node is None:
            tree.cursor_line = 0
        node = tree.cursor_node
        if node is not None and node.data is not None:
            self._load_detail(node.data)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        if event.node.data is not None:
            self._load_detail(event.node.data)
        else:  # the branch of goals shared with me
            self.selected_id = None
            self.query_one("#detail-text", Static).update(Text(SHARED_NOTE))

    def _load_detail(self, goal_id: int) -> None:
        self.selected_id = goal_id

        def fetch(svc: GoalService) -> tuple[GoalDetail, list[str]] | None:
            if goal_id != self.selected_id:  # the cursor moved on while this waited
                return None
            return svc.detail(goal_id), svc.sharing_service.grantees(goal_id)

        self.goal_app.background(
            fetch,
            lambda got: None if got is None else self._show_detail(*got),
            group="goal-detail",
            exclusive=True,
            failed=self._gone,
        )

    def _show_detail(self, detail: GoalDetail, grantees: list[str] | None = None) -> None:
        if detail.goal.id != self.selected_id:
            return
        summary = next((s for s in self.summaries if s.goal.id == detail.goal.id), None)
        if summary is not None and summary.is_outline:
            summary = None
        text = render_detail(detail, summary, self.goal_app.clock.today())
        text = self.with_sharing(text, detail.goal.id, grantees or [])
        self.query_one("#detail-text", Static).update(Hanging(text))

    def _gone(self, message: str) -> None:
        self.query_one("#detail-text", Static).update(Text(message))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value.strip()
            if self._loaded:
                self._rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if not event.value.strip():
                event.input.display = False
            self.query_one(GoalTree).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display or self.filter_text:
            box.value = ""
            box.display = False
            self.filter_text = ""
            self._rebuild()
            self.query_one(GoalTree).focus()

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.notify(
            "Showing closed and archived goals."
            if self.show_closed
            else "Hiding closed and archived goals.",
            markup=False,
        )
        self.reload()
