"""Messages the app sends its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The database changed (here or in another window): screens reload."""
