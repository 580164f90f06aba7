"""goaltui's performance benchmark: one command, one table.

    python tests/benchmarks/run.py            # full run (large database, 7 runs + 1 warm-up)
    python tests/benchmarks/run.py --quick    # small database, one run (the smoke test)
    python tests/benchmarks/run.py --scale 10000,100000   # the commands at many goals

It generates the databases (``generate.py``) unless they exist, then measures in
interleaved rounds (the apps take turns, so drifting machine load hits them
alike) goaltui against two reference apps in a private tmux server of its own:

* ``bare``:  a bare Textual app (Header, Static, Footer)  -- ``bare_app.py``
* ``floor``: the bare app plus importing SQLModel and plotext and opening the
  database with goaltui's ``open_engine``  -- ``floor_app.py``

and prints the medians, the ratios to the references and the budgets of
issue 9. Figures: time to first paint, time until the Goals tree shows data
(its outline, then with progress), keystroke latencies, CLI wall times
against ``python -c "import sqlmodel"`` (``goaltui remind``, which imports no
SQLModel, against ``python -c pass``, with its own work apart), peak memory (VmHWM), and the growth
of the KPI and check-in screens from 10,000 to 1,000,000 measurements.
Needs tmux (>= 3.0) and Linux /proc.

How a terminal figure is taken: each run gets a detached tmux session whose
pane waits on a FIFO (``sh -c 'read _ < FIFO; exec APP'``); the clock starts
when the FIFO is written, so tmux's own start-up is not counted. The screen is
polled every few milliseconds through one tmux control-mode client (a socket
round trip, not a process per poll). A keystroke is timed from ``send-keys``
until its expected text is on screen (or, with none, until the screen changes,
colours included), after the screen has been quiet for a moment.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = sys.executable

TMUX_CONF = """\
set -g status off
set -g remain-on-exit on
set -g default-terminal xterm-256color
set -g history-limit 100
set -g focus-events off
"""

ANSI = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


class BenchError(Exception):
    """A run failed; the message says why."""


# -- the tmux driver -------------------------------------------------------------------
class Tmux:
    """A private tmux server and one control-mode client to talk to it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.dir = Path(tempfile.mkdtemp(prefix="goaltui-bench-"))
        conf = self.dir / "tmux.conf"
        conf.write_text(TMUX_CONF)
        self.base = ["tmux", "-L", f"goaltui-bench-{os.getpid()}-{secrets.token_hex(3)}"]
        self.base += ["-f", str(conf)]
        self.sessions: set[str] = set()
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "keeper", "-x", "20", "-y", "5", "sleep 3600"],
            check=True,
        )
        self.proc = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", "=keeper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        deadline = time.perf_counter() + 10
        while not self._line(deadline).startswith("%end "):  # the attach's own reply
            pass
        self.cmd(["refresh-client", "-C", f"{width}x{height}"])

    def _line(self, deadline: float) -> str:
        while b"\n" not in self.buf:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise BenchError("tmux control client does not answer")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise BenchError("tmux control client exited")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode("utf-8", "replace").rstrip("\r")

    def cmd(self, argv: list[str]) -> list[str]:
        """Run one tmux command over the control client; its output lines."""
        assert self.proc.stdin is not None
        text = " ".join("'" + a.replace("'", "'\"'\"'") + "'" for a in argv)
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()
        deadline = time.perf_counter() + 10
        out: list[str] = []
        inside = False
        while True:
            line = self._line(deadline)
            if not inside:
                inside = line.startswith("%begin ")
                continue
            if line.startswith(("%end ", "%error ")):
                if line.startswith("%error"):
                    raise BenchError(f"tmux {argv[0]}: {' '.join(out)}")
                return out
            out.append(line)

    def screen(self, name: str) -> str:
        """The pane's contents with colours (escape sequences) included."""
        return "\n".join(self.cmd(["capture-pane", "-p", "-e", "-t", f"={name}:"]))

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> tuple[float, int]:
        """Start ``argv`` in a new session behind a FIFO gate; (t0, pid)."""
        fifo = self.dir / f"{name}.fifo"
        os.mkfifo(fifo)
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"read _ < {shlex.quote(str(fifo))}; exec env {envs} {shlex.join(argv)}"
        self.cmd(
            [
                "new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height),
                "-c", str(ROOT), f"sh -c {shlex.quote(line)}",
            ]
        )  # fmt: skip
        self.sessions.add(name)
        # Without a terminal of its own (e.g. under pytest) tmux may pick 80x24.
        self.cmd(
            ["resize-window", "-t", f"={name}:", "-x", str(self.width), "-y", str(self.height)]
        )
        pid = int(self.cmd(["display-message", "-p", "-t", f"={name}:", "#{pane_pid}"])[0])
        fd = os.open(fifo, os.O_WRONLY)
        t0 = time.perf_counter()
        os.write(fd, b"\n")
        os.close(fd)
        fifo.unlink()
        return t0, pid

    def keys(self, name: str, keys: list[str]) -> None:
        self.cmd(["send-keys", "-t", f"={name}:", *keys])

    def dead(self, name: str) -> bool:
        return self.cmd(["display-message", "-p", "-t", f"={name}:", "#{pane_dead}"]) == ["1"]

    def kill(self, name: str) -> None:
        if name in self.sessions:
            self.sessions.discard(name)
            with contextlib.suppress(BenchError):
                self.cmd(["kill-session", "-t", f"={name}"])

    def close(self) -> None:
        for name in list(self.sessions):
            self.kill(name)
        with contextlib.suppress(BenchError):
            self.cmd(["kill-session", "-t", "=keeper"])
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def text_of(screen: str) -> str:
    return ANSI.sub("", screen)


def holds(expect: str, screen: str) -> bool:
    """``re:PATTERN`` or a plain substring, on the text of the screen."""
    plain = text_of(screen)
    if expect.startswith("!"):
        return not holds(expect[1:], screen)
    if expect.startswith("re:"):
        return re.search(expect[3:], plain) is not None
    return expect in plain


def vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# -- what is measured ------------------------------------------------------------------
@dataclass
class Step:
    """Keys to send and the text that shows they took effect (None: any change)."""

    figure: str | None  # None: performed but not reported
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


def wait_for(tmux: Tmux, name: str, expect: str | None, t0: float, timeout: float, poll: float,
             before: str | None = None) -> float:  # fmt: skip
    """Milliseconds from t0 until ``expect`` holds (or the screen differs from ``before``)."""
    end = time.perf_counter() + timeout
    while True:
        screen = tmux.screen(name)
        now = time.perf_counter()
        if (expect is not None and holds(expect, screen)) or (expect is None and screen != before):
            return (now - t0) * 1000
        if now > end:
            last = "\n".join(line for line in text_of(screen).splitlines() if line.strip())
            raise BenchError(f"{name}: no {expect!r} after {timeout:.0f} s; screen:\n{last[-800:]}")
        if tmux.dead(name):
            raise BenchError(f"{name}: the app exited; screen:\n{text_of(screen)[-800:]}")
        time.sleep(poll)


def wait_quiet(tmux: Tmux, name: str, quiet: float, timeout: float) -> str:
    """Wait until the screen has not changed for ``quiet`` seconds; return it."""
    end = time.perf_counter() + timeout
    last = tmux.screen(name)
    since = time.perf_counter()
    while time.perf_counter() < end:
        time.sleep(0.01)
        screen = tmux.screen(name)
        if screen != last:
            last, since = screen, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return last


def run_tui(tmux: Tmux, app: TuiApp, label: str, opts: argparse.Namespace) -> dict[str, float]:
    """One run of a terminal app: its figures in ms (and peak memory in MB)."""
    name = f"{app.name}-{label}-{secrets.token_hex(2)}"
    env = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
    poll = opts.poll_ms / 1000
    out: dict[str, float] = {}
    try:
        t0, pid = tmux.start(name, app.argv, env)
        out["first_paint_ms"] = wait_for(tmux, name, app.ready, t0, opts.timeout, poll)
        if app.data:
            out["data_ms"] = wait_for(tmux, name, app.data, t0, opts.timeout, poll)
        if app.full:
            out["full_ms"] = wait_for(tmux, name, app.full, t0, opts.timeout, poll)
        for step in app.steps:
            before = wait_quiet(tmux, name, opts.quiet_ms / 1000, opts.timeout)
            if step.expect is not None and holds(step.expect, before):
                raise BenchError(f"{name}: {step.expect!r} holds before {step.keys} was sent")
            tmux.keys(name, step.keys)
            t = time.perf_counter()
            ms = wait_for(tmux, name, step.expect, t, opts.timeout, poll, before)
            if step.figure:
                out[step.figure] = ms
        wait_quiet(tmux, name, 0.2, 5)
        hwm = vm_hwm_mb(pid)
        if hwm is not None:
            out["peak_mb"] = hwm
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
def goaltui_app(name: str, db: Path | str) -> TuiApp:
    goaltui = [PY, "-m", "goaltui", "--db", str(db)]
    return TuiApp(
        name=name,
        argv=goaltui,
        ready="1 Goals",
        # The tree shows an outline (titles, dates) first, then progress and status.
        data=r"re:Goal \d{4} grow",
        full=r"re:Goal \d{4} grow.* \d+%",
        # ctrl+q quits from any screen (q would be typed into a check-in field).
        quit_keys=["C-q"],
        steps=[
            Step("tree_down_ms", ["Down"], None),
            # Each switch counts until the screen's data is on it, not its frame.
            Step("to_timeline_ms", ["2"], r"re:\d+ planned items"),
            Step("to_kpis_ms", ["3"], r"re:KPI \d\d"),
            # The reading's figure: a pace line, or a bound for a KPI that must stay in one.
            Step("kpi_detail_ms", ["Enter"], r"re:pace line today|bound -?\d"),
            Step(None, ["Escape"], r"!re:pace line today|bound -?\d"),
            # The check-in's inputs take digits, so it comes last.
            Step("to_review_ms", ["5"], r"re:grow the thing  \((active|paused)\)"),
            Step("to_checkin_ms", ["4"], "KPI values due"),
        ],
    )


def measure(
    opts: argparse.Namespace, big: Path, small: Path
) -> tuple[dict[str, dict[str, list[float]]], list[str]]:
    tuis: dict[str, TuiApp] = {
        "bare": TuiApp("bare", [PY, str(HERE / "bare_app.py")], "bare textual app: ready"),
        "floor": TuiApp(
            "floor", [PY, str(HERE / "floor_app.py"), str(big)], "stack floor app: ready"
        ),
        "goaltui": goaltui_app("goaltui", big),
        "goaltui-small": goaltui_app("goaltui-small", small),
    }  # fmt: skip
    if opts.db:  # the large database's rows, on a PostgreSQL server
        tuis["goaltui-pg"] = goaltui_app("goaltui-pg", opts.db)
    clis = {
        "import sqlmodel": [PY, "-c", "import sqlmodel"],
        "goaltui checkin": [PY, "-m", "goaltui", "--db", str(big), "checkin", "KPI 001", "5"],
        "goaltui due": [PY, "-m", "goaltui", "--db", str(big), "due"],
        # remind is held against the interpreter alone: it imports no SQLModel.
        "python -c pass": [PY, "-c", "pass"],
        "goaltui remind": remind_argv(big),
        "goaltui remind (small db)": remind_argv(small),
    }
    names = list(tuis) + list(clis)
    samples: dict[str, dict[str, list[float]]] = {n: {} for n in names}
    failures: list[str] = []
    tmux = Tmux(opts.width, opts.height)
    try:
        for rnd in range(opts.warmup + opts.runs):
            warm = rnd < opts.warmup
            label = f"w{rnd + 1}" if warm else f"r{rnd - opts.warmup + 1}"
            k = rnd % len(names)
            for name in names[k:] + names[:k]:
                try:
                    if name in tuis:
                        figures = run_tui(tmux, tuis[name], label, opts)
                    else:
                        figures = run_cli(clis[name])
                except BenchError as exc:
                    print(f"[{label}] {name}: FAILED: {exc}", file=sys.stderr, flush=True)
                    failures.append(f"{name} [{label}]: {str(exc).splitlines()[0]}")
                    continue
                if not opts.quiet:
                    shown = " ".join(f"{f}={v:.0f}" for f, v in figures.items())
                    print(f"[{label}] {name}: {shown}", file=sys.stderr, flush=True)
                if not warm:
                    for f, v in figures.items():
                        samples[name].setdefault(f, []).append(v)
    finally:
        tmux.close()
    return samples, failures


# -- the table --------------------------------------------------------------------------
def med(samples: dict[str, dict[str, list[float]]], app: str, figure: str) -> float | None:
    values = samples.get(app, {}).get(figure)
    return statistics.median(values) if values else None


def table(samples: dict[str, dict[str, list[float]]]) -> tuple[list[dict[str, object]], str]:
    """Rows of (figure, goaltui, reference, ratio, budget, verdict) and their text."""
    rows: list[dict[str, object]] = []

    def ratio_row(figure: str, value: float | None, ref_name: str, ref: float | None,
                  limit: float, unit: str = "ms") -> None:  # fmt: skip
        ratio = value / ref if value is not None and ref else None
        ok = ratio is not None and ratio <= limit
        rows.append(
            {"figure": figure, "goaltui": value, "reference": ref, "ref_name": ref_name,
             "ratio": ratio, "budget": f"<= {limit:g}x {ref_name}", "ok": ok, "unit": unit}
        )  # fmt: skip

    def abs_row(figure: str, value: float | None, limit: float) -> None:
        ok = value is not None and value <= limit
        rows.append(
            {"figure": figure, "goaltui": value, "reference": None, "ref_name": "",
             "ratio": None, "budget": f"<= {limit:g} ms", "ok": ok, "unit": "ms"}
        )  # fmt: skip

    g = "goaltui"
    bare_paint = med(samples, "bare", "first_paint_ms")
    floor_paint = med(samples, "floor", "first_paint_ms")
    ratio_row("first paint", med(samples, g, "first_paint_ms"), "bare", bare_paint, 1.25)
    ratio_row("goals visible", med(samples, g, "data_ms"), "floor", floor_paint, 1.2)
    # Not a budget of its own: the tree shows its data (titles, status, days
    # left) as the outline; progress and KPI status follow once SQLModel is in.
    full = med(samples, g, "full_ms")
    rows.append(
        {"figure": "goals with progress (no budget)", "goaltui": full, "reference": floor_paint,
         "ref_name": "floor", "ratio": full / floor_paint if full and floor_paint else None,
         "budget": "-", "ok": None, "unit": "ms"}
    )  # fmt: skip
    abs_row("cursor down in the goal tree", med(samples, g, "tree_down_ms"), 50)
    abs_row("open a KPI detail (Enter on 3)", med(samples, g, "kpi_detail_ms"), 50)
    for fig, label in (
        ("to_timeline_ms", "switch to 2 Timeline"),
        ("to_kpis_ms", "switch to 3 KPIs"),
        ("to_checkin_ms", "switch to 4 Check-in"),
        ("to_review_ms", "switch to 5 Review"),
    ):
        abs_row(label, med(samples, g, fig), 150)
    ref = med(samples, "import sqlmodel", "wall_ms")
    for cmd in ("goaltui checkin", "goaltui due"):
        ratio_row(f"`{cmd}` wall time", med(samples, cmd, "wall_ms"), "import sqlmodel", ref, 1.2)
    floor = med(samples, "python -c pass", "wall_ms")
    for cmd, db in (("goaltui remind", "big db"), ("goaltui remind (small db)", "small db")):
        # A prompt waits for it: a few times the bare interpreter, its own work < 50 ms.
        ratio_row(f"`goaltui remind` wall time ({db})", med(samples, cmd, "wall_ms"),
                  "python -c pass", floor, 4)  # fmt: skip
        abs_row(f"`goaltui remind` own work ({db})", med(samples, cmd, "own_ms"), 50)
    floor_mb = med(samples, "floor", "peak_mb")
    ratio_row("peak memory (VmHWM)", med(samples, g, "peak_mb"), "floor", floor_mb, 1.5, "MB")
    for fig, label in (("to_kpis_ms", "KPI screen"), ("to_checkin_ms", "check-in screen")):
        small = med(samples, "goaltui-small", fig)
        ratio_row(f"{label}: 1M vs 10k values", med(samples, g, fig), "10k db", small, 1.3)
    if samples.get("goaltui-pg"):
        # The same rows on PostgreSQL, held against SQLite in the same run.
        for fig, label in (
            ("data_ms", "goals visible"),
            ("full_ms", "goals with progress"),
            ("to_timeline_ms", "switch to 2 Timeline"),
            ("to_kpis_ms", "switch to 3 KPIs"),
            ("to_checkin_ms", "switch to 4 Check-in"),
            ("to_review_ms", "switch to 5 Review"),
        ):
            ratio_row(f"PostgreSQL: {label}", med(samples, "goaltui-pg", fig), "SQLite",
                      med(samples, g, fig), 1.5)  # fmt: skip

    def num(v: object, unit: str) -> str:
        if not isinstance(v, float):
            return "-"
        return f"{v:.0f} {unit}" if v >= 10 else f"{v:.1f} {unit}"

    lines = [
        "| figure | goaltui | reference | ratio | budget | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        ref_cell = (
            f"{num(r['reference'], str(r['unit']))} ({r['ref_name']})" if r["reference"] else "-"
        )
        ratio = f"{r['ratio']:.2f}x" if isinstance(r["ratio"], float) else "-"
        verdict = "-" if r["ok"] is None else "pass" if r["ok"] else "**FAIL**"
        lines.append(
            f"| {r['figure']} | {num(r['goaltui'], str(r['unit']))} | {ref_cell} | {ratio} "
            f"| {r['budget']} | {verdict} |"
        )  # fmt: skip
    return rows, "\n".join(lines)


def reference_table(samples: dict[str, dict[str, list[float]]]) -> str:
    lines = ["| app | figure | median | min | max | n |", "|---|---|---:|---:|---:|---:|"]
    for app, figures in samples.items():
        for fig, values in figures.items():
            if values:
                lines.append(
                    f"| {app} | {fig} | {statistics.median(values):.1f} | {min(values):.1f} "
                    f"| {max(values):.1f} | {len(values)} |"
                )
    return "\n".join(lines)


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
    sizes = (
        {"goals": 40, "big": 4000, "small": 400}
        if opts.quick
        else {"goals": 2000, "big": 1_000_000, "small": 10_000}
    )
    tag = "quick" if opts.quick else "full"
    big = opts.dir / f"goaltui-bench-{tag}-big.db"
    small = opts.dir / f"goaltui-bench-{tag}-small.db"
    started = time.perf_counter()
    for path, count in ((big, sizes["big"]), (small, sizes["small"])):
        if opts.regenerate or not path.exists():
            subprocess.run(
                [PY, str(HERE / "generate.py"), "--out", str(path), "--goals", str(sizes["goals"]),
                 "--measurements", str(count)],
                check=True, cwd=ROOT,
            )  # fmt: skip
    if opts.db:
        subprocess.run([PY, str(HERE / "pg_copy.py"), str(big), opts.db], check=True, cwd=ROOT)
    load = os.getloadavg()[0]
    samples, failures = measure(opts, big, small)
    rows, text = table(samples)
    took = time.perf_counter() - started
    print(
        f"\ngoaltui benchmark: {opts.runs} runs (+{opts.warmup} warm-up), medians; "
        f"{sizes['goals']} goals, {sizes['big']:,} vs {sizes['small']:,} measurements; "
        f"{opts.width}x{opts.height}; {os.cpu_count()} CPUs; load {load:.2f} -> "
        f"{os.getloadavg()[0]:.2f}; took {took:.0f} s\n"
    )
    print(text)
    if not opts.quiet:
        print("\nall medians (ms, MB):\n" + reference_table(samples))
    for failure in failures:
        print(f"FAILED {failure}")
    if opts.json:
        doc = {"samples": samples, "rows": rows, "failures": failures}
        opts.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0 if all(r["ok"] is not False for r in rows) and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
