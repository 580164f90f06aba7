"""Every path goaltui uses, and the permissions that keep them private.

Nothing here runs at import time: the folders are made when a command needs them.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "goaltui"
DB_ENV = "GOALTUI_DB"
DB_FILENAME = "goaltui.db"


class PathError(Exception):
    """A path that goaltui may not use; the message says why and what to do."""


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The settings file (theme and other preferences)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.json"


def log_dir() -> Path:
    """The folder for crash reports (platformdirs' per-user log folder)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def resolve_db_path(option: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The database path: ``--db`` first, then ``$GOALTUI_DB``, then the default.

    A database URL, or a file in a folder that does not exist, is refused with a
    :class:`PathError` here, so every command and the dashboard refuse it alike.
    """
    environ = os.environ if environ is None else environ
    raw = option or environ.get(DB_ENV) or ""
    if not raw.strip():
        return default_data_dir() / DB_FILENAME
    given = "--db" if option else f"${DB_ENV}"
    url = _URL.match(raw.strip())
    if url:
        if url.group(1).lower().startswith("postgres"):
            raise PathError(
                f"{given}: PostgreSQL is not supported yet; give the path of a database file"
            )
        raise PathError(f"{given}: {url.group(1)}:// addresses are not supported; give a file path")
    path = Path(raw).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise PathError(
            f"{given}: the folder {folder} does not exist; create it first or choose another path"
        )
    return path


def ensure_private_dir(folder: Path, *, strict: bool) -> None:
    """Create ``folder`` (mode 0700) if needed.

    With ``strict`` (goaltui's own data folder) an existing folder that others
    can write to, or that belongs to someone else, is refused.
    """
    try:
        st = folder.stat()
    except FileNotFoundError:
        try:
            # Missing parents too are made 0700 (the XDG rule), whatever the umask:
            # mkdir(parents=True) would make them with the umask alone.
            missing = [p for p in (folder, *folder.parents) if not p.exists()]
            for part in reversed(missing):
                with contextlib.suppress(FileExistsError):
                    part.mkdir(mode=0o700)
                    os.chmod(part, 0o700)
        except OSError as exc:
            raise PathError(f"cannot create the folder {folder}: {exc.strerror}") from None
        return
    except OSError as exc:
        raise PathError(f"cannot use the folder {folder}: {exc.strerror}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise PathError(f"{folder} is not a folder; choose another place with --db")
    if not strict:
        return
    if st.st_uid != os.getuid():
        raise PathError(
            f"the data folder {folder} belongs to another user; "
            "goaltui keeps your goals only in a folder of your own"
        )
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise PathError(
            f"the data folder {folder} can be written by other users; "
            f"run 'chmod 700 {folder}' and start goaltui again"
        )
    if st.st_mode & 0o077:
        # Readable by others but not writable: tighten it, it is ours.
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)


def prepare_db_location(path: Path) -> None:
    """Make sure the folder of ``path`` exists and is private enough.

    goaltui's own data folder is created when missing; the folder of a path
    given with ``--db`` or ``$GOALTUI_DB`` must already exist.
    """
    folder = path.parent if str(path.parent) else Path(".")
    own = folder.absolute() == default_data_dir().absolute()
    if not own and not folder.is_dir():
        raise PathError(
            f"the folder {folder} does not exist; create it first or choose another --db"
        )
    ensure_private_dir(folder, strict=own)


def make_private(path: Path) -> None:
    """Take away what others may do with a file goaltui owns (0600 at most).

    Only tightens: a file its owner made read-only (0400) stays read-only.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~0o600:
            os.chmod(path, mode & 0o600)
    except FileNotFoundError:
        pass


def write_private(path: Path, text: str) -> None:
    """Write ``text`` as a new 0600 file and rename it over ``path``.

    An existing file is replaced whole, never opened for writing: whoever could
    read it before (a 0644 file) cannot read the new text, and a reader never
    sees half a file.
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
