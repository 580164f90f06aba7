"""What a running app would write to the terminal, and what a person would read."""

from __future__ import annotations

import io
import re

from rich.console import Console

from tests.reliability.hostile import FORBIDDEN_OUTPUT

# An escape sequence Textual itself writes: CSI ... final byte (colours, cursor moves).
_OWN_CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def frame(app) -> tuple[bytes, str]:
    """(the bytes the driver would write for a full repaint, the plain text shown)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    raw = console.file.getvalue().encode("utf-8")
    return raw, console.export_text(styles=False)


def control_problems(raw: bytes) -> list[str]:
    """Payloads found in ``raw``, and any ESC / C1 byte that is not part of a plain
    CSI sequence (Textual writes only CSI in a frame: colours and cursor moves)."""
    problems = [repr(p) for p in FORBIDDEN_OUTPUT if p in raw]
    rest = _OWN_CSI.sub(b"", raw)
    if b"\x1b" in rest:
        at = rest.index(b"\x1b")
        problems.append(f"stray ESC: {rest[max(at - 20, 0) : at + 20]!r}")
    text = rest.decode("utf-8", errors="replace")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9F or c in "\x00\x07\x08\x7f\u202e"]
    if c1:
        problems.append(f"control characters: {sorted(set(c1))!r}")
    return problems
