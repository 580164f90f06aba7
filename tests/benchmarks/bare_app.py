"""The reference for timing: a bare Textual app (Header, Static, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """What any Textual app costs before it does anything."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare textual app: ready")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
