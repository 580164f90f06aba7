"""The crash report: an unexpected error's traceback, kept in a private file."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_crash_report(renderables: list[Any]) -> Path:
    """Write ``renderables`` (a traceback) to a new private file in the log folder."""
    import os
    from datetime import datetime

    from rich.console import Console

    from goaltui.storage.paths import ensure_private_dir, log_dir

    folder = log_dir()
    ensure_private_dir(folder, strict=False)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        console = Console(file=fh, width=120, color_system=None, force_terminal=False)
        for renderable in renderables:
            console.print(renderable)
    return path
