"""Benchmark the impact estimation engine on a person-level panel.

    .venv/bin/python bench/bench_impact.py               # 100,000 people x 36 months
    .venv/bin/python bench/bench_impact.py --quick       # 2,000 people x 36 months
    .venv/bin/python bench/bench_impact.py --people 20000 --no-files

The panel is a staggered rollout: a fifth of the people never trained, the others in
four cohorts (months 12, 18, 24, 30), an effect of 1.0 growing by 0.05 a month and
differing by cohort, person and month shocks, and selection on level (people further
behind train first). Phases: the estimate on arrays (the engine, as the web app will
call it), the plain two-way fixed-effects regression for contrast, and the whole
``mainspring impact estimate`` path from CSV files (write, then read, check, estimate).
Peak memory is the process's peak resident size after each phase; CPU time is given
beside wall time because on a shared machine wall time mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mainspring.impact.panel import Panel

COHORTS = (12, 18, 24, 30)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process: steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def make_panel(people: int, months: int, seed: int = 1) -> tuple[Panel, float]:
    # Imported here so that main() can time the first import of the scientific stack.
    from mainspring.impact.panel import Panel  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    trained = rng.random(people) < 0.8
    first = np.where(trained, rng.choice(np.array(COHORTS), people), -1).astype(np.int64)
    level = rng.normal(0, 1, people) - 0.5 * trained
    unit = np.repeat(np.arange(people, dtype=np.int64), months)
    period = np.tile(np.arange(months, dtype=np.int64), people)
    since = period - first[unit]
    exposed = (first[unit] >= 0) & (since >= 0)
    rank = np.searchsorted(np.array(COHORTS), first[unit])
    effect = np.where(exposed, 1.0 + 0.05 * since - 0.1 * rank, 0.0)
    value = level[unit] + rng.normal(0, 1, months)[period] + effect + rng.normal(0, 1, len(unit))
    panel = Panel(
        unit=unit,
        period=period,
        value=value,
        unit_ids=tuple(f"P{i:06d}" for i in range(people)),
        period_labels=tuple(f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(months)),
        first_exposed=first,
        cell=np.zeros(people, dtype=np.int64),
        cell_labels=("all units",),
        notes=(),
    )
    return panel, float(effect[exposed].mean())


def write_files(panel: Panel, folder: Path) -> tuple[Path, Path]:
    import pandas as pd  # noqa: PLC0415

    ids = np.array(panel.unit_ids, dtype=object)
    labels = np.array(panel.period_labels, dtype=object)
    kpi = folder / "kpi.csv"
    pd.DataFrame(
        {
            "unit_id": ids[panel.unit],
            "period": labels[panel.period],
            "value": np.round(panel.value, 4),
        }
    ).to_csv(kpi, index=False)
    exposed = np.flatnonzero(panel.first_exposed >= 0)
    exposures = folder / "exposures.csv"
    pd.DataFrame(
        {
            "unit_id": ids[exposed],
            # trained mid-month, so exposed from the next month (the exposure rule)
            "exposed_on": [f"{labels[panel.first_exposed[u] - 1]}-15" for u in exposed],
        }
    ).to_csv(exposures, index=False)
    return kpi, exposures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--quick", action="store_true", help="2,000 people (overrides --people)")
    parser.add_argument("--no-files", action="store_true", help="skip the CSV-file phase")
    args = parser.parse_args(argv)
    people = 2_000 if args.quick else args.people

    started = time.perf_counter()
    from mainspring.impact import cli, estimators  # noqa: PLC0415

    imports = time.perf_counter() - started
    panel, truth = make_panel(people, args.months)
    rows = people * args.months
    print(f"Impact estimation benchmark: {people:,} people x {args.months} months = {rows:,} rows")
    print(f"  import pandas/scipy/statsmodels  {imports:6.1f} s")

    started, cpu = time.perf_counter(), cpu_seconds()
    result = estimators.estimate_impact(panel)
    took, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(
        f"  estimate (engine, arrays)        {took:6.1f} s   cpu {cpu:5.1f} s   "
        f"peak {peak_mb():,.0f} MB"
    )
    print(
        f"    effect {result.estimate:.4f} (truth {truth:.4f}), SE {result.std_error:.4f}, "
        f"pre-trend p {result.pre_trend_p_value:.3f}, "
        f"{len(result.event_study)} event-study points"
    )

    started = time.perf_counter()
    twfe, _ = estimators.twfe_estimate(panel)
    took = time.perf_counter() - started
    print(
        f"  plain TWFE, for contrast         {took:6.1f} s   "
        f"effect {twfe:.4f} ({(twfe - truth) / truth:+.0%} off the truth)"
    )

    if not args.no_files:
        folder = Path(tempfile.mkdtemp(prefix="mainspring-bench-impact-"))
        try:
            started = time.perf_counter()
            kpi, exposures = write_files(panel, folder)
            took = time.perf_counter() - started
            size = kpi.stat().st_size / 1e6
            print(
                f"  write CSV files                  {took:6.1f} s   ({size:,.0f} MB of KPI rows)"
            )
            del panel
            started, cpu = time.perf_counter(), cpu_seconds()
            out, err = io.StringIO(), io.StringIO()
            code = cli.run(kpi=str(kpi), exposures=str(exposures), out=out, err=err)
            took, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            print(
                f"  impact estimate from files       {took:6.1f} s   cpu {cpu:5.1f} s   "
                f"peak {peak_mb():,.0f} MB   (exit {code})"
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
