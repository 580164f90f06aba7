"""Run the real ``goaltui`` in a pseudo-terminal and keep every byte it writes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time


class PtyApp:
    """``goaltui ARGS`` on a pty of ``cols`` x ``rows``; ``output`` is the raw stream.

    ``program`` replaces ``python -m goaltui`` (e.g. ``python -c SCRIPT``).
    """

    def __init__(
        self, args: list[str], cols: int = 120, rows: int = 36, env=None, program=None
    ) -> None:
        self.master, slave = pty.openpty()
        self.resize(cols, rows, fd=slave)
        full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONDONTWRITEBYTECODE": "1"}
        full_env.pop("TEXTUAL", None)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [*(program or [sys.executable, "-m", "goaltui"]), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def resize(self, cols: int, rows: int, fd: int | None = None) -> None:
        fcntl.ioctl(
            self.master if fd is None else fd,
            termios.TIOCSWINSZ,
            struct.pack("HHHH", rows, cols, 0, 0),
        )

    def pump(self, seconds: float) -> None:
        """Read what the app writes for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: bytes, limit: float = 20) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if text in self.output:
                return True
            self.pump(0.1)
        return False

    def send(self, keys: bytes, settle: float = 0.6) -> None:
        os.write(self.master, keys)
        self.pump(settle)

    def close(self, limit: float = 10) -> int | None:
        deadline = time.monotonic() + limit
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.pump(0.1)
        os.close(self.master)
        return self.proc.returncode
