"""What a command writes: one-line errors, literal text, files written with ``--out``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from goaltui.domain.text import printable

if TYPE_CHECKING:
    from goaltui.services import GoalService


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""


def say(out: TextIO, text: str = "") -> None:
    """One line of text, its control characters made visible."""
    out.write(printable(text) + "\n")


def write_out(text: str, target: str | None, svc: GoalService, out: TextIO) -> None:
    """``text`` to ``out``, or to the file ``target`` (private, written whole or not at all)."""
    if target is None:
        out.write(text)
        return
    from goaltui.storage.paths import write_private

    path = Path(target).expanduser()
    db = svc.database_path()
    try:
        if (
            isinstance(db, Path)
            and path.exists()
            and db.exists()
            and path.resolve() == db.resolve()
        ):
            raise CliError("--out points at the database itself; choose another file")
        if path.exists() and not path.is_file() and not path.is_dir():
            # A terminal, a pipe, /dev/stdout: written to, never replaced.
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            return
        write_private(path, text)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None
