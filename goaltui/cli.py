"""The command line: ``goaltui`` opens the dashboard, subcommands work headless.

Subcommands never import Textual. Errors are one line on stderr (exit 1);
usage errors exit 2; nothing here ever shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from goaltui import __version__
from goaltui.domain.text import one_line, printable

if TYPE_CHECKING:
    from goaltui.domain.clock import Clock
    from goaltui.services import GoalService


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""


#: Options whose value may start with "-" and a digit (a relative date such as -2d).
_DASH_VALUES = ("--date", "--note")
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
        return super().parse_known_args(_join_dash_values(list(args)), namespace)


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

    p = sub.add_parser("checkin", help="record a KPI value")
    p.add_argument("kpi", metavar="KPI", help="KPI id, name, or a unique start of its name")
    p.add_argument("value", metavar="VALUE", help="the value to record")
    p.add_argument(
        "--date", metavar="DATE", help="YYYY-MM-DD or e.g. yesterday, -2d (default today)"
    )
    p.add_argument("--note", metavar="TEXT", default="", help="a note kept with the value")

    sub.add_parser("due", help="what is due today or overdue")

    p = sub.add_parser("list", help="goals with status, progress and deadline")
    p.add_argument("--all", action="store_true", help="include archived goals")
    p.add_argument("--kpis", action="store_true", help="list KPIs with their status instead")

    p = sub.add_parser("export", help="write a report (markdown), measurements (csv) or all (json)")
    p.add_argument("format", choices=("markdown", "csv", "json"))
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    p = sub.add_parser("import", help="load a JSON export")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--merge",
        action="store_true",
        help="add the export beside the goals already there (each row gets a new id)",
    )

    p = sub.add_parser("backup", help="a consistent copy of the database, safe while in use")
    p.add_argument("file", metavar="FILE", nargs="?")

    p = sub.add_parser("demo", help="fill the database with the demo goals")
    p.add_argument(
        "--force", action="store_true", help="add the demo goals even if there are goals already"
    )
    return parser


@contextlib.contextmanager
def loading_quietly() -> Iterator[None]:
    """Import and open without garbage collection, then keep what was loaded out of it.

    Importing SQLModel makes several hundred thousand long-lived objects; the
    collector would scan them again and again (about a tenth of a short command).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _open(args: argparse.Namespace, clock: Clock | None) -> GoalService:
    from goaltui.services import GoalService
    from goaltui.storage.paths import resolve_db_path

    # checkin needs an existing KPI: it never creates a database.
    create = args.command in ("demo", "import")
    return GoalService.open(resolve_db_path(args.db), clock, create=create)


def _say(out: TextIO, text: str = "") -> None:
    out.write(printable(text) + "\n")


def cmd_checkin(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.domain.parse import parse_date, parse_number, value_warning
    from goaltui.domain.present import describe_reading, format_value

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

    try:
        kpi = svc.find_kpi(args.kpi)
    except ServiceError as exc:
        raise CliError(str(exc)) from None
    try:
        value = parse_number(args.value, kpi.unit)
    except ValueError as exc:
        raise CliError(f"value: {exc}") from None
    done = svc.record(kpi, value, day, args.note)
    unit = f" {kpi.unit}" if kpi.unit else ""
    _say(
        out,
        f"Recorded {format_value(value)}{unit} for {one_line(kpi.name, 60)} on {day.isoformat()}: "
        + describe_reading(done.after),
    )
    warning = value_warning(kpi, value)
    if warning:
        _say(out, f"Note: {warning}.")
    if done.reached_target:
        _say(
            out, f"Target reached: {one_line(kpi.name, 60)} is at {format_value(kpi.target)}{unit}."
        )
    return 0


def cmd_due(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    items = svc.due()
    if not items:
        _say(out, "Nothing due today.")
        return 0
    labels = {"kpi": "value", "step": "step", "milestone": "milestone", "checkin": "check-in"}
    for item in items:
        when = f"{item.overdue_days}d overdue" if item.overdue_days > 0 else "today"
        _say(
            out,
            f"{when:>12}  {labels[item.kind]:<9}  {one_line(item.title, 50)}"
            f"  ({one_line(item.goal_title, 40)})",
        )
    return 0


def _tell_loops(svc: GoalService) -> None:
    """A line on stderr per goal that is its own parent or ancestor (shown at the top)."""
    for g in svc.looped_goals():
        _say(
            sys.stderr,
            f"goaltui: goal {g.id} ({one_line(g.title, 40)}) is its own parent or ancestor "
            "(a loop of parent goals), so it is shown at the top level; "
            "move it with m on the Goals screen",
        )


#: Longest KPI name and goal title in ``list --kpis`` (longer ones end in "…").
KPI_NAME_WIDTH = 32
GOAL_TITLE_WIDTH = 30


def cmd_list(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.domain.present import STATUS_GLYPH, describe_reading, format_value

    if args.kpis:
        readings = svc.readings()
        if not readings:
            _say(out, "No KPIs yet.")
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
                    f"{current}/{format_value(r.kpi.target)}{unit}",
                    describe_reading(r),
                )
            )
        # Columns as wide as their longest cell, so every line lines up.
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
        for kpi_id, name, goal, value, reading in rows:
            _say(
                out,
                f"{kpi_id:>{widths[0]}}  {name:<{widths[1]}}  {goal:<{widths[2]}}  "
                f"{value:<{widths[3]}}  {reading}",
            )
        return 0
    summaries = svc.summaries(include_archived=args.all)
    _tell_loops(svc)
    if not summaries:
        _say(out, "No goals yet. Run 'goaltui' to create one, or 'goaltui demo' to explore.")
        return 0
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
        _say(
            out,
            f"{glyph} {s.progress * 100:4.0f}%  {g.status.value:<9}  {kpi:<9}  {deadline:<24}  "
            f"{'  ' * s.depth}{one_line(g.title, 70)}{archived}",
        )
    return 0


def _write_out(text: str, target: str | None, svc: GoalService, out: TextIO) -> None:
    if target is None:
        out.write(text)
        return
    from goaltui.storage.paths import write_private

    path = Path(target).expanduser()
    db = svc.database_path()
    try:
        if path.exists() and db.exists() and path.resolve() == db.resolve():
            raise CliError("--out points at the database itself; choose another file")
        if path.exists() and not path.is_file() and not path.is_dir():
            # A terminal, a pipe, /dev/stdout: written to, never replaced.
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            return
        write_private(path, text)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def cmd_export(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.services import exchange as export

    if args.format == "json":
        text = json.dumps(export.to_json(svc), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        # json.dumps escapes C0 controls only; DEL, C1 and bidi controls become \uXXXX
        # too (the same string once parsed), so the document is safe on a terminal.
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    else:
        # Literal text already, whether it goes to a terminal or into a file.
        text = export.to_csv(svc) if args.format == "csv" else export.to_markdown(svc)
        if args.format == "markdown":
            _tell_loops(svc)
    _write_out(text, args.out, svc, out)
    if args.out:
        _say(sys.stderr, f"Wrote {args.format} to {args.out}")
    return 0


#: The largest file ``import`` reads. goaltui's own export of 100,000 goals with a
#: million check-ins is about 500 MB and must load back (with a few GB of memory).
IMPORT_LIMIT = 2**30


def read_import_file(path: Path, limit: int | None = None) -> str:
    """The text of a regular file of at most ``limit`` bytes (:data:`IMPORT_LIMIT`),
    or a :class:`CliError`.

    Never blocks on a FIFO nor reads a device without end (``/dev/zero``).
    """
    import stat

    limit = IMPORT_LIMIT if limit is None else limit
    size = (
        f"{limit // 2**30} GB"
        if limit % 2**30 == 0
        else f"{limit // 2**20} MB"
        if limit % 2**20 == 0
        else f"{limit} bytes"
    )

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise CliError(f"cannot read {path}: Is a directory")
            if not stat.S_ISREG(st.st_mode):
                raise CliError(
                    f"{path} is not a regular file; give a file written by 'goaltui export json'"
                )
            if st.st_size > limit:
                raise CliError(f"{path} is larger than {size}; nothing was imported")
            data = fh.read(limit + 1)
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > limit:  # it grew while being read
        raise CliError(f"{path} is larger than {size}; nothing was imported")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"cannot read {path}: not UTF-8 text") from None


def read_import(args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    """The tables of the JSON export ``args.file``, every row checked.

    Read before the database is opened, so a bad file leaves no trace: not even
    a new, empty database at a path that had none.
    """
    from goaltui.services import exchange as export

    path = Path(args.file).expanduser()
    raw = read_import_file(path)
    try:
        doc = json.loads(raw)
    except RecursionError:
        raise CliError(
            f"{path} nests too deeply to be a goaltui export; nothing was imported"
        ) from None
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{path} is not JSON (line {exc.lineno}): use a 'goaltui export json' file"
        ) from None
    except ValueError as exc:  # e.g. a number of more than 4,300 digits
        raise CliError(f"{path} is not a goaltui export ({exc}); nothing was imported") from None
    try:
        tables = export.read_document(doc)
    except export.ImportProblem as exc:
        raise CliError(f"{path}: {exc}; nothing was imported") from None
    return tables


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
    _say(out, f"Imported {added} goal{'s' if added != 1 else ''} from {path}.")
    return 0


def cmd_backup(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    db = svc.database_path()
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
    _say(out, f"Backed up to {target}")
    return 0


def cmd_demo(svc: GoalService, args: argparse.Namespace, out: TextIO) -> int:
    from goaltui.services import demo

    if not svc.is_empty() and not args.force:
        raise CliError(
            "this database already has goals; "
            "'goaltui demo --force' adds the demo goals beside them"
        )
    count = demo.load(svc)
    _say(out, f"Added {count} demo goals. Run 'goaltui' to explore them.")
    return 0


COMMANDS: dict[str, Callable[[GoalService, argparse.Namespace, TextIO], int]] = {
    "checkin": cmd_checkin,
    "due": cmd_due,
    "list": cmd_list,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "demo": cmd_demo,
}


def run_command(
    args: argparse.Namespace, out: TextIO | None = None, clock: Clock | None = None
) -> int:
    """Run a parsed subcommand; returns its exit code."""
    from goaltui.services.errors import ServiceError
    from goaltui.storage.db import StoreError, StoreMissing
    from goaltui.storage.paths import PathError

    out = out or sys.stdout
    svc = None
    try:
        if args.command == "import":
            from goaltui.storage.paths import resolve_db_path

            resolve_db_path(args.db)  # where it would go is checked first, as for any command
            args.tables = read_import(args)  # a bad file is refused before anything is made
        with loading_quietly():
            svc = _open(args, clock)
        return COMMANDS[args.command](svc, args, out)
    except StoreMissing as exc:
        if args.command in ("list", "due"):
            _say(out, f"No goals yet ({exc}). Run 'goaltui' to start, or 'goaltui demo'.")
            return 0
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return 1
    except (CliError, ServiceError, StoreError, PathError) as exc:
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return 1
    finally:
        if svc is not None:
            svc.close()


def open_dashboard(args: argparse.Namespace) -> int:
    """Start the Textual dashboard (imported only now)."""
    from goaltui.storage.paths import PathError, resolve_db_path

    try:
        path = resolve_db_path(args.db)
    except PathError as exc:
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return 1
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.write(
            "goaltui: the dashboard needs a terminal; use a subcommand (see goaltui --help)\n"
        )
        return 1
    from goaltui.ui.app import run_app

    return run_app(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``goaltui`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return open_dashboard(args)
        return run_command(args)
    except KeyboardInterrupt:
        sys.stderr.write("goaltui: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `goaltui list | head`): not an error.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except Exception as exc:
        stamp = datetime.now().isoformat(timespec="seconds")
        sys.stderr.write(
            f"goaltui: unexpected error ({type(exc).__name__}: {one_line(exc, 200)}) at {stamp}\n"
        )
        return 1
