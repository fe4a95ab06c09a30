"""The cost ledger read for ROI, budgets and efficiency measures: fully loaded costs.

What a program costs follows Phillips' fully loaded costs (DOMAIN.md, "ROI"): every
ledger entry booked to the program, plus

* participants' time, computed and not stored: each completed step (completed or
  passed, ``completed_on`` in the period) counts its ``Step.duration_minutes``, valued at
  the loaded hourly rate of the person's job role, else the default rate;
* a share of the shared (program-less) needs-assessment and overhead entries of the
  period, in proportion to the program's share of all programs' participant hours.

Shared costs in other categories (a department-wide licence, say) stay shared: they
count in :func:`spend` and the budget, not in any program's cost.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from mainspring.experiences.models import Enrolment, Program, ProgressStatus, StepProgress
from mainspring.factory.models import (
    PRORATED_CATEGORIES,
    BudgetLine,
    CostCategory,
    CostEntry,
    LoadedRate,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Used when no default row exists on the loaded rates page; a setting may change it.
FALLBACK_RATE = Decimal("35.00")
# Steps that took the person's time: waived ones did not.
TIME_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.PASSED)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _empty_categories() -> dict[str, Decimal]:
    return dict.fromkeys(CostCategory.values, ZERO)


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """A program's fully loaded costs for a period."""

    by_category: dict[str, Decimal]  # every CostCategory value present, 0 where none
    participant_hours: Decimal  # hours of participants' time counted
    allocated: Decimal  # of the total, what was prorated from shared (program-less) costs

    @property
    def total(self) -> Decimal:
        """Every category added up."""
        return sum(self.by_category.values(), ZERO)


@dataclass(frozen=True, slots=True)
class RoleTime:
    """Participants' time of one job role in a program."""

    job_role: str  # "(no job role)" for people without one
    people: int
    hours: Decimal
    rate: Decimal
    default_rate: bool  # the role has no rate of its own
    value: Decimal


@dataclass(frozen=True, slots=True)
class ParticipantTime:
    """Participants' time in a program and its value, by job role."""

    hours: Decimal
    value: Decimal
    roles: tuple[RoleTime, ...]


# ----------------------------------------------------------------------------- rates


def default_rate() -> Decimal:
    """The hourly loaded rate for people whose job role has none."""
    row = LoadedRate.objects.filter(is_default=True).values_list("hourly_rate", flat=True).first()
    if row is not None:
        return row
    return Decimal(str(getattr(settings, "MAINSPRING_DEFAULT_LOADED_RATE", FALLBACK_RATE)))


def _rates() -> tuple[dict[int, Decimal], Decimal]:
    """Job role id -> rate, and the default; one query."""
    by_role: dict[int, Decimal] = {}
    default: Decimal | None = None
    for role_id, rate, is_default in LoadedRate.objects.values_list(
        "job_role_id", "hourly_rate", "is_default"
    ):
        if is_default:
            default = rate
        elif role_id is not None:
            by_role[role_id] = rate
    if default is None:
        default = Decimal(str(getattr(settings, "MAINSPRING_DEFAULT_LOADED_RATE", FALLBACK_RATE)))
    return by_role, default


# ----------------------------------------------------------------------------- participant time


def _timed(start: date, end: date) -> QuerySet[StepProgress]:
    return StepProgress.objects.filter(
        status__in=TIME_STATUSES,
        completed_on__gte=start,
        completed_on__lte=end,
        step__path__program__isnull=False,
    )


def _hours(minutes: int | None) -> Decimal:
    return Decimal(minutes or 0) / Decimal(60)


def participant_time(program_id: int, start: date, end: date) -> ParticipantTime:
    """Participants' hours in a program over a period and their loaded value, by job role.

    Two queries: the rates, and the completed steps' minutes grouped by job role.
    """
    by_role, default = _rates()
    rows = (
        _timed(start, end)
        .filter(step__path__program_id=program_id)
        .values(
            role_id=F("enrolment__person__job_role_id"), role=F("enrolment__person__job_role__name")
        )
        .annotate(
            minutes=Sum("step__duration_minutes"), people=Count("enrolment__person", distinct=True)
        )
        .order_by("role")
    )
    roles: list[RoleTime] = []
    for row in rows:
        hours = _hours(row["minutes"])
        rate = by_role.get(row["role_id"], default)
        roles.append(
            RoleTime(
                job_role=row["role"] or "(no job role)",
                people=row["people"],
                hours=hours.quantize(CENT),
                rate=rate,
                default_rate=row["role_id"] not in by_role,
                value=_money(hours * rate),
            )
        )
    return ParticipantTime(
        hours=sum((r.hours for r in roles), ZERO),
        value=sum((r.value for r in roles), ZERO),
        roles=tuple(roles),
    )


def participant_hours_by_program(start: date, end: date) -> dict[int, Decimal]:
    """Participants' hours per program over a period (programs with none are absent)."""
    rows = (
        _timed(start, end)
        .values(program_id=F("step__path__program_id"))
        .annotate(minutes=Sum("step__duration_minutes"))
        .order_by()
    )
    return {row["program_id"]: _hours(row["minutes"]) for row in rows}


def participant_hours_by_program_month(
    start: date, end: date
) -> dict[tuple[int, int, int], Decimal]:
    """(program id, year, month) -> participants' hours of that month, over a period."""
    rows = (
        _timed(start, end)
        .values(
            program_id=F("step__path__program_id"),
            year=ExtractYear("completed_on"),
            month=ExtractMonth("completed_on"),
        )
        .annotate(minutes=Sum("step__duration_minutes"))
        .order_by()
    )
    return {(r["program_id"], r["year"], r["month"]): _hours(r["minutes"]) for r in rows}


def _time_value_by_program_month(
    year: int, program_ids: Collection[int] | None
) -> dict[tuple[int, int], Decimal]:
    """(program id, month) -> value of participants' time in that month of ``year``."""
    by_role, default = _rates()
    qs = _timed(date(year, 1, 1), date(year, 12, 31))
    if program_ids is not None:
        qs = qs.filter(step__path__program_id__in=program_ids)
    rows = (
        qs.values(
            program_id=F("step__path__program_id"),
            role_id=F("enrolment__person__job_role_id"),
            month=ExtractMonth("completed_on"),
        )
        .annotate(minutes=Sum("step__duration_minutes"))
        .order_by()
    )
    out: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        rate = by_role.get(row["role_id"], default)
        out[row["program_id"], row["month"]] += _hours(row["minutes"]) * rate
    return {key: _money(value) for key, value in out.items()}


# ----------------------------------------------------------------------------- program costs


def _entries(start: date, end: date) -> QuerySet[CostEntry]:
    return CostEntry.objects.filter(date__gte=start, date__lte=end)


def shared_to_prorate(start: date, end: date) -> dict[str, Decimal]:
    """Shared needs-assessment and overhead entries of a period, by category."""
    rows = (
        _entries(start, end)
        .filter(program__isnull=True, category__in=PRORATED_CATEGORIES)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["category"]: row["total"] for row in rows}


def program_costs(program_id: int, start: date, end: date) -> CostBreakdown:
    """A program's fully loaded costs over a period (see the module's docstring).

    Participants' time entered by hand in the ledger (travel time, say) adds to the
    computed time. The prorated share of shared costs is rounded to cents per category.
    """
    by_category = _empty_categories()
    direct = (
        _entries(start, end)
        .filter(program_id=program_id)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in direct:
        by_category[row["category"]] += row["total"]
    time = participant_time(program_id, start, end)
    by_category[CostCategory.PARTICIPANT_TIME] += time.value
    hours = participant_hours_by_program(start, end)
    all_hours = sum(hours.values(), Decimal(0))
    allocated = ZERO
    if all_hours > 0 and hours.get(program_id):
        share = hours[program_id] / all_hours
        for category, total in shared_to_prorate(start, end).items():
            part = _money(total * share)
            by_category[category] += part
            allocated += part
    return CostBreakdown(
        by_category={key: _money(value) for key, value in by_category.items()},
        participant_hours=time.hours,
        allocated=allocated,
    )


def unique_completers(program_id: int, start: date, end: date) -> int:
    """People who completed one of the program's paths in the period."""
    return (
        Enrolment.objects.filter(
            path__program_id=program_id, completed_on__gte=start, completed_on__lte=end
        )
        .values("person_id")
        .distinct()
        .count()
    )


def spend(
    start: date,
    end: date,
    *,
    program_ids: Collection[int] | None = None,
    include_participant_time: bool = False,
) -> Decimal:
    """Actual spend from the ledger over a period.

    Args:
        start: first day, inclusive.
        end: last day, inclusive.
        program_ids: only these programs' entries; None for every entry, shared ones
            included.
        include_participant_time: False counts cash only (ledger entries outside the
            participants' time category); True adds those entries and the computed value
            of participants' time (of the given programs, or all).
    """
    qs = _entries(start, end)
    if program_ids is not None:
        qs = qs.filter(program_id__in=program_ids)
    if not include_participant_time:
        qs = qs.exclude(category=CostCategory.PARTICIPANT_TIME)
    total = qs.aggregate(total=Sum("amount"))["total"] or ZERO
    if include_participant_time:
        total += _participant_value(start, end, program_ids)
    return _money(total)


def _participant_value(start: date, end: date, program_ids: Collection[int] | None) -> Decimal:
    by_role, default = _rates()
    qs = _timed(start, end)
    if program_ids is not None:
        qs = qs.filter(step__path__program_id__in=program_ids)
    rows = (
        qs.values(role_id=F("enrolment__person__job_role_id"))
        .annotate(minutes=Sum("step__duration_minutes"))
        .order_by()
    )
    return _money(
        sum((_hours(r["minutes"]) * by_role.get(r["role_id"], default) for r in rows), ZERO)
    )


def budget_total(year: int, *, program_ids: Collection[int] | None = None) -> Decimal:
    """The year's budget; None counts every line, shared ones included."""
    qs = BudgetLine.objects.filter(year=year)
    if program_ids is not None:
        qs = qs.filter(program_id__in=program_ids)
    return _money(qs.aggregate(total=Sum("amount"))["total"] or ZERO)


# ----------------------------------------------------------------------------- budgets


def month_amounts(amount: Decimal, phasing: Iterable[Any]) -> list[Decimal]:
    """A budget line's twelve month amounts: its phasing, or even with the cents in December."""
    months = [Decimal(str(value)) for value in phasing]
    if len(months) == 12:  # noqa: PLR2004  (months in a year)
        return months
    even = _money(amount / 12)
    return [even] * 11 + [amount - even * 11]


def ytd_months(year: int, today: date) -> int:
    """How many months of ``year`` count as "to date" on ``today`` (0 to 12)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


@dataclass(frozen=True, slots=True)
class MonthRow:
    """Plan and actual of one month."""

    month: int
    label: str
    plan: Decimal
    actual: Decimal
    counted: bool  # the month is to date, so its actual can be compared

    @property
    def overrun(self) -> Decimal:
        """How much actual exceeds plan (0 when not, or not to date)."""
        return max(self.actual - self.plan, ZERO) if self.counted else ZERO


def monthly_plan_actual(
    year: int,
    program_id: int | None = None,
    *,
    today: date,
    shared: bool = False,
) -> list[MonthRow]:
    """Plan vs actual month by month for a year: all programs and shared, or one program.

    ``shared=True`` (with no program) keeps to the shared lines and entries. Actual
    participants' time is the ledger's plus the computed value.
    """
    lines = BudgetLine.objects.filter(year=year)
    entries = _entries(date(year, 1, 1), date(year, 12, 31))
    ids: list[int] | None = None
    if program_id is not None:
        lines, entries, ids = (
            lines.filter(program_id=program_id),
            entries.filter(program_id=program_id),
            [program_id],
        )
    elif shared:
        lines, entries, ids = (
            lines.filter(program__isnull=True),
            entries.filter(program__isnull=True),
            [],
        )
    plan = [ZERO] * 12
    for amount, phasing in lines.values_list("amount", "phasing"):
        for i, value in enumerate(month_amounts(amount, phasing)):
            plan[i] += value
    actual = [ZERO] * 12
    rows = entries.values(month=ExtractMonth("date")).annotate(total=Sum("amount")).order_by()
    for row in rows:
        actual[row["month"] - 1] += row["total"]
    if ids != []:
        for (_, month), value in _time_value_by_program_month(year, ids).items():
            actual[month - 1] += value
    upto = ytd_months(year, today)
    return [
        MonthRow(
            month=m + 1,
            label=calendar.month_abbr[m + 1],
            plan=_money(plan[m]),
            actual=_money(actual[m]),
            counted=m < upto,
        )
        for m in range(12)
    ]


@dataclass(frozen=True, slots=True)
class Cell:
    """One program and category of the budget grid."""

    plan: Decimal  # the year
    plan_ytd: Decimal
    actual_ytd: Decimal

    @property
    def overrun(self) -> Decimal:
        """How much the actual to date exceeds the plan to date (0 when not)."""
        return max(self.actual_ytd - self.plan_ytd, ZERO)

    @property
    def empty(self) -> bool:
        """Neither a plan nor a cost."""
        return not self.plan and not self.actual_ytd


@dataclass(frozen=True, slots=True)
class GridRow:
    """One program (or the shared pot, ``program_id`` None) across the categories."""

    program_id: int | None
    title: str
    cells: tuple[Cell, ...]  # in CostCategory order
    total: Cell

    @property
    def overruns(self) -> list[tuple[str, Decimal]]:
        """(category label, amount) of each category over its plan to date."""
        return [
            (label, cell.overrun)
            for label, cell in zip(CostCategory.labels, self.cells, strict=True)
            if cell.overrun
        ]


@dataclass(frozen=True, slots=True)
class BudgetGrid:
    """A year's budget: programs x categories, plan vs actual to date."""

    year: int
    months_to_date: int
    categories: tuple[tuple[str, str], ...]  # (value, label)
    rows: tuple[GridRow, ...]
    totals: tuple[Cell, ...]
    total: Cell


def _add(cells: Iterable[Cell]) -> Cell:
    plan = plan_ytd = actual = ZERO
    for cell in cells:
        plan += cell.plan
        plan_ytd += cell.plan_ytd
        actual += cell.actual_ytd
    return Cell(plan=plan, plan_ytd=plan_ytd, actual_ytd=actual)


def budget_grid(year: int, *, today: date) -> BudgetGrid:
    """The budget of a year by program and category, with plan and actual to date.

    Programs appear when they have a budget line or a cost in the year; the shared row
    comes last. Four queries whatever the number of programs.
    """
    upto = ytd_months(year, today)
    plans: dict[tuple[int | None, str], tuple[Decimal, Decimal]] = {}
    titles: dict[int | None, str] = {}
    for line in BudgetLine.objects.filter(year=year).select_related("program"):
        months = month_amounts(line.amount, line.phasing)
        plans[line.program_id, line.category] = (line.amount, sum(months[:upto], ZERO))
        titles[line.program_id] = line.program.title if line.program else ""
    actuals: dict[tuple[int | None, str], Decimal] = defaultdict(lambda: ZERO)
    if upto:
        end = date(year, upto, calendar.monthrange(year, upto)[1])
        for row in (
            _entries(date(year, 1, 1), end)
            .values("program_id", "category", "program__title")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            actuals[row["program_id"], row["category"]] += row["total"]
            titles[row["program_id"]] = row["program__title"] or ""
        for (pid, month), value in _time_value_by_program_month(year, None).items():
            if month <= upto:
                actuals[pid, CostCategory.PARTICIPANT_TIME] += value
                titles.setdefault(pid, "")
    missing = [pid for pid, title in titles.items() if pid is not None and not title]
    if missing:
        titles.update(Program.objects.filter(pk__in=missing).values_list("pk", "title"))
    order: list[int | None] = sorted(
        (pid for pid in titles if pid is not None), key=lambda p: titles[p].lower()
    )
    if None in titles:
        order.append(None)  # the shared row, last
    rows: list[GridRow] = []
    for row_key in order:
        cells = tuple(
            Cell(
                plan=plans.get((row_key, cat), (ZERO, ZERO))[0],
                plan_ytd=_money(plans.get((row_key, cat), (ZERO, ZERO))[1]),
                actual_ytd=_money(actuals[row_key, cat]),
            )
            for cat in CostCategory.values
        )
        rows.append(
            GridRow(
                program_id=row_key,
                title=titles[row_key] if row_key is not None else "Shared (department-wide)",
                cells=cells,
                total=_add(cells),
            )
        )
    totals = tuple(_add(row.cells[i] for row in rows) for i in range(len(CostCategory.values)))
    return BudgetGrid(
        year=year,
        months_to_date=upto,
        categories=tuple((c.value, c.label) for c in CostCategory),
        rows=tuple(rows),
        totals=totals,
        total=_add(totals),
    )


def entries_matching(
    *, program: int | str | None = None, category: str = "", month: str = ""
) -> QuerySet[CostEntry]:
    """Ledger entries filtered for the list: program id or "shared", category, "YYYY-MM"."""
    qs = CostEntry.objects.select_related("program", "created_by")
    if program == "shared":
        qs = qs.filter(program__isnull=True)
    elif isinstance(program, int):
        qs = qs.filter(program_id=program)
    if category:
        qs = qs.filter(category=category)
    if month:
        year, mon = (int(part) for part in month.split("-"))
        qs = qs.filter(date__year=year, date__month=mon)
    return qs


__all__ = [
    "BudgetGrid",
    "CostBreakdown",
    "MonthRow",
    "ParticipantTime",
    "budget_grid",
    "budget_total",
    "default_rate",
    "monthly_plan_actual",
    "participant_time",
    "program_costs",
    "spend",
    "unique_completers",
]
