"""The subcommands, one function each: they ask a service and write plain text."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from goaltui.cli.import_file import read_import
from goaltui.cli.output import CliError, say, write_out
from goaltui.domain.text import one_line

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.services.kpis import Recorded


def cmd_checkin(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.domain.parse import parse_date, parse_number

    today = svc.clock.today()
    try:
        day = parse_date(args.date, today) if args.date else today
    except ValueError as exc:
        raise CliError(f"--date: {exc}") from None
    if day > today:
        raise CliError(
            f"--date: {day.isoformat()} is in the future; record values when they happen"
        )
    from goaltui.services.errors import ServiceError

    pairs = list(zip(args.pairs[::2], args.pairs[1::2], strict=True))
    many = len(pairs) > 1
    values = []
    # Every KPI and value is checked before anything is stored: all or nothing.
    for ref, raw in pairs:
        try:
            kpi = svc.find_kpi(ref)
        except ServiceError as exc:
            raise CliError(f"{exc}; nothing was recorded" if many else str(exc)) from None
        try:
            value = parse_number(raw, kpi.unit)
        except ValueError as exc:
            where = f"value for {one_line(kpi.name, 60)}" if many else "value"
            tail = "; nothing was recorded" if many else ""
            raise CliError(f"{where}: {exc}{tail}") from None
        values.append((kpi, value))
        svc.sharing_service.check_editable(kpi.goal_id)  # someone else's: one clear line
    if many:
        # GoalService is at its size limit: the KPI service records several at once.
        recorded = svc.kpi_service.record_many(values, day, args.note)
    else:
        recorded = [svc.record(values[0][0], values[0][1], day, args.note)]
    for each in recorded:
        _confirm(each, out)
    return 0


def _confirm(done: Recorded, out: TextIO) -> None:
    """The lines that confirm one recorded value (and what it reached)."""
    from goaltui.domain.parse import value_warning
    from goaltui.domain.present import describe_reading, format_target, format_value

    kpi, value, day = done.kpi, done.value, done.measurement_day
    unit = f" {kpi.unit}" if kpi.unit else ""
    say(
        out,
        f"Recorded {format_value(value)}{unit} for {one_line(kpi.name, 60)} on {day.isoformat()}: "
        + describe_reading(done.after),
    )
    warning = value_warning(kpi, value)
    if warning:
        say(out, f"Note: {warning}.")
    if done.reached_target:
        say(out, f"Target reached: {one_line(kpi.name, 60)} is at {format_target(kpi)}{unit}.")
    for _, title, mark in done.checkpoints:
        say(
            out,
            f"Checkpoint reached: {one_line(title, 60)} ({one_line(mark, 80)}); "
            "mark it reached with x on the Timeline (2) in goaltui.",
        )


def cmd_due(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.cli.due import show_due

    return show_due(svc.due(), args, out)


def _tell_loops(svc: GoalService) -> None:
    """A line on stderr per goal that is its own parent or ancestor (shown at the top)."""
    for g in svc.looped_goals():
        say(
            sys.stderr,
            f"goaltui: goal {g.id} ({one_line(g.title, 40)}) is its own parent or ancestor "
            "(a loop of parent goals), so it is shown at the top level; "
            "move it with m on the Goals screen",
        )


#: Longest KPI name and goal title in ``list --kpis`` (longer ones end in "…").
KPI_NAME_WIDTH = 32


GOAL_TITLE_WIDTH = 30


def cmd_list(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.domain.present import STATUS_GLYPH, describe_reading, format_target, format_value

    if args.kpis:
        readings = svc.readings()
        if not readings:
            say(out, "No KPIs yet.")
        titles = {g.id: g.title for g in svc.known_goals()}
        rows = []
        for r in readings:
            unit = f" {r.kpi.unit}" if r.kpi.unit else ""
            current = "-" if r.current is None else format_value(r.current)
            rows.append(
                (
                    str(r.kpi.id),
                    one_line(r.kpi.name, KPI_NAME_WIDTH),
                    one_line(titles.get(r.kpi.goal_id, ""), GOAL_TITLE_WIDTH),
                    f"{current}/{format_target(r.kpi)}{unit}",
                    describe_reading(r),
                )
            )
        # Columns as wide as their longest cell, so every line lines up.
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
        for kpi_id, name, goal, value, reading in rows:
            say(
                out,
                f"{kpi_id:>{widths[0]}}  {name:<{widths[1]}}  {goal:<{widths[2]}}  "
                f"{value:<{widths[3]}}  {reading}",
            )
        return 0
    summaries = svc.summaries(include_archived=args.all)
    _tell_loops(svc)
    if not summaries:
        say(out, "No goals yet. Run 'goaltui' to create one, or 'goaltui demo' to explore.")
        return 0
    shared = svc.sharing_service.shared_with_me()
    for s in summaries:
        g = s.goal
        deadline = g.deadline.isoformat() if g.deadline else "no deadline"
        if s.days_left is not None and g.status.value in ("active", "paused"):
            deadline += (
                f" ({s.days_left}d left)" if s.days_left >= 0 else f" ({-s.days_left}d late)"
            )
        kpi = s.worst.value if s.worst else "-"
        glyph = STATUS_GLYPH.get(s.worst.value if s.worst else g.status.value, " ")
        archived = " [archived]" if g.archived else ""
        if g.id in shared:
            archived += f" [shared by {one_line(shared[g.id], 40)}]"
        say(
            out,
            f"{glyph} {s.progress * 100:4.0f}%  {g.status.value:<9}  {kpi:<9}  {deadline:<24}  "
            f"{'  ' * s.depth}{one_line(g.title, 70)}{archived}",
        )
    return 0


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def cmd_export(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.services import exchange as export

    if args.format == "win":
        text = svc.win(args.goal).text
    elif args.format == "json":
        text = json.dumps(export.to_json(svc), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        # json.dumps escapes C0 controls only; DEL, C1 and bidi controls become \uXXXX
        # too (the same string once parsed), so the document is safe on a terminal.
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    elif args.format == "ical":
        from goaltui.services.ical import to_ical

        text = to_ical(svc)  # CRLF lines, user text escaped and made literal
    elif args.format == "markdown" and (args.only_goal or args.period_from or args.period_to):
        text = _period_report(svc, args)
    else:
        # Literal text already, whether it goes to a terminal or into a file.
        text = export.to_csv(svc) if args.format == "csv" else export.to_markdown(svc)
        if args.format == "markdown":
            _tell_loops(svc)
    write_out(text, args.out, svc, out)
    if args.out:
        say(sys.stderr, f"Wrote {args.format} to {args.out}")
    return 0


def _period_report(svc: GoalService, args: argparse.Namespace) -> str:
    """``export markdown --goal G --from D --to D``: one goal's (or every goal's) review."""
    from goaltui.domain.parse import parse_date
    from goaltui.services import exchange
    from goaltui.services import goal_report as report

    today = svc.clock.today()
    days = {}
    for option, text in (("--from", args.period_from), ("--to", args.period_to)):
        try:
            days[option] = parse_date(text, today) if text else None
        except ValueError as exc:
            raise CliError(f"{option}: {exc}") from None
    first, last = days["--from"], days["--to"]
    if first is not None and last is not None and first > last:
        raise CliError(
            f"--from {first.isoformat()} is after --to {last.isoformat()}: "
            "the period must not end before it starts"
        )
    goal = svc.goals_service.find_goal(args.only_goal) if args.only_goal else None
    start, end = report.period_of(goal, days["--from"], days["--to"], today)
    if goal is None:
        return exchange.review_markdown(svc, start, end)
    return report.goal_markdown(svc, goal, start, end)


def cmd_import(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.services import exchange as export

    path = Path(args.file).expanduser()
    tables = args.tables if getattr(args, "tables", None) is not None else read_import(args)
    if not args.merge and not svc.is_empty():
        raise CliError(
            f"this database already has goals; 'goaltui import --merge {args.file}' would add "
            f"{export.counts(tables)} beside them (with new ids); nothing was imported"
        )
    added = svc.load_export(tables)
    say(out, f"Imported {added} goal{'s' if added != 1 else ''} from {path}.")
    return 0


def cmd_backup(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    db = svc.database_path()
    if not isinstance(db, Path):
        raise CliError(
            "a PostgreSQL database is backed up with 'goaltui export json --out FILE' "
            "(it loads back with 'goaltui import FILE', on either kind of database)"
        )
    if args.file:
        target = Path(args.file).expanduser()
    else:
        stamp = svc.clock.now().strftime("%Y%m%d-%H%M%S")
        target = db.with_name(f"{db.stem}-backup-{stamp}.db")
    if target.exists():
        raise CliError(f"{target} already exists; goaltui never overwrites a file with a backup")
    try:
        svc.backup(target)
    except FileNotFoundError:
        raise CliError(f"cannot write {target}: its folder does not exist") from None
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror}") from None
    say(out, f"Backed up to {target}")
    return 0


def cmd_demo(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.services import demo

    if not svc.is_empty() and not args.force:
        raise CliError(
            "this database already has goals; "
            "'goaltui demo --force' adds the demo goals beside them"
        )
    count = demo.load(svc)
    say(out, f"Added {count} demo goals. Run 'goaltui' to explore them.")
    return 0


def cmd_undo(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.domain.agreement import short_day
    from goaltui.domain.changes import describe, undone_notice

    if args.list:
        if args.change is not None:
            raise CliError("give either --list or a change number, not both")
        changes = svc.undo_service.changes()
        if not changes:
            say(out, "No changes kept yet: every change made from now on can be undone.")
        today = svc.clock.today()
        width = max((len(str(c.id)) for c in changes), default=1)
        for c in changes:
            when = f"{short_day(c.at.date(), today)} {c.at:%H:%M}"
            where = "dashboard" if c.origin.value == "tui" else "command"
            undone = "  [undone]" if c.undone else ""
            say(out, f"{c.id:>{width}}  {when:<12}  {where:<9}  {describe(c)}{undone}")
        return 0
    if args.change is not None and args.change < 1:
        raise CliError("a change number is 1 or more ('goaltui undo --list' shows them)")
    say(out, undone_notice(svc.undo_service.undo(args.change)))
    return 0


def cmd_share(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    goal = svc.sharing_service.share(args.goal, args.role)
    say(out, f"Shared {one_line(goal.title, 60)!r} with {args.role.strip()}: they can read it.")
    return 0


def cmd_unshare(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    goal = svc.sharing_service.unshare(args.goal, args.role)
    say(out, f"Stopped sharing {one_line(goal.title, 60)!r} with {args.role.strip()}.")
    return 0


COMMANDS: dict[str, Callable[[GoalService, argparse.Namespace, TextIO], int]] = {
    "checkin": cmd_checkin,
    "due": cmd_due,
    "list": cmd_list,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "demo": cmd_demo,
    "undo": cmd_undo,
    "share": cmd_share,
    "unshare": cmd_unshare,
}
