"""Synthetic KPI panels with known effects, for the tests and the benchmark."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mainspring.impact.panel import Panel


@dataclass(frozen=True)
class Draw:
    panel: Panel
    true_att: float  # the average true effect over the exposed unit-periods
    true_by_horizon: dict[int, float]


def staggered_panel(
    rng: np.random.Generator,
    *,
    n_units: int = 200,
    n_periods: int = 24,
    cohorts: tuple[int, ...] = (8, 12, 16),
    share_never: float = 0.4,
    effect: float = 1.0,
    growth: float = 0.1,
    cohort_effect: float = 0.5,
    confound: float = 0.0,
    noise: float = 1.0,
    cells: int = 1,
    cell_trend: float = 0.0,
    select_on_cell: float = 0.0,
    unit_effect_sd: float = 0.0,
) -> Draw:
    """A staggered rollout: effect ``effect + growth * h + cohort_effect * cohort rank``.

    ``confound`` lowers the level of units that get exposed (struggling units select into
    training), so the naive exposed-minus-unexposed gap is biased downwards.
    ``cells`` covariate cells with trends ``cell_trend * cell * t``; ``select_on_cell``
    makes high cells more likely to be exposed, which biases a comparison that ignores the
    cells. ``unit_effect_sd`` adds unit-level random heterogeneity to the effect.
    """
    cell = rng.integers(0, cells, n_units)
    p_exposed = np.clip(
        (1 - share_never) + select_on_cell * (cell / max(cells - 1, 1) - 0.5), 0.0, 1.0
    )
    exposed = rng.random(n_units) < p_exposed
    cohort_of = np.where(exposed, rng.choice(np.array(cohorts), n_units), -1)
    level = rng.normal(0, 1, n_units) - confound * exposed
    unit_effect = rng.normal(0, unit_effect_sd, n_units)
    period_shock = rng.normal(0, 1, n_periods)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    first = cohort_of[unit]
    h = period - first
    treated = (first >= 0) & (h >= 0)
    rank = np.searchsorted(np.array(cohorts), first)
    tau: npt.NDArray[np.float64] = np.where(
        treated, effect + growth * h + cohort_effect * rank + unit_effect[unit], 0.0
    )
    value = (
        level[unit]
        + period_shock[period]
        + cell_trend * cell[unit] * period / n_periods
        + tau
        + rng.normal(0, noise, len(unit))
    )
    panel = Panel(
        unit=unit.astype(np.int64),
        period=period.astype(np.int64),
        value=value,
        unit_ids=tuple(f"u{i}" for i in range(n_units)),
        period_labels=tuple(f"p{t}" for t in range(n_periods)),
        first_exposed=cohort_of.astype(np.int64),
        cell=cell.astype(np.int64),
        cell_labels=tuple(f"cell {c}" for c in range(cells)),
        notes=(),
    )
    by_h = {int(k): float(tau[treated & (h == k)].mean()) for k in np.unique(h[treated])}
    return Draw(panel, float(tau[treated].mean()), by_h)


def without_cells(panel: Panel) -> Panel:
    """The same panel with its covariates dropped."""
    return Panel(
        unit=panel.unit,
        period=panel.period,
        value=panel.value,
        unit_ids=panel.unit_ids,
        period_labels=panel.period_labels,
        first_exposed=panel.first_exposed,
        cell=np.zeros(panel.n_units, dtype=np.int64),
        cell_labels=("all units",),
        notes=panel.notes,
    )


def month_label(start_year: int, index: int) -> str:
    year, month = divmod(start_year * 12 + index, 12)
    return f"{year:04d}-{month + 1:02d}"


def write_files(panel: Panel, folder: Path, *, start_year: int = 2023) -> tuple[Path, Path, Path]:
    """Write the panel as KPI, exposures and units CSV files (months from January).

    Exposure dates fall mid-month in the month *before* the first exposed period, so
    the exposure rule (first period starting on or after the date) lands on it.
    """
    kpi = folder / "kpi.csv"
    exposures = folder / "exposures.csv"
    units = folder / "units.csv"
    with kpi.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["unit_id", "period", "value"])
        for u, t, y in zip(panel.unit, panel.period, panel.value, strict=True):
            writer.writerow([panel.unit_ids[u], month_label(start_year, int(t)), f"{y:.6f}"])
    with exposures.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["unit_id", "exposed_on"])
        for u, first in enumerate(panel.first_exposed):
            if first >= 0:
                writer.writerow(
                    [panel.unit_ids[u], month_label(start_year, int(first) - 1) + "-15"]
                )
    with units.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["unit_id", "region"])
        for u, cell in enumerate(panel.cell):
            writer.writerow([panel.unit_ids[u], panel.cell_labels[cell]])
    return kpi, exposures, units


def known(value: float | None) -> float:
    """The value, which the test expects to be there (narrows the type)."""
    assert value is not None
    return value


def inside(low: float | None, value: float, high: float | None) -> bool:
    """Whether ``value`` lies in the interval ``[low, high]`` (which must exist)."""
    return known(low) <= value <= known(high)
