"""Keys that move between fields, handled as they arrive.

A key goes to the widget that has the focus when the app receives it, and waits
in that widget's queue. If Tab or Enter moved the focus only once the field had
worked through its queue, keys typed right after them (typed fast, or pasted)
would already sit in the old field: "2:08:30", Enter, "18" would give
"2:08:3018". Bound with priority, Tab, shift+tab and Enter in a field move the
focus the moment they arrive, so each later key lands where the person expects.

An action that reads the fields first awaits :meth:`FieldKeys.caught_up`: the
keys sent before it may still wait in a field's queue.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

#: The longest :meth:`FieldKeys.caught_up` waits for the fields, in seconds.
CAUGHT_UP_S = 1.0


class FieldKeys(Screen[Any]):
    """Mixed into a screen with fields, before its screen class."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "move_focus(1)", show=False, priority=True, id="fields.next"),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True, id="fields.previous"),
        Binding("enter", "submit_field", show=False, priority=True, id="fields.enter"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_field":
            # Enter in a field moves on; on a button, a list or a box it does what it does there.
            return isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_move_focus(self, direction: int) -> None:
        """Tab and shift+tab."""
        if direction > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_submit_field(self) -> None:
        """Enter in a field."""
        if isinstance(self.focused, Input):
            self.field_submitted(self.focused)

    def field_submitted(self, field: Input) -> None:
        """Enter in ``field``: on to the next one (a form may save from its last)."""
        self.focus_next()

    async def caught_up(self) -> None:
        """Wait until every field has handled the keys already sent to it.

        A field removed meanwhile (the form rebuilt after a save) never answers:
        the wait is bounded, by far more than a queue of typed keys takes.
        """
        waits = []
        for box in self.query(Input):
            done = asyncio.Event()
            if box.is_attached and box.call_later(done.set):
                waits.append(asyncio.ensure_future(done.wait()))
        if not waits:
            return
        _, pending = await asyncio.wait(waits, timeout=CAUGHT_UP_S)
        for wait in pending:
            wait.cancel()
