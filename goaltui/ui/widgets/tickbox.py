"""A checkbox whose state shows in its glyph: ``[x]`` ticked, ``[ ]`` not.

Textual's ``Checkbox`` draws the same ``X`` both ways and tells them apart by
colour only, so with NO_COLOR (or to a colour-blind eye) ticked and unticked
look alike. This one keeps the colours as a hint and draws the state itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import ContentText
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A ``Checkbox`` drawn ``[x]`` when ticked and ``[ ]`` when not."""

    DEFAULT_CSS: ClassVar[str] = """
    TickBox > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: bold;
    }
    TickBox.-on > .toggle--button {
        color: $text-success;
    }
    """

    # The whole box is the button's inside, drawn in its style: the sides Textual
    # draws take the button's background as their colour, which is none here.
    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""
    TICKED: ClassVar[str] = "[x]"
    UNTICKED: ClassVar[str] = "[ ]"

    def __init__(
        self,
        label: ContentText = "",
        value: bool = False,
        *,
        id: str | None = None,
        classes: str | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(label, value, id=id, classes=classes, compact=compact)
        self.BUTTON_INNER = self.TICKED if value else self.UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.TICKED if self.value else self.UNTICKED
        super().watch_value()
        self.refresh()
