"""The reports seeder: plans for last year and this one, and the CLO's notes on the last months.

Runs after every seeder that writes what the reports read (enrolments, evaluation,
costs, impact studies), and reads the database rather than the registry, so it works
whatever those seeders left.

Plans are set the way an L&D team sets them: from the pace of the year so far (last
year: from its actual), nudged so that some measures come out ahead of plan and some
behind, deterministically (``ctx.rng_for("reports")``). Counts, hours and money are
spread over months with the peak season before year end; rates and KPI targets are the
same every month. Learning's planned contribution to a KPI is the need's expected change.
The notes are built from the computed reports, so they cite the figures the page shows.
"""

from __future__ import annotations

import calendar
import random
from datetime import date
from typing import TYPE_CHECKING

from mainspring.experiences.models import Program
from mainspring.impact import queries as impact
from mainspring.org.models import User
from mainspring.reports import measures, queries
from mainspring.reports.measures import Measure, Query, Scope, Unit
from mainspring.reports.models import MeasurePlan, ReportKind, ReportNote, plan_slot
from mainspring.reports.tdrp import Aggregation, Status
from mainspring.strategy.models import KPI, Direction, LearningNeed

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

# Peak season before year end, a quiet December (weights, normalised below).
SEASON = (1.0, 1.0, 1.05, 1.0, 1.0, 0.9, 0.8, 0.9, 1.1, 1.25, 1.3, 0.7)
PLANNED = (
    "participants", "unique_participants", "completions", "completion_rate", "on_time_rate",
    "reach", "learning_hours", "spend", "cost_per_learner", "l1_favourable", "l2_score",
    "l3_favourable",
)  # fmt: skip
PROGRAM_PLANNED = (
    "participants", "completions", "completion_rate", "learning_hours", "spend", "l1_favourable",
    "l2_score",
)  # fmt: skip
ROI_TARGET = {"company": 50.0, "program": 25.0}


def _nudge(rng: random.Random, higher_is_better: bool) -> float:
    """A plan a little above or below the pace: ahead on about half the measures."""
    gap = rng.uniform(0.04, 0.15)
    ahead = rng.random() < 0.5  # noqa: PLR2004  (a coin)
    up = higher_is_better != ahead  # a plan above the pace is one we are behind
    return 1 + gap if up else 1 - gap


def _round(value: float, unit: Unit) -> float:
    if unit in (Unit.COUNT, Unit.MONEY, Unit.HOURS):
        return float(round(value))
    return round(value, 1 if unit in (Unit.PERCENT, Unit.SCORE) else 3)


def _months(annual: float, measure: Measure) -> list[tuple[int, float]]:
    if measure.aggregation is not Aggregation.SUM:
        return [(m, annual) for m in range(1, 13)]
    total = sum(SEASON)
    return [(m, _round(annual * w / total, measure.unit)) for m, w in enumerate(SEASON, start=1)]


def _plan(
    scope: Scope, code: str, year: int, month: int | None, value: float, *, kpi: KPI | None = None
) -> MeasurePlan:
    program_id = scope.program_id
    return MeasurePlan(
        measure=code, scope=scope.kind, program_id=program_id, kpi=kpi, year=year,
        month=month, value=value,
        slot=plan_slot(scope=scope.kind, program_id=program_id, org_unit_id=None,
                       kpi_id=kpi.pk if kpi else None, year=year, month=month),
    )  # fmt: skip


def _measure_plans(
    rng: random.Random, scope: Scope, codes: tuple[str, ...], this_year: int, month: int
) -> list[MeasurePlan]:
    plans: list[MeasurePlan] = []
    ytd_span = (date(this_year, 1, 1), queries.month_end(this_year, month))
    last_span = (date(this_year - 1, 1, 1), date(this_year - 1, 12, 31))
    for code in codes:
        measure = measures.get(code)
        better_higher = measure.better_higher(None)
        ytd = measure.compute(Query(scope, *ytd_span)).value
        if ytd:
            pace = ytd / month * 12 if measure.aggregation is Aggregation.SUM else ytd
            annual = pace * _nudge(rng, better_higher)
            if measure.unit == Unit.PERCENT:
                annual = min(annual, 99.0)
            plans += [
                _plan(scope, code, this_year, m, v) for m, v in _months(annual, measure) if v > 0
            ]
        last = measure.compute(Query(scope, *last_span)).value
        if last:
            value = last * _nudge(rng, better_higher)
            if measure.unit == Unit.PERCENT:
                value = min(value, 99.0)
            plans.append(_plan(scope, code, this_year - 1, None, _round(value, measure.unit)))
    return plans


def _outcome_plans(scope: Scope, kpis: list[KPI], year: int) -> list[MeasurePlan]:
    """KPI targets 5% better than last year; learning's part as the needs expect."""
    plans: list[MeasurePlan] = []
    kpi_value = measures.get("kpi_value")
    for kpi in kpis:
        last = kpi_value.compute(Query(scope, date(year - 1, 1, 1), date(year - 1, 12, 31), kpi))
        if last.value is not None:
            better = 0.95 if kpi.direction == Direction.LOWER else 1.05
            target = round(last.value * better, 3)
            plans += [_plan(scope, "kpi_value", year, m, target, kpi=kpi) for m in range(1, 13)]
        needs = LearningNeed.objects.filter(kpi=kpi, expected_change__isnull=False)
        if scope.program_id is not None:
            needs = needs.filter(programs__pk=scope.program_id)
        expected = [float(n.expected_change) for n in needs if n.expected_change is not None]
        if expected:
            plans.append(_plan(scope, "contribution", year, None, round(sum(expected), 3), kpi=kpi))
    return plans


def _write_plans(ctx: SeedContext, year: int, month: int) -> int:
    rng = ctx.rng_for("reports")
    company = Scope.company()
    goal_kpis = list(KPI.objects.filter(goals__isnull=False).distinct().order_by("code"))
    plans = _measure_plans(rng, company, PLANNED, year, month)
    plans += _outcome_plans(company, goal_kpis, year)
    plans.append(_plan(company, "roi", year, None, ROI_TARGET["company"]))
    for program in queries.key_programs():
        scope = Scope.of_program(program)
        plans += _measure_plans(rng, scope, PROGRAM_PLANNED, year, month)
        plans += _outcome_plans(scope, queries.program_kpis(program), year)
        plans.append(_plan(scope, "roi", year, None, ROI_TARGET["program"]))
    MeasurePlan.objects.bulk_create(plans, batch_size=500)
    return len(plans)


# ------------------------------------------------------------------------------- notes


def _row(report: queries.Report, code: str) -> queries.ReportRow | None:
    return next((r for b in report.blocks for r in b.rows if r.measure.code == code), None)


def _said(row: queries.ReportRow) -> str:
    """E.g. "participants 1,204 YTD, 108% of plan"."""
    ytd, pct, label = row.cells[2].text, row.line.ytd_pct, _lower_first(row.label)
    if pct is None:
        return f"{label} {ytd} YTD" + (" (no plan)" if row.line.plan is None else "")
    return f"{label} {ytd} YTD, {pct:.0f}% of plan"


def _lower_first(label: str) -> str:
    """Lower the first letter of a label for the middle of a sentence, unless an acronym."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _ranked(report: queries.Report, status: Status) -> list[queries.ReportRow]:
    rows = [r for b in report.blocks for r in b.rows if r.line.status is status]
    return sorted(rows, key=lambda r: abs((r.line.ytd_pct or 100) - 100), reverse=True)


FIXES = {
    "completion_rate": "we are moving due dates out of the peak weeks and asking site leads "
    "to protect an hour a week for it",
    "on_time_rate": "reminders now go to managers a week before the due date, not after",
    "reach": "the next wave opens to the sites not yet invited",
    "participants": "the autumn intake is smaller than planned; we will re-plan in January "
    "rather than push enrolments through peak season",
    "learning_hours": "fewer classroom days in peak season; hours should recover in Q1",
    "l1_favourable": "the facilitator team is reviewing the two sessions with the lowest scores",
    "l2_score": "the assessment items with the lowest pass rates go back to the designers",
    "l3_favourable": "managers get a one-page coaching guide with the follow-up survey",
    "spend": "vendor invoices for the classroom programs came in early; the year stays in budget",
    "cost_per_learner": "fixed costs are spread over fewer learners than planned until the "
    "next wave starts",
}


def _roi_fix() -> str:
    """Name the key program whose latest ROI pulls the pooled figure down."""
    found = [
        (roi.roi_pct, program.title)
        for program in queries.key_programs()
        if (roi := impact.latest_roi(program.pk)) is not None and roi.roi_pct is not None
    ]
    if not found:
        return "the first ROI analyses are due with the next impact studies"
    pct, title = min(found)
    return (
        f"{title} has the lowest latest ROI ({pct:,.0f}%) and pulls the pooled figure down; "
        "we are reviewing its costs and benefits with its sponsor"
    )


def _summary_note(report: queries.Report, name: str) -> str:
    lines = [f"{name}."]
    goals = [r for b in report.blocks if b.subtitle == "Outcome" for r in b.rows]
    kpis = [r for r in goals if r.measure.code == "kpi_value" and r.line.ytd is not None]
    for row in sorted(kpis, key=lambda r: r.line.status is not Status.AHEAD)[:2]:
        verdict = {
            Status.AHEAD: "better than target",
            Status.BEHIND: "short of target",
            Status.ON_PLAN: "on target",
        }.get(row.line.status, "with no target set")
        lines.append(f"{row.label}: {row.cells[2].text} YTD, {verdict}.")
    shares = [r for r in goals if r.measure.code == "contribution" and r.line.ytd is not None]
    if shares:
        share = shares[0]
        lines.append(
            f"The latest impact study puts learning's part in {share.kpi} at "
            f"{share.cells[2].text} {share.unit} (plan {share.cells[1].text})."
        )
    found = (_row(report, code) for code in ("participants", "reach", "spend"))
    said = [_said(r) for r in found if r is not None and r.line.ytd]
    if said:
        lines.append(f"Learning: {'; '.join(said)}.")
    short = [r for r in kpis if r.line.status is Status.BEHIND]
    if short:
        goal = next(b.title for b in report.blocks if short[0] in b.rows)
        lines.append(
            f'Next: a review with the owner of "{goal}": {short[0].label} is off target, '
            "and we need to agree whether learning is the lever."
        )
    return " ".join(lines)


def _operations_note(report: queries.Report, name: str) -> str:
    lines = [f"{name} in brief."]
    ahead, behind = _ranked(report, Status.AHEAD), _ranked(report, Status.BEHIND)
    if ahead:
        lines.append(f"Ahead: {'; '.join(_said(r) for r in ahead[:2])}.")
    if behind:
        lines.append(f"Behind: {'; '.join(_said(r) for r in behind[:2])}.")
        fixable = [
            r.measure.code for r in behind if r.measure.code in FIXES or r.measure.code == "roi"
        ]
        if fixable:
            lines.append(f"Next: {_roi_fix() if fixable[0] == 'roi' else FIXES[fixable[0]]}.")
    if not ahead and not behind:
        lines.append("Everything planned is within two points of plan.")
    return " ".join(lines)


def _program_note(year: int, month: int, name: str) -> str:
    """The first three key programs' participation and ROI (two rows each, not the report)."""
    lines = [f"{name}."]
    for program in queries.key_programs()[:3]:
        scope = Scope.of_program(program)
        plans = queries.plans_for(scope, year)
        participants, roi = (
            queries.build_row(measures.get(code), scope, year, month, plans)
            for code in ("participants", "roi")
        )
        if roi.line.ytd is not None:
            said = f"ROI {roi.cells[2].text} on the latest analysis."
        else:
            said = f"{roi.line.reasons.get('ytd') or 'No ROI analysis yet'}."
        lines.append(f"{program.title}: {_said(participants)}. {said}")
    return " ".join(lines)


def _write_notes(year: int, month: int) -> int:
    author = User.objects.filter(username="leader").first()
    notes = []
    for offset in (1, 0):
        y, m = (year, month - offset) if month - offset >= 1 else (year - 1, 12)
        name = calendar.month_name[m]
        texts = {
            ReportKind.SUMMARY: _summary_note(queries.summary_report(y, m), name),
            ReportKind.OPERATIONS: _operations_note(queries.operations_report(y, m), name),
            ReportKind.PROGRAM: _program_note(y, m, name),
        }
        notes += [
            ReportNote(kind=kind, scope="company", year=y, month=m, text=text, author=author)
            for kind, text in texts.items()
        ]
    ReportNote.objects.bulk_create(notes)
    return len(notes)


def seed(ctx: SeedContext) -> None:
    """Write plans for last year and this one, and notes for the last two months."""
    year, month = queries.last_complete_month(ctx.today)
    if not Program.objects.exists():
        return
    ctx.counts["measure_plans"] = _write_plans(ctx, year, month)
    ctx.counts["report_notes"] = _write_notes(year, month)
