"""The goal tree's figures as last worked out, kept for the next start's first frame.

Working out every goal's progress and KPI status reads the whole history and
needs the full storage (SQLModel); opening the dashboard again the same day,
with nothing written since, would give the same figures. So the dashboard keeps
them (:func:`encode`), with the day they are of, and the next start draws its
first frame from them (:func:`decode`) while it works them out again. The
storage throws them away with any change to the data (``storage.glance``), and
:func:`decode` refuses them on another day or for another set of goals: a
figure is never shown that the full reading would not show.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from goaltui import __version__
from goaltui.domain.models import Goal, KpiStatus
from goaltui.domain.progress import GoalSummary, tree_order

#: The layout of what is kept; another layout is not read (nor what another
#: version of goaltui kept: it may work the figures out otherwise).
FORMAT = 1


def encode(summaries: Sequence[GoalSummary], day: date) -> str:
    """The tree's figures of ``day`` (the goals not archived, as the tree opens)."""
    rows = [
        [
            s.goal.id,
            s.progress,
            s.own_progress,
            s.worst.value if s.worst is not None else None,
            s.kpis,
            s.milestones,
            s.milestones_done,
        ]
        for s in summaries
    ]
    kept = {"format": FORMAT, "version": __version__, "day": day.isoformat(), "goals": rows}
    return json.dumps(kept)


def decode(text: str | None, goals: Sequence[Goal], today: date) -> list[GoalSummary] | None:
    """The summaries of the goals not archived, from figures :func:`encode` kept.

    None unless they are of ``today`` and of exactly these goals; ``goals``
    come from the database as it is now, so places in the tree, titles and
    days left are never old.
    """
    if not text:
        return None
    try:
        kept = json.loads(text)
        if (kept.get("format"), kept.get("version")) != (FORMAT, __version__):
            return None  # another goaltui may work the figures out otherwise
        if kept.get("day") != today.isoformat():
            return None
        figures = {row[0]: row for row in kept["goals"]}
        shown = [g for g in goals if not g.archived]
        if len(figures) != len(shown) or any(g.id not in figures for g in shown):
            return None
        out = []
        for g, depth, children in tree_order(shown):
            _, progress, own, worst, kpis, milestones, done = figures[g.id]
            # A fraction: not NaN, not text (comparing text raises TypeError).
            if not (0.0 <= progress <= 1.0 and 0.0 <= own <= 1.0):
                return None
            out.append(
                GoalSummary(
                    goal=g,
                    depth=depth,
                    progress=float(progress),
                    own_progress=float(own),
                    worst=KpiStatus(worst) if worst is not None else None,
                    days_left=(g.deadline - today).days if g.deadline else None,
                    kpis=int(kpis),
                    milestones=int(milestones),
                    milestones_done=int(done),
                    children=children,
                )
            )
        return out
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def first_summaries(goals: Sequence[Goal], text: str | None, today: date) -> list[GoalSummary]:
    """What the tree shows first (the goals not archived): the kept figures when
    :func:`decode` takes them, else the outline, whose figures are not known yet."""
    kept = decode(text, goals, today)
    if kept is not None:
        return kept
    shown = [g for g in goals if not g.archived]
    return [GoalSummary.outline(g, depth, n, today) for g, depth, n in tree_order(shown)]
