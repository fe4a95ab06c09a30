"""Build the monthly TDRp reports (summary, program, operations) and read plans and notes."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.http import Http404

from mainspring.experiences.models import Program, ProgramStatus
from mainspring.org.models import OrgUnit
from mainspring.reports import measures, tdrp
from mainspring.reports.measures import Measure, Query, Scope
from mainspring.reports.models import MeasurePlan, ReportKind, ReportNote, ScopeKind
from mainspring.strategy.models import KPI, BusinessGoal

COLUMNS = (
    ("last_year", "Last year actual"),
    ("plan", "Plan"),
    ("ytd", "YTD actual"),
    ("ytd_pct", "YTD % of plan"),
    ("forecast", "Forecast"),
    ("forecast_pct", "Forecast % of plan"),
)

SUMMARY_EFFICIENCY = (
    "participants", "unique_participants", "reach", "learning_hours", "spend", "cost_per_learner"
)  # fmt: skip
SUMMARY_EFFECTIVENESS = ("l1_favourable", "l3_favourable", "roi")
PROGRAM_EFFECTIVENESS = ("l1_favourable", "l2_score", "l3_favourable", "roi")
PROGRAM_EFFICIENCY = (
    "participants", "completions", "completion_rate", "learning_hours", "spend", "cost_per_learner",
)  # fmt: skip
OPERATIONS_EFFICIENCY = (
    "participants", "unique_participants", "completions", "completion_rate", "on_time_rate",
    "reach", "learning_hours", "spend", "cost_per_learner", "cost_per_hour",
)  # fmt: skip
OPERATIONS_EFFECTIVENESS = ("l1_favourable", "l2_score", "l3_favourable", "nps", "roi")
KEY_PROGRAM_STATUSES = (ProgramStatus.PILOT, ProgramStatus.LIVE)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def last_complete_month(today: date) -> tuple[int, int]:
    """The month before ``today``'s: reports are read once a month is closed."""
    previous = today.replace(day=1) - timedelta(days=1)
    return previous.year, previous.month


@dataclass(frozen=True, slots=True)
class Cell:
    """One shown value with its reason when empty (the hover text)."""

    text: str
    value: float | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One measure (for one KPI where it is per KPI) with its six TDRp columns."""

    measure: Measure
    label: str
    unit: str
    kpi: KPI | None
    line: tdrp.Line
    cells: tuple[Cell, ...]

    @property
    def kind_label(self) -> str:
        """Efficiency, effectiveness or outcome."""
        return measures.KIND_LABELS[self.measure.kind]

    @property
    def forecast_rule(self) -> str:
        """How the forecast was made, in words."""
        return tdrp.FORECAST_RULE_TEXT[self.line.rule]


@dataclass(frozen=True, slots=True)
class Block:
    """A titled group of rows: a goal, a program, a kind of measure, a department."""

    title: str
    rows: tuple[ReportRow, ...]
    subtitle: str = ""
    empty: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """A monthly management report, ready to render on screen, in PDF or in XLSX."""

    kind: str
    title: str
    audience: str
    year: int
    month: int
    blocks: tuple[Block, ...]
    note: ReportNote | None
    note_scope: str = "company"
    rules: tuple[str, ...] = field(default=())

    @property
    def period_label(self) -> str:
        """E.g. "October 2026 (January to October)"."""
        name = calendar.month_name[self.month]
        if self.month == 1:
            return f"{name} {self.year}"
        return f"{name} {self.year} (YTD: January to {name})"


# ------------------------------------------------------------------------------ plans

PlanKey = tuple[str, int | None]  # (measure code, KPI id)


def plan_scope_q(scope: Scope) -> Q:
    """Match the plans of one scope."""
    if scope.kind == ScopeKind.PROGRAM:
        return Q(scope=ScopeKind.PROGRAM, program_id=scope.program_id)
    if scope.kind == ScopeKind.UNIT:
        return Q(scope=ScopeKind.UNIT, org_unit_id=scope.unit_id)
    return Q(scope=ScopeKind.COMPANY)


def plans_for(scope: Scope, year: int) -> dict[PlanKey, tuple[dict[int, float], float | None]]:
    """Return the plans of one scope and year: (measure, KPI) -> (by month, annual)."""
    found: dict[PlanKey, tuple[dict[int, float], float | None]] = {}
    monthly: dict[PlanKey, dict[int, float]] = defaultdict(dict)
    annual: dict[PlanKey, float] = {}
    for plan in MeasurePlan.objects.filter(plan_scope_q(scope), year=year):
        key = (plan.measure, plan.kpi_id)
        if plan.month is None:
            annual[key] = plan.value
        else:
            monthly[key][plan.month] = plan.value
    for key in set(monthly) | set(annual):
        found[key] = (monthly.get(key, {}), annual.get(key))
    return found


# ------------------------------------------------------------------------------- rows


def _cells(line: tdrp.Line, measure: Measure) -> tuple[Cell, ...]:
    def show(column: str, value: float | None, pct: bool = False) -> Cell:
        text = (
            "—"
            if value is None
            else (f"{value:,.0f}%" if pct else measures.format_value(value, measure.unit))
        )
        return Cell(text, value, line.reasons.get(column, ""))

    cells = [
        show("last_year", line.last_year),
        show("plan", line.plan),
        show("ytd", line.ytd),
        show("ytd_pct", line.ytd_pct, pct=True),
        show("forecast", line.forecast),
        show("forecast_pct", line.forecast_pct, pct=True),
    ]
    if line.plan is not None and line.ytd_plan is not None:
        plan_text = measures.format_value(line.ytd_plan, measure.unit)
        cells[1] = Cell(cells[1].text, cells[1].value, f"Plan to date: {plan_text}")
    if line.forecast is not None:
        # The forecast says how it was made even on paper, where there is no hover text.
        mark = RUN_RATE_MARK if line.rule is tdrp.ForecastRule.RUN_RATE else ""
        cells[4] = Cell(cells[4].text + mark, cells[4].value, tdrp.FORECAST_RULE_TEXT[line.rule])
    return tuple(cells)


def build_row(
    measure: Measure, scope: Scope, year: int, month: int,
    plans: dict[PlanKey, tuple[dict[int, float], float | None]], *, kpi: KPI | None = None,
    label: str = "",
) -> ReportRow:  # fmt: skip
    """Compute one row: last year's actual, this year's YTD, the plan, the forecast."""
    end = month_end(year, month)
    if measure.aggregation is tdrp.Aggregation.LATEST:
        last = measures.Result(None, "Only the latest analysis is kept")
    else:
        last = measure.compute(Query(scope, date(year - 1, 1, 1), date(year - 1, 12, 31), kpi))
    ytd = measure.compute(Query(scope, date(year, 1, 1), end, kpi))
    monthly, annual = plans.get((measure.code, kpi.pk if kpi else None), ({}, None))
    plan = tdrp.plan_figures(monthly, annual, month, measure.aggregation)
    line = tdrp.line(
        last_year=last.value,
        ytd=ytd.value,
        plan=plan,
        month=month,
        aggregation=measure.aggregation,
        higher_is_better=measure.better_higher(kpi),
        last_year_reason=last.reason,
        ytd_reason=ytd.reason,
    )
    name = label or (
        f"{measure.name}: {kpi.name}" if kpi is not None and measure.code == "kpi_value" else ""
    )
    return ReportRow(
        measure=measure,
        label=name or measure.name,
        unit=measures.unit_label(measure, kpi),
        kpi=kpi,
        line=line,
        cells=_cells(line, measure),
    )


def _rows(
    codes: tuple[str, ...], scope: Scope, year: int, month: int,
    plans: dict[PlanKey, tuple[dict[int, float], float | None]],
) -> tuple[ReportRow, ...]:  # fmt: skip
    found = (measures.get(code) for code in codes)
    return tuple(build_row(m, scope, year, month, plans) for m in found if m.supports(scope))


def _outcome_rows(
    kpis: list[KPI], scope: Scope, year: int, month: int,
    plans: dict[PlanKey, tuple[dict[int, float], float | None]],
) -> tuple[ReportRow, ...]:  # fmt: skip
    rows: list[ReportRow] = []
    value, share = measures.get("kpi_value"), measures.get("contribution")
    for kpi in kpis:
        rows.append(build_row(value, scope, year, month, plans, kpi=kpi, label=kpi.name))
        rows.append(
            build_row(
                share, scope, year, month, plans, kpi=kpi, label=f"Learning's part in {kpi.name}"
            )
        )
    return tuple(rows)


RUN_RATE_MARK = " *"
RULES = (
    "Forecast: YTD actual plus plan for the remaining months; without a plan (marked *), "
    "the YTD pace carried to year end (run rate).",
    "Rates and means are recomputed over the whole period from their numerators and "
    "denominators, never averaged over months; their forecast blends the YTD rate with "
    "the planned rate for the months left, weighted by months.",
    "YTD % of plan compares the YTD actual with the plan for the same months "
    "(hover over a plan for it).",
    "ROI and learning's contribution are the latest analyses, not period sums.",
)


def _note(kind: str, scope: str, year: int, month: int) -> ReportNote | None:
    return ReportNote.objects.filter(kind=kind, scope=scope, year=year, month=month).first()


def summary_report(year: int, month: int) -> Report:
    """The CEO/CFO summary: goals and learning's part in them, then a few key measures."""
    scope = Scope.company()
    plans = plans_for(scope, year)
    blocks: list[Block] = []
    for goal in BusinessGoal.objects.prefetch_related("kpis"):
        kpis = list(goal.kpis.all())
        blocks.append(
            Block(
                title=goal.title,
                subtitle="Outcome",
                rows=_outcome_rows(kpis, scope, year, month, plans),
                empty="This goal has no KPI yet: add one on the goal's page.",
            )
        )
    blocks.append(
        Block("Key efficiency measures", _rows(SUMMARY_EFFICIENCY, scope, year, month, plans))
    )
    blocks.append(
        Block("Key effectiveness measures", _rows(SUMMARY_EFFECTIVENESS, scope, year, month, plans))
    )
    return Report(
        kind=ReportKind.SUMMARY,
        title="Summary report",
        audience="For the CEO and CFO",
        year=year,
        month=month,
        blocks=tuple(blocks),
        note=_note(ReportKind.SUMMARY, "company", year, month),
        rules=RULES,
    )


def key_programs() -> list[Program]:
    """Programs in pilot or live that serve a business goal (through a learning need)."""
    return list(
        Program.objects.filter(status__in=KEY_PROGRAM_STATUSES, needs__goal__isnull=False)
        .distinct()
        .order_by("title", "id")
    )


def program_kpis(program: Program) -> list[KPI]:
    """The KPIs a program's needs aim at, once each."""
    return list(KPI.objects.filter(needs__programs=program).distinct().order_by("name", "id"))


def program_report(year: int, month: int, program_id: int | None = None) -> Report:
    """Per key program: outcome, effectiveness and efficiency rows.

    Raises:
        Http404: when ``program_id`` is not a program.
    """
    programs = key_programs()
    if program_id is not None:
        found = Program.objects.filter(pk=program_id).first()
        if found is None:
            raise Http404("No such program.")
        programs = [found]
    blocks: list[Block] = []
    for program in programs:
        scope = Scope.of_program(program)
        plans = plans_for(scope, year)
        rows = (
            _outcome_rows(program_kpis(program), scope, year, month, plans)
            + _rows(PROGRAM_EFFECTIVENESS, scope, year, month, plans)
            + _rows(PROGRAM_EFFICIENCY, scope, year, month, plans)
        )
        blocks.append(Block(program.title, rows, subtitle=program.get_status_display()))
    note_scope = f"program:{program_id}" if program_id is not None else "company"
    return Report(
        kind=ReportKind.PROGRAM,
        title="Program report",
        audience="For goal owners and the learning leader",
        year=year,
        month=month,
        blocks=tuple(blocks),
        note=_note(ReportKind.PROGRAM, note_scope, year, month),
        note_scope=note_scope,
        rules=RULES,
    )


def departments() -> list[OrgUnit]:
    """The units one level below the top of the tree (divisions or departments)."""
    top = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    if top is None:
        return []
    return list(OrgUnit.objects.filter(parent=top).order_by("name", "id"))


def operations_report(year: int, month: int, *, by_department: bool = False) -> Report:
    """The CLO's report: the L&D function's efficiency and effectiveness, per department too."""
    scope = Scope.company()
    plans = plans_for(scope, year)
    blocks = [
        Block("Efficiency", _rows(OPERATIONS_EFFICIENCY, scope, year, month, plans)),
        Block("Effectiveness", _rows(OPERATIONS_EFFECTIVENESS, scope, year, month, plans)),
    ]
    if by_department:
        for unit in departments():
            unit_scope = Scope.of_unit(unit)
            rows = _rows(
                OPERATIONS_EFFICIENCY, unit_scope, year, month, plans_for(unit_scope, year)
            )
            blocks.append(Block(unit.name, rows, subtitle="Department"))
    return Report(
        kind=ReportKind.OPERATIONS,
        title="Operations report",
        audience="For the CLO and the L&D team",
        year=year,
        month=month,
        blocks=tuple(blocks),
        note=_note(ReportKind.OPERATIONS, "company", year, month),
        rules=RULES,
    )


def build_report(
    kind: str, year: int, month: int, *, program_id: int | None = None, by_department: bool = False
) -> Report:
    """Build a report by kind.

    Raises:
        Http404: for an unknown kind or program.
    """
    if kind == ReportKind.SUMMARY:
        return summary_report(year, month)
    if kind == ReportKind.PROGRAM:
        return program_report(year, month, program_id)
    if kind == ReportKind.OPERATIONS:
        return operations_report(year, month, by_department=by_department)
    raise Http404("No such report.")


# ------------------------------------------------------------------------------ plan grid


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of the plan grid: a measure (for one KPI), its annual and monthly plans."""

    key: str  # form prefix: "<measure>" or "<measure>.<kpi id>"
    measure: Measure
    label: str
    unit: str
    kpi: KPI | None
    annual: float | None
    months: tuple[float | None, ...]  # 12 values


def plan_grid(scope: Scope, year: int) -> list[GridRow]:
    """The measures a scope can be planned for, with the plans entered for the year."""
    plans = plans_for(scope, year)
    kpis: list[KPI] = []
    if scope.kind == ScopeKind.PROGRAM and scope.program_id is not None:
        kpis = list(KPI.objects.filter(needs__programs__pk=scope.program_id).distinct())
    elif scope.kind == ScopeKind.COMPANY:
        kpis = list(KPI.objects.filter(goals__isnull=False).distinct())
    rows: list[GridRow] = []
    for measure in measures.MEASURES:
        if not measure.supports(scope):
            continue
        targets: list[KPI | None] = list(kpis) if measure.per_kpi else [None]
        for kpi in targets:
            monthly, annual = plans.get((measure.code, kpi.pk if kpi else None), ({}, None))
            key = f"{measure.code}.{kpi.pk}" if kpi else measure.code
            label = f"{measure.name}: {kpi.name}" if kpi else measure.name
            rows.append(
                GridRow(
                    key=key, measure=measure, label=label,
                    unit=measures.unit_label(measure, kpi), kpi=kpi, annual=annual,
                    months=tuple(monthly.get(m) for m in range(1, 13)),
                )
            )  # fmt: skip
    return rows


def scope_from_key(key: str) -> Scope:
    """Turn "company", "program:<pk>" or "unit:<pk>" into a scope.

    Raises:
        Http404: for anything else, or a program or unit that does not exist.
    """
    kind, _, pk = key.partition(":")
    if kind == ScopeKind.COMPANY and not pk:
        return Scope.company()
    if not pk.isdigit():
        raise Http404("No such scope.")
    if kind == ScopeKind.PROGRAM:
        program = Program.objects.filter(pk=int(pk)).first()
        if program is not None:
            return Scope.of_program(program)
    if kind == ScopeKind.UNIT:
        unit = OrgUnit.objects.filter(pk=int(pk)).first()
        if unit is not None:
            return Scope.of_unit(unit)
    raise Http404("No such scope.")


def plan_scopes() -> list[tuple[str, str]]:
    """The scopes a plan can be entered for: the company, key programs, departments."""
    found = [("company", "The whole company")]
    found += [(f"program:{p.pk}", f"Program: {p.title}") for p in key_programs()]
    found += [(f"unit:{u.pk}", f"Department: {u.name}") for u in departments()]
    return found
