"""Running goaltui's command line in-process (fast) or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def assert_failed(self, code: int = 1) -> str:
        """Exit ``code``, exactly one 'goaltui:' line on stderr, no traceback; the line."""
        assert self.code == code, (self.code, self.out, self.err)
        assert "Traceback" not in self.err + self.out
        lines = self.err_lines
        if code == 1:
            assert len(lines) == 1, lines
            assert lines[0].startswith("goaltui: "), lines
            return lines[0]
        assert lines and lines[-1].startswith("goaltui: "), lines
        return lines[-1]


def cli(capsys, *args: str) -> Result:
    """``goaltui ARGS`` through :func:`goaltui.cli.main` (the system clock)."""
    from goaltui.cli import main

    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # --version, --help and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return Result(code, out, err)


def cli_at(capsys, clock, *args: str) -> Result:
    """A subcommand through :func:`goaltui.cli.run_command` with a fixed clock."""
    from goaltui.cli import build_parser, run_command

    capsys.readouterr()
    parsed = build_parser().parse_args(list(args))
    buffer = io.StringIO()
    code = run_command(parsed, buffer, clock)
    out, err = capsys.readouterr()
    return Result(code, buffer.getvalue() + out, err)


@dataclass
class ProcResult:
    code: int
    out: bytes
    err: bytes

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


def run_proc(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> ProcResult:
    """``python -m goaltui ARGS`` as a separate process, stdout and stderr piped."""
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "goaltui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
    )
    return ProcResult(done.returncode, done.stdout, done.stderr)


def run_procs(commands: list[list[str]], env: dict[str, str] | None = None) -> list[ProcResult]:
    """Several ``python -m goaltui`` processes at once (for speed); results in order."""
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "goaltui", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=full_env,
        )
        for args in commands
    ]
    results = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=60)
            results.append(ProcResult(p.returncode, out, err))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    return results


def location_of(db: str | Path):
    """A ``--db`` value (a file's path or a PostgreSQL URL) as ``GoalService.open`` takes it."""
    from goaltui.storage.paths import DbUrl

    text = str(db)
    return DbUrl(text, text) if "://" in text else Path(text)


def open_db(db: str | Path, clock=None):
    """A service on the database ``--db db`` names (either engine); close it after use."""
    from goaltui.services import GoalService

    return GoalService.open(location_of(db), clock)


def fingerprint(db: str | Path) -> object:
    """What must not change when a command refuses: a file's bytes and side files, or
    every row of a PostgreSQL database."""
    from tests._files import sha256, sidecars

    where = location_of(db)
    if isinstance(where, Path):
        return sha256(where), sidecars(where)
    svc = open_db(db)
    try:
        return svc.repo.dump()
    finally:
        svc.close()
