"""Small modal dialogs: confirm, message, reason, pick a goal."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from goaltui.ui.safe import safe
from goaltui.ui.screens.field_keys import FieldKeys

T = TypeVar("T")


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; ``y`` confirms, ``n``/Escape cancels.

    Enter presses the focused button: "no" at first, so a stray Enter changes nothing.
    ``danger=False`` draws "yes" as a plain choice rather than a destructive one.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(
        self, question: Text | str, *, yes: str = "Yes", no: str = "No", danger: bool = True
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question if isinstance(question, Text) else Text(question)
        self.yes, self.no = yes, no
        self.yes_variant: ButtonVariant = "error" if danger else "success"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant=self.yes_variant)
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FormScreen(FieldKeys, ModalScreen[T | None]):
    """A small form: opens on its first field; ctrl+s saves; Escape asks before throwing
    away what was typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    #: The question asked when Escape would throw away changes.
    DISCARD = "Throw away what you typed? Nothing is saved."

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._filled: dict[str, object] = {}

    def fields(self) -> dict[str, object]:
        """What each field holds now (field id -> value)."""
        out: dict[str, object] = {w.id: w.value for w in self.query(Input) if w.id}
        out.update((w.id, w.value) for w in self.query(Select) if w.id)
        return out

    def on_mount(self) -> None:
        self._filled = self.fields()
        first = self.query("Input")
        if first:
            first.first().focus()

    @staticmethod
    def buttons() -> Horizontal:
        """The form's Save and Cancel buttons, in a row."""
        return Horizontal(
            Button("Save (ctrl+s)", id="save", variant="primary"),
            Button("Cancel (esc)", id="cancel"),
            classes="dialog-buttons",
        )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_save()
        else:
            self.action_cancel()

    async def action_save(self) -> None:
        """Check what was typed and close with it (each form reads its own fields)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.fields() == self._filled:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(self.DISCARD, yes="Throw away", no="Keep editing"), answered
        )


class MessageScreen(ModalScreen[None]):
    """A message to read; any of Enter, Escape or ``q`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="dialog.close"),
    ]

    def __init__(self, message: str, *, title: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.message = message
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.title_text:
                yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(Text(self.message), classes="dialog-text")
            yield Button("Close", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class ReasonScreen(ModalScreen[str | None]):
    """Asks why a target, deadline or date changes; an empty reason is refused."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, what: Text | str) -> None:
        super().__init__(classes="dialog-screen")
        self.what = what if isinstance(what, Text) else Text(what)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.what, classes="dialog-text")
            yield Static("Why? The reason is kept with the goal's history.", classes="hint")
            yield Input(placeholder="reason for the change", id="reason")
            yield Static("", id="reason-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(
                "A reason is needed: it is what makes the change reviewable later."
            )
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


TOP_LEVEL = -1


class PickGoalScreen(ModalScreen[int | None]):
    """Pick a goal from a list (type to narrow it); returns its id, or ``TOP_LEVEL``.

    ``TOP_LEVEL`` is the first choice, labelled ``top_label``: no parent when
    moving a goal, all goals when filtering by one.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        goals: list[tuple[int, str, int]],
        *,
        allow_top: bool = True,
        top_label: str = "(top level: no parent)",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.goals = goals  # (id, title, depth)
        self.allow_top = allow_top
        self.top_label = top_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Input(placeholder="type to filter", id="pick-filter")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, needle: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        if self.allow_top and not needle:
            options.add_option(Option(Text(self.top_label, style="italic"), id="top"))
        for goal_id, title, depth in self.goals:
            if needle and needle.casefold() not in title.casefold():
                continue
            label = Text("  " * depth)
            label.append_text(safe(title, limit=70))
            options.add_option(Option(label, id=str(goal_id)))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key in ("down", "up") and self.focused is self.query_one(Input):
            options = self.query_one(OptionList)
            options.action_cursor_down() if key == "down" else options.action_cursor_up()
            getattr(event, "stop", lambda: None)()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == "top":
            self.dismiss(TOP_LEVEL)
        elif option_id is not None:
            self.dismiss(int(option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
