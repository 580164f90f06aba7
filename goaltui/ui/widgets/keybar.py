"""The key bar at the bottom of a screen: its keys and what they do, on one line.

Textual's ``Footer`` mounts one widget per key and builds them all again each
time the bindings change (a few times whenever a screen is shown): on a big
screen that alone took over 100 ms. This bar draws the same keys as one line
of text, redrawn only when it is next painted.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


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
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            start = len(text)
            dim = Style() if enabled else Style(dim=True)
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style + dim)
            text.append(f"{binding.description} ", style=text_style + dim)
            spans.append((start, len(text), binding.key))
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            binding, enabled = palette
            label = Text(no_wrap=True, end="")
            label.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            label.append(f"{binding.description} ", style=text_style)
            gap = self.size.width - len(text) - len(label)
            if gap >= 1:
                text.append(" " * gap)
                spans.append((len(text), len(text) + len(label), binding.key))
                text.append_text(label)
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
