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
_POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "postgresql+psycopg"})


class DbUrl:
    """A PostgreSQL database named by a SQLAlchemy URL.

    ``str()`` never shows a password: it is what messages and screens print.
    """

    __slots__ = ("_display", "url")

    def __init__(self, url: str, display: str) -> None:
        self.url = url
        self._display = display

    def __str__(self) -> str:
        return self._display

    @property
    def libpq(self) -> str:
        """The URL as libpq (and so psycopg itself) takes it: without SQLAlchemy's driver."""
        return self.url.replace("postgresql+psycopg://", "postgresql://", 1)

    def __repr__(self) -> str:
        return f"DbUrl({self._display!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DbUrl) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)


#: Where a database lives: a SQLite file, or a PostgreSQL database.
Location = Path | DbUrl


def _hide_password(url: str) -> tuple[str, bool]:
    """``url`` with its password (if any) replaced by ``***``, and whether it had one."""
    match = re.match(r"^([^:/]+://)([^@/?#]*)@", url)
    if not match or ":" not in match.group(2):
        return url, False
    user = match.group(2).split(":", 1)[0]
    return f"{match.group(1)}{user}:***@{url[match.end() :]}", True


def parse_db_url(raw: str, given: str) -> DbUrl:
    """A PostgreSQL URL from ``--db`` or ``$GOALTUI_DB``, checked for what goaltui needs.

    ``postgres://`` and ``postgresql://`` use the psycopg driver. A password is
    refused on the command line (any user of the machine can read it in ``ps``).
    """
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in _POSTGRES_SCHEMES:
        raise PathError(f"{given}: {scheme}:// is not a driver goaltui uses; write postgresql://")
    rest = raw.split("://", 1)[1]
    url = f"postgresql+psycopg://{rest}"
    display, has_password = _hide_password(raw)
    if has_password and given == "--db":
        raise PathError(
            "--db: a password on the command line can be read by every user of this "
            "machine; put it in ~/.pgpass or $PGPASSWORD and leave it out of the URL"
        )
    return DbUrl(url, display)


def resolve_db_path(option: str | None, environ: Mapping[str, str] | None = None) -> Location:
    """The database: ``--db`` first, then ``$GOALTUI_DB``, then the default file.

    A PostgreSQL URL gives a :class:`DbUrl`; anything else is a file path. A file
    in a folder that does not exist, or another kind of URL, is refused with a
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
            return parse_db_url(raw.strip(), given)
        raise PathError(f"{given}: {url.group(1)}:// addresses are not supported; give a file path")
    path = Path(raw).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise PathError(
            f"{given}: the folder {folder} does not exist; create it first or choose another path"
        )
    return path


def report_folder(where: Location) -> Path:
    """Where reports go: beside the database file, or the data folder for a server's."""
    if isinstance(where, Path):
        return where.parent
    folder = default_data_dir()
    ensure_private_dir(folder, strict=True)
    return folder


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
    # The data folder's name is the app's: a folder of another name is not it, and
    # platformdirs (a tenth of ``due``'s time) need not be asked where that is.
    here = folder.absolute()
    own = here.name == APP_NAME and here == default_data_dir().absolute()
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
