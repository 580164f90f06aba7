"""Rich ``Text`` built from user data: never parsed as markup, never terminal control."""

from __future__ import annotations

from rich.text import Text

from goaltui.text import one_line, printable


def safe(text: object, style: str = "", *, limit: int | None = None) -> Text:
    """User text on one line as a literal ``Text`` (cut to ``limit`` characters)."""
    return Text(one_line(text, limit), style=style, no_wrap=limit is not None, end="")


def safe_block(text: object, style: str = "") -> Text:
    """User text that may span lines, as a literal ``Text``."""
    return Text(printable(text), style=style, end="")


def join(*parts: Text | str, sep: str = "") -> Text:
    """Concatenate plain strings (ours) and ``Text`` (possibly user data)."""
    out = Text(end="")
    for i, part in enumerate(parts):
        if i and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
    return out
