"""Preferences (the theme) kept as a small JSON file in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def load_settings(path: Path) -> dict[str, Any]:
    """The saved settings, or ``{}`` when there are none or they are unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(path: Path, settings: dict[str, Any]) -> None:
    """Write the settings atomically (0600, folder 0700); errors are ignored."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(settings, fh, indent=2, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        pass
