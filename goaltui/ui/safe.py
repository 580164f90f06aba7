"""Rich ``Text`` built from user data: never parsed as markup, never terminal control."""

from __future__ import annotations

from rich.text import Text

from goaltui.domain.text import one_line, printable


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


# One stand-in per character (an Input's cursor counts characters): C0 controls
# as their control pictures (␛), DEL as ␡, C1 controls and bidi overrides as �.
_INPUT_STAND_INS = str.maketrans(
    {
        **{c: 0x2400 + c for c in range(0x20)},
        0x7F: 0x2421,
        **{c: 0xFFFD for c in range(0x80, 0xA0)},
        **{ord(c): 0xFFFD for c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"},
        **{ord(c): 0xFFFD for c in "\u2066\u2067\u2068\u2069"},
    }
)


def guard_inputs() -> None:
    """Make every ``Input`` show control characters as visible stand-ins.

    An Input renders its value as is: a pasted ``ESC ] 0 ; … BEL``, or a stored
    title put in an edit form, would otherwise reach the terminal as a control
    sequence. The value itself is kept exactly; only what is drawn changes.
    """
    from textual.widgets import Input

    if getattr(Input, "_goaltui_guarded", False):
        return
    drawn = Input._value

    def _value(self: Input) -> Text:
        text: Text = drawn.fget(self)  # type: ignore[attr-defined]
        plain = text.plain
        safe_plain = plain.translate(_INPUT_STAND_INS)
        if safe_plain != plain:
            text.plain = safe_plain
        return text

    Input._value = property(_value)  # type: ignore[assignment, method-assign]
    Input._goaltui_guarded = True  # type: ignore[attr-defined]
