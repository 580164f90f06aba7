"""The benchmark's terminal: a private tmux server, and what is read off its screens.

Each app runs in a detached tmux session whose pane waits on a FIFO, so the
clock starts when the FIFO is written and tmux's own start-up is not counted.
The screen is polled through one tmux control-mode client (a socket round trip,
not a process per poll), colours included.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import select
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

TMUX_CONF = """\
set -g status off
set -g remain-on-exit on
set -g default-terminal xterm-256color
set -g history-limit 100
set -g focus-events off
"""

ANSI = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


class BenchError(Exception):
    """A run failed; the message says why."""


# -- the tmux driver -------------------------------------------------------------------
class Tmux:
    """A private tmux server and one control-mode client to talk to it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.dir = Path(tempfile.mkdtemp(prefix="goaltui-bench-"))
        conf = self.dir / "tmux.conf"
        conf.write_text(TMUX_CONF)
        self.base = ["tmux", "-L", f"goaltui-bench-{os.getpid()}-{secrets.token_hex(3)}"]
        self.base += ["-f", str(conf)]
        self.sessions: set[str] = set()
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "keeper", "-x", "20", "-y", "5", "sleep 3600"],
            check=True,
        )
        self.proc = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", "=keeper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        deadline = time.perf_counter() + 10
        while not self._line(deadline).startswith("%end "):  # the attach's own reply
            pass
        self.cmd(["refresh-client", "-C", f"{width}x{height}"])

    def _line(self, deadline: float) -> str:
        while b"\n" not in self.buf:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise BenchError("tmux control client does not answer")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise BenchError("tmux control client exited")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode("utf-8", "replace").rstrip("\r")

    def cmd(self, argv: list[str]) -> list[str]:
        """Run one tmux command over the control client; its output lines."""
        assert self.proc.stdin is not None
        text = " ".join("'" + a.replace("'", "'\"'\"'") + "'" for a in argv)
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()
        deadline = time.perf_counter() + 10
        out: list[str] = []
        inside = False
        while True:
            line = self._line(deadline)
            if not inside:
                inside = line.startswith("%begin ")
                continue
            if line.startswith(("%end ", "%error ")):
                if line.startswith("%error"):
                    raise BenchError(f"tmux {argv[0]}: {' '.join(out)}")
                return out
            out.append(line)

    def screen(self, name: str) -> str:
        """The pane's contents with colours (escape sequences) included."""
        return "\n".join(self.cmd(["capture-pane", "-p", "-e", "-t", f"={name}:"]))

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> tuple[float, int]:
        """Start ``argv`` in a new session behind a FIFO gate; (t0, pid)."""
        fifo = self.dir / f"{name}.fifo"
        os.mkfifo(fifo)
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # COLUMNS and LINES (set under pytest: 80x24) would override the pane's size.
        line = (
            f"read _ < {shlex.quote(str(fifo))}; "
            f"exec env -u COLUMNS -u LINES {envs} {shlex.join(argv)}"
        )
        self.cmd(
            [
                "new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height),
                "-c", str(ROOT), f"sh -c {shlex.quote(line)}",
            ]
        )  # fmt: skip
        self.sessions.add(name)
        # Without a terminal of its own (e.g. under pytest) tmux may pick 80x24.
        self.cmd(
            ["resize-window", "-t", f"={name}:", "-x", str(self.width), "-y", str(self.height)]
        )
        pid = int(self.cmd(["display-message", "-p", "-t", f"={name}:", "#{pane_pid}"])[0])
        fd = os.open(fifo, os.O_WRONLY)
        t0 = time.perf_counter()
        os.write(fd, b"\n")
        os.close(fd)
        fifo.unlink()
        return t0, pid

    def keys(self, name: str, keys: list[str]) -> None:
        self.cmd(["send-keys", "-t", f"={name}:", *keys])

    def dead(self, name: str) -> bool:
        return self.cmd(["display-message", "-p", "-t", f"={name}:", "#{pane_dead}"]) == ["1"]

    def kill(self, name: str) -> None:
        if name in self.sessions:
            self.sessions.discard(name)
            with contextlib.suppress(BenchError):
                self.cmd(["kill-session", "-t", f"={name}"])

    def close(self) -> None:
        for name in list(self.sessions):
            self.kill(name)
        with contextlib.suppress(BenchError):
            self.cmd(["kill-session", "-t", "=keeper"])
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def text_of(screen: str) -> str:
    return ANSI.sub("", screen)


def holds(expect: str, screen: str) -> bool:
    """``re:PATTERN`` or a plain substring, on the text of the screen."""
    plain = text_of(screen)
    if expect.startswith("!"):
        return not holds(expect[1:], screen)
    if expect.startswith("re:"):
        return re.search(expect[3:], plain) is not None
    return expect in plain


#: A step's expectation: the goal tree's cursor is on another goal than before the key.
CURSOR = "cursor moved"
#: An expectation: the goal tree's cursor is drawn (on any goal).
CURSOR_SHOWN = "cursor shown"
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER_ESCAPES = re.compile(r"\x1b\[[0-9;:?]*[A-Za-ln-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
GOAL_TITLE = re.compile(r"Goal \d{4,}")


def _background(params: str, bg: tuple[object, ...]) -> tuple[object, ...]:
    """The background (and reverse video) after one SGR sequence."""
    codes = params.replace(":", ";").split(";") if params else ["0"]
    colour, reverse = bg
    i = 0
    while i < len(codes):
        c = codes[i]
        if c in ("", "0"):
            colour, reverse = None, False
        elif c == "49":
            colour = None
        elif c == "7":
            reverse = True
        elif c == "27":
            reverse = False
        elif c == "48" and i + 1 < len(codes):
            n = 4 if codes[i + 1] == "2" else 2
            colour = tuple(codes[i + 1 : i + 1 + n])
            i += n
        elif c == "38" and i + 1 < len(codes):
            i += 4 if codes[i + 1] == "2" else 2
        i += 1
    return colour, reverse


def highlighted(screen: str) -> str | None:
    """The goal title drawn on a background no other goal title has: the cursor's row.

    Every ``Goal NNNN`` in the leftmost pane (left of the first ``││``, where the
    goal tree is; the detail pane beside it shows goals' titles too) is taken
    with the background it is drawn on; the cursor's row is the one whose
    background is used by that title alone (None when there is no such single
    title).
    """
    seen: list[tuple[tuple[object, ...], str]] = []
    for line in OTHER_ESCAPES.sub("", screen).splitlines():
        parts = SGR.split(line)
        edge = "".join(parts[::2]).find("││")
        column = 0
        bg: tuple[object, ...] = (None, False)
        for i, part in enumerate(parts):
            if i % 2:
                bg = _background(part, bg)
                continue
            for m in GOAL_TITLE.finditer(part):
                if edge < 0 or column + m.start() < edge:
                    seen.append((bg, m.group()))
            column += len(part)
    counts: dict[tuple[object, ...], int] = {}
    for bg, _ in seen:
        counts[bg] = counts.get(bg, 0) + 1
    alone = [title for bg, title in seen if counts[bg] == 1]
    return alone[0] if len(alone) == 1 else None


def reached(expect: str | None, screen: str, before: str | None) -> bool:
    """Whether a step's expectation holds (None: the screen differs from ``before``)."""
    if expect is None:
        return screen != before
    if expect == CURSOR_SHOWN:
        return highlighted(screen) is not None
    if expect == CURSOR:
        now = highlighted(screen)
        return now is not None and (before is None or now != highlighted(before))
    return holds(expect, screen)


def vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def wait_for(tmux: Tmux, name: str, expect: str | None, t0: float, timeout: float, poll: float,
             before: str | None = None) -> float:  # fmt: skip
    """Milliseconds from t0 until ``expect`` holds (see ``reached``)."""
    end = time.perf_counter() + timeout
    while True:
        screen = tmux.screen(name)
        now = time.perf_counter()
        if reached(expect, screen, before):
            return (now - t0) * 1000
        if now > end:
            last = "\n".join(line for line in text_of(screen).splitlines() if line.strip())
            raise BenchError(f"{name}: no {expect!r} after {timeout:.0f} s; screen:\n{last[-800:]}")
        if tmux.dead(name):
            raise BenchError(f"{name}: the app exited; screen:\n{text_of(screen)[-800:]}")
        time.sleep(poll)


def wait_quiet(tmux: Tmux, name: str, quiet: float, timeout: float) -> str:
    """Wait until the screen has not changed for ``quiet`` seconds; return it."""
    end = time.perf_counter() + timeout
    last = tmux.screen(name)
    since = time.perf_counter()
    while time.perf_counter() < end:
        time.sleep(0.01)
        screen = tmux.screen(name)
        if screen != last:
            last, since = screen, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return last
