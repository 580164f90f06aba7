"""Exports (markdown report, CSV of measurements, JSON of everything) and import."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from goaltui.domain.confidence import describe_current
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    GoalStatus,
    KpiKind,
    Outcome,
    Review,
    ReviewKind,
)
from goaltui.present import describe_reading, format_value, sparkline

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

_ENUMS: dict[tuple[str, str], Any] = {
    ("goal", "status"): GoalStatus,
    ("kpi", "kind"): KpiKind,
    ("kpi", "cadence"): Cadence,
    ("kpi", "aggregation"): Aggregation,
    ("review", "kind"): ReviewKind,
    ("review", "outcome"): Outcome,
}


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


def from_json(svc: GoalService, doc: Any) -> int:
    """Load a :func:`to_json` document; returns how many goals were added.

    Into an empty database the ids are kept, so export, import and export again
    give the identical document; otherwise every row gets a new id.
    """
    from pydantic import ValidationError
    from sqlalchemy.exc import IntegrityError

    from goaltui.storage.repository import TABLES, NotFound

    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportProblem('not a goaltui export (no "format": "goaltui")')
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportProblem(f"export version {version!r} is newer than this goaltui reads")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(TABLES):
        raise ImportProblem("unknown tables in the export")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportProblem(f"table {name!r} is not a list of rows")
        for row in rows:
            _check_row(name, row)
    try:
        return svc.repo.load(tables, replace_ids=not svc.repo.is_empty())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ImportProblem(f"bad value for {where}: {first.get('msg')}") from None
    except (IntegrityError, NotFound):
        # The repository reports a broken link or CHECK as NotFound.
        raise ImportProblem(
            "rows refer to goals, KPIs or milestones that are not there, "
            "or hold values out of range"
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportProblem(f"a row is incomplete ({exc})") from None


def _check_row(table: str, row: Mapping[str, Any]) -> None:
    if not isinstance(row.get("id"), int):
        raise ImportProblem(f"a {table} row has no integer id")
    for (name, column), enum in _ENUMS.items():
        if name == table and row.get(column) is not None:
            try:
                enum(row[column])
            except ValueError:
                raise ImportProblem(
                    f"{table} {row['id']}: unknown {column} {row[column]!r}"
                ) from None
    start, end = row.get("start"), row.get("end")
    if table == "pause" and isinstance(start, str) and isinstance(end, str) and end <= start:
        raise ImportProblem(f"pause {row['id']}: ends on or before the day it starts")
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ImportProblem(f"{table} {row['id']}: {key} is not a finite number")


def to_csv(svc: GoalService) -> str:
    """All measurements: one row per value, with its KPI and goal."""
    goals = {g.id: g for g in svc.repo.goals()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kpi_id", "kpi", "goal", "unit", "date", "value", "note"])
    for k in svc.repo.kpis():
        for m in reversed(svc.repo.measurements(k.id)):
            writer.writerow(
                [
                    k.id,
                    k.name,
                    goals[k.goal_id].title,
                    k.unit,
                    m.day.isoformat(),
                    repr(m.value),
                    m.note,
                ]
            )
    return out.getvalue()


def _md(text: str) -> str:
    """User text on one markdown line, its markdown characters escaped."""
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(svc: GoalService) -> str:
    """A review report: per goal the SMART statement, KPI outcomes, plan, reflections."""
    today = svc.clock.today()
    summaries = svc.summaries(include_archived=False)
    lines = [f"# Goals report, {today.isoformat()}", ""]
    if not summaries:
        lines.append("No goals yet.")
    reviews = svc.reviews()
    for s in summaries:
        g = s.goal
        d = svc.detail(g.id)
        lines += [f"{'#' * min(2 + s.depth, 4)} {_md(g.title)}", ""]
        lines.append(
            f"- Status: {g.status.value}, progress {s.progress * 100:.0f}%"
            + (f", deadline {g.deadline.isoformat()}" if g.deadline else "")
        )
        if g.description:
            lines.append(f"- What: {_md(g.description)}")
        if g.why:
            lines.append(f"- Why it matters: {_md(g.why)}")
        if d.confidence is not None:
            lines.append(f"- Confidence: {describe_current(d.confidence_trail, today)}")
        if g.resources:
            lines.append(f"- Resources: {_md(g.resources)}")
        if d.readings:
            lines += [
                "",
                "| KPI | baseline | now | target | trend | status |",
                "|---|---|---|---|---|---|",
            ]
            for r in d.readings:
                unit = f" {_md(r.kpi.unit)}" if r.kpi.unit else ""
                trend = sparkline([p.value for p in r.series], 16)
                lines.append(
                    f"| {_md(r.kpi.name)} | {format_value(r.kpi.baseline)}{unit} | "
                    f"{format_value(r.current)}{unit} | {format_value(r.kpi.target)}{unit} | "
                    f"{trend} | {describe_reading(r)} |"
                )
        if d.milestones:
            lines += ["", "Milestones:", ""]
            for m in d.milestones:
                if m.done_on:
                    mark = f"[x] done {m.done_on.isoformat()}"
                elif m.target_date < today:
                    mark = f"[ ] missed, due {m.target_date.isoformat()}"
                else:
                    mark = f"[ ] due {m.target_date.isoformat()}"
                lines.append(f"- {mark}: {_md(m.title)}")
        mine = [r for r in reviews if r.goal_id == g.id]
        if mine:
            lines += ["", "Reviews:", ""]
            lines += _review_lines(mine)
        if d.revisions:
            lines += ["", "Revisions:", ""]
            for rev in d.revisions:
                lines.append(
                    f"- {rev.at.date().isoformat()}: {rev.entity} {rev.field} "
                    f"{_md(rev.old)} → {_md(rev.new)}, because {_md(rev.reason)}"
                )
        lines.append("")
    general = [r for r in reviews if r.goal_id is None]
    if general:
        lines += ["## All goals", "", "Reviews of all goals together:", ""]
        lines += _review_lines(general)
    return "\n".join(lines).rstrip("\n") + "\n"


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
) -> str:
    """The review of one period: its goal(s), the evidence, and the reflection.

    The evidence is the Review screen's (:func:`goaltui.evidence.review_evidence`):
    each KPI from its value as the period began to its value at its end, the
    milestones hit and missed, the confidence, wins, obstacles and revisions.
    The reflection is every saved review whose period overlaps this one (those
    of all goals together under their own heading), and ``draft``, what the
    form holds and is not saved yet, if anything.
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
                    f"{format_value(k.end_value)}{unit} | {format_value(k.target)}{unit} | "
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
            ("Obstacles", [f"- {day.isoformat()}: {_md(text)}" for day, text in ev.obstacles]),
            (
                "Revisions",
                [
                    f"- {rev.at.date().isoformat()}: {rev.entity} {rev.field} "
                    f"{_md(rev.old)} → {_md(rev.new)}, because {_md(rev.reason)}"
                    for rev in ev.revisions
                ],
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
    return "\n".join(lines).rstrip("\n") + "\n"
