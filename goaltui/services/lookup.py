"""Finding a KPI or a goal from what a person typed: an id, or its name or part of it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from goaltui.services.errors import ServiceError


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


T = TypeVar("T", bound=_Identified)


def find_named(
    items: Sequence[T],
    ref: str,
    name: Callable[[T], str],
    *,
    noun: str,
    word: str,
    listing: str,
    anywhere: bool = False,
) -> T:
    """The one item ``ref`` names: by id, exact name, or unique name prefix (any case).

    With ``anywhere``, a unique part of the name will do too. ``noun`` and
    ``word`` say what is looked for ("KPI", "name"); ``listing`` is the command
    that lists them all. Nothing or several matching: a :class:`ServiceError`.
    """
    text = ref.strip()
    if text.isdigit():
        for item in items:
            if item.id == int(text):
                return item
    wanted = text.casefold()
    if not wanted:
        raise ServiceError(f"give a {noun} {word} or id")
    matches = [i for i in items if name(i).casefold() == wanted]
    matches = matches or [i for i in items if name(i).casefold().startswith(wanted)]
    if anywhere:
        matches = matches or [i for i in items if wanted in name(i).casefold()]
    if not matches:
        raise ServiceError(f"no {noun} matches {text!r}; '{listing}' shows them")
    if len(matches) > 1:
        names = ", ".join(repr(name(i)) for i in matches[:5])
        raise ServiceError(f"{text!r} matches several {noun}s ({names}); type more of the {word}")
    return matches[0]
