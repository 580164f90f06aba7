"""The benchmark's budgets and verdicts: samples in, rows of the table out.

Pure: no tmux, no processes, no clock. ``run.py`` collects the samples (per
app, per figure, every value of every measured run) and hands them here.

The budgets, each held on every database measured (the 1,000,000- and the
10,000-measurement ones, and the many-goals one where it says so):

* first paint <= 1.15x the bare Textual app;
* goals with progress and KPI status <= 1.2x the stack floor app's first paint
  on the same database (2x on the many-goals database);
* a cursor move and opening a KPI detail: median <= 30 ms, max <= 50 ms over
  every key of every run;
* a switch of screens: median <= 100 ms;
* the same keys pressed in the first seconds after start (as soon as the goals'
  outline is on screen, not after the screen was quiet): each within
  ``EARLY_SLACK_MS`` of the same key's median on a quiet app, and within its own
  budget above;
* ``goaltui checkin`` and ``goaltui due`` <= 1.1x ``python -c "import sqlmodel"``;
* peak memory <= 1.4x the stack floor app on the same database (on the
  many-goals database: <= 2x goaltui's peak on the 2,000-goal one).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

Samples = dict[str, dict[str, list[float]]]
Row = dict[str, Any]

FIRST_PAINT_X_BARE = 1.15
PROGRESS_X_FLOOR = 1.2
KEY_MEDIAN_MS = 30.0
KEY_MAX_MS = 50.0
SWITCH_MEDIAN_MS = 100.0
EARLY_SLACK_MS = 16.0
CLI_X_IMPORT = 1.1
MEMORY_X_FLOOR = 1.4
MANY_PROGRESS_X_FLOOR = 2.0
MANY_MEMORY_X_2000 = 2.0

#: Keys held to a median and a max: (figure, label).
KEYS = (
    ("tree_down_ms", "cursor move in the goal tree"),
    ("kpi_detail_ms", "open a KPI detail"),
)
#: Switches of screens, held to a median: (figure, label).
SWITCHES = (
    ("to_timeline_ms", "switch to 2 Timeline"),
    ("to_goals_ms", "switch to 1 Goals"),
    ("to_kpis_ms", "switch to 3 KPIs"),
    ("to_checkin_ms", "switch to 4 Check-in"),
    ("to_review_ms", "switch to 5 Review"),
)


@dataclass(frozen=True)
class Db:
    """The apps measured on one database, and the label its rows carry."""

    label: str  # e.g. "1M db"
    app: str  # goaltui after a quiet screen (the keys' later latencies)
    floor: str  # the stack floor app on the same database
    early: str | None = None  # goaltui with keys from the outline on
    cli: str | None = None  # suffix of the CLI runs' names on this database ("" for none)
    #: goaltui started after another program changed the database: nothing kept.
    cold: str | None = None


def short(n: int) -> str:
    """A count as a row's label puts it: 1000000 -> 1M, 10000 -> 10k, 400 -> 400."""
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def med(samples: Samples, app: str, figure: str) -> float | None:
    values = samples.get(app, {}).get(figure)
    return statistics.median(values) if values else None


def top(samples: Samples, app: str, figure: str) -> float | None:
    values = samples.get(app, {}).get(figure)
    return max(values) if values else None


def row(figure: str, value: float | None, budget: str, ok: bool | None, *, unit: str = "ms",
        reference: float | None = None, ref_name: str = "", ratio: float | None = None,
        delta: float | None = None) -> Row:  # fmt: skip
    """One line of the table (and of the JSON)."""
    return {
        "figure": figure, "goaltui": value, "reference": reference, "ref_name": ref_name,
        "ratio": ratio, "delta": delta, "budget": budget, "ok": ok, "unit": unit,
    }  # fmt: skip


def ratio_row(figure: str, value: float | None, ref_name: str, ref: float | None,
              limit: float | None, unit: str = "ms") -> Row:  # fmt: skip
    """``value`` held to ``limit`` times ``ref`` (no limit: shown, not judged)."""
    ratio = value / ref if value is not None and ref else None
    if limit is None:
        return row(figure, value, "-", None, unit=unit, reference=ref, ref_name=ref_name,
                   ratio=ratio)  # fmt: skip
    ok = ratio is not None and ratio <= limit
    return row(figure, value, f"<= {limit:g}x {ref_name}", ok, unit=unit, reference=ref,
               ref_name=ref_name, ratio=ratio)  # fmt: skip


def abs_row(figure: str, value: float | None, limit: float, what: str = "") -> Row:
    """``value`` held to ``limit`` ms (``what``: "median" or "max", said in the budget)."""
    ok = value is not None and value <= limit
    budget = f"<= {limit:g} ms" + (f" {what}" if what else "")
    return row(figure, value, budget, ok)


def early_row(figure: str, early: float | None, quiet: float | None, limit: float) -> Row:
    """A key pressed early: its median within the slack of the quiet median, and the limit."""
    delta = early - quiet if early is not None and quiet is not None else None
    ok = delta is not None and early is not None and delta <= EARLY_SLACK_MS and early <= limit
    budget = f"<= quiet + {EARLY_SLACK_MS:g} ms, <= {limit:g} ms median"
    return row(figure, early, budget, ok, reference=quiet, ref_name="quiet", delta=delta)


def key_rows(samples: Samples, app: str, early: str | None, db: str) -> list[Row]:
    """The keys' rows on one database: later on a quiet app, then in the first seconds."""
    rows: list[Row] = []
    for fig, label in KEYS:
        rows.append(abs_row(f"{label} ({db})", med(samples, app, fig), KEY_MEDIAN_MS, "median"))
        rows.append(abs_row(f"{label}, max ({db})", top(samples, app, fig), KEY_MAX_MS, "max"))
    for fig, label in SWITCHES:
        rows.append(abs_row(f"{label} ({db})", med(samples, app, fig), SWITCH_MEDIAN_MS, "median"))
    if early is None or early not in samples:
        return rows
    for fig, label in KEYS:
        quiet = med(samples, app, fig)
        rows.append(early_row(f"first seconds: {label} ({db})", med(samples, early, fig), quiet,
                              KEY_MEDIAN_MS))  # fmt: skip
        rows.append(abs_row(f"first seconds: {label}, max ({db})", top(samples, early, fig),
                            KEY_MAX_MS, "max"))  # fmt: skip
    for fig, label in SWITCHES:
        rows.append(early_row(f"first seconds: {label} ({db})", med(samples, early, fig),
                              med(samples, app, fig), SWITCH_MEDIAN_MS))  # fmt: skip
    # Not a budget: when the last early key showed what it must (from the start).
    rows.append(row(f"first seconds: every key done, since start ({db})",
                    med(samples, early, "early_done_ms"), "-", None))  # fmt: skip
    return rows


def db_rows(samples: Samples, db: Db) -> list[Row]:
    """Every budget on one database of 2,000 goals."""
    g = db.app
    floor = med(samples, db.floor, "first_paint_ms")
    rows = [
        ratio_row(f"first paint ({db.label})", med(samples, g, "first_paint_ms"), "bare",
                  med(samples, "bare", "first_paint_ms"), FIRST_PAINT_X_BARE),
        # Not a budget of its own: titles, status and days left, before progress.
        ratio_row(f"goals visible, outline ({db.label})", med(samples, g, "data_ms"), "floor",
                  floor, None),
        ratio_row(f"goals with progress and KPI status ({db.label})",
                  med(samples, g, "full_ms"), "floor", floor, PROGRESS_X_FLOOR),
    ]  # fmt: skip
    if db.cold is not None and db.cold in samples:
        # The first start after a change (or on a new day): the figures are worked out.
        rows.append(ratio_row(f"goals with progress, first start after a change ({db.label})",
                              med(samples, db.cold, "full_ms"), "floor", floor,
                              PROGRESS_X_FLOOR))  # fmt: skip
    rows += key_rows(samples, g, db.early, db.label)
    if db.cli is not None:
        ref = med(samples, "import sqlmodel", "wall_ms")
        for cmd in ("goaltui checkin", "goaltui due"):
            rows.append(ratio_row(f"`{cmd}` wall time ({db.label})",
                                  med(samples, cmd + db.cli, "wall_ms"), "import sqlmodel", ref,
                                  CLI_X_IMPORT))  # fmt: skip
    floor_mb = med(samples, db.floor, "peak_mb")
    rows.append(ratio_row(f"peak memory, VmHWM ({db.label})", med(samples, g, "peak_mb"),
                          "floor", floor_mb, MEMORY_X_FLOOR, "MB"))  # fmt: skip
    return rows


def many_rows(samples: Samples, db: Db, goals_2000: str) -> list[Row]:
    """The many-goals database: progress <= 2x its floor, the keys, memory <= 2x 2,000 goals."""
    g = db.app
    floor = med(samples, db.floor, "first_paint_ms")
    rows = [
        ratio_row(f"goals visible, outline ({db.label})", med(samples, g, "data_ms"), "floor",
                  floor, None),
        ratio_row(f"goals with progress and KPI status ({db.label})",
                  med(samples, g, "full_ms"), "floor", floor, MANY_PROGRESS_X_FLOOR),
    ]  # fmt: skip
    rows += key_rows(samples, g, db.early, db.label)
    rows.append(ratio_row(f"peak memory, VmHWM ({db.label})", med(samples, g, "peak_mb"),
                          "2,000 goals", med(samples, goals_2000, "peak_mb"),
                          MANY_MEMORY_X_2000, "MB"))  # fmt: skip
    return rows


def remind_rows(samples: Samples) -> list[Row]:
    """``goaltui remind``: a prompt waits for it; a few times the bare interpreter."""
    rows: list[Row] = []
    floor = med(samples, "python -c pass", "wall_ms")
    for cmd, db in (("goaltui remind", "big db"), ("goaltui remind (small db)", "small db")):
        rows.append(ratio_row(f"`goaltui remind` wall time ({db})", med(samples, cmd, "wall_ms"),
                              "python -c pass", floor, 4))  # fmt: skip
        rows.append(abs_row(f"`goaltui remind` own work ({db})", med(samples, cmd, "own_ms"), 50))
    return rows


def growth_rows(samples: Samples, big: str, small: str) -> list[Row]:
    """The screens over a large history against a small one (same goals)."""
    rows: list[Row] = []
    for fig, label in (("to_kpis_ms", "KPI screen"), ("to_checkin_ms", "check-in screen")):
        rows.append(ratio_row(f"{label}: 1M vs 10k values", med(samples, big, fig), "10k db",
                              med(samples, small, fig), 1.3))  # fmt: skip
    return rows


def pg_rows(samples: Samples, pg: str, sqlite: str) -> list[Row]:
    """The large database on PostgreSQL, held against SQLite in the same rounds."""
    rows: list[Row] = []
    for fig, label in (
        ("data_ms", "goals visible"),
        ("full_ms", "goals with progress"),
        *((f, lab) for f, lab in SWITCHES if f != "to_goals_ms"),
    ):
        rows.append(ratio_row(f"PostgreSQL: {label}", med(samples, pg, fig), "SQLite",
                              med(samples, sqlite, fig), 1.5))  # fmt: skip
    return rows


def num(v: object, unit: str) -> str:
    if not isinstance(v, float | int):
        return "-"
    return f"{v:.0f} {unit}" if abs(v) >= 10 else f"{v:.1f} {unit}"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else "pass" if ok else "**FAIL**"


def table_text(rows: list[Row]) -> str:
    """The rows as a Markdown table; the "vs" column is a ratio or a difference."""
    lines = [
        "| figure | goaltui | reference | vs | budget | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        unit = str(r["unit"])
        ref = f"{num(r['reference'], unit)} ({r['ref_name']})" if r["reference"] else "-"
        if isinstance(r["ratio"], float):
            vs = f"{r['ratio']:.2f}x"
        elif isinstance(r["delta"], float):
            vs = num(r["delta"], unit)
            vs = vs if vs.startswith("-") else "+" + vs
        else:
            vs = "-"
        lines.append(
            f"| {r['figure']} | {num(r['goaltui'], unit)} | {ref} | {vs} | {r['budget']} "
            f"| {verdict(r['ok'])} |"
        )
    return "\n".join(lines)


def reference_table(samples: Samples) -> str:
    """Every figure of every app: median, min, max and how many values."""
    lines = ["| app | figure | median | min | max | n |", "|---|---|---:|---:|---:|---:|"]
    for app, figures in samples.items():
        for fig, values in figures.items():
            if values:
                lines.append(
                    f"| {app} | {fig} | {statistics.median(values):.1f} | {min(values):.1f} "
                    f"| {max(values):.1f} | {len(values)} |"
                )
    return "\n".join(lines)


def passed(rows: list[Row]) -> bool:
    """Every judged row met its budget (rows without a budget do not count)."""
    return all(r["ok"] is not False for r in rows)
