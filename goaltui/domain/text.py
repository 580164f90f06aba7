"""The one path user text takes to a terminal: shown literally, never obeyed.

Control characters (C0, DEL, C1) and bidirectional overrides would let a title
move the cursor, retitle the window, write the clipboard or reorder what is on
screen. :func:`printable` swaps each for a visible stand-in; markup is never
parsed because callers render the result as plain text (``rich.text.Text`` or
``textual.content.Content``), never as markup.
"""

from __future__ import annotations

import re

# Bidi embeddings/overrides/isolates and marks that reorder text on screen.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_LINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def printable(text: object, *, multiline: bool = True) -> str:
    """``text`` with every control character made visible and harmless.

    Newlines and tabs survive when ``multiline``; otherwise they are shown too.
    """
    s = "" if text is None else str(text)
    if multiline:
        s = s.replace("\r\n", "\n")
        return _UNSAFE.sub(_stand_in, s)
    return _UNSAFE_LINES.sub(_stand_in, s)


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` on one line, made safe, cut to ``limit`` characters with an ellipsis."""
    s = printable(text, multiline=False)
    if limit is not None and len(s) > limit:
        return s[: max(limit - 1, 0)] + "\u2026"
    return s


def and_list(parts: list[str]) -> str:
    """``["a", "b", "c"]`` as "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
