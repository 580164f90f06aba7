"""Running the ``goaltui`` command: a subcommand headless, or the dashboard.

Subcommands never import Textual. Errors are one line on stderr (exit 1, or 2
under ``due --quiet``, whose 1 means "nothing due"); usage errors exit 2;
nothing here ever shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from goaltui.cli.output import CliError, say
from goaltui.domain.text import one_line

if TYPE_CHECKING:
    from goaltui.domain.clock import Clock
    from goaltui.services import GoalService


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


def run_command(
    args: argparse.Namespace, out: TextIO | None = None, clock: Clock | None = None
) -> int:
    """Run a parsed subcommand; returns its exit code."""
    if args.command == "remind":  # the standard library alone: no SQLModel to import
        from goaltui.cli.remind import run_remind

        return run_remind(args, out or sys.stdout, clock)
    if args.command == "due":  # a file at this schema is read with sqlite3 alone
        from goaltui.cli.due import due_from_file

        code = due_from_file(args, out or sys.stdout, clock)
        if code is not None:
            return code
    with loading_quietly():  # these bring in SQLModel: the collector waits
        from goaltui.cli.commands import COMMANDS
        from goaltui.cli.import_file import read_import
        from goaltui.services.errors import ServiceError
        from goaltui.storage.db import StoreError, StoreMissing
        from goaltui.storage.paths import PathError

    out = out or sys.stdout
    svc = None
    try:
        if args.command == "setup-postgres":  # an administrator's: no goals to open
            from goaltui.cli.setup_postgres import run_setup

            return run_setup(args, out)
        if args.command == "import":
            from goaltui.storage.paths import resolve_db_path

            resolve_db_path(args.db)  # where it would go is checked first, as for any command
            args.tables = read_import(args)  # a bad file is refused before anything is made
        with loading_quietly():
            svc = _open(args, clock)
        return COMMANDS[args.command](svc, args, out)
    except StoreMissing as exc:
        if quiet(args):
            return 1  # no database yet: nothing is due
        if args.command in ("list", "due"):
            say(out, f"No goals yet ({exc}). Run 'goaltui' to start, or 'goaltui demo'.")
            return 0
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return 1
    except (CliError, ServiceError, StoreError, PathError) as exc:
        sys.stderr.write(f"goaltui: {one_line(exc)}\n")
        return failure(args)
    finally:
        if svc is not None:
            svc.close()


def quiet(args: argparse.Namespace) -> bool:
    """``due --quiet``: its exit status is its answer (0 due, 1 nothing due, 2 error)."""
    return bool(getattr(args, "quiet", False))


def failure(args: argparse.Namespace) -> int:
    """The exit status of an error: 2 under ``due --quiet`` (where 1 means nothing due)."""
    return 2 if quiet(args) else 1


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


def plain_remind(argv: Sequence[str]) -> argparse.Namespace | None:
    """``remind`` with at most ``--db PATH``, read without building the whole parser.

    A shell prompt runs ``goaltui remind`` before every prompt: every millisecond
    counts. Anything else (``remind --help``, other options) goes to the parser.
    """
    words = list(argv)
    if "remind" not in words:
        return None
    words.remove("remind")
    if not words:
        return argparse.Namespace(command="remind", db=None)
    if len(words) == 1 and words[0].startswith("--db=") and len(words[0]) > 5:
        return argparse.Namespace(command="remind", db=words[0][5:])
    if len(words) == 2 and words[0] == "--db" and words[1][:1] != "-":
        return argparse.Namespace(command="remind", db=words[1])
    return None


def _db_option(words: Sequence[str]) -> tuple[str, int] | None:
    """``--db PATH`` or ``--db=PATH`` at the start of ``words``: (PATH, how many words)."""
    if len(words) >= 2 and words[0] == "--db" and words[1][:1] != "-":
        return words[1], 2
    if words and words[0].startswith("--db=") and len(words[0]) > 5:
        return words[0][5:], 1
    return None


def plain_command(argv: Sequence[str]) -> argparse.Namespace | None:
    """``due`` and ``checkin KPI VALUE ...`` with no option but ``--db PATH`` (before
    the command or after everything), read without building the whole parser.

    Building it takes about a tenth of ``due``. Anything else (another option, a
    value starting with "-", an odd number of words to pair) goes to the parser,
    which reads it or says what is wrong.
    """
    words = list(argv)
    db: str | None = None
    if found := _db_option(words):
        db, words = found[0], words[found[1] :]
    if not words or words[0] not in ("due", "checkin"):
        return None
    command, rest = words[0], words[1:]
    if db is None:
        for n in (2, 1):
            if (found := _db_option(rest[-n:])) and found[1] == n:
                db, rest = found[0], rest[:-n]
                break
    if any(word.startswith("-") for word in rest):
        return None
    if command == "due":
        return (
            argparse.Namespace(command="due", db=db, format="text", quiet=False)
            if not rest
            else None
        )
    if not rest or len(rest) % 2:
        return None
    return argparse.Namespace(command="checkin", db=db, pairs=rest, date=None, note="")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``goaltui`` command."""
    argv = sys.argv[1:] if argv is None else argv
    args = plain_remind(argv) or plain_command(argv)
    if args is None:
        from goaltui.cli.parser import build_parser

        args = build_parser().parse_args(argv)
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
        return failure(args)
