"""The registry of TDRp measures: what each one means and how to compute it for a scope.

Three kinds (Barnett and Vance, TDRp): *efficiency* (how much, at what cost),
*effectiveness* (how well: evaluation levels 1-3 and ROI) and *outcome* (what moved in
the business: the goal's KPI, and learning's estimated part in it).

Each compute function answers for one :class:`Scope` (the company, one program, or one
org unit with its subtree) and one inclusive date range, with aggregate queries (no
per-person loops). It returns an :class:`~mainspring.reports.tdrp.Amount` (numerator and
denominator, so rates are recomputed over any range rather than averaged over months)
or a reason why there is no figure.

Definitions (all dates inclusive):

- participants: enrolments started in the range; unique participants: the people among them.
- completions: enrolments completed in the range.
- completion rate: of the enrolments due in the range, the % completed by its end;
  on-time completion rate: of the same, the % completed on or before the due date.
- reach: of today's active headcount in scope (hired by the end of the range), the % with
  an enrolment started in the range. A program's scope is its audience (job roles and
  org units).
- learning hours: the planned duration of steps completed or passed in the range.
- spend: cash entries in the cost ledger (participants' time not included).
- cost per learner: spend ÷ unique participants; cost per hour: spend ÷ learning hours.
- L1, L2, L3, NPS: from :mod:`mainspring.evaluation.measures`, by program.
- ROI %: the latest ROI analysis (:mod:`mainspring.impact.queries`); for the company,
  (Σ benefits - Σ costs) ÷ Σ costs over the programs' latest computed analyses.
- KPI value: the mean of the KPI's observations in the range, at the most aggregate
  level recorded (company, else org units in scope, else people in scope).
- learning's contribution: the latest finished impact study's estimate on the KPI (for
  the company: the sum over the programs serving the KPI), in KPI units per unit-period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Count, F, Q, QuerySet, Sum

from mainspring.evaluation import measures as evaluation
from mainspring.experiences.models import Enrolment, Program, ProgressStatus, StepProgress
from mainspring.factory import ledger
from mainspring.impact import queries as impact
from mainspring.org.models import OrgUnit, Person
from mainspring.reports.models import ScopeKind
from mainspring.reports.tdrp import Aggregation, Amount
from mainspring.strategy.models import KPI, Direction, Observation

PERCENT = 100.0


class Kind(StrEnum):
    EFFICIENCY = "efficiency"
    EFFECTIVENESS = "effectiveness"
    OUTCOME = "outcome"


KIND_LABELS = {
    Kind.EFFICIENCY: "Efficiency",
    Kind.EFFECTIVENESS: "Effectiveness",
    Kind.OUTCOME: "Outcome",
}


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    HOURS = "hours"
    SCORE = "score"
    KPI = "kpi"  # in the KPI's own unit


@dataclass(frozen=True, slots=True)
class Scope:
    """What a figure covers: the company, one program, or one org unit and its subtree."""

    kind: str
    label: str
    program_id: int | None = None
    unit_id: int | None = None
    unit_path: str = ""

    @classmethod
    def company(cls) -> Scope:
        """The whole company, the L&D function's own scope."""
        return cls(ScopeKind.COMPANY, "Company")

    @classmethod
    def of_program(cls, program: Program) -> Scope:
        """One program, wherever its learners are."""
        return cls(ScopeKind.PROGRAM, program.title, program_id=program.pk)

    @classmethod
    def of_unit(cls, unit: OrgUnit) -> Scope:
        """One org unit with everything below it."""
        return cls(ScopeKind.UNIT, unit.name, unit_id=unit.pk, unit_path=unit.path)

    @property
    def program_pk(self) -> int:
        """The program's primary key, for a program scope.

        Raises:
            ValueError: for any other scope.
        """
        if self.program_id is None:
            raise ValueError("not a program scope")
        return self.program_id

    @property
    def key(self) -> str:
        """A short string naming the scope, for URLs and notes ("company", "program:3")."""
        if self.kind == ScopeKind.PROGRAM:
            return f"program:{self.program_id}"
        if self.kind == ScopeKind.UNIT:
            return f"unit:{self.unit_id}"
        return "company"


@dataclass(frozen=True, slots=True)
class Result:
    """A computed figure, or why there is none."""

    amount: Amount | None
    reason: str = ""

    @property
    def value(self) -> float | None:
        """The figure, or None (a zero denominator gives None too)."""
        return self.amount.value if self.amount is not None else None


@dataclass(frozen=True, slots=True)
class Query:
    """What to compute a measure for: a scope, an inclusive date range, and the KPI if any."""

    scope: Scope
    start: date
    end: date
    kpi: KPI | None = None


Compute = Callable[[Query], Result]


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure of the registry."""

    code: str
    name: str
    kind: Kind
    unit: Unit
    aggregation: Aggregation
    compute: Compute
    description: str
    # None: follows the KPI's direction (outcome measures).
    higher_is_better: bool | None = True
    per_kpi: bool = False
    scopes: frozenset[str] = field(
        default_factory=lambda: frozenset({ScopeKind.COMPANY, ScopeKind.PROGRAM, ScopeKind.UNIT})
    )

    def better_higher(self, kpi: KPI | None) -> bool:
        """Whether a higher figure is better, for this KPI where the measure is per KPI."""
        if self.higher_is_better is not None:
            return self.higher_is_better
        return kpi is None or kpi.direction != Direction.LOWER

    def supports(self, scope: Scope) -> bool:
        """Whether the measure can be computed for this kind of scope."""
        return scope.kind in self.scopes


NO_DEPARTMENT = "Not recorded by department"
NO_COMPANY = "Only per program"


# ----------------------------------------------------------------------------- efficiency


def _enrolments(scope: Scope) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.all()
    if scope.kind == ScopeKind.PROGRAM:
        return qs.filter(path__program_id=scope.program_pk)
    if scope.kind == ScopeKind.UNIT:
        return qs.filter(person__org_unit__path__startswith=scope.unit_path)
    return qs


def participants(q: Query) -> Result:
    """Enrolments started in the range."""
    return Result(Amount(_enrolments(q.scope).filter(enrolled_on__range=(q.start, q.end)).count()))


def unique_participants(q: Query) -> Result:
    """People with an enrolment started in the range."""
    found = _enrolments(q.scope).filter(enrolled_on__range=(q.start, q.end))
    return Result(Amount(found.aggregate(n=Count("person", distinct=True))["n"]))


def completions(q: Query) -> Result:
    """Enrolments completed in the range."""
    return Result(Amount(_enrolments(q.scope).filter(completed_on__range=(q.start, q.end)).count()))


def _due_rates(scope: Scope, start: date, end: date, done: Q) -> Result:
    row = (
        _enrolments(scope)
        .filter(due_date__range=(start, end))
        .aggregate(den=Count("id"), num=Count("id", filter=done))
    )
    if not row["den"]:
        return Result(None, "No enrolment was due in this period")
    return Result(Amount(row["num"], row["den"], PERCENT))


def completion_rate(q: Query) -> Result:
    """Of the enrolments due in the range, the % completed by its end."""
    return _due_rates(q.scope, q.start, q.end, Q(completed_on__lte=q.end))


def on_time_rate(q: Query) -> Result:
    """Of the enrolments due in the range, the % completed by their due date."""
    return _due_rates(q.scope, q.start, q.end, Q(completed_on__lte=F("due_date")))


def _audience(scope: Scope, end: date) -> QuerySet[Person] | None:
    people = Person.objects.filter(active=True).filter(
        Q(hire_date__isnull=True) | Q(hire_date__lte=end)
    )
    if scope.kind == ScopeKind.UNIT:
        return people.filter(org_unit__path__startswith=scope.unit_path)
    if scope.kind == ScopeKind.PROGRAM:
        program = Program.objects.prefetch_related("job_roles", "org_units").get(
            pk=scope.program_pk
        )
        roles = [r.pk for r in program.job_roles.all()]
        units = [u.path for u in program.org_units.all()]
        if not roles and not units:
            return None
        match = Q(job_role_id__in=roles) if roles else Q(pk__in=[])
        for path in units:
            match |= Q(org_unit__path__startswith=path)
        return people.filter(match)
    return people


def reach(q: Query) -> Result:
    """Of the active headcount in scope, the % with an enrolment started in the range."""
    people = _audience(q.scope, q.end)
    if people is None:
        return Result(None, "The program has no audience (job roles or org units) to reach")
    started = Q(enrolments__enrolled_on__range=(q.start, q.end))
    if q.scope.kind == ScopeKind.PROGRAM:
        started &= Q(enrolments__path__program_id=q.scope.program_id)
    row = people.aggregate(
        den=Count("id", distinct=True), num=Count("id", distinct=True, filter=started)
    )
    if not row["den"]:
        return Result(None, "Nobody in scope")
    return Result(Amount(row["num"], row["den"], PERCENT))


def _hours(scope: Scope, start: date, end: date) -> float:
    done = StepProgress.objects.filter(
        status__in=(ProgressStatus.COMPLETED, ProgressStatus.PASSED),
        completed_on__range=(start, end),
    )
    if scope.kind == ScopeKind.PROGRAM:
        done = done.filter(enrolment__path__program_id=scope.program_pk)
    elif scope.kind == ScopeKind.UNIT:
        done = done.filter(enrolment__person__org_unit__path__startswith=scope.unit_path)
    minutes = done.aggregate(m=Sum("step__duration_minutes"))["m"] or 0
    return minutes / 60


def learning_hours(q: Query) -> Result:
    """Planned duration of the steps completed or passed in the range, in hours."""
    return Result(Amount(_hours(q.scope, q.start, q.end)))


def _spend(scope: Scope, start: date, end: date) -> float | None:
    if scope.kind == ScopeKind.UNIT:
        return None
    ids = [scope.program_id] if scope.program_id is not None else None
    return float(ledger.spend(start, end, program_ids=ids))


def spend(q: Query) -> Result:
    """Cash spend in the cost ledger (participants' time not included)."""
    value = _spend(q.scope, q.start, q.end)
    return Result(None, NO_DEPARTMENT) if value is None else Result(Amount(value))


def cost_per_learner(q: Query) -> Result:
    """Spend ÷ unique participants."""
    value = _spend(q.scope, q.start, q.end)
    if value is None:
        return Result(None, NO_DEPARTMENT)
    learners = unique_participants(q).amount
    if learners is None or not learners.num:
        return Result(None, "No participants in this period")
    return Result(Amount(value, learners.num))


def cost_per_hour(q: Query) -> Result:
    """Spend ÷ learning hours."""
    value = _spend(q.scope, q.start, q.end)
    if value is None:
        return Result(None, NO_DEPARTMENT)
    hours = _hours(q.scope, q.start, q.end)
    if not hours:
        return Result(None, "No learning hours in this period")
    return Result(Amount(value, hours))


# -------------------------------------------------------------------------- effectiveness


def _programs(scope: Scope) -> list[int] | None:
    return [scope.program_id] if scope.program_id is not None else None


def _level(summary: evaluation.LevelSummary, scale: float) -> Result:
    if summary.score is None or not summary.responses:
        return Result(None, "No responses in this period")
    return Result(Amount(summary.score * summary.responses / scale, summary.responses, scale))


def reaction(q: Query) -> Result:
    """Level 1: % favourable answers to the reaction survey."""
    return _level(evaluation.reaction(_programs(q.scope), q.start, q.end), PERCENT)


def learning(q: Query) -> Result:
    """Level 2: mean assessment score (0-100)."""
    return _level(evaluation.learning(_programs(q.scope), q.start, q.end), 1.0)


def application(q: Query) -> Result:
    """Level 3: % favourable answers to the learner and manager follow-ups."""
    return _level(evaluation.application(_programs(q.scope), q.start, q.end), PERCENT)


def net_promoter(q: Query) -> Result:
    """Net promoter score (-100 to 100)."""
    value = evaluation.net_promoter(_programs(q.scope), q.start, q.end)
    if value is None:
        return Result(None, "No answers in this period")
    return Result(Amount(value, 1.0))


def roi(q: Query) -> Result:
    """ROI % of the latest analysis (for the company: pooled over programs' latest)."""
    if q.scope.program_id is not None:
        found = impact.latest_roi(q.scope.program_id)
        if found is None:
            return Result(None, "No ROI analysis yet")
        if found.refused_reason or found.roi_pct is None:
            return Result(None, f"ROI not computed: {found.refused_reason or 'no result'}")
        return Result(Amount(found.roi_pct, 1.0))
    benefits = costs = 0.0
    for program_id in (
        Program.objects.filter(roi_analyses__isnull=False).values_list("pk", flat=True).distinct()
    ):
        found = impact.latest_roi(program_id)
        if found is not None and not found.refused_reason and found.roi_pct is not None:
            benefits += float(found.benefits)
            costs += float(found.costs)
    if not costs:
        return Result(None, "No computed ROI analysis yet")
    return Result(Amount(benefits - costs, costs, PERCENT))


# ------------------------------------------------------------------------------- outcome


def kpi_value(q: Query) -> Result:
    """Mean of the KPI's observations in the range, at the most aggregate level recorded."""
    if q.kpi is None:
        return Result(None, "No KPI")
    values = Observation.objects.filter(kpi=q.kpi, period__range=(q.start, q.end))
    company = values.filter(org_unit__isnull=True, person__isnull=True)
    if q.scope.kind == ScopeKind.UNIT:
        units = values.filter(org_unit__path__startswith=q.scope.unit_path)
        people = values.filter(person__org_unit__path__startswith=q.scope.unit_path)
        candidates = [units, people]
    else:
        candidates = [company, values.filter(org_unit__isnull=False), values]
    for chosen in candidates:
        row = chosen.aggregate(total=Sum("value"), n=Count("id"))
        if row["n"]:
            return Result(Amount(row["total"], row["n"]))
    return Result(None, "No KPI values recorded for this period")


def _serving(kpi: KPI) -> list[int]:
    return list(
        Program.objects.filter(needs__kpi=kpi).values_list("pk", flat=True).distinct().order_by()
    )


def contribution(q: Query) -> Result:
    """Learning's estimated effect on the KPI, from the latest finished impact studies."""
    if q.kpi is None:
        return Result(None, "No KPI")
    programs = _serving(q.kpi) if q.scope.program_id is None else [q.scope.program_id]
    total, found, refused = 0.0, 0, 0
    for program_id in programs:
        study = impact.latest_study(program_id, q.kpi.pk)
        if study is None:
            continue
        if study.refused or study.estimate is None:
            refused += 1
            continue
        total += study.estimate
        found += 1
    if not found:
        reason = "The impact study declined to estimate" if refused else "No impact study yet"
        return Result(None, reason)
    return Result(Amount(total))


# ------------------------------------------------------------------------------ registry

COMPANY_AND_PROGRAM = frozenset({ScopeKind.COMPANY, ScopeKind.PROGRAM})

MEASURES: tuple[Measure, ...] = (
    Measure("participants", "Participants", Kind.EFFICIENCY, Unit.COUNT, Aggregation.SUM,
            participants, "Enrolments started"),
    Measure("unique_participants", "Unique participants", Kind.EFFICIENCY, Unit.COUNT,
            Aggregation.SUM, unique_participants, "People who started at least one enrolment"),
    Measure("completions", "Completions", Kind.EFFICIENCY, Unit.COUNT, Aggregation.SUM,
            completions, "Enrolments completed"),
    Measure("completion_rate", "Completion rate", Kind.EFFICIENCY, Unit.PERCENT,
            Aggregation.RATIO, completion_rate,
            "Of enrolments due in the period, % completed by its end"),
    Measure("on_time_rate", "On-time completion rate", Kind.EFFICIENCY, Unit.PERCENT,
            Aggregation.RATIO, on_time_rate,
            "Of enrolments due in the period, % completed by the due date"),
    Measure("reach", "Reach", Kind.EFFICIENCY, Unit.PERCENT, Aggregation.RATIO, reach,
            "% of the active headcount in scope who started learning"),
    Measure("learning_hours", "Learning hours", Kind.EFFICIENCY, Unit.HOURS, Aggregation.SUM,
            learning_hours, "Planned hours of the steps completed"),
    Measure("spend", "Spend", Kind.EFFICIENCY, Unit.MONEY, Aggregation.SUM, spend,
            "Cash spend in the cost ledger", higher_is_better=False,
            scopes=COMPANY_AND_PROGRAM),
    Measure("cost_per_learner", "Cost per learner", Kind.EFFICIENCY, Unit.MONEY,
            Aggregation.RATIO, cost_per_learner, "Spend ÷ unique participants",
            higher_is_better=False, scopes=COMPANY_AND_PROGRAM),
    Measure("cost_per_hour", "Cost per learning hour", Kind.EFFICIENCY, Unit.MONEY,
            Aggregation.RATIO, cost_per_hour, "Spend ÷ learning hours",
            higher_is_better=False, scopes=COMPANY_AND_PROGRAM),
    Measure("l1_favourable", "Reaction (L1), % favourable", Kind.EFFECTIVENESS, Unit.PERCENT,
            Aggregation.RATIO, reaction, "Answers of 4-5 on the 1-5 reaction items",
            scopes=COMPANY_AND_PROGRAM),
    Measure("l2_score", "Learning (L2), mean score", Kind.EFFECTIVENESS, Unit.SCORE,
            Aggregation.RATIO, learning, "Mean assessment score, 0-100",
            scopes=COMPANY_AND_PROGRAM),
    Measure("l3_favourable", "Application (L3), % favourable", Kind.EFFECTIVENESS,
            Unit.PERCENT, Aggregation.RATIO, application,
            "Answers of 4-5 on the learner and manager follow-ups",
            scopes=COMPANY_AND_PROGRAM),
    Measure("nps", "Net promoter score", Kind.EFFECTIVENESS, Unit.SCORE, Aggregation.RATIO,
            net_promoter, "% promoters (9-10) minus % detractors (0-6)",
            scopes=COMPANY_AND_PROGRAM),
    Measure("roi", "ROI %", Kind.EFFECTIVENESS, Unit.PERCENT, Aggregation.LATEST, roi,
            "Latest ROI analysis: (benefits - costs) ÷ costs", scopes=COMPANY_AND_PROGRAM),
    Measure("kpi_value", "KPI", Kind.OUTCOME, Unit.KPI, Aggregation.RATIO, kpi_value,
            "Mean of the KPI's values in the period", higher_is_better=None, per_kpi=True),
    Measure("contribution", "Learning's estimated contribution", Kind.OUTCOME, Unit.KPI,
            Aggregation.LATEST, contribution,
            "Latest impact study estimate, KPI units per unit-period",
            higher_is_better=None, per_kpi=True, scopes=COMPANY_AND_PROGRAM),
)  # fmt: skip

BY_CODE: dict[str, Measure] = {m.code: m for m in MEASURES}


def get(code: str) -> Measure:
    """Return the measure with this code.

    Raises:
        KeyError: when no measure has it.
    """
    return BY_CODE[code]


def format_value(value: float | None, unit: Unit) -> str:
    """Show a figure the way a report reader expects: 1,234 · 87.5% · 12,400 · 3.42."""
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return f"{value:,.1f}%"
    if unit in (Unit.COUNT, Unit.MONEY):
        return f"{value:,.0f}"
    if unit == Unit.HOURS:
        return f"{value:,.0f}"
    if unit == Unit.SCORE:
        return f"{value:,.1f}"
    return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"  # noqa: PLR2004


def unit_label(measure: Measure, kpi: KPI | None = None) -> str:
    """The unit a row is in, for column headers and exports."""
    if measure.unit == Unit.KPI:
        return kpi.unit if kpi is not None and kpi.unit else "KPI units"
    return {
        Unit.COUNT: "count",
        Unit.PERCENT: "%",
        Unit.MONEY: "money",
        Unit.HOURS: "hours",
        Unit.SCORE: "score",
    }[measure.unit]
