"""Reading a JSON export for ``goaltui import``: a bounded read of a regular file."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goaltui.cli.output import CliError

if TYPE_CHECKING:
    pass


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
