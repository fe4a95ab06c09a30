"""Every write of the impact app: start and run impact studies, compute ROI analyses.

A study is queued by :func:`start_study` and run in the background by
:func:`run_study` (from :mod:`mainspring.impact.tasks`), which claims the row, writes
its progress as it goes and stores the engine's answer; :func:`record_study` runs one
in the foreground (the demo seeder). :func:`compute_roi` reads the cost ledger
(:mod:`mainspring.factory.ledger`) and the study or the participants' estimates
(:mod:`mainspring.evaluation.measures`) and stores Phillips' figures
(:mod:`mainspring.impact.roi`). Nothing is edited afterwards: a re-run is a new row.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from mainspring.evaluation import measures
from mainspring.experiences.models import Program
from mainspring.factory import ledger
from mainspring.impact import cli, roi, studies
from mainspring.impact.estimators import PRE_TREND_ALPHA, Estimate, Method, estimate_impact
from mainspring.impact.models import (
    ImpactStudy,
    RoiAnalysis,
    RoiBasis,
    StudyMethod,
    StudyStatus,
)
from mainspring.impact.panel import PanelError
from mainspring.impact.queries import latest_study
from mainspring.org.models import User
from mainspring.strategy.models import KPI

log = logging.getLogger(__name__)

# The engine's methods as an isolation method of the evaluation plan.
ISOLATION_OF_METHOD = {"imputation": "comparison_group", "trend-line": "trend_line"}


class Error(Exception):
    """A change that cannot be made, with a message for the user."""


def _level(value: str | None) -> studies.StudyLevel | None:
    for level in studies.LEVELS:
        if level == value:
            return level
    return None


def _method(value: str) -> Method:
    return "trend" if value == StudyMethod.TREND else "auto"


# ----------------------------------------------------------------------------- studies


def start_study(
    *,
    actor: User | None,
    program: Program,
    kpi: KPI,
    level: str | None = None,
    share: float = studies.DEFAULT_SHARE,
    method: str = StudyMethod.AUTO,
    covariates: bool = True,
) -> ImpactStudy:
    """Queue an impact study of ``program`` on ``kpi``; the task runs it after commit.

    Raises:
        studies.StudyError: when the question does not fit the KPI (level, share).
    """
    chosen = studies.check_study(kpi, _level(level), share)
    with transaction.atomic():
        study = ImpactStudy.objects.create(
            program=program,
            kpi=kpi,
            level=chosen,
            share=share if chosen == "unit" else studies.DEFAULT_SHARE,
            method_requested=method,
            covariates=covariates,
            created_by=actor,
            message="Waiting for a worker",
        )
        from mainspring.impact.tasks import run_study_task  # noqa: PLC0415  (tasks import us)

        study_id = study.pk
        transaction.on_commit(lambda: run_study_task.enqueue(study_id))
    log.info("impact study #%s of %s on %s queued by %s", study.pk, program, kpi.code, actor)
    return study


def _progress(study_id: int, percent: int, message: str) -> None:
    # Outside any transaction on purpose: the polling page must see it at once.
    ImpactStudy.objects.filter(pk=study_id).update(progress=percent, message=message)


def run_study(study_id: int) -> ImpactStudy:
    """Run a queued study; the claim makes a second run of the same task a no-op."""
    claimed = ImpactStudy.objects.filter(pk=study_id, status=StudyStatus.QUEUED).update(
        status=StudyStatus.RUNNING, progress=5, message="Reading the KPI and the completions"
    )
    study = ImpactStudy.objects.select_related("program", "kpi").get(pk=study_id)
    if claimed != 1:
        return study
    return _execute(study)


def record_study(
    *,
    actor: User | None,
    program: Program,
    kpi: KPI,
    level: str | None = None,
    share: float = studies.DEFAULT_SHARE,
    method: str = StudyMethod.AUTO,
    covariates: bool = True,
) -> ImpactStudy:
    """Run a study in the foreground and store it (the demo seeder, the CLI).

    Raises:
        studies.StudyError: when the question does not fit the KPI (level, share).
    """
    chosen = studies.check_study(kpi, _level(level), share)
    study = ImpactStudy.objects.create(
        program=program,
        kpi=kpi,
        level=chosen,
        share=share,
        method_requested=method,
        covariates=covariates,
        created_by=actor,
        status=StudyStatus.RUNNING,
    )
    return _execute(study, report=False)


def _execute(study: ImpactStudy, *, report: bool = True) -> ImpactStudy:
    try:
        frames = studies.study_frames(
            study.program,
            study.kpi,
            _level(study.level),
            study.share,
            covariates=study.covariates,
        )
        if report:
            _progress(study.pk, 40, "Estimating the effect")
        estimate = estimate_impact(
            studies.study_panel(frames), method=_method(study.method_requested)
        )
    except (studies.StudyError, PanelError) as error:
        return _fail(study, str(error))
    except Exception:  # a background job must record its failure, whatever it was
        log.exception("impact study #%s failed", study.pk)
        return _fail(study, "The study failed unexpectedly. Try again, or tell your admin.")
    with transaction.atomic():
        _store(study, estimate)
    log.info("impact study #%s done: %s", study.pk, study.estimate)
    return study


def _store(study: ImpactStudy, estimate: Estimate) -> None:
    study.result = json.loads(cli.as_json(estimate))
    study.method = estimate.method
    study.estimate = estimate.estimate
    study.std_error = estimate.std_error
    study.ci_low = estimate.ci_low
    study.ci_high = estimate.ci_high
    study.p_value = estimate.p_value
    study.pre_trend_p_value = estimate.pre_trend_p_value
    study.naive_estimate = estimate.naive_estimate
    study.evidence_grade = estimate.evidence_grade or ""
    study.refused = estimate.refused
    study.n_units_exposed = estimate.n_units_exposed
    study.n_units_comparison = estimate.n_units_comparison
    study.n_periods = estimate.n_periods
    study.status, study.progress = StudyStatus.DONE, 100
    study.message = "No estimate: the data cannot answer" if estimate.refused else "Done"
    study.finished_at = timezone.now()
    study.save()


def _fail(study: ImpactStudy, message: str) -> ImpactStudy:
    study.status, study.error = StudyStatus.FAILED, message
    study.message = "Failed"
    study.finished_at = timezone.now()
    study.save(update_fields=["status", "error", "message", "finished_at", "updated_at"])
    return study


# ----------------------------------------------------------------------------- ROI


def _plain(value: Any) -> Any:
    """JSON-ready: Decimals as strings, recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def study_for_roi(program: Program) -> ImpactStudy | None:
    """The study an ROI from an estimate uses: the latest on the plan's KPI, else any."""
    plan = measures.evaluation_plan(program.pk)
    if plan is not None and plan.kpi_id is not None:
        found = latest_study(program.pk, plan.kpi_id)
        if found is not None:
            return found
    return latest_study(program.pk)


def _estimate_result(study: ImpactStudy | None, costs: Decimal) -> roi.RoiResult:
    if study is None:
        return roi.RoiResult(
            None,
            None,
            None,
            "No impact study has been run for this program: run one, or compute the ROI "
            "from participants' estimates.",
            (),
            {"costs": str(costs)},
        )
    kpi = study.kpi
    inputs = roi.EstimateInputs(
        effect=study.estimate,
        ci_low=study.ci_low,
        ci_high=study.ci_high,
        direction=kpi.direction,
        unit_value=kpi.unit_value,
        exposed_units=study.n_units_exposed,
        periods_per_year=roi.FIRST_YEAR_PERIODS.get(kpi.period, 12),
        study_refused=study.refused,
        isolation_method=ISOLATION_OF_METHOD.get(study.method, "none"),
    )
    result = roi.roi_from_estimate(inputs, costs)
    result.working.update(
        {
            "study_id": study.pk,
            "kpi": kpi.name,
            "kpi_unit": kpi.unit,
            "grade": study.evidence_grade,
        }
    )
    return result


def _cautions(study: ImpactStudy | None, result: roi.RoiResult) -> list[str]:
    """What a reader of an ROI from this study must know about the study's soundness."""
    if study is None or result.refused:
        return []
    cautions = []
    p_value = study.pre_trend_p_value
    if p_value is not None and p_value < PRE_TREND_ALPHA:
        cautions.append(
            f"Caution: the study's pre-trend test failed (p = {p_value:.3f}): exposed units "
            "already moved differently before the program, so these benefits may be biased."
        )
    if study.evidence_grade == "D":
        cautions.append(
            "Caution: the effect comes from a trend line (grade D), not a comparison group."
        )
    return cautions


def compute_roi(
    *,
    actor: User | None,
    program: Program,
    basis: str,
    period_start: date,
    period_end: date,
    study: ImpactStudy | None = None,
    notes: str = "",
    cap: Decimal | None = None,
) -> RoiAnalysis:
    """Compute and store a program's ROI over a period, or the reason there is none.

    Costs are the program's fully loaded costs in the period (the factory ledger);
    benefits come from ``study`` (by default the latest on the evaluation plan's KPI)
    or from the participants' estimates of level-3 follow-ups in the period.
    Intangibles come from the evaluation plan.

    Raises:
        Error: for a period that ends before it starts, or an unknown basis.
    """
    if period_end < period_start:
        raise Error("The period must end on or after the day it starts.")
    if basis not in RoiBasis.values:
        raise Error("Choose where the benefits come from: an impact study or participants.")
    breakdown = ledger.program_costs(program.pk, period_start, period_end)
    costs = breakdown.total
    plan = measures.evaluation_plan(program.pk)
    if basis == RoiBasis.ESTIMATE:
        study = study or study_for_roi(program)
        result = _estimate_result(study, costs)
    else:
        study = None
        estimates = measures.participant_estimates(program.pk, period_start, period_end)
        claims = [
            roi.Claim(
                r.person_id, r.responded, r.annual_improvement, r.attribution_pct, r.confidence_pct
            )
            for r in estimates.rows
        ]
        result = roi.roi_from_claims(claims, costs, cap=cap)
    principles = list(result.principles)
    principles += _cautions(study if basis == RoiBasis.ESTIMATE else None, result)
    if plan is not None and not plan.roi_in_scope:
        principles.append("The evaluation plan does not put ROI in scope: read it as a check.")
    inputs = {
        **result.working,
        "costs_by_category": breakdown.by_category,
        "participant_hours": breakdown.participant_hours,
        "allocated": breakdown.allocated,
        "principles": principles,
        "plan_isolation_method": plan.isolation_method if plan is not None else None,
    }
    point, low, high = result.point, result.low, result.high
    with transaction.atomic():
        analysis = RoiAnalysis.objects.create(
            program=program,
            study=study,
            basis=basis,
            period_start=period_start,
            period_end=period_end,
            benefits=point.benefits if point is not None else Decimal(0),
            costs=costs,
            bcr=point.bcr if point is not None else None,
            roi_pct=point.roi_pct if point is not None else None,
            payback_months=point.payback_months if point is not None else None,
            benefits_low=low.benefits if low is not None else None,
            roi_pct_low=low.roi_pct if low is not None else None,
            benefits_high=high.benefits if high is not None else None,
            roi_pct_high=high.roi_pct if high is not None else None,
            refused_reason=result.refused_reason,
            intangibles=plan.intangibles if plan is not None else "",
            notes=notes,
            inputs=_plain(inputs),
            created_by=actor,
        )
    log.info("ROI #%s of %s computed by %s", analysis.pk, program, actor)
    return analysis
