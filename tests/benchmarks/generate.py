"""Generate a large goaltui database for the benchmark.

The schema comes from goaltui itself (``open_engine`` creates it); the rows are
then written with ``executemany`` over the raw SQLite connection, one
transaction per table, so a million measurements take seconds, not minutes.

    python tests/benchmarks/generate.py --out /tmp/big.db
    python tests/benchmarks/generate.py --goals 50 --measurements 5000 --out /tmp/small.db

Dates are laid out around today (the three years of history end today), so the
app, which reads the real clock, sees current goals with recent values.
The KPI names and goal titles are deterministic (``--seed``): the benchmark
waits for ``Goal 0001 …`` and ``KPI 001 …`` on screen.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

YEARS = 3


def goal_title(i: int) -> str:
    """The title of the i-th goal (1-based); the benchmark looks for these."""
    return f"Goal {i:04d} grow the thing"


def kpi_name(i: int) -> str:
    """The name of the i-th KPI (1-based)."""
    return f"KPI {i:03d} weekly sessions"


def _iso(d: date) -> str:
    return d.isoformat()


def _stamp(d: date) -> str:
    return f"{d.isoformat()} 09:00:00.000000"


def generate(
    out: Path,
    *,
    goals: int = 2000,
    plan_items: int = 20000,
    kpis: int = 300,
    measurements: int = 1_000_000,
    checkins: int = 20000,
    reviews: int = 1500,
    revisions: int = 3000,
    seed: int = 7,
    today: date | None = None,
) -> dict[str, int]:
    """Write a fresh database at ``out`` and return the row counts per table."""
    from goaltui.storage.db import open_engine

    today = today or date.today()
    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    engine = open_engine(out)
    engine.dispose()

    con = sqlite3.connect(out, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    counts: dict[str, int] = {}

    def insert(table: str, columns: str, rows: list[tuple[object, ...]]) -> None:
        marks = ",".join("?" * len(columns.split(",")))
        con.execute("BEGIN")
        con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        con.execute("COMMIT")
        counts[table] = len(rows)

    first_day = today - timedelta(days=365 * YEARS)
    now = _stamp(today)

    # Goals: a forest up to 5 levels deep (depth 0..4), parents created first.
    goal_rows = []
    depth: dict[int, int] = {}
    starts: dict[int, date] = {}
    roots = max(1, goals // 20)
    for gid in range(1, goals + 1):
        parent = None
        if gid > roots:
            while True:
                cand = rng.randint(1, gid - 1)
                if depth[cand] < 4:
                    parent = cand
                    break
        depth[gid] = 0 if parent is None else depth[parent] + 1
        start = first_day + timedelta(days=rng.randint(0, 365 * 2))
        starts[gid] = start
        deadline = today + timedelta(days=rng.randint(-60, 540))
        status = rng.choices(
            ["active", "paused", "achieved", "missed", "draft", "abandoned"],
            [80, 5, 6, 4, 3, 2],
        )[0]
        archived = 1 if rng.random() < 0.05 else 0
        goal_rows.append(
            (
                gid,
                parent,
                goal_title(gid),
                "A generated goal for the benchmark.",
                "Because it matters.",
                _iso(start),
                _iso(deadline),
                rng.randint(1, 10),
                "",
                status,
                archived,
                1.0,
                now,
                now,
            )
        )
    insert(
        "goal",
        "id,parent_id,title,description,why,start,deadline,confidence,resources,status,"
        "archived,weight,created_at,updated_at",
        goal_rows,
    )

    # Milestones and steps: 30 % milestones, 70 % steps.
    n_ms = max(1, plan_items * 3 // 10)
    n_steps = plan_items - n_ms
    ms_rows = []
    ms_date: dict[int, date] = {}
    for mid in range(1, n_ms + 1):
        gid = (mid - 1) % goals + 1
        target = starts[gid] + timedelta(days=rng.randint(30, 900))
        ms_date[mid] = target
        done = _iso(target - timedelta(days=rng.randint(0, 10))) if target < today else None
        ms_rows.append((mid, gid, f"Milestone {mid}", _iso(target), done, mid % 5))
    insert("milestone", "id,goal_id,title,target_date,done_on,position", ms_rows)
    step_rows = []
    for sid in range(1, n_steps + 1):
        mid = rng.randint(1, n_ms)
        due = ms_date[mid] - timedelta(days=rng.randint(0, 60))
        done = _iso(due) if due < today - timedelta(days=3) and rng.random() < 0.9 else None
        step_rows.append((sid, mid, f"Step {sid}", _iso(due), done))
    insert("step", "id,milestone_id,title,due,done_on", step_rows)

    # KPIs on the first goals (one or two per goal), then measurements.
    kpi_rows = []
    kpi_info = []
    for kid in range(1, kpis + 1):
        gid = (kid - 1) * 2 // 3 % goals + 1
        kind = rng.choice(["increase", "increase", "decrease", "stay_above", "stay_below"])
        cadence = rng.choice(["daily", "weekly", "weekly", "monthly"])
        aggregation = rng.choice(["last", "sum", "mean"])
        baseline = float(rng.randint(10, 100))
        target = baseline * (1.5 if kind in ("increase", "stay_above") else 0.5)
        high = None
        if kid % 9 == 0:  # some ranges too, drawn without another random number
            kind, target, high = "between", baseline * 0.8, baseline * 1.2
        revised = kid % 10 == 0
        pace_start = _iso(starts[gid] + timedelta(days=200)) if revised else None
        pace_from = baseline if revised else None
        kpi_rows.append(
            (
                kid,
                gid,
                kpi_name(kid),
                "visits",
                baseline,
                target,
                kind,
                cadence,
                aggregation,
                pace_start,
                pace_from,
                high,
            )
        )
        kpi_info.append((kid, baseline, target))
    insert(
        "kpi",
        "id,goal_id,name,unit,baseline,target,kind,cadence,aggregation,pace_start,pace_from,high",
        kpi_rows,
    )

    days = 365 * YEARS
    per_kpi = measurements // max(1, kpis)
    extra = measurements - per_kpi * kpis
    m_rows = []
    mid = 0
    iso_days = [_iso(first_day + timedelta(days=d + 1)) for d in range(days)]
    for idx, (kid, baseline, target) in enumerate(kpi_info):
        n = per_kpi + (1 if idx < extra else 0)
        slope = (target - baseline) / n if n else 0.0
        for j in range(n):
            mid += 1
            d = j * days // n if n else 0
            value = round(baseline + slope * j + rng.uniform(-2, 2), 2)
            m_rows.append((mid, kid, iso_days[d], value, "", now))
    insert("measurement", "id,kpi_id,day,value,note,created_at", m_rows)
    del m_rows

    # Check-ins: the most recent days, spread over the active goals.
    c_rows = []
    for cid in range(1, checkins + 1):
        gid = rng.randint(1, goals)
        day = today - timedelta(days=rng.randint(0, days - 1))
        c_rows.append((cid, gid, _iso(day), rng.randint(1, 10), "a win", "", ""))
    insert("checkin", "id,goal_id,day,confidence,wins,obstacles,note", c_rows)

    r_rows = []
    for rid in range(1, reviews + 1):
        gid = rng.randint(1, goals) if rid % 5 else None
        end = today - timedelta(days=rng.randint(0, days - 7))
        kind = rng.choice(["weekly", "weekly", "mid-cycle", "final"])
        outcome = "achieved" if kind == "final" else None
        r_rows.append(
            (
                rid,
                gid,
                kind,
                _iso(end - timedelta(days=6)),
                _iso(end),
                "kept going",
                "time",
                "start earlier",
                "more of the same",
                rng.randint(1, 5),
                outcome,
                _stamp(end),
            )
        )
    insert(
        "review",
        "id,goal_id,kind,period_start,period_end,worked,obstacles,lessons,next_steps,rating,"
        "outcome,created_at",
        r_rows,
    )

    v_rows = []
    for vid in range(1, revisions + 1):
        if vid <= kpis // 10:
            kid = vid * 10
            gid = (kid - 1) * 2 // 3 % goals + 1
            v_rows.append((vid, gid, "kpi", kid, "target", "80", "90", "raised the bar", now))
            continue
        gid = rng.randint(1, goals)
        at = _stamp(today - timedelta(days=rng.randint(0, days - 1)))
        v_rows.append(
            (vid, gid, "goal", gid, "deadline", _iso(today), _iso(today), "more time", at)
        )
    insert("revision", "id,goal_id,entity,entity_id,field,old,new,reason,at", v_rows)

    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: write the benchmark database."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("/tmp/goaltui-bench.db"))
    p.add_argument("--goals", type=int, default=2000)
    p.add_argument("--plan-items", type=int, default=None, help="milestones + steps")
    p.add_argument("--kpis", type=int, default=None)
    p.add_argument("--measurements", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    scale = args.goals / 2000
    t0 = time.perf_counter()
    counts = generate(
        args.out,
        goals=args.goals,
        plan_items=args.plan_items or max(10, int(20000 * scale)),
        kpis=args.kpis or max(3, min(300, int(300 * scale))),
        measurements=args.measurements,
        checkins=max(10, int(20000 * scale)),
        reviews=max(5, int(1500 * scale)),
        revisions=max(5, int(3000 * scale)),
        seed=args.seed,
    )
    took = time.perf_counter() - t0
    summary = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"wrote {args.out} in {took:.1f} s: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
