"""The argument parser of every command (``-2d`` is a value, not an option)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from goaltui import __version__
from goaltui.domain.text import one_line

if TYPE_CHECKING:
    pass


#: Options whose value may start with "-" and a digit (a relative date such as -2d).
_DASH_VALUES = ("--date", "--note", "--from", "--to")


_DASHED = re.compile(r"-\s*[0-9]")


def _join_dash_values(args: Sequence[str]) -> list[str]:
    """``--date -2d`` as ``--date=-2d``: argparse would take ``-2d`` for an option."""
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _DASH_VALUES and i + 1 < len(args) and _DASHED.match(args[i + 1]):
            out.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        if arg == "--":
            out.extend(args[i:])
            break
        out.append(arg)
        i += 1
    return out


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"goaltui: {one_line(message)}\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        args = sys.argv[1:] if args is None else args
        parsed, rest = super().parse_known_args(_join_dash_values(list(args)), namespace)
        self._check_export(parsed)
        self._check_checkin_and_due(parsed)
        return parsed, rest

    def _check_checkin_and_due(self, parsed: argparse.Namespace) -> None:
        """``checkin`` takes KPI VALUE pairs; ``due --quiet`` prints nothing, so no json."""
        pairs = getattr(parsed, "pairs", None)
        if pairs is not None and len(pairs) % 2:
            self.error(f"checkin takes KPI VALUE pairs: {one_line(pairs[-1], 40)!r} has no value")
        if getattr(parsed, "quiet", False) and getattr(parsed, "format", None) == "json":
            self.error("due: --quiet prints nothing, so it cannot take --format json")

    def _check_export(self, parsed: argparse.Namespace) -> None:
        """``export win`` takes a GOAL; markdown a --goal and a period; the others neither."""
        if not hasattr(parsed, "format") or not hasattr(parsed, "goal"):
            return
        if parsed.format == "win" and not parsed.goal:
            parsed.goal, parsed.only_goal = parsed.only_goal, None
        if parsed.format == "win" and not parsed.goal:
            self.error("export win needs a GOAL: its id or part of its title")
        if parsed.format != "win" and parsed.goal:
            self.error(f"unrecognized arguments: {parsed.goal}")
        given = [
            option
            for option, value in (
                ("--goal", parsed.only_goal),
                ("--from", parsed.period_from),
                ("--to", parsed.period_to),
            )
            if value is not None
        ]
        if given and parsed.format != "markdown":
            self.error(f"{' and '.join(given)}: only 'export markdown' takes a goal and a period")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog="goaltui",
        description="SMART goals, reverse planning and KPI check-ins in the terminal. "
        "Without a command, opens the dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"goaltui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $GOALTUI_DB, then your data folder)"
    )
    # --db is accepted before or after the command ("goaltui list --db x.db").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return add(name, parents=[common], **kw)  # type: ignore[list-item]

    sub.add_parser = add_parser  # type: ignore[method-assign, assignment]

    p = sub.add_parser(
        "checkin",
        help="record KPI values, all or none",
        description="Record one value per KPI, all in one go: if any KPI or value is wrong, "
        "nothing is stored.",
    )
    p.add_argument(
        "pairs",
        metavar="KPI VALUE",
        nargs="+",
        help="a KPI (its id, name, or a unique start of its name) and the value to record; "
        "give several pairs to record several KPIs",
    )
    p.add_argument(
        "--date", metavar="DATE", help="YYYY-MM-DD or e.g. yesterday, -2d (default today)"
    )
    p.add_argument("--note", metavar="TEXT", default="", help="a note kept with the value")

    p = sub.add_parser(
        "due",
        help="what is due today or overdue, most urgent first",
        description="What is due today or overdue, most urgent first.",
        epilog="With --quiet nothing is printed and the exit status answers: 0 something is "
        "due today or overdue, 1 nothing is due (or there is no database yet), 2 an error "
        "(its one line goes to stderr) or a usage error. Without --quiet the exit status is 0 "
        "whenever the list could be read, 1 on an error.",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: one object per item, with the importance of steps",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing; answer by exit status alone (see below)",
    )

    p = sub.add_parser(
        "remind",
        help="one short line of what is due, for a shell prompt or status bar",
        description="One short line such as 'goaltui: 2 KPIs and 1 step due', counted as "
        "'goaltui due' counts; nothing at all when nothing is due. It only reads the "
        "database and never creates one.",
        epilog="Exit status: 0 when it could read the database (whether or not something is "
        "due), 1 when it could not (one line on stderr).",
    )

    p = sub.add_parser(
        "undo",
        help="take back the last change made from the command line (or change N)",
        description="Undo the last change made from the command line: a checkin, an import, "
        "the demo goals. With N, undo change N, wherever it was made ('--list' shows the "
        "numbers). A change that a later one depends on is refused, and nothing is changed; "
        "undo the later one first. The last 100 changes of the past 30 days are kept.",
        epilog="In the dashboard, ctrl+z undoes its last change and ctrl+y makes it again.",
    )
    p.add_argument("change", metavar="N", nargs="?", type=int, help="the change to undo")
    p.add_argument(
        "--list", action="store_true", help="list the changes kept, newest first, and stop"
    )

    p = sub.add_parser("list", help="goals with status, progress and deadline")
    p.add_argument("--all", action="store_true", help="include archived goals")
    p.add_argument("--kpis", action="store_true", help="list KPIs with their status instead")

    p = sub.add_parser(
        "export",
        help="write a report (markdown), measurements (csv), all (json), a goal's win (win) "
        "or the plan's dates for a calendar (ical)",
    )
    p.add_argument("format", choices=("markdown", "csv", "json", "win", "ical"))
    p.add_argument(
        "goal", metavar="GOAL", nargs="?", help="win: the goal, by id or part of its title"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument(
        "--goal",
        dest="only_goal",
        metavar="GOAL",
        help="markdown: the review report of one goal (id or part of its title), for its partner",
    )
    p.add_argument(
        "--from",
        dest="period_from",
        metavar="DATE",
        help="markdown: the period's first day (default: the goal's start)",
    )
    p.add_argument(
        "--to",
        dest="period_to",
        metavar="DATE",
        help="markdown: the period's last day (default today)",
    )

    p = sub.add_parser("import", help="load a JSON export")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--merge",
        action="store_true",
        help="add the export beside the goals already there (each row gets a new id)",
    )

    p = sub.add_parser("backup", help="a consistent copy of the database, safe while in use")
    p.add_argument("file", metavar="FILE", nargs="?")

    for name, verb, doc in (
        ("share", "let ROLE read", "Let another person's database role read one of your goals"),
        ("unshare", "stop ROLE reading", "Take back another role's access to one of your goals"),
    ):
        p = sub.add_parser(
            name,
            help=f"PostgreSQL only: {verb} one of your goals",
            description=f"{doc}, with its KPIs, values, plan, check-ins and reviews "
            "(read-only; it takes effect at once). PostgreSQL only.",
        )
        p.add_argument("goal", metavar="GOAL", help="the goal, by id or part of its title")
        p.add_argument("--with", dest="role", metavar="ROLE", required=True, help="the role")

    p = sub.add_parser(
        "setup-postgres",
        help="print (or --apply) the SQL that readies a PostgreSQL database for several people",
        description="Print the SQL that creates goaltui's tables in a PostgreSQL database, "
        "the row-level security that lets each person see only their own goals (and the "
        "goals shared with them), and the group role goaltui_user; with --role, a login "
        "role for a new person in that group. Running it again changes nothing.",
        epilog="With --apply it runs as the administrator --db names. No password goes on "
        "a command line: set a new role's password in psql with \\password NAME.",
    )
    p.add_argument(
        "--apply", action="store_true", help="run it on the --db database instead of printing it"
    )
    p.add_argument("--role", metavar="NAME", help="also a login role NAME in goaltui_user")

    p = sub.add_parser("demo", help="fill the database with the demo goals")
    p.add_argument(
        "--force", action="store_true", help="add the demo goals even if there are goals already"
    )
    return parser
