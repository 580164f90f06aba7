"""goaltui's performance benchmark: one command, one table.

    python tests/benchmarks/run.py            # full run (7 runs + 1 warm-up; 3 on 100,000 goals)
    python tests/benchmarks/run.py --no-100k  # the same without the 100,000-goal database
    python tests/benchmarks/run.py --quick    # small databases, one run (the smoke test)
    python tests/benchmarks/run.py --scale 10000,100000   # the commands at many goals

It generates the databases (``generate.py``) unless they exist: 2,000 goals with
1,000,000 measurements and with 10,000, and 100,000 goals with 1,000,000. Then
it measures in interleaved rounds (the apps take turns, so drifting machine load
hits them alike) goaltui against two reference apps in a private tmux server of
its own:

* ``bare``:  a bare Textual app (Header, Static, Footer)  -- ``bare_app.py``
* ``floor``: the bare app plus importing SQLModel and plotext and opening the
  database with goaltui's ``open_engine``  -- ``floor_app.py``, on each database

and prints the medians, the ratios to the references and the budgets
(``budgets.py`` says which), one row per database. Figures: time to first
paint, time until the Goals tree shows data (its outline, then with progress;
again for a start after another program changed the database, when the figures
goaltui kept from its last start no longer hold), keystroke latencies (each key
several times, median and max), the same keys in the first seconds after start,
CLI wall times against ``python -c "import sqlmodel"`` (``goaltui remind``,
which imports no SQLModel, against ``python -c pass``, with its own work
apart), peak memory (VmHWM), and the growth of the KPI and check-in screens
from 10,000 to 1,000,000 measurements. The 100,000-goal
database runs last, goaltui and the floor app only, in fewer rounds.
``goaltui checkin`` writes to a copy of each database, so that the other runs
find what the dashboard kept. goaltui's modules are compiled first, as an
installed package has them. Needs tmux (>= 3.0) and Linux /proc.

How a terminal figure is taken (``terminal.py``): each run gets a detached tmux session whose
pane waits on a FIFO (``sh -c 'read _ < FIFO; exec APP'``); the clock starts
when the FIFO is written, so tmux's own start-up is not counted. The screen is
polled every few milliseconds through one tmux control-mode client (a socket
round trip, not a process per poll). A keystroke is timed from ``send-keys``
until its expected text is on screen (or, with none, until the screen changes,
colours included; a cursor move: until the goal tree's highlighted row is on
another goal), after the screen has been quiet for a moment. In the first
seconds (``TuiApp.early``) the keys go as soon as the goals' outline shows (with
the tree's cursor), each right after the one before showed what it must.

Exit status: 0 when every budget is met and every run finished, 1 when a budget
is missed or a run failed, 2 without tmux.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __package__:
    from . import budgets
    from .terminal import (
        CURSOR,
        CURSOR_SHOWN,
        BenchError,
        Tmux,
        holds,
        vm_hwm_mb,
        wait_for,
        wait_quiet,
    )
else:  # run as a script: its folder is on sys.path
    import budgets  # type: ignore[no-redef]
    from terminal import (  # type: ignore[no-redef]
        CURSOR,
        CURSOR_SHOWN,
        BenchError,
        Tmux,
        holds,
        vm_hwm_mb,
        wait_for,
        wait_quiet,
    )

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = sys.executable


# -- what is measured ------------------------------------------------------------------
@dataclass
class Step:
    """Keys to send and what shows they took effect (None: any change; ``CURSOR``)."""

    figure: str | None  # None: performed but not reported; a figure may recur (each one timed)
    keys: list[str]
    expect: str | None


@dataclass
class TuiApp:
    name: str
    argv: list[str]
    ready: str
    data: str | None = None
    full: str | None = None  # the data complete (after ``data``: a first outline)
    steps: list[Step] = field(default_factory=list)
    quit_keys: list[str] = field(default_factory=lambda: ["C-q"])
    #: The first seconds: ``steps`` are sent as soon as ``data`` shows, each key as soon
    #: as the previous one showed what it must, not after a quiet screen; then the run ends.
    early: bool = False
    timeout: float | None = None  # seconds for one figure (default: ``--timeout``)
    #: Run before each start (e.g. another program's change to the database).
    before: Callable[[], None] | None = None


def run_steps(tmux: Tmux, name: str, steps: list[Step], quiet: float | None, timeout: float,
              poll: float, out: dict[str, list[float]]) -> None:  # fmt: skip
    """Send each step's keys and time them into ``out`` (after a quiet screen, or at once)."""
    for step in steps:
        # At once (the first seconds), or after the screen was quiet.
        before = tmux.screen(name) if quiet is None else wait_quiet(tmux, name, quiet, timeout)
        if step.expect not in (None, CURSOR, CURSOR_SHOWN) and holds(step.expect, before):
            raise BenchError(f"{name}: {step.expect!r} holds before {step.keys} was sent")
        tmux.keys(name, step.keys)
        t = time.perf_counter()
        ms = wait_for(tmux, name, step.expect, t, timeout, poll, before)
        if step.figure:
            out.setdefault(step.figure, []).append(ms)


def run_tui(
    tmux: Tmux, app: TuiApp, label: str, opts: argparse.Namespace
) -> dict[str, list[float]]:
    """One run of a terminal app: its figures in ms (and peak memory in MB)."""
    name = f"{app.name}-{label}-{secrets.token_hex(2)}"
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
    poll = opts.poll_ms / 1000
    timeout = app.timeout or opts.timeout
    out: dict[str, list[float]] = {}
    if app.before is not None:
        app.before()
    try:
        t0, pid = tmux.start(name, app.argv, env)
        out["first_paint_ms"] = [wait_for(tmux, name, app.ready, t0, timeout, poll)]
        if app.data:
            out["data_ms"] = [wait_for(tmux, name, app.data, t0, timeout, poll)]
        if app.early:
            # The outline may be drawn a frame before the tree's cursor: a move shows
            # only once there is a cursor to move.
            wait_for(tmux, name, CURSOR_SHOWN, t0, timeout, poll)
            run_steps(tmux, name, app.steps, None, timeout, poll, out)
            out["early_done_ms"] = [(time.perf_counter() - t0) * 1000]
            return out  # the session is killed below: no peak, no quitting
        if app.full:
            out["full_ms"] = [wait_for(tmux, name, app.full, t0, timeout, poll)]
        run_steps(tmux, name, app.steps, opts.quiet_ms / 1000, timeout, poll, out)
        wait_quiet(tmux, name, 0.2, 5)
        hwm = vm_hwm_mb(pid)
        if hwm is not None:
            out["peak_mb"] = [hwm]
        tmux.keys(name, app.quit_keys)
        end = time.perf_counter() + 5
        while not tmux.dead(name) and time.perf_counter() < end:
            time.sleep(0.02)
    finally:
        tmux.kill(name)
    return out


def run_cli(argv: list[str]) -> dict[str, float]:
    t0 = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    ms = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        raise BenchError(f"{shlex.join(argv)} failed: {done.stderr.strip()[-300:]}")
    figures = {"wall_ms": ms}
    own = re.search(r"^own_ms=([0-9.]+)$", done.stderr, re.MULTILINE)
    if own:
        figures["own_ms"] = float(own.group(1))
    return figures


#: ``goaltui remind`` run as ``python -m goaltui`` runs it, timing its own work from
#: the first import of goaltui to the end (the interpreter's start is not counted).
REMIND_OWN = """\
import sys, time
t0 = time.perf_counter()
from goaltui.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(f"own_ms={(time.perf_counter() - t0) * 1000:.3f}", file=sys.stderr)
sys.exit(code)
"""


def remind_argv(db: Path) -> list[str]:
    """``goaltui --db DB remind`` that also reports its own work (``own_ms``)."""
    return [PY, "-c", REMIND_OWN, "--db", str(db), "remind"]


# -- the plan ---------------------------------------------------------------------------
#: The goal tree's rows (an outline: "…" where progress goes; then a percentage).
GOALS_ROWS = r"re:Goal \d{4,} grow[^│\n]*(…|\d+%) +\d+d (left|late)"
#: The KPI list's rows: a goal's title (maybe cut short), then a KPI's name on the same row.
KPI_ROWS = r"re:Goal \d{4,}[^│\n]*KPI \d{3}"
#: A KPI's detail with its reading: the head's line of kind, cadence and aggregation.
KPI_READING = r"re:\w · \w+ · \w+ of each period"


def switches(then_kpis: list[Step]) -> list[Step]:
    """Every screen once, each counted until its data is on it (not its frame)."""
    return [
        Step("to_timeline_ms", ["2"], r"re:\d+ planned items"),
        Step("to_goals_ms", ["1"], GOALS_ROWS),
        Step("to_kpis_ms", ["3"], KPI_ROWS),
        *then_kpis,
        Step("to_review_ms", ["5"], r"re:grow the thing  \((active|paused)\)"),
        # The check-in's inputs take digits, so it comes last.
        Step("to_checkin_ms", ["4"], "KPI values due"),
    ]


def kpi_details(times: int) -> list[Step]:
    """Open a KPI's detail ``times`` times, a different KPI each time."""
    steps: list[Step] = []
    for i in range(times):
        if i:
            steps.append(Step(None, ["Down"], None))
        steps.append(Step("kpi_detail_ms", ["Enter"], KPI_READING))
        steps.append(Step(None, ["Escape"], "!" + KPI_READING))
    return steps


def goaltui_app(name: str, db: Path | str, *, early: bool = False, moves: int = 5,
                details: int = 3, timeout: float | None = None) -> TuiApp:  # fmt: skip
    """goaltui on ``db``: later on a quiet screen, or (``early``) from the outline on.

    Quiet: ``moves`` cursor moves and ``details`` KPI details, each timed, so that
    their max means something. Early: two moves and one detail, each key sent as
    soon as the one before showed what it must.
    """
    if early:
        moves, details = 2, 1
    steps = [Step("tree_down_ms", ["Down"], CURSOR) for _ in range(moves)]
    steps += switches(kpi_details(details))
    return TuiApp(
        name=name,
        argv=[PY, "-m", "goaltui", "--db", str(db)],
        ready="1 Goals",
        # The tree shows an outline (titles, dates) first, then progress and status.
        data=r"re:Goal \d{4} grow",
        full=r"re:Goal \d{4} grow.* \d+%",
        # ctrl+q quits from any screen (q would be typed into a check-in field).
        quit_keys=["C-q"],
        steps=steps,
        early=early,
        timeout=timeout,
    )


def changed_by_another_program(db: Path) -> Callable[[], None]:
    """A change to ``db`` as a script would make it: goaltui's figures kept from its
    last start no longer hold, so the next start works them out again."""

    def change() -> None:
        con = sqlite3.connect(db)
        try:
            with con:
                con.execute("UPDATE goal SET title = title WHERE id = (SELECT min(id) FROM goal)")
        finally:
            con.close()

    return change


def cold_app(name: str, db: Path) -> TuiApp:
    """goaltui started after a change by another program (or on a new day): nothing kept."""
    app = goaltui_app(name, db, moves=0, details=0)
    app.steps, app.before = [], changed_by_another_program(db)
    return app


def copy_for_writes(db: Path) -> Path:
    """A copy of ``db`` for the commands that write (``checkin``): a write forgets the
    figures the dashboard keeps between starts, which the other runs are to find."""
    copy = db.with_name(f"{db.stem}-writes.db")
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


def floor_app(name: str, db: Path, timeout: float | None = None) -> TuiApp:
    argv = [PY, str(HERE / "floor_app.py"), str(db)]
    return TuiApp(name, argv, "stack floor app: ready", timeout=timeout)


def checkin_argv(db: Path) -> list[str]:
    return [PY, "-m", "goaltui", "--db", str(db), "checkin", "KPI 001", "5"]


def due_argv(db: Path) -> list[str]:
    return [PY, "-m", "goaltui", "--db", str(db), "due"]


@dataclass
class Plan:
    """What one phase measures, in interleaved rounds."""

    tuis: dict[str, TuiApp]
    clis: dict[str, list[str]] = field(default_factory=dict)
    runs: int = 7
    warmup: int = 1


def main_plan(opts: argparse.Namespace, big: Path, small: Path) -> Plan:
    """2,000 goals: the large and the small database, both apps and references."""
    tuis: dict[str, TuiApp] = {
        "bare": TuiApp("bare", [PY, str(HERE / "bare_app.py")], "bare textual app: ready"),
        "floor": floor_app("floor", big),
        "floor-small": floor_app("floor-small", small),
        "goaltui": goaltui_app("goaltui", big, moves=opts.moves, details=opts.details),
        "goaltui-small": goaltui_app("goaltui-small", small, moves=opts.moves,
                                     details=opts.details),
    }  # fmt: skip
    if opts.early:
        tuis["goaltui-early"] = goaltui_app("goaltui-early", big, early=True)
        tuis["goaltui-small-early"] = goaltui_app("goaltui-small-early", small, early=True)
    tuis["goaltui-cold"] = cold_app("goaltui-cold", big)
    tuis["goaltui-small-cold"] = cold_app("goaltui-small-cold", small)
    if opts.db:  # the large database's rows, on a PostgreSQL server
        tuis["goaltui-pg"] = goaltui_app("goaltui-pg", opts.db)
    clis = {
        "import sqlmodel": [PY, "-c", "import sqlmodel"],
        "goaltui checkin": checkin_argv(copy_for_writes(big)),
        "goaltui due": due_argv(big),
        "goaltui checkin (small db)": checkin_argv(copy_for_writes(small)),
        "goaltui due (small db)": due_argv(small),
        # remind is held against the interpreter alone: it imports no SQLModel.
        "python -c pass": [PY, "-c", "pass"],
        "goaltui remind": remind_argv(big),
        "goaltui remind (small db)": remind_argv(small),
    }
    return Plan(tuis, clis, opts.runs, opts.warmup)


def many_plan(opts: argparse.Namespace, many: Path) -> Plan:
    """The many-goals database: goaltui (quiet and early) and the floor app, fewer runs."""
    t = max(opts.timeout, opts.many_timeout)
    tuis = {
        "floor-many": floor_app("floor-many", many, t),
        "goaltui-many": goaltui_app("goaltui-many", many, timeout=t),
    }
    if opts.early:
        tuis["goaltui-many-early"] = goaltui_app("goaltui-many-early", many, early=True, timeout=t)
    return Plan(tuis, runs=opts.many_runs, warmup=0)


def measure(opts: argparse.Namespace, plan: Plan, samples: budgets.Samples,
            failures: list[str]) -> None:  # fmt: skip
    """Run ``plan``'s apps in turn, round after round, into ``samples`` (every planned
    app gets an entry, so a budget whose app failed every run shows as failed)."""
    names = list(plan.tuis) + list(plan.clis)
    for n in names:
        samples.setdefault(n, {})
    tmux = Tmux(opts.width, opts.height)
    try:
        for rnd in range(plan.warmup + plan.runs):
            warm = rnd < plan.warmup
            label = f"w{rnd + 1}" if warm else f"r{rnd - plan.warmup + 1}"
            k = rnd % len(names)
            for name in names[k:] + names[:k]:
                try:
                    if name in plan.tuis:
                        figures = run_tui(tmux, plan.tuis[name], label, opts)
                    else:
                        figures = {f: [v] for f, v in run_cli(plan.clis[name]).items()}
                except BenchError as exc:
                    print(f"[{label}] {name}: FAILED: {exc}", file=sys.stderr, flush=True)
                    failures.append(f"{name} [{label}]: {str(exc).splitlines()[0]}")
                    continue
                if not opts.quiet:
                    shown = " ".join(
                        f"{f}={'/'.join(f'{v:.0f}' for v in vs)}" for f, vs in figures.items()
                    )
                    print(f"[{label}] {name}: {shown}", file=sys.stderr, flush=True)
                if not warm:
                    for f, vs in figures.items():
                        samples[name].setdefault(f, []).extend(vs)
    finally:
        tmux.close()


# -- the table --------------------------------------------------------------------------
def table(samples: budgets.Samples, big: str, small: str, many: str) -> list[budgets.Row]:
    """Every row with its verdict; ``big``/``small``/``many``: the databases' labels."""
    early = "goaltui-early" in samples
    rows = budgets.db_rows(
        samples,
        budgets.Db(big, "goaltui", "floor", "goaltui-early" if early else None, "",
                   "goaltui-cold"),
    )  # fmt: skip
    rows += budgets.db_rows(
        samples,
        budgets.Db(small, "goaltui-small", "floor-small",
                   "goaltui-small-early" if early else None, " (small db)", "goaltui-small-cold"),
    )  # fmt: skip
    rows += budgets.remind_rows(samples)
    rows += budgets.growth_rows(samples, "goaltui", "goaltui-small")
    if "goaltui-pg" in samples:
        rows += budgets.pg_rows(samples, "goaltui-pg", "goaltui")
    if "goaltui-many" in samples:
        many_early = "goaltui-many-early" if "goaltui-many-early" in samples else None
        db = budgets.Db(many, "goaltui-many", "floor-many", many_early)
        rows += budgets.many_rows(samples, db, "goaltui")
    return rows


# -- scale: the commands at many goals ----------------------------------------------------
#: Each command timed by ``--scale``, as arguments after ``--db DB``.
SCALE_COMMANDS = {
    "list": ["list"],
    "list --all": ["list", "--all"],
    "list --kpis": ["list", "--kpis"],
    "due": ["due"],
    "export markdown": ["export", "markdown", "--out", "{dir}/report.md"],
    "export csv": ["export", "csv", "--out", "{dir}/values.csv"],
    "export json": ["export", "json", "--out", "{dir}/all.json"],
}


def run_scale(opts: argparse.Namespace) -> int:
    """Wall time of every command and of an import at each size of ``--scale``.

    Only the number of goals (and with it milestones, steps, check-ins, reviews
    and revisions) grows; measurements stay at ``--scale-measurements``. Work
    that grows faster than the goals shows as a per-goal time that grows.
    """
    sizes = [int(n) for n in opts.scale.split(",")]
    times: dict[str, dict[int, float]] = {}
    for goals in sizes:
        db = opts.dir / f"goaltui-scale-{goals}.db"
        if opts.regenerate or not db.exists():
            subprocess.run(
                [PY, str(HERE / "generate.py"), "--out", str(db), "--goals", str(goals),
                 "--measurements", str(opts.scale_measurements)],
                check=True, cwd=ROOT,
            )  # fmt: skip
        work = Path(tempfile.mkdtemp(prefix="goaltui-scale-", dir=opts.dir))
        base = [PY, "-m", "goaltui", "--db", str(db)]
        runs = {
            name: [*base, *(a.format(dir=work) for a in args)]
            for name, args in SCALE_COMMANDS.items()
        }
        for name, argv in runs.items():
            times.setdefault(name, {})[goals] = run_cli(argv)["wall_ms"] / 1000
            print(f"{goals:>7} goals  {name:<16} {times[name][goals]:7.2f} s", file=sys.stderr)
        fresh = work / "imported.db"
        argv = [PY, "-m", "goaltui", "--db", str(fresh), "import", str(work / "all.json")]
        times.setdefault("import", {})[goals] = run_cli(argv)["wall_ms"] / 1000
        print(f"{goals:>7} goals  {'import':<16} {times['import'][goals]:7.2f} s", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    head = "| command | " + " | ".join(f"{n:,} goals" for n in sizes) + " |"
    if len(sizes) > 1:
        head += f" growth {sizes[0]:,} → {sizes[-1]:,} |"
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for name, by_size in times.items():
        row = f"| `goaltui {name}` | " + " | ".join(f"{by_size[n]:.2f} s" for n in sizes) + " |"
        if len(sizes) > 1:
            row += f" {by_size[sizes[-1]] / by_size[sizes[0]]:.1f}x |"
        lines.append(row)
    print(
        f"\ngoaltui at scale: wall times of one run each, {opts.scale_measurements:,} "
        f"measurements; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}\n"
    )
    print("\n".join(lines))
    if opts.json:
        opts.json.write_text(json.dumps({"scale": times}, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="goaltui's benchmark: one table of medians and budgets")
    p.add_argument("--quick", action="store_true", help="small databases, one run, no warm-up")
    p.add_argument("--runs", type=int, default=None, help="measured rounds (default 7)")
    p.add_argument("--warmup", type=int, default=None, help="warm-up rounds (default 1)")
    p.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()), help="where the databases go"
    )
    p.add_argument(
        "--regenerate", action="store_true", help="write the databases even if they exist"
    )
    p.add_argument("--width", type=int, default=120)
    p.add_argument("--height", type=int, default=36)
    p.add_argument("--poll-ms", type=float, default=5.0)
    p.add_argument("--quiet-ms", type=float, default=300.0, help="screen quiet before a keystroke")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for one figure")
    p.add_argument("--json", type=Path, help="write every sample as JSON")
    p.add_argument(
        "--db",
        metavar="URL",
        help="also run goaltui on this PostgreSQL database (an empty one: the large "
        "database's rows are copied into it), held against SQLite",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no per-run lines")
    p.add_argument(
        "--scale",
        metavar="N[,N...]",
        help="instead: time every command and an import at N goals each (e.g. 10000,100000)",
    )
    p.add_argument("--scale-measurements", type=int, default=100_000, metavar="N")
    p.add_argument(
        "--no-early", dest="early", action="store_false",
        help="leave out the first seconds (keys sent as soon as the goals' outline shows)",
    )  # fmt: skip
    p.add_argument(
        "--no-100k", "--no-many", dest="many", action="store_false",
        help="leave out the many-goals database (not run with --quick either)",
    )  # fmt: skip
    p.add_argument("--many-goals", type=int, default=100_000, metavar="N",
                   help="goals of the many-goals database (1,000,000 measurements)")  # fmt: skip
    p.add_argument("--many-runs", type=int, default=3, help="measured rounds on it (no warm-up)")
    p.add_argument("--moves", type=int, default=None,
                   help="cursor moves timed per run (default 5; 2 with --quick)")  # fmt: skip
    p.add_argument("--details", type=int, default=None,
                   help="KPI details opened per run (default 3; 1 with --quick)")  # fmt: skip
    p.add_argument("--many-timeout", type=float, default=300.0,
                   help="seconds to wait for one figure on it")  # fmt: skip
    opts = p.parse_args(argv)
    # The databases' folder (goaltui itself refuses a --db in a folder that does not exist).
    opts.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if opts.scale:
        return run_scale(opts)
    if shutil.which("tmux") is None:
        print(
            "run.py: tmux is needed for the terminal figures and is not installed", file=sys.stderr
        )
        return 2

    # SIGTERM/SIGHUP (and SIGINT, even when inherited as ignored) end the run
    # through the ``finally`` that kills our tmux sessions.
    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, stop)
    opts.runs = opts.runs if opts.runs is not None else (1 if opts.quick else 7)
    opts.warmup = opts.warmup if opts.warmup is not None else (0 if opts.quick else 1)
    opts.moves = opts.moves if opts.moves is not None else (2 if opts.quick else 5)
    opts.details = opts.details if opts.details is not None else (1 if opts.quick else 3)
    sizes = (
        {"goals": 40, "big": 4000, "small": 400}
        if opts.quick
        else {"goals": 2000, "big": 1_000_000, "small": 10_000}
    )
    tag = "quick" if opts.quick else "full"
    big = opts.dir / f"goaltui-bench-{tag}-big.db"
    small = opts.dir / f"goaltui-bench-{tag}-small.db"
    dbs = [(big, sizes["goals"], sizes["big"]), (small, sizes["goals"], sizes["small"])]
    many = None
    if opts.many and not opts.quick:
        # The other tables grow with the goals as generate.py scales them (KPIs stay 300).
        many = opts.dir / f"goaltui-bench-{tag}-{budgets.short(opts.many_goals)}-goals.db"
        dbs.append((many, opts.many_goals, sizes["big"]))
    started = time.perf_counter()
    for path, goals, count in dbs:
        if opts.regenerate or not path.exists():
            subprocess.run(
                [PY, str(HERE / "generate.py"), "--out", str(path), "--goals", str(goals),
                 "--measurements", str(count)],
                check=True, cwd=ROOT,
            )  # fmt: skip
    if opts.db:
        subprocess.run([PY, str(HERE / "pg_copy.py"), str(big), opts.db], check=True, cwd=ROOT)
    # goaltui's modules compiled, as an installed package has them: with
    # PYTHONDONTWRITEBYTECODE set, each run would compile every changed module again.
    compileall.compile_dir(ROOT / "goaltui", quiet=1)
    prepared = time.perf_counter()
    load = os.getloadavg()[0]
    samples: budgets.Samples = {}
    failures: list[str] = []
    measure(opts, main_plan(opts, big, small), samples, failures)
    phases = {f"{sizes['goals']:,} goals": time.perf_counter() - prepared}
    if many is not None:
        with many.open("rb") as f:  # into the page cache, as the other databases already are
            while f.read(1 << 24):
                pass
        measure(opts, many_plan(opts, many), samples, failures)
        phases[f"{opts.many_goals:,} goals"] = time.perf_counter() - prepared - sum(phases.values())
    labels = (
        f"{budgets.short(sizes['big'])} db",
        f"{budgets.short(sizes['small'])} db",
        f"{budgets.short(opts.many_goals)} goals",
    )
    rows = table(samples, *labels)
    took = time.perf_counter() - prepared
    many_note = (
        f"; {opts.many_goals:,} goals, {sizes['big']:,} measurements: {opts.many_runs} runs"
        if many is not None
        else ""
    )
    print(
        f"\ngoaltui benchmark: {opts.runs} runs (+{opts.warmup} warm-up), medians; "
        f"{sizes['goals']} goals, {sizes['big']:,} vs {sizes['small']:,} measurements{many_note}; "
        f"{opts.width}x{opts.height}; {os.cpu_count()} CPUs; load {load:.2f} -> "
        f"{os.getloadavg()[0]:.2f}; took {took:.0f} s ("
        + ", ".join(f"{k}: {v:.0f} s" for k, v in phases.items())
        + f"; +{prepared - started:.0f} s to prepare the databases)\n"
    )
    print(budgets.table_text(rows))
    if not opts.quiet:
        print("\nall medians (ms, MB):\n" + budgets.reference_table(samples))
    for failure in failures:
        print(f"FAILED {failure}")
    if opts.json:
        doc = {"samples": samples, "rows": rows, "failures": failures, "took_s": took,
               "phases_s": phases}  # fmt: skip
        opts.json.write_text(json.dumps(doc, indent=2) + "\n")
    # 0: every budget met and every run done; 1: a budget missed or a run failed.
    return 0 if budgets.passed(rows) and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
