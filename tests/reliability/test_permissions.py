"""Private files on a shared server, checked as an ordinary user (root ignores modes).

CI runs as root, so the checks run in a child process that drops to the user
'nobody' (65534) inside a folder it owns.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

NOBODY = 65534

CHECKS = textwrap.dedent(
    """
    import os, stat, sys
    from pathlib import Path
    from goaltui.storage.db import StoreError, open_engine
    from goaltui.storage.paths import default_data_dir

    assert os.getuid() != 0
    home = Path(sys.argv[1])
    results = {}
    for mask in (0o000, 0o022):
        os.umask(mask)
        os.environ["XDG_DATA_HOME"] = str(home / f"data-{mask:03o}")
        data = default_data_dir()
        db = data / "goaltui.db"
        engine = open_engine(db)
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM goal").fetchone()
            modes = {
                "dir": stat.S_IMODE(os.stat(data).st_mode),
                "parent": stat.S_IMODE(os.stat(data.parent).st_mode),
                **{s or "db": stat.S_IMODE(os.stat(str(db) + s).st_mode)
                   for s in ("", "-wal", "-shm")},
            }
        engine.dispose()
        results[f"{mask:03o}"] = modes
    print(results)
    # a data folder others can write to is refused, with what to do
    for mode in (0o770, 0o777, 0o707):
        os.umask(0o022)
        os.environ["XDG_DATA_HOME"] = str(home / f"loose-{mode:o}")
        data = default_data_dir()
        data.mkdir(parents=True)
        os.chmod(data, mode)
        try:
            open_engine(data / "goaltui.db")
        except StoreError as exc:
            print("refused", f"{mode:o}", exc)
        else:
            print("ACCEPTED", f"{mode:o}")
        assert not (data / "goaltui.db").exists()
    # a database its owner made read-only: read, never written nor chmod'ed
    from goaltui.storage.db import ChangeWatcher, write_session
    os.umask(0o022)
    ro = home / "ro.db"
    open_engine(ro).dispose()
    os.chmod(ro, 0o400)
    engine = open_engine(ro)
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM goal").fetchone()
    watcher = ChangeWatcher(ro)
    watcher.changed()
    watcher.close()
    try:
        with write_session(engine):
            pass
    except StoreError as exc:
        print("refused read-only", exc)
    else:
        print("ACCEPTED read-only write")
    engine.dispose()
    print("read-only mode", oct(stat.S_IMODE(os.stat(ro).st_mode)), sorted(os.listdir(home)))
    # a database that belongs to someone else
    try:
        open_engine(home / "shared" / "theirs.db")
    except StoreError as exc:
        print("refused theirs", exc)
    else:
        print("ACCEPTED theirs")
    """
)


def _can_run_as_nobody() -> str | None:
    if os.getuid() != 0:
        return None
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import goaltui.storage.db"],
            preexec_fn=_drop,
            capture_output=True,
            text=True,
            cwd="/",
            timeout=60,
        )
    except OSError as exc:
        return f"user nobody cannot run {sys.executable} ({exc.strerror}): make it readable"
    if probe.returncode:
        return f"user nobody cannot run this Python or import goaltui: {probe.stderr[-200:]}"
    return None


def _drop() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def test_modes_and_refusals_as_an_ordinary_user(tmp_path):
    from tests.cli.helpers import run_proc  # noqa: F401  (the package must import)

    reason = _can_run_as_nobody()
    if reason:
        pytest.skip(reason)
    home = tmp_path / "home"
    home.mkdir()
    (home / "shared").mkdir()
    theirs = home / "shared" / "theirs.db"
    if os.getuid() == 0:
        from tests._files import make_goaltui_db

        make_goaltui_db(theirs)  # owned by root, in a folder nobody owns
        os.chmod(theirs, 0o666)  # even writable by all: still not theirs to open
        for path in (home, home / "shared"):
            os.chown(path, NOBODY, NOBODY)
        os.chmod(tmp_path, 0o755)
        for parent in tmp_path.parents:
            if parent.stat().st_mode & 0o001 == 0 and str(parent).startswith("/tmp/"):
                os.chmod(parent, parent.stat().st_mode | 0o005)
        before = theirs.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", CHECKS, str(home)],
        preexec_fn=_drop if os.getuid() == 0 else None,
        capture_output=True,
        text=True,
        cwd="/",
        env={**os.environ, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    modes = eval(lines[0])  # a dict literal printed by the child
    for mask in ("000", "022"):
        assert modes[mask] == {
            "dir": 0o700,
            "parent": 0o700,
            "db": 0o600,
            "-wal": 0o600,
            "-shm": 0o600,
        }, (mask, modes[mask])
    refused = [line for line in lines[1:] if line.startswith("refused ")]
    assert not [line for line in lines if line.startswith("ACCEPTED")], lines
    read_only = [line for line in refused if line.startswith("refused read-only")]
    assert len(read_only) == 1 and "changes cannot be saved" in read_only[0], lines
    refused.remove(read_only[0])
    # 0400 kept, and no -wal/-shm left beside it
    assert "read-only mode 0o400 " in "\n".join(lines), lines
    assert not [line for line in lines if "ro.db-" in line], lines
    assert len(refused) == 4, lines
    for line in refused[:3]:
        assert "can be written by other users" in line and "chmod 700" in line
    if os.getuid() == 0:
        assert "belongs to another user" in refused[3]
        assert theirs.read_bytes() == before
