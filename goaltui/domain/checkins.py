"""One check-in per goal per day: what several rows of one day amount to.

Saving the check-in form again the same day updates that day's entry. Older
databases may hold several rows for one goal and day (each save used to add
one): read together they give one entry, and no text is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from goaltui.domain.models import CheckIn

#: Between two different texts of one day joined into one.
JOIN = "; "
#: The fields of a check-in that hold text.
TEXTS = ("wins", "obstacles", "note")


def join_texts(texts: Iterable[str]) -> str:
    """The distinct non-empty texts, in the order first given, joined with '; '."""
    seen: list[str] = []
    for text in texts:
        text = text.strip()
        if text and text not in seen:
            seen.append(text)
    return JOIN.join(seen)


def merge_day(rows: Sequence[CheckIn]) -> CheckIn:
    """One entry for rows of one goal and day, oldest first.

    The first row's id is kept; the confidence (and the planned obstacle met) is
    the last one given that day; each text field joins the day's distinct texts.
    """
    first = rows[0]
    if len(rows) == 1:
        return first
    given = [r.confidence for r in rows if r.confidence is not None]
    matched = [r.obstacle_id for r in rows if r.obstacle_id is not None]
    return replace(
        first,
        confidence=given[-1] if given else None,
        obstacle_id=matched[-1] if matched else None,
        wins=join_texts(r.wins for r in rows),
        obstacles=join_texts(r.obstacles for r in rows),
        note=join_texts(r.note for r in rows),
    )


def one_per_day(rows: Iterable[CheckIn]) -> list[CheckIn]:
    """``rows`` (oldest first) with each goal's rows of one day merged into one entry."""
    by_key: dict[tuple[int, object], list[CheckIn]] = {}
    for r in rows:
        by_key.setdefault((r.goal_id, r.day), []).append(r)
    return [merge_day(group) for group in by_key.values()]
