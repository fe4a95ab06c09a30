"""The impact seeder: the programs' planted, known effects on the KPIs.

It runs right after the experiences seeder. The strategy seeder wrote each KPI's
series with no training effect; this seeder adds each program's effect to the KPI
values of the units it reached, from the first period after their exposure, the way
``design/DEMO.md`` plants them:

- Safe Driver, strong, on safety incidents per depot, rolled out depot by depot;
- New Manager, on voluntary turnover per site; the experiences seeder rolled it out to
  the sites with the worst turnover first, so the naive gap has the wrong sign;
- Service Excellence, moderate, on complaints per customer-service department;
- Warehouse Quality, small, on picking errors per warehouse (the scanner site never
  gets it);
- Sales Academy, modest, on revenue per account executive, for each rep who completed
  it (top sellers signed up first);
- the compliance e-learning: none (the null case, studied on revenue per rep).

Exposure is what an impact study reads (:mod:`mainspring.impact.studies`): for a
person-level KPI the day the person completed the program's path; for an org-unit KPI
the day half the unit's audience had completed. Effects grow over the first months
(``RAMP``) and differ by unit (a factor drawn per unit), as real ones do.

It leaves ``ctx.registry["planted_effects"]``: program key -> ``kpi`` (code),
``level``, ``share``, ``effect`` (the average effect on the exposed over their exposed
periods, in KPI units per unit-period, as the estimator defines it, computed from the
values actually written; None when no exposed period falls within the data) and
``unit_periods`` (how many it averages over).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mainspring.demo.seeders.strategy import (
    COMPLAINTS,
    INCIDENTS,
    PICKING,
    REVENUE,
    TURNOVER,
    KpiSpec,
)
from mainspring.experiences.models import Program
from mainspring.impact import studies
from mainspring.strategy.models import KPI, Observation

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

BATCH = 2000
SHARE = studies.DEFAULT_SHARE


@dataclass(frozen=True, slots=True)
class Plant:
    """A program's effect on a KPI: ``effect`` at full strength, in the KPI's units.

    ``ramp`` is the share of full strength in the first periods after exposure (then
    1); ``spread`` how far units' own effects lie from ``effect`` (a factor drawn per
    unit between 1 - spread and 1 + spread).
    """

    program: str
    kpi: KpiSpec
    effect: float
    ramp: tuple[float, ...] = ()
    spread: float = 0.0


PLANTS = (
    Plant("safe_driver", INCIDENTS, -0.45, ramp=(0.5, 0.8), spread=0.3),
    Plant("new_manager", TURNOVER, -0.35, ramp=(0.4, 0.7), spread=0.3),
    Plant("service", COMPLAINTS, -0.35, ramp=(0.5, 0.8), spread=0.2),
    Plant("warehouse_quality", PICKING, -0.08, ramp=(0.6,), spread=0.4),
    Plant("sales_academy", REVENUE, 2500.0, ramp=(0.5,), spread=0.5),
    Plant("compliance", REVENUE, 0.0),  # the null case
)


def seed(ctx: SeedContext) -> None:
    """Add the planted effects to the KPI observations and record the truth."""
    rng = ctx.rng_for("impact")
    program_ids: dict[str, int] = ctx.registry["experience_program_ids"]
    kpi_ids: dict[str, int] = ctx.registry["kpi_ids"]
    programs = Program.objects.in_bulk(list(program_ids.values()))
    kpis = KPI.objects.in_bulk(list(kpi_ids.values()))
    planted: dict[str, dict[str, Any]] = {}
    updated = 0
    for plant in PLANTS:
        if plant.program not in program_ids or plant.kpi.code not in kpi_ids:
            continue
        program, kpi = programs[program_ids[plant.program]], kpis[kpi_ids[plant.kpi.code]]
        changed, truth = _plant(plant, program, kpi, rng)
        updated += changed
        planted[plant.program] = truth
    ctx.registry["planted_effects"] = planted
    ctx.counts["impact_planted_observations"] = updated


def _plant(
    plant: Plant, program: Program, kpi: KPI, rng: random.Random
) -> tuple[int, dict[str, Any]]:
    """Plant one program's effect; return the rows changed and the truth."""
    frames = studies.study_frames(program, kpi, share=SHARE)
    panel = studies.study_panel(frames)
    factor = {unit: rng.uniform(1 - plant.spread, 1 + plant.spread) for unit in panel.unit_ids}
    wanted: dict[tuple[str, str], float] = {}
    for unit, period in zip(panel.unit.tolist(), panel.period.tolist(), strict=True):
        first = int(panel.first_exposed[unit])
        if first < 0 or period < first or plant.effect == 0:
            continue
        since = period - first
        strength = plant.ramp[since] if since < len(plant.ramp) else 1.0
        unit_id = panel.unit_ids[unit]
        wanted[(unit_id, panel.period_labels[period])] = plant.effect * strength * factor[unit_id]
    actual = _write(kpi, frames.level, wanted, plant.kpi.shape.decimals)
    rows = studies.estimand_rows(panel)
    keys = list(zip(rows["unit_id"], rows["period"], strict=True))
    effect = sum(actual.get(key, 0.0) for key in keys) / len(keys) if keys else None
    return len(actual), {
        "kpi": kpi.code,
        "level": frames.level,
        "share": SHARE,
        "effect": effect,
        "unit_periods": len(keys),
    }


def _write(
    kpi: KPI, level: str, wanted: dict[tuple[str, str], float], decimals: int
) -> dict[tuple[str, str], float]:
    """Add the wanted effects to the observations; return the change actually written.

    Values are rounded as the KPI's source rounds them and never fall below zero, so
    the change written can differ a little from the one wanted.
    """
    if not wanted:
        return {}
    rows = Observation.objects.filter(kpi=kpi)
    if level == "person":
        people = sorted({int(unit) for unit, _ in wanted})
        by_person = rows.filter(person_id__in=people).values_list(
            "pk", "person_id", "period", "value"
        )
        keyed = [(pk, str(person), day, value) for pk, person, day, value in by_person]
    else:
        units = sorted({unit for unit, _ in wanted})
        by_unit = rows.filter(person__isnull=True, org_unit__code__in=units).values_list(
            "pk", "org_unit__code", "period", "value"
        )
        keyed = [(pk, str(code), day, value) for pk, code, day, value in by_unit]
    actual: dict[tuple[str, str], float] = {}
    changed: list[Observation] = []
    for pk, unit, day, value in keyed:
        key = (unit, day.isoformat()[:7])
        if key not in wanted:
            continue
        new = round(max(0.0, value + wanted[key]), decimals)
        actual[key] = new - value
        changed.append(Observation(pk=pk, value=new))
    Observation.objects.bulk_update(changed, ["value"], batch_size=BATCH)
    return actual
