"""Screen 5: reviews — the evidence for a period, the reflection on it, the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Select, Static

from goaltui.domain.dates import end_of_month, end_of_quarter, quarter_of
from goaltui.domain.models import Outcome
from goaltui.domain.parse import parse_date, parse_int_in_range
from goaltui.domain.text import one_line
from goaltui.ui.export import export_report
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.widgets.evidence_text import EvidenceLines, evidence_lines
from goaltui.ui.widgets.evidence_view import EvidenceView

if TYPE_CHECKING:
    from goaltui.domain.models import Review
    from goaltui.services import GoalService
    from goaltui.services.evidence import GoalEvidence

PRESETS = ("this week", "last week", "this month", "this quarter")
KINDS = (("Weekly review", "weekly"), ("Mid-cycle review", "mid-cycle"), ("Final review", "final"))
OUTCOMES = (("Achieved", "achieved"), ("Missed", "missed"), ("Postponed", "postponed"))
FIELDS = (
    ("worked", "What worked?"),
    ("obstacles", "What got in the way?"),
    ("lessons", "What did you learn?"),
    ("next_steps", "What will you do next?"),
)


def preset_period(name: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period around ``today``."""
    monday = today - timedelta(days=today.weekday())
    if name == "this week":
        return monday, monday + timedelta(days=6)
    if name == "last week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if name == "this month":
        return today.replace(day=1), end_of_month(today.year, today.month)
    q = quarter_of(today)
    return date(today.year, 3 * q - 2, 1), end_of_quarter(today.year, q)


def parse_range(text: str, today: date) -> tuple[date, date]:
    """'2026-11-01 to 2026-11-15' (or '..') as two dates, first not after the last."""
    cleaned = text.replace("..", " to ")
    parts = [p.strip() for p in cleaned.split(" to ")]
    if len(parts) != 2 or not all(parts):
        raise ValueError("Give two dates, e.g. 2026-11-01 to 2026-11-15")
    start, end = parse_date(parts[0], today), parse_date(parts[1], today)
    if end < start:
        raise ValueError("The range ends before it starts")
    return start, end


@dataclass(frozen=True, slots=True)
class Gathered:
    """The evidence of a period (of one goal, or all), and its lines of text."""

    start: date
    end: date
    goal_id: int | None
    evidence: list[GoalEvidence]
    lines: EvidenceLines


def gather_evidence(svc: GoalService, start: date, end: date, goal_id: int | None) -> Gathered:
    """The evidence for ``start``-``end``, laid out as text (run it in a worker thread).

    The reviews of all goals together follow the goals' evidence, whichever
    goals are looked at.
    """
    evidence = svc.evidence(start, end, goal_id)
    general = [r for r in svc.reviews() if r.goal_id is None]
    lines = evidence_lines(evidence, general, one_goal=goal_id is not None)
    return Gathered(start, end, goal_id, evidence, lines)


class ReviewScreen(BaseScreen):
    """Review: pick a period and a goal, read the evidence, write the reflection."""

    MODE = "review"
    AUTO_FOCUS = "#review-evidence"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_period", "Period", id="review.period"),
        Binding("c", "custom", "Custom range", id="review.custom"),
        Binding("g", "pick_goal", "One goal", id="review.goal"),
        Binding("a", "all_goals", "All goals", id="review.all"),
        Binding("ctrl+s", "save", "Save review", id="review.save"),
        Binding("x", "export", "Export report", id="review.export"),
        Binding("escape", "leave_fields", "Leave fields", show=False, id="review.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.preset = 0
        self.custom: tuple[date, date] | None = None
        self.goal_id: int | None = None
        self.goal_title = ""
        self.evidence: list[GoalEvidence] = []
        #: The reflection's fields are mounted (right after the first frame).
        self.form_ready = False

    @property
    def period(self) -> tuple[date, date]:
        """The chosen period."""
        if self.custom is not None:
            return self.custom
        return preset_period(PRESETS[self.preset], self.goal_app.clock.today())

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="review-head")
        yield Input(placeholder="custom range: 2026-11-01 to 2026-11-15 (Enter)", id="review-range")
        with Horizontal(id="review-main"):
            with VerticalScroll(id="review-evidence", can_focus=True):
                yield EvidenceView("Gathering the evidence…", id="evidence-text")
            with VerticalScroll(id="review-form", can_focus=False):
                yield Static(Text("Your reflection", style="bold"), classes="section")

    def on_mount(self) -> None:
        self.query_one("#review-range", Input).display = False
        # The evidence comes first; the reflection's fields right after it is drawn.
        self.after_first_frame(self._mount_form)

    def _mount_form(self) -> None:
        outcome = Select(
            OUTCOMES, prompt="outcome (final review)", id="review-outcome", compact=True
        )
        outcome.display = False
        error = Static("", id="review-error")
        error.display = False
        self.query_one("#review-form").mount_all(
            [
                Select(KINDS, value="weekly", allow_blank=False, id="review-kind", compact=True),
                *(
                    Input(placeholder=prompt, id=f"review-{name}", compact=True)
                    for name, prompt in FIELDS
                ),
                Input(
                    placeholder="rating 1-5",
                    id="review-rating",
                    restrict=r"[0-9]*",
                    max_length=1,
                    compact=True,
                ),
                outcome,
                error,
                Static(
                    Text(
                        "Enter moves to the next field, Esc leaves the fields, ctrl+s saves. "
                        "A final review with an outcome closes the goal.",
                        style="dim",
                    ),
                    classes="hint",
                ),
            ]
        )
        self.form_ready = True

    # -- loading -------------------------------------------------------------------------
    @staticmethod
    def fetch_first(svc: GoalService) -> Gathered:
        """The evidence of every goal for the first preset period."""
        start, end = preset_period(PRESETS[0], svc.clock.today())
        return gather_evidence(svc, start, end, None)

    def show_first(self, data: Gathered) -> None:
        if (data.start, data.end) == self.period and data.goal_id == self.goal_id:
            self._show(data)
        else:
            self.reload()

    def reload(self) -> None:
        start, end = self.period
        goal_id = self.goal_id
        self._render_head()

        def fetch(svc: GoalService) -> Gathered:
            return gather_evidence(svc, start, end, goal_id)

        def failed(message: str) -> None:
            self.query_one("#evidence-text", EvidenceView).show_message(message)

        def gather() -> None:
            self.goal_app.background(
                fetch, self._show, group="review-load", exclusive=True, failed=failed
            )

        # The screen is drawn first; the evidence follows when it is gathered.
        self.call_after_refresh(gather)

    def _show(self, found: Gathered) -> None:
        evidence = found.evidence
        self.evidence = evidence
        if self.goal_id is not None and evidence:
            self.goal_title = evidence[0].goal.title
        self._render_head()
        self.query_one("#evidence-text", EvidenceView).show(found.lines)

    def _render_head(self) -> None:
        start, end = self.period
        name = "custom range" if self.custom else PRESETS[self.preset]
        text = Text("Review ", style="bold", end="")
        text.append(f"{name}: {start:%d %b %Y} to {end:%d %b %Y}", style="bold")
        text.append("  ·  ")
        if self.goal_id is None:
            text.append("all open goals")
        else:
            text.append_text(safe(self.goal_title or "one goal", limit=50))
        text.append(
            "\nIn the evidence pane: p next period · c custom range · g one goal · "
            "a all goals · x export this review",
            style="dim",
        )
        self.query_one("#review-head", Static).update(text)

    # -- choosing --------------------------------------------------------------------------
    def action_next_period(self) -> None:
        if self.custom is not None:
            self.custom = None
        else:
            self.preset = (self.preset + 1) % len(PRESETS)
        self.reload()

    def action_custom(self) -> None:
        field = self.query_one("#review-range", Input)
        field.display = True
        field.focus()

    def action_leave_fields(self) -> None:
        """Esc: out of a field (the custom range closes) to the evidence pane, where keys work."""
        field = self.query_one("#review-range", Input)
        if field.display:
            field.display = False
        self.query_one("#review-evidence").focus()

    def action_pick_goal(self) -> None:
        from goaltui.ui.screens.dialogs import PickGoalScreen

        def fetch(svc: GoalService) -> list[tuple[int, str, int]]:
            return [(s.goal.id, s.goal.title, s.depth) for s in svc.summaries()]

        def chosen(goal_id: int | None) -> None:
            if goal_id is not None and goal_id > 0:
                self.goal_id = goal_id
                self.goal_title = ""
                self.reload()

        def show(goals: list[tuple[int, str, int]]) -> None:
            self.app.push_screen(
                PickGoalScreen("Review which goal?", goals, allow_top=False), chosen
            )

        self.goal_app.background(fetch, show)

    def action_all_goals(self) -> None:
        self.goal_id = None
        self.reload()

    def action_export(self) -> None:
        """Write this review (period, goals, evidence, reflection) as markdown."""
        from goaltui.services import exchange as export

        start, end = self.period
        goal_id = self.goal_id
        draft = self.draft() if self.form_ready else {}

        def report(svc: GoalService) -> str:
            if goal_id is None:
                return export.review_markdown(svc, start, end, None, draft)
            # One goal: the report its partner gets (SMART, agreement, check-in notes).
            from goaltui.services.goal_report import goal_markdown

            return goal_markdown(svc, svc.goal(goal_id), start, end, draft)

        export_report(self.goal_app, report, "review")

    def draft(self) -> dict[str, str]:
        """What the reflection's fields hold (unsaved: saving clears them)."""
        out = {name: self.query_one(f"#review-{name}", Input).value for name, _ in FIELDS}
        out["rating"] = self.query_one("#review-rating", Input).value.strip()
        return out

    # -- the form --------------------------------------------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "review-kind":
            self.query_one("#review-outcome", Select).display = event.value == "final"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "review-range":
            try:
                self.custom = parse_range(event.value, self.goal_app.clock.today())
            except ValueError as exc:
                self.notify(str(exc), severity="warning", markup=False)
                return
            event.input.display = False
            self.query_one("#review-evidence").focus()
            self.reload()
            return
        self.focus_next()

    def _error(self, message: str) -> None:
        error = self.query_one("#review-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    def action_save(self) -> None:
        if not self.form_ready:  # its fields are being mounted: save once they are there
            self.call_after_refresh(self.action_save)
            return
        start, end = self.period
        kind = str(self.query_one("#review-kind", Select).value)
        fields: dict[str, object] = {
            "goal_id": self.goal_id,
            "kind": kind,
            "period_start": start,
            "period_end": end,
        }
        for name, _ in FIELDS:
            fields[name] = self.query_one(f"#review-{name}", Input).value.strip()
        rating_field = self.query_one("#review-rating", Input)
        if rating_field.value.strip():
            try:
                fields["rating"] = parse_int_in_range(rating_field.value, 1, 5, "rating")
            except ValueError as exc:
                self._error(f"✖ {exc}")
                rating_field.focus()
                return
        outcome = self.query_one("#review-outcome", Select).value
        if kind == "final":
            if self.goal_id is None:
                self._error(
                    "✖ A final review is about one goal: press g in the evidence pane to pick it."
                )
                return
            if outcome is Select.BLANK or not isinstance(outcome, str):
                self._error("✖ Choose the outcome: achieved, missed or postponed.")
                self.query_one("#review-outcome", Select).focus()
                return
            fields["outcome"] = outcome
        if not any(fields[name] for name, _ in FIELDS) and "rating" not in fields:
            self._error("✖ Write at least one line or give a rating.")
            self.query_one("#review-worked", Input).focus()
            return
        self._error("")
        title = self.goal_title

        def save(svc: GoalService) -> Review:
            return svc.add_review(**fields)

        def saved(review: Review) -> None:
            for name, _ in FIELDS:
                self.query_one(f"#review-{name}", Input).value = ""
            rating_field.value = ""
            message = f"{review.kind.value.capitalize()} review saved."
            if review.outcome is not None:
                message += f" {title[:60]} is closed: {review.outcome.value}."
            self.goal_app.changed(message)
            if review.outcome == Outcome.ACHIEVED:
                self.notify(
                    f"{one_line(title, 60)} is achieved. You set out to do it, and you did. "
                    "w on screen 1 (Goals) copies a summary to share.",
                    title="🏆 Goal achieved",
                    markup=False,
                    timeout=12,
                )

        self.goal_app.background(save, saved, failed=lambda m: self._error(f"✖ {m}"))
