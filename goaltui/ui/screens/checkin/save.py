"""Saving a check-in: reading what was typed, saying what is unsaved, and what follows
a save (a target reached, milestones whose steps are all done)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Input

from goaltui.domain.parse import parse_int_in_range, parse_number, value_warning
from goaltui.ui.safe import safe
from goaltui.ui.screens.checkin.match import chosen_matches
from goaltui.ui.screens.checkin.rows import count, one, say

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from goaltui.services import CheckinResult, GoalService
    from goaltui.ui.screens.base import BaseScreen
    from goaltui.ui.screens.checkin.data import CheckinData


@dataclass
class TypedCheckin:
    """What the form holds to be saved, read from its fields."""

    #: KPI id -> the value typed for it.
    values: dict[int, float] = field(default_factory=dict)
    #: KPI id -> the id of today's value that the typed one replaces.
    corrections: dict[int, int] = field(default_factory=dict)
    #: One check-in per goal whose row changed (goal_id, confidence, wins, obstacles).
    entries: list[dict[str, object]] = field(default_factory=list)
    #: Values that read well but look unlikely for their KPI.
    warnings: list[str] = field(default_factory=list)
    #: The first field that could not be read (then nothing is saved).
    first_bad: Input | None = None


def read_form(form: DOMNode, data: CheckinData, edits: dict[str, str]) -> TypedCheckin:
    """Read the fields of ``form`` that differ from what it was filled with (``edits``).

    A field that cannot be read is marked with its problem; one that can is cleared.
    """
    out = TypedCheckin()
    for item in data.items("kpi"):
        box = form.query_one(f"#kpi-{item.ref_id}", Input)
        text = box.value.strip()
        recorded = data.values.get(item.ref_id)
        if not text or box.id not in edits:
            # Unchanged, or emptied (a recorded value is deleted on screen 3).
            say(box, "")
            continue
        kpi = data.kpis.get(item.ref_id)
        try:
            out.values[item.ref_id] = parse_number(text, kpi.unit if kpi else "")
        except ValueError as exc:
            say(box, f"✖ {exc}")
            out.first_bad = out.first_bad or box
        else:
            say(box, "")
            warning = value_warning(kpi, out.values[item.ref_id]) if kpi else None
            if warning:
                out.warnings.append(warning)
            if recorded is not None:
                out.corrections[item.ref_id] = recorded.id
    for g in data.goals:
        box = form.query_one(f"#conf-{g.id}", Input)
        ids = (f"conf-{g.id}", f"wins-{g.id}", f"obst-{g.id}", f"match-{g.id}")
        say(box, "")
        if not any(i in edits for i in ids):
            continue  # as the form was filled: nothing to store
        entry: dict[str, object] = {"goal_id": g.id}
        text = box.value.strip()
        checked = data.today.get(g.id)
        if box.id in edits or (checked is not None and checked.confidence is not None):
            # A confidence carried over from an earlier day is stored only if changed.
            try:
                entry["confidence"] = (
                    parse_int_in_range(text, 1, 10, "confidence") if text else None
                )
            except ValueError as exc:
                say(box, f"✖ {exc}")
                out.first_bad = out.first_bad or box
                continue
        entry["wins"] = form.query_one(f"#wins-{g.id}", Input).value.strip()
        entry["obstacles"] = form.query_one(f"#obst-{g.id}", Input).value.strip()
        if g.id in data.obstacles:
            chosen = chosen_matches(form).get(f"match-{g.id}", "")
            entry["obstacle_id"] = int(chosen) if chosen else None
        out.entries.append(entry)
    return out


def describe_unsaved(edits: dict[str, str], ticked: int) -> str:
    """'2 values, a confidence, 1 step ticked' ("" when nothing is unsaved).

    ``edits`` are the fields changed (field id -> text), ``ticked`` the steps
    ticked and not saved.
    """
    kinds = {"kpi": 0, "conf": 0, "wins": 0, "obst": 0, "match": 0}
    for field_id in edits:
        kind = field_id.split("-", 1)[0]
        if kind in kinds:
            kinds[kind] += 1
    parts = [
        count(n, noun)
        for n, noun in (
            (kinds["kpi"], "value"),
            (kinds["conf"], "confidence rating"),
            (kinds["wins"], "win"),
            (kinds["obst"], "obstacle"),
            (kinds["match"], "planned obstacle"),
        )
        if n
    ]
    if ticked:
        parts.append(f"{ticked} step{'s' if ticked != 1 else ''} ticked")
    return ", ".join(parts)


def celebrate(screen: BaseScreen, result: CheckinResult) -> None:
    """Say which KPIs a saved check-in brought to their target."""
    for name in result.targets_reached:
        screen.notify(
            f"{one(name)} has reached its target. That is the result you planned for: well done!",
            title="🎯 Target reached",
            markup=False,
            timeout=12,
        )


def offer_milestones(
    screen: BaseScreen,
    ready: list[tuple[int, str]],
    checkpoints: list[tuple[int, str, str]] | None = None,
) -> None:
    """Ask, one at a time, whether each milestone whose steps are all done is reached,
    then each checkpoint a recorded value reached (:func:`offer_checkpoints`).

    ``y`` marks it done today; ``n`` or Esc leaves it open (it may be open on purpose).
    """
    if not ready:
        offer_checkpoints(screen, checkpoints or [])
        return

    (milestone_id, title), rest = ready[0], ready[1:]
    question = Text("All steps of “", end="")
    question.append_text(safe(title, style="bold", limit=60))
    question.append("” are done. Mark the milestone reached?")
    if rest:
        question.append(f"\nThen {count(len(rest), 'more milestone')} with every step done.")
    _ask_reached(
        screen, milestone_id, title, question, lambda: offer_milestones(screen, rest, checkpoints)
    )


def offer_checkpoints(screen: BaseScreen, reached: list[tuple[int, str, str]]) -> None:
    """Ask, one at a time, whether each checkpoint a recorded value got to is reached.

    Each item is (milestone id, title, what it asks for). ``y`` marks the milestone
    done today; ``n`` or Esc leaves it open.
    """
    if not reached:
        return

    (milestone_id, title, mark), rest = reached[0], reached[1:]
    question = Text("The value just recorded gets to the checkpoint “", end="")
    question.append_text(safe(title, style="bold", limit=60))
    question.append("” (")
    question.append_text(safe(mark, limit=80))
    question.append("). Mark it reached?")
    if rest:
        question.append(f"\nThen {count(len(rest), 'more checkpoint')} reached.")
    _ask_reached(screen, milestone_id, title, question, lambda: offer_checkpoints(screen, rest))


def _ask_reached(
    screen: BaseScreen,
    milestone_id: int,
    title: str,
    question: Text,
    then: Callable[[], None],
) -> None:
    """Ask ``question``: ``y`` marks the milestone done today, ``n`` or Esc leaves it
    open (and says how to mark it later); ``then`` runs after either answer."""
    from goaltui.ui.screens.dialogs import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            _reach_milestone(screen, milestone_id, title)
        else:
            screen.notify(
                f"{one(title)} stays open: x on screen 2 (Timeline) marks it reached later.",
                markup=False,
                timeout=5,
            )
        then()

    dialog = ConfirmScreen(question, yes="Mark reached", no="Leave open", danger=False)
    screen.app.push_screen(dialog, answered)


def _reach_milestone(screen: BaseScreen, milestone_id: int, title: str) -> None:
    """Mark a milestone done today (the person said it is reached)."""
    app = screen.goal_app
    today = app.clock.today()

    def save(svc: GoalService) -> None:
        svc.edit_milestone(milestone_id, {"done_on": today})

    def saved(_result: None) -> None:
        screen.notify(
            f"{one(title)} is reached. Take a moment to enjoy it.",
            title="🏁 Milestone reached",
            markup=False,
            timeout=12,
        )
        app.changed()

    app.background(save, saved, group="checkin-milestone")
