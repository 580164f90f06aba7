"""The key bar at the bottom of a screen: its keys and what they do, on one line.

Textual's ``Footer`` mounts one widget per key and builds them all again each
time the bindings change (a few times whenever a screen is shown): on a big
screen that alone took over 100 ms. This bar draws the same keys as one line
of text, redrawn only when it is next painted. When the keys do not all fit, help and
quit stay and the others that do not fit are left to help.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

#: Keys drawn whatever the width: help (which lists every key) and quit.
ALWAYS_SHOWN = frozenset({"app.help", "app.quit"})
#: Drawn where keys that did not fit were left out.
MORE = " … "


class KeyBar(Widget):
    """The keys of the screen underneath, drawn as one line; a click presses one."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: (first column, end column, key) of each key drawn last, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        width = self.size.width or self.app.size.width
        keys: list[tuple[Text, str]] = []
        kept: list[tuple[Text, str]] = []
        seen: set[str] = set()
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = binding
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            dim = Style() if enabled else Style(dim=True)
            label = Text(no_wrap=True, end="")
            label.append(f" {self.app.get_key_display(binding)} ", style=key_style + dim)
            label.append(f"{binding.description} ", style=text_style + dim)
            (kept if binding.id in ALWAYS_SHOWN else keys).append((label, binding.key))
        # The screen's keys in order while they fit, then help and quit: a key that
        # does not fit is listed by help, and "…" says there are more.
        room = width - sum(len(label) for label, _key in kept)
        shown: list[tuple[Text, str]] = []
        for index, (label, key) in enumerate(keys):
            last = index == len(keys) - 1
            if len(label) > room - (0 if last else len(MORE)):
                shown.append((Text(MORE, style=text_style, end=""), ""))
                break
            shown.append((label, key))
            room -= len(label)
        shown.extend(kept)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        for label, key in shown:
            if key:
                spans.append((len(text), len(text) + len(label), key))
            text.append_text(label)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            label = Text(no_wrap=True, end="")
            label.append(f" {self.app.get_key_display(palette)} ", style=key_style)
            label.append(f"{palette.description} ", style=text_style)
            gap = width - len(text) - len(label)
            if gap >= 1:
                text.append(" " * gap)
                spans.append((len(text), len(text) + len(label), palette.key))
                text.append_text(label)
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
