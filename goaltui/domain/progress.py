"""Progress from 0.0 to 1.0 of milestones, a goal, and a goal's whole subtree."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from goaltui.domain.models import Goal, GoalStatus, KpiStatus, Milestone


def milestone_progress(milestones: Sequence[Milestone]) -> float | None:
    """The share of milestones done; None when there are none."""
    return milestone_share(sum(m.done_on is not None for m in milestones), len(milestones))


def milestone_share(done: int, total: int) -> float | None:
    """``done`` of ``total`` milestones as a share; None when there are none."""
    return done / total if total else None


def goal_progress(
    status: GoalStatus, kpi_progresses: Sequence[float], milestone_share: float | None
) -> float:
    """A goal's own progress.

    An ACHIEVED goal is complete. Otherwise its KPIs are the measure (their
    mean) when it has any; milestones count only for a goal without KPIs; with
    neither it is 0.0.
    """
    if status == GoalStatus.ACHIEVED:
        return 1.0
    if kpi_progresses:
        return _unit(math.fsum(_unit(share) for share in kpi_progresses) / len(kpi_progresses))
    if milestone_share is not None:
        return _unit(milestone_share)
    return 0.0


def looped(parents: Mapping[int, int | None]) -> set[int]:
    """The ids on a loop of parent links (a goal that is its own parent or ancestor).

    ``parents``: each goal's parent id (None, or an id not among the keys, for
    none). Linear: each goal's chain is followed once.
    """
    state: dict[int, int] = {}  # 1: on the chain being followed, 2: settled
    out: set[int] = set()
    for start in parents:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node in parents and node not in state:
            state[node] = 1
            chain.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:  # back on this chain: a loop
            out.update(chain[chain.index(node) :])
        for item in chain:
            state[item] = 2
    return out


def tree_order(goals: Sequence[Goal]) -> list[tuple[Goal, int, int]]:
    """``(goal, depth, number of children)``, parents before their children.

    Depth-first, siblings in the order given. A goal whose parent is not among
    ``goals`` (archived and hidden, say) is shown at the top level; so is a goal
    on a loop of parent links (see :func:`looped`), so none is ever left out.
    """
    ids = {g.id for g in goals}
    loops = looped({g.id: g.parent_id for g in goals})
    children: dict[int | None, list[Goal]] = {}
    for g in goals:
        top = g.parent_id not in ids or g.id in loops
        children.setdefault(None if top else g.parent_id, []).append(g)
    out: list[tuple[Goal, int, int]] = []
    stack: list[tuple[Goal, int]] = [(g, 0) for g in reversed(children.get(None, []))]
    seen: set[int] = set()
    while stack:
        g, depth = stack.pop()
        if g.id in seen:
            continue
        seen.add(g.id)
        mine = children.get(g.id, [])
        out.append((g, depth, len(mine)))
        stack.extend((c, depth + 1) for c in reversed(mine))
    return out


#: KPI statuses from the most worrying to the least.
_WORST_FIRST = (
    KpiStatus.MISSED,
    KpiStatus.OFF_TRACK,
    KpiStatus.AT_RISK,
    KpiStatus.ON_TRACK,
    KpiStatus.ACHIEVED,
)


def worst_status(statuses: Iterable[KpiStatus]) -> KpiStatus | None:
    """The most worrying status: missed, off track, at risk, on track, achieved.

    NO_DATA counts only when nothing else is there; None for no statuses.
    """
    seen = list(statuses)
    if not seen:
        return None
    known = [status for status in seen if status != KpiStatus.NO_DATA]
    if not known:
        return KpiStatus.NO_DATA
    return min(known, key=_WORST_FIRST.index)


def subtree_worst(
    ordered: Sequence[tuple[Goal, KpiStatus | None]],
) -> dict[int, KpiStatus | None]:
    """Each goal's most worrying KPI status, its open sub-goals' included.

    ``ordered``: goals with their own worst status, parents before children
    (as :func:`tree_order` gives them). A sub-goal counts while it is active
    or paused: a closed or draft one no longer speaks for its parent.
    """
    ids = {g.id for g, _ in ordered}
    loops = looped({g.id: g.parent_id for g, _ in ordered})
    worst: dict[int, KpiStatus | None] = {g.id: own for g, own in ordered}
    for g, _ in reversed(ordered):  # children before their parents
        parent = g.parent_id
        if (
            parent in ids
            and g.id not in loops
            and g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
        ):
            mine = worst[g.id]
            if mine is not None:
                theirs = worst[parent]
                both = [mine] if theirs is None else [theirs, mine]
                worst[parent] = worst_status(both)
    return worst


@dataclass(frozen=True, slots=True)
class GoalSummary:
    """One goal as the tree and ``goaltui list`` show it."""

    goal: Goal
    depth: int
    #: Rolled up over the subtree, 0-1; NaN in an outline (see :meth:`outline`).
    progress: float
    own_progress: float
    worst: KpiStatus | None
    days_left: int | None
    kpis: int = 0
    milestones: int = 0
    milestones_done: int = 0
    children: int = 0

    @classmethod
    def outline(cls, goal: Goal, depth: int, children: int, today: date) -> GoalSummary:
        """What is known of a goal before its KPIs and milestones are read."""
        days = (goal.deadline - today).days if goal.deadline else None
        return cls(goal, depth, math.nan, math.nan, None, days, children=children)

    @property
    def is_outline(self) -> bool:
        """Progress and status are not known yet."""
        return math.isnan(self.progress)


@dataclass(frozen=True)
class Node:
    """One goal in a roll-up: its parent, its weight under it, and its own progress."""

    id: int
    parent_id: int | None
    weight: float
    own: float | None


def rollup(nodes: Sequence[Node]) -> dict[int, float]:
    """Each node's progress including its subtree, from 0.0 to 1.0, by id.

    A node's value is the weighted mean of its own progress (weight 1, when not
    None) and each child's rolled-up value (weighted by the child's weight;
    weights that are not positive numbers count as 0, and if every weight is 0
    a plain mean is used). A node with neither is 0.0. A parent id naming no
    node makes a root; so does a cycle, broken at its smallest id. Later nodes
    replace earlier ones with the same id. Iterative, so any depth is fine.
    """
    by_id = {node.id: node for node in nodes}
    parents = _parents(by_id)
    children: dict[int, list[int]] = {node_id: [] for node_id in by_id}
    roots: list[int] = []
    for node_id, parent in parents.items():
        if parent is None:
            roots.append(node_id)
        else:
            children[parent].append(node_id)
    order: list[int] = []  # every parent before its children
    stack = list(roots)
    while stack:
        node_id = stack.pop()
        order.append(node_id)
        stack.extend(children[node_id])
    result: dict[int, float] = {}
    for node_id in reversed(order):
        node = by_id[node_id]
        parts = [(result[child], _weight(by_id[child].weight)) for child in children[node_id]]
        if node.own is not None:
            parts.append((_unit(node.own), 1.0))
        result[node_id] = _weighted_mean(parts)
    return result


def _parents(by_id: dict[int, Node]) -> dict[int, int | None]:
    """Each node's parent id, None for roots, missing parents and broken cycles."""
    parents: dict[int, int | None] = {
        node.id: node.parent_id if node.parent_id in by_id else None for node in by_id.values()
    }
    settled: set[int] = set()
    for start in by_id:
        path: list[int] = []
        on_path: set[int] = set()
        current: int | None = start
        while current is not None and current not in settled:
            if current in on_path:
                loop = path[path.index(current) :]
                parents[min(loop)] = None
                break
            path.append(current)
            on_path.add(current)
            current = parents[current]
        settled.update(path)
    return parents


def _weight(weight: float) -> float:
    """A child's weight; anything but a positive finite number counts as 0."""
    return weight if math.isfinite(weight) and weight > 0 else 0.0


def _weighted_mean(parts: Sequence[tuple[float, float]]) -> float:
    """The weighted mean of ``(value, weight)``; a plain mean if all weights are 0."""
    if not parts:
        return 0.0
    largest = max(weight for _, weight in parts)
    if largest == 0:
        return _unit(math.fsum(value for value, _ in parts) / len(parts))
    scaled = [(value, weight / largest) for value, weight in parts]  # no overflow
    total = math.fsum(weight for _, weight in scaled)
    return _unit(math.fsum(value * weight for value, weight in scaled) / total)


def _unit(value: float) -> float:
    """``value`` held within 0.0-1.0 (NaN counts as 0.0)."""
    if math.isnan(value):
        return 0.0
    return min(max(value, 0.0), 1.0)
