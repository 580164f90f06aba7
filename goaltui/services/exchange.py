"""Exports (markdown report, CSV of measurements, JSON of everything) and import."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from goaltui.domain.agreement import agreement, agreement_line, describe_revision
from goaltui.domain.confidence import confidence_trail, describe_current
from goaltui.domain.models import Goal, Review
from goaltui.domain.obstacles import ObstaclesMet, days_count, if_then
from goaltui.domain.present import describe_reading, format_target, format_value, sparkline
from goaltui.domain.text import printable

if TYPE_CHECKING:
    from goaltui.services import GoalService

FORMAT_NAME = "goaltui"
FORMAT_VERSION = 1
#: The reflection's fields, as the reports label them.
REFLECTION = (
    ("worked", "What worked"),
    ("obstacles", "Obstacles"),
    ("lessons", "Lessons"),
    ("next_steps", "Next steps"),
)


class ImportProblem(Exception):
    """A JSON document that cannot be imported; the message says what is wrong."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_json(svc: GoalService) -> dict[str, Any]:
    """Every table as a JSON-ready document that :func:`from_json` reads back exactly."""
    tables = {
        name: [{k: _plain(v) for k, v in row.items()} for row in rows]
        for name, rows in svc.repo.dump().items()
    }
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "tables": tables}


def read_document(doc: Any) -> dict[str, list[dict[str, Any]]]:
    """The tables of a :func:`to_json` document, every row checked as the forms check it.

    Raises:
        ImportProblem: naming the first few problems (table, row id, field, why).
    """
    from goaltui.domain import validate
    from goaltui.services.checkpoints import export_problem

    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportProblem('not a goaltui export (no "format": "goaltui")')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportProblem(f"export version {version!r} is not a version goaltui writes")
    if version > FORMAT_VERSION:
        raise ImportProblem(f"export version {version!r} is newer than this goaltui reads")
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise ImportProblem('no "tables" in the export')
    unknown = sorted(str(name) for name in set(tables) - set(validate.FIELDS))
    if unknown:
        raise ImportProblem(f"unknown tables in the export: {', '.join(unknown)}")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportProblem(f"table {name!r} is not a list of rows")
    read, problems = validate.read_export(tables)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise ImportProblem(f"{count}: {validate.describe(problems)}")
    if (checkpoint := export_problem(read)) is not None:
        raise ImportProblem(checkpoint)
    if "pause" not in tables:
        del read["pause"]  # an export from before pauses were kept
    return read


def counts(tables: Mapping[str, list[dict[str, Any]]]) -> str:
    """'7 goals, 12 KPIs, 340 measurements': the rows of each table that has any."""
    names = {
        "goal": ("goal", "goals"),
        "kpi": ("KPI", "KPIs"),
        "measurement": ("measurement", "measurements"),
        "milestone": ("milestone", "milestones"),
        "step": ("step", "steps"),
        "obstacle": ("planned obstacle", "planned obstacles"),
        "checkin": ("check-in", "check-ins"),
        "review": ("review", "reviews"),
        "revision": ("revision", "revisions"),
        "pause": ("pause", "pauses"),
    }
    parts = [
        f"{len(rows)} {names[table][len(rows) != 1]}" for table, rows in tables.items() if rows
    ]
    return ", ".join(parts) or "nothing"


def from_json(svc: GoalService, doc: Any) -> int:
    """Load a :func:`to_json` document; returns how many goals were added.

    Every row is checked first (:func:`read_document`); one problem and nothing
    is loaded. Into an empty database the ids are kept, so export, import and
    export again give the identical document; otherwise every row gets a new id.
    """
    return svc.load_export(read_document(doc))


#: A cell that is a plain number (e.g. -3.5, +7, 1e-06): a spreadsheet reads it as one.
_NUMBER_CELL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell as literal text: no control characters, never run as a formula.

    Control characters get visible stand-ins (:func:`goaltui.domain.text.printable`); a
    cell starting with ``= + - @``, a tab or a carriage return gets a leading
    ``'`` (OWASP's advice against CSV injection), unless it is a plain number.
    """
    text = printable(value)
    if text.startswith(_FORMULA_START) and not _NUMBER_CELL.fullmatch(text):
        return "'" + text
    return text


def to_csv(svc: GoalService) -> str:
    """All measurements: one row per value, with its KPI and goal (literal text, see
    :func:`csv_cell`)."""
    goals = {g.id: g for g in svc.repo.goals()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kpi_id", "kpi", "goal", "unit", "date", "value", "note"])
    for k in svc.repo.kpis():
        for m in reversed(svc.repo.measurements(k.id)):
            row = (k.id, k.name, goals[k.goal_id].title, k.unit, m.day.isoformat(), m.value, m.note)
            writer.writerow([csv_cell(repr(v) if isinstance(v, float) else v) for v in row])
    return out.getvalue()


def _md(text: str) -> str:
    """User text on one markdown line, its markdown characters escaped."""
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


#: The newest revisions of a goal the report lists (as its detail does).
REPORT_REVISIONS = 10

T = TypeVar("T")


def _by_goal(
    items: Iterable[T],
    key: Callable[[T], int | None] = lambda item: item.goal_id,  # type: ignore[attr-defined]
) -> dict[int | None, list[T]]:
    """``items`` grouped by goal id, each group in the order given."""
    out: dict[int | None, list[T]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def to_markdown(svc: GoalService) -> str:
    """A review report: per goal the SMART statement, KPI outcomes, plan, reflections."""
    today = svc.clock.today()
    summaries = svc.summaries(include_archived=False)
    lines = [f"# Goals report, {today.isoformat()}", ""]
    if not summaries:
        lines.append("No goals yet.")
    # Each table read once and grouped by goal: a goal's detail read per goal
    # would make the report quadratic in the number of goals.
    reviews = _by_goal(svc.reviews())
    readings = _by_goal(svc.readings(), key=lambda r: r.kpi.goal_id)
    milestones = _by_goal(svc.repo.milestones())
    checkins = _by_goal(svc.repo.checkins())
    revisions = _by_goal(svc.repo.revisions())
    for s in summaries:
        g = s.goal
        trail = confidence_trail(g, checkins.get(g.id, ()))
        goal_readings = readings.get(g.id, [])
        goal_milestones = milestones.get(g.id, [])
        goal_revisions = revisions.get(g.id, [])[:REPORT_REVISIONS]
        lines += [f"{'#' * min(2 + s.depth, 4)} {_md(g.title)}", ""]
        lines.append(
            f"- Status: {g.status.value}, progress {s.progress * 100:.0f}%"
            + (f", deadline {g.deadline.isoformat()}" if g.deadline else "")
        )
        if g.description:
            lines.append(f"- What: {_md(g.description)}")
        if g.why:
            lines.append(f"- Why it matters: {_md(g.why)}")
        if trail:
            lines.append(f"- Confidence: {describe_current(trail, today)}")
        if g.resources:
            lines.append(f"- Resources: {_md(g.resources)}")
        agreed = agreement_line(agreement(revisions.get(g.id, [])), g.partner, today)
        if agreed:
            lines.append(f"- {_md(agreed)}")
        if goal_readings:
            lines += [
                "",
                "| KPI | baseline | now | target | trend | status |",
                "|---|---|---|---|---|---|",
            ]
            for r in goal_readings:
                unit = f" {_md(r.kpi.unit)}" if r.kpi.unit else ""
                trend = sparkline([p.value for p in r.series], 16)
                lines.append(
                    f"| {_md(r.kpi.name)} | {format_value(r.kpi.baseline)}{unit} | "
                    f"{format_value(r.current)}{unit} | {format_target(r.kpi)}{unit} | "
                    f"{trend} | {describe_reading(r)} |"
                )
        if goal_milestones:
            lines += ["", "Milestones:", ""]
            for m in goal_milestones:
                if m.done_on:
                    mark = f"[x] done {m.done_on.isoformat()}"
                elif m.target_date < today:
                    mark = f"[ ] missed, due {m.target_date.isoformat()}"
                else:
                    mark = f"[ ] due {m.target_date.isoformat()}"
                lines.append(f"- {mark}: {_md(m.title)}")
        mine = reviews.get(g.id, [])
        if mine:
            lines += ["", "Reviews:", ""]
            lines += _review_lines(mine)
        if goal_revisions:
            lines += ["", "Revisions:", ""]
            for rev in goal_revisions:
                lines.append(f"- {rev.at.date().isoformat()}: {describe_revision(rev, _md)}")
        lines.append("")
    general = reviews.get(None, [])
    if general:
        lines += ["## All goals", "", "Reviews of all goals together:", ""]
        lines += _review_lines(general)
    # Literal text wherever it goes: a terminal, a file, a pager.
    return printable("\n".join(lines).rstrip("\n") + "\n")


def planned_lines(met: ObstaclesMet, md: Callable[[str], str]) -> list[str]:
    """'- If it rains → I run indoors: 2 days (2026-11-16, 2026-11-18)' per planned one met."""
    return [
        f"- {md(if_then(p.obstacle.obstacle, p.obstacle.plan))}: {days_count(len(p.days))} "
        f"({', '.join(d.isoformat() for d in p.days)})"
        for p in met.planned
    ]


def _review_lines(reviews: Sequence[Review]) -> list[str]:
    """Saved reviews as a markdown list, each with its reflection."""
    lines: list[str] = []
    for rv in reviews:
        period = f"{rv.period_start.isoformat()} to {rv.period_end.isoformat()}"
        head = f"- {rv.kind.value} review {period}"
        if rv.rating:
            head += f", rated {rv.rating}/5"
        if rv.outcome:
            head += f", outcome: {rv.outcome.value}"
        lines.append(head)
        for name, label in REFLECTION:
            text = getattr(rv, name)
            if text:
                lines.append(f"  - {label}: {_md(text)}")
    return lines


def review_markdown(
    svc: GoalService,
    start: date,
    end: date,
    goal_id: int | None = None,
    draft: Mapping[str, Any] | None = None,
    head: Callable[[Goal], Sequence[str]] | None = None,
    notes: Callable[[Goal], Sequence[str]] | None = None,
) -> str:
    """The review of one period: its goal(s), the evidence, and the reflection.

    The evidence is the Review screen's (:func:`goaltui.services.evidence.review_evidence`):
    each KPI from its value as the period began to its value at its end, the
    milestones hit and missed, the confidence, wins, obstacles and revisions.
    The reflection is every saved review whose period overlaps this one (those
    of all goals together under their own heading), and ``draft``, what the
    form holds and is not saved yet, if anything. ``head`` gives lines to put under a
    goal's status, ``notes`` its check-in notes (:mod:`goaltui.services.goal_report`).
    """
    from goaltui.domain.confidence import describe_period

    today = svc.clock.today()
    evidence = svc.evidence(start, end, goal_id)
    reviews = [r for r in svc.reviews() if r.period_start <= end and r.period_end >= start]
    if goal_id is None:
        scope = "all open goals"
    else:
        scope = _md(evidence[0].goal.title) if evidence else "one goal"
    lines = [
        f"# Review of {start.isoformat()} to {end.isoformat()}",
        "",
        f"- Goals: {scope}",
        f"- Written: {today.isoformat()}",
        "",
    ]
    if not evidence:
        lines += ["No open goals in this period.", ""]
    for ev in evidence:
        g = ev.goal
        lines += [f"## {_md(g.title)}", "", f"- Status: {g.status.value}"]
        lines += head(g) if head else []
        if ev.confidence:
            lines.append(f"- {describe_period(ev.confidence, today)}")
        if ev.kpis:
            lines += [
                "",
                f"| KPI | start ({start.isoformat()}) | end ({end.isoformat()}) "
                "| target | pace at end | status |",
                "|---|---|---|---|---|---|",
            ]
            for k in ev.kpis:
                unit = f" {_md(k.kpi.unit)}" if k.kpi.unit else ""
                pace = "" if k.pace_at_end is None else format_value(round(k.pace_at_end, 2))
                status = f"{k.status_at_start.value} → {k.status_at_end.value}"
                lines.append(
                    f"| {_md(k.kpi.name)} | {format_value(k.start_value)}{unit} | "
                    f"{format_value(k.end_value)}{unit} | {format_target(k.kpi)}{unit} | "
                    f"{pace} | {status} |"
                )
        sections: list[tuple[str, list[str]]] = [
            (
                "Milestones hit",
                [
                    f"- {_md(m.title)}, done {m.done_on.isoformat()}"
                    for m in ev.milestones_hit
                    if m.done_on is not None
                ],
            ),
            (
                "Milestones missed",
                [
                    f"- {_md(m.title)}, due {m.target_date.isoformat()}"
                    for m in ev.milestones_missed
                ],
            ),
            ("Wins", [f"- {day.isoformat()}: {_md(text)}" for day, text in ev.wins]),
            ("Obstacles met, with a plan", planned_lines(ev.obstacles_met, _md)),
            (
                "Obstacles met without a plan",
                [f"- {day.isoformat()}: {_md(text)}" for day, text in ev.obstacles_met.unplanned],
            ),
            ("Check-in notes", list(notes(g)) if notes else []),
            (
                "Revisions",
                [f"- {r.at.date().isoformat()}: {describe_revision(r, _md)}" for r in ev.revisions],
            ),
            ("Reflection", _review_lines([r for r in reviews if r.goal_id == g.id])),
        ]
        for title, items in sections:
            if items:
                lines += ["", f"{title}:", "", *items]
        lines.append("")
    general = [r for r in reviews if r.goal_id is None]
    if general:
        lines += ["## All goals", "", "Reflection on all goals together:", ""]
        lines += [*_review_lines(general), ""]
    written = [(label, str(draft.get(name) or "")) for name, label in REFLECTION] if draft else []
    written = [(label, text) for label, text in written if text.strip()]
    if written or (draft and draft.get("rating")):
        lines += ["## Reflection not saved yet", ""]
        if draft and draft.get("rating"):
            lines.append(f"- Rating: {_md(str(draft['rating']))}/5")
        lines += [f"- {label}: {_md(text)}" for label, text in written]
        lines.append("")
    # Literal text wherever it goes: a terminal, a file, a pager.
    return printable("\n".join(lines).rstrip("\n") + "\n")
