"""The new-goal wizard's checkpoints: a milestone tied to one of the draft's KPIs by name,
with the value to reach by its date.

Checked as a stored checkpoint is (:mod:`goaltui.domain.checkpoints`); what is wrong is
said at the milestone's checkpoint fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from goaltui.domain.checkpoints import PACED, Mark, checkpoint_problem, propose
from goaltui.domain.drafts import KpiDraft


def find_kpi(name: str, kpis: Sequence[KpiDraft]) -> int | None:
    """The index of the KPI called ``name`` (case aside), or of the only one it begins."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    exact = [i for i, k in enumerate(kpis) if k.name.casefold() == wanted]
    if exact:
        return exact[0]
    begun = [i for i, k in enumerate(kpis) if k.name.casefold().startswith(wanted)]
    return begun[0] if len(begun) == 1 else None


def check_checkpoints(
    blocks: Sequence[tuple[str, str, str, str, date | None]],
    kpis: Sequence[KpiDraft],
    start: date,
    deadline: date | None,
    errors: dict[str, str],
    number: Callable[[str, str, str], float | None],
) -> list[tuple[int | None, float | None]]:
    """Each block's (KPI index, value), None for none; ``errors`` get what is wrong.

    ``blocks`` are (key, title, KPI name, value, date) per milestone, in the order
    entered; ``number(text, field key, unit)`` reads a value.
    """
    out: list[tuple[int | None, float | None]] = []
    for key, _title, name, text, _day in blocks:
        if not name.strip() and not text.strip():
            out.append((None, None))
            continue
        index = find_kpi(name, kpis)
        if index is None:
            names = ", ".join(k.name for k in kpis if k.kind in PACED) or "none yet"
            errors[f"{key}-kpi"] = (
                f"Name one of this goal's KPIs to tie it to (increase or decrease: {names})."
                if name.strip()
                else "Which KPI should reach this value? Name it, or clear the value."
            )
            out.append((None, None))
            continue
        kpi = kpis[index]
        value = number(text, f"{key}-kpiv", kpi.unit)
        if value is None and f"{key}-kpiv" not in errors:
            errors[f"{key}-kpiv"] = f"The value {kpi.name} should reach by this milestone's date."
        out.append((index, value))
    for index, kpi in enumerate(kpis):
        if kpi.baseline is None or kpi.target is None:
            continue
        mine = [
            (key, Mark(title, day, value))
            for (key, title, _n, _t, day), (i, value) in zip(blocks, out, strict=True)
            if i == index and value is not None and day is not None
        ]
        problem = checkpoint_problem(
            kpi.kind, kpi.baseline, kpi.target, start, deadline, [m for _, m in mine], kpi.name
        )
        if problem and mine:
            at = next((k for k, m in mine if repr(m.title) in problem), mine[0][0])
            errors.setdefault(f"{at}-kpiv", problem[0].upper() + problem[1:] + ".")
    return out


def proposed_values(
    blocks: Sequence[tuple[str, str, date | None]],
    kpis: Sequence[KpiDraft],
    start: date,
    deadline: date,
) -> dict[str, float]:
    """For each block (key, KPI name, date) tied to a KPI with a baseline and a target:
    the value on the straight line at its date, rounded for the size of the change."""
    out: dict[str, float] = {}
    for key, name, day in blocks:
        index = find_kpi(name, kpis)
        if index is None or day is None:
            continue
        kpi = kpis[index]
        if kpi.kind not in PACED or kpi.baseline is None or kpi.target is None:
            continue
        out[key] = propose(kpi.baseline, kpi.target, start, deadline, [day])[0]
    return out
