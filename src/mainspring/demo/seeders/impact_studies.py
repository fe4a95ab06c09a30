"""The impact_studies seeder: an impact study of each planted program, and their ROI.

It runs after the evaluation and factory seeders, so the participants' estimates and
the cost ledger exist. For each program the impact seeder planted an effect for
(``ctx.registry["planted_effects"]``: program key -> ``kpi`` code, ``level``,
``share``), it runs the study the way the web UI does, in the foreground, and stores it
as the demo leader's. Then an ROI analysis over the last twelve months: from the
study's estimate for each program the study could estimate; Sales Academy gets a second
one first, from participants' adjusted estimates (the Phillips way its level-3 follow-up
collects), so both kinds show.

The compliance e-learning's planted null is studied on revenue per rep (the only KPI with
people to compare), but that is not what the program is for: its ROI comes from a study
of its own KPI, data-privacy audit findings, one company-wide series with everyone
enrolled on one day, so the engine falls back to a trend line (grade D). Its benefits
come out near nothing against real costs: a negative ROI, said plainly.

It leaves ``ctx.registry["impact_studies"]``: program key -> study pk, and
``ctx.registry["roi_analyses"]``: program key -> analysis pk.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mainspring.demo.seeders.strategy import AUDIT_KPI
from mainspring.experiences.models import Program
from mainspring.impact import actions
from mainspring.impact.models import ImpactStudy, RoiBasis
from mainspring.org.models import User
from mainspring.strategy.models import KPI

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

# Programs with an ROI from participants' estimates too (before the one from the study).
FROM_PARTICIPANTS = ("sales_academy",)
# Programs whose ROI is studied on their own KPI rather than the planted one.
OWN_KPI = {"compliance": AUDIT_KPI}


def _year_before(today: date) -> tuple[date, date]:
    end = today - timedelta(days=1)
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start, end


def seed(ctx: SeedContext) -> None:
    """Run and store a study per planted program, and an ROI analysis for each."""
    planted: dict[str, dict[str, Any]] = ctx.registry.get("planted_effects", {})
    program_ids: dict[str, int] = ctx.registry.get("experience_program_ids", {})
    kpi_ids: dict[str, int] = ctx.registry.get("kpi_ids", {})
    leader = User.objects.filter(username="leader").first()
    programs = Program.objects.in_bulk([program_ids[k] for k in planted if k in program_ids])
    kpis = KPI.objects.in_bulk(list(kpi_ids.values()))
    start, end = _year_before(ctx.today)
    study_ids: dict[str, int] = {}
    roi_ids: dict[str, int] = {}
    for key, truth in sorted(planted.items()):
        if key not in program_ids or truth["kpi"] not in kpi_ids:
            continue
        program = programs[program_ids[key]]
        study = actions.record_study(
            actor=leader,
            program=program,
            kpi=kpis[kpi_ids[truth["kpi"]]],
            level=truth.get("level"),
            share=float(truth.get("share") or 0.5),
        )
        study_ids[key] = study.pk
        if key in OWN_KPI and OWN_KPI[key] in kpi_ids:
            study = actions.record_study(
                actor=leader, program=program, kpi=kpis[kpi_ids[OWN_KPI[key]]]
            )
            study_ids[f"{key}:{OWN_KPI[key]}"] = study.pk

        def roi(basis: str, study: ImpactStudy | None, program: Program = program) -> int:
            return actions.compute_roi(
                actor=leader,
                program=program,
                basis=basis,
                period_start=start,
                period_end=end,
                study=study,
                notes="Computed by the demo generator over the last twelve months.",
            ).pk

        if key in FROM_PARTICIPANTS:
            roi_ids[f"{key}:participants"] = roi(RoiBasis.PARTICIPANT_ESTIMATES, None)
        if study.has_estimate:
            roi_ids[key] = roi(RoiBasis.ESTIMATE, study)
    ctx.registry["impact_studies"] = study_ids
    ctx.registry["roi_analyses"] = roi_ids
    ctx.counts["impact_studies"] = len(study_ids)
    ctx.counts["roi_analyses"] = len(roi_ids)
