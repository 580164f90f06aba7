"""Messages the app sends its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The database changed (here or in another window): screens reload."""

    def __init__(self, undone: bool = False) -> None:
        super().__init__()
        #: A change was undone or redone: what a screen said of its own saves is stale.
        self.undone = undone
