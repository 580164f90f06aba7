"""Preferences (the theme) kept as a small JSON file in the config folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from goaltui.storage.paths import PathError, ensure_private_dir, write_private


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
        # Every missing folder on the way (~/.config too) is made 0700, whatever the umask.
        ensure_private_dir(path.parent, strict=False)
        write_private(path, json.dumps(settings, indent=2, sort_keys=True))
    except (OSError, PathError):
        pass
