"""The factory seeder: loaded rates, two years of budgets and of actual costs.

Costs follow what the programs did: delivery and licences scale with the participant
hours and people the experiences and records seeders left (so the demo scales with its
headcount), design is paid before a program's first completions, and the shared pot
holds overhead, needs analyses and department-wide licences. Sizes are set so that ROI
against the planted effects (see ``impact.py`` and the KPI unit values in
``strategy.py``) comes out strongly positive for Safe Driver, marginal for Sales
Academy, positive-moderate for New Manager and Warehouse Quality, and negative for the
compliance e-learning (it has no benefit to show).

Budgets are phased by month like the planned invoices, a little above them, except
Sales Academy delivery: its role plays ran over, so it shows as the overrun.

It leaves ``ctx.registry["factory"]``: ``overrun`` (program key, category, year),
``years`` (the budget years) and ``program_costs`` (program key -> fully loaded cost
of the last twelve months, as a string of the Decimal).
"""

from __future__ import annotations

import calendar
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from simple_history.utils import bulk_create_with_history

from mainspring.factory import ledger
from mainspring.factory.models import (
    BudgetLine,
    CostCategory,
    CostEntry,
    CostSource,
    LoadedRate,
)
from mainspring.org.models import User

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

C = CostCategory
MONTHS = 24
FULL_SIZE = 2000  # the headcount the fixed amounts below are written for
OVERRUN = ("sales_academy", C.DELIVERY)
REASON = "Demo costs"
SPLIT_FROM = 2000  # delivery invoices above this come with materials and travel

# Salary plus benefits and employer charges, per hour (the "pay bands" of the demo).
RATES: dict[str, int] = {
    "Driver": 28,
    "Picker": 26,
    "Account Executive": 45,
    "Customer Service Agent": 27,
    "Depot Lead": 34,
    "Shift Lead": 32,
    "Customer Service Team Lead": 36,
    "Sales Manager": 58,
    "Area Sales Manager": 62,
    "Depot Manager": 55,
    "Assistant Depot Manager": 46,
    "Warehouse Manager": 55,
    "Warehouse Operations Manager": 50,
    "Contact Centre Manager": 55,
    "Contact Centre Operations Manager": 50,
    "Regional Operations Manager": 68,
    "Regional Warehouse Manager": 66,
    "Regional Sales Manager": 70,
    "Head of Learning": 75,
    "Learning Manager": 58,
    "Instructional Designer": 46,
    "Facilitator": 42,
    "LMS Administrator": 40,
    "Learning Coordinator": 34,
}
DEFAULT_RATE = Decimal(38)


@dataclass(frozen=True, slots=True)
class Stream:
    """A program's costs in one category.

    ``per_hour`` is paid each month in proportion to the participant hours of that
    month; ``monthly`` each month the program runs; ``setup`` once, split over the
    three months before its first completions (design, tailoring).
    """

    category: str
    vendor: str
    description: str
    per_hour: float = 0.0
    monthly: float = 0.0
    setup: float = 0.0


STREAMS: dict[str, tuple[Stream, ...]] = {
    "safe_driver": (
        Stream(C.DESIGN, "BrightLane Studio", "Classroom module and podcast series", setup=36000),
        Stream(
            C.DELIVERY, "RoadSafe Training Ltd", "Classroom days; depot leads coach in the cab", 6
        ),
        Stream(C.ACQUISITION, "Fleetwise Media", "Podcast refresher licences", monthly=450),
        Stream(C.MAINTENANCE, "BrightLane Studio", "Content updates", monthly=500),
        Stream(C.EVALUATION, "Kestrel Insight", "Incident data analysis", monthly=600),
    ),
    "sales_academy": (
        Stream(C.DESIGN, "Meridian Sales Partners", "Tailoring to freight", setup=14000),
        Stream(C.ACQUISITION, "Meridian Sales Partners", "E-learning seats", per_hour=90),
        Stream(C.DELIVERY, "Meridian Sales Partners", "Role plays and coaching clinics", 110),
        Stream(C.EVALUATION, "Kestrel Insight", "Revenue analysis", monthly=450),
    ),
    "compliance": (
        Stream(C.ACQUISITION, "Comply365", "Data privacy course licence", monthly=1800),
        Stream(C.MAINTENANCE, "Comply365", "Annual content refresh", setup=4000),
        Stream(C.DELIVERY, "", "LMS administration and reminders", monthly=400),
    ),
    "new_manager": (
        Stream(C.DESIGN, "", "Cohort programme design (external designer)", setup=30000),
        Stream(C.DELIVERY, "Pinewood Conference Centre", "Cohort days, rooms and meals", 90),
        Stream(C.EVALUATION, "Kestrel Insight", "Turnover follow-up", monthly=300),
    ),
    "warehouse_quality": (
        Stream(C.DESIGN, "BrightLane Studio", "Five-minute scanning videos", setup=30000),
        Stream(C.DELIVERY, "PrintWorks", "Shelf-edge cards and scanner-side screens", per_hour=40),
        Stream(C.MAINTENANCE, "BrightLane Studio", "Video updates", monthly=250),
        Stream(C.EVALUATION, "Kestrel Insight", "Picking error analysis", monthly=200),
    ),
    "service": (
        Stream(C.DESIGN, "", "Call-based scenarios and workshop", setup=15000),
        Stream(C.DELIVERY, "", "Virtual workshop facilitation", per_hour=35),
    ),
    "onboarding": (
        Stream(C.DESIGN, "", "First-month refresh", setup=8000),
        Stream(C.DELIVERY, "", "Welcome days, materials and buddies' time", per_hour=22),
    ),
}

# Department-wide costs by month at full size: (category, vendor, description, amount).
SHARED: tuple[tuple[str, str, str, int], ...] = (
    (C.OVERHEAD, "", "L&D team office, tools and travel", 4500),
    (C.OVERHEAD, "Northwind IT", "Share of IT services", 1200),
    (C.ACQUISITION, "Lernwerk LMS", "Learning platform subscription", 2400),
    (C.EVALUATION, "SurveyPoint", "Survey tool subscription", 350),
)
NEEDS_ANALYSES = (  # (month of the year, amount at full size, description)
    (2, 14000, "Annual learning needs analysis"),
    (9, 6000, "Site visits: picking errors and safety"),
)


def seed(ctx: SeedContext) -> None:
    """Write loaded rates, budget lines for this and last year, and the actual costs."""
    rng = ctx.rng_for("factory")
    program_ids: dict[str, int] = ctx.registry.get("experience_program_ids", {})
    scale = ctx.people / FULL_SIZE
    _rates(ctx.registry.get("role_ids", {}))
    first = _add_months(ctx.today.replace(day=1), -MONTHS)
    hours = ledger.participant_hours_by_program_month(first, ctx.today)
    planned = _planned(program_ids, hours, first, ctx.today, scale)
    leader = User.objects.filter(username="leader").first()
    entries = _entries(planned, program_ids, ctx.today, leader, rng)
    bulk_create_with_history(entries, CostEntry, default_user=leader, default_change_reason=REASON)
    years = (ctx.today.year - 1, ctx.today.year)
    lines = _budget(
        planned, hours=hours, years=years, program_ids=program_ids, today=ctx.today, rng=rng
    )
    BudgetLine.objects.bulk_create(lines)
    year_ago = _add_months(ctx.today, -12)
    ctx.registry["factory"] = {
        "overrun": (*OVERRUN, ctx.today.year),
        "years": years,
        "program_costs": {
            key: str(ledger.program_costs(pk, year_ago, ctx.today).total)
            for key, pk in program_ids.items()
            if key in STREAMS
        },
    }
    ctx.counts["cost_entries"] = len(entries)
    ctx.counts["budget_lines"] = len(lines)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _rates(role_ids: dict[str, int]) -> None:
    rows = [LoadedRate(is_default=True, hourly_rate=DEFAULT_RATE, notes="Company average")]
    rows += [
        LoadedRate(job_role_id=role_ids[name], hourly_rate=Decimal(rate), notes="HR, 2026")
        for name, rate in RATES.items()
        if name in role_ids
    ]
    LoadedRate.objects.bulk_create(rows)


# (program key or "" for shared, category, vendor, description, year, month) -> amount
Planned = dict[tuple[str, str, str, str, int, int], float]


def _planned(
    program_ids: dict[str, int],
    hours: dict[tuple[int, int, int], Decimal],
    first: date,
    today: date,
    scale: float,
) -> Planned:
    """What each stream costs each month, this year's remaining months included."""
    planned: Planned = defaultdict(float)
    months = [_add_months(first, i) for i in range(MONTHS + 12 - today.month + 1)]
    for key, streams in STREAMS.items():
        pk = program_ids.get(key)
        if pk is None:
            continue
        by_month = {(y, m): float(h) for (p, y, m), h in hours.items() if p == pk and h}
        if not by_month:
            continue
        running = sorted(by_month)
        start = date(*running[0], 1)
        average = sum(by_month.values()) / len(by_month)
        for stream in streams:
            base = (stream.category, stream.vendor, stream.description)
            if stream.setup:
                for back in (3, 2, 1):
                    month = _add_months(start, -back)
                    amount = stream.setup * max(scale, 0.25) / 3
                    planned[(key, *base, month.year, month.month)] += amount
            for month in months:
                if month < start:
                    continue
                # months ahead of today: as many hours as the average month so far
                done = by_month.get((month.year, month.month), 0.0 if month < today else average)
                amount = stream.per_hour * done + (stream.monthly * max(scale, 0.2) if done else 0)
                if amount:
                    planned[(key, *base, month.year, month.month)] += amount
    _plan_shared(planned, months, scale)
    return planned


def _plan_shared(planned: Planned, months: list[date], scale: float) -> None:
    for month in months:
        for category, vendor, description, amount in SHARED:
            planned[("", category, vendor, description, month.year, month.month)] += amount * scale
        for at, amount, description in NEEDS_ANALYSES:
            if month.month == at:
                key = ("", C.NEEDS_ASSESSMENT.value, "Kestrel Insight", description)
                planned[(*key, month.year, month.month)] += amount * scale


def _entries(
    planned: Planned,
    program_ids: dict[str, int],
    today: date,
    leader: User | None,
    rng: random.Random,
) -> list[CostEntry]:
    """The invoices of the months before ``today``: the plan give or take, overruns too."""
    entries: list[CostEntry] = []
    for (key, category, vendor, description, year, month), amount in sorted(planned.items()):
        when = date(year, month, 1)
        if when >= today.replace(day=1) or amount < 1:
            continue
        factor = rng.uniform(0.85, 1.0)
        if (key, category) == OVERRUN and year == today.year:
            factor = rng.uniform(1.35, 1.6)  # more role plays than planned, at a higher rate
        parts = [(vendor, description, 1.0)]
        if category == C.DELIVERY and amount >= SPLIT_FROM:
            parts = [
                (vendor, description, 0.7),
                ("", f"{description}: materials", 0.15),
                ("Northwind Travel desk", f"{description}: travel and rooms", 0.15),
            ]
        for payee, text, share in parts:
            day = rng.randint(1, calendar.monthrange(year, month)[1])
            entries.append(
                CostEntry(
                    date=date(year, month, day),
                    program_id=program_ids[key] if key else None,
                    category=category,
                    amount=Decimal(str(round(amount * factor * share, 2))),
                    vendor=payee,
                    description=text,
                    reference=f"INV-{year}{month:02d}-{rng.randint(1000, 9999)}" if payee else "",
                    source=CostSource.IMPORT if payee else CostSource.MANUAL,
                    created_by=leader,
                )
            )
    return entries


def _budget(
    planned: Planned,
    *,
    hours: dict[tuple[int, int, int], Decimal],
    years: tuple[int, ...],
    program_ids: dict[str, int],
    today: date,
    rng: random.Random,
) -> list[BudgetLine]:
    """Budget lines per year, program and category, phased like the planned invoices."""
    months: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0.0] * 12)
    for (key, category, _v, _d, year, month), amount in planned.items():
        if year in years:
            months[(key, category, year)][month - 1] += amount
    lines: list[BudgetLine] = []
    for (key, category, year), amounts in sorted(months.items()):
        margin = rng.uniform(1.05, 1.15)
        # whole units, rounded up: a plan never falls below its invoices
        phasing = [Decimal(math.ceil(a * margin)) for a in amounts]
        total = sum(phasing, Decimal(0))
        if not total:
            continue
        lines.append(
            BudgetLine(
                year=year,
                program_id=program_ids[key] if key else None,
                category=category,
                amount=total,
                phasing=[str(v) for v in phasing],
            )
        )
    lines += _time_budget(hours, years, program_ids, today)
    return lines


def _time_budget(
    hours: dict[tuple[int, int, int], Decimal],
    years: tuple[int, ...],
    program_ids: dict[str, int],
    today: date,
) -> list[BudgetLine]:
    """Participants' time, phased like the hours so far and a little above their cost.

    Months of this year ahead of the demo's today are planned at the average month.
    """
    lines: list[BudgetLine] = []
    for year in years:
        end = min(today, date(year, 12, 31))
        for key in sorted(STREAMS):
            pk = program_ids.get(key)
            if pk is None:
                continue
            done = [hours.get((pk, year, m), Decimal(0)) for m in range(1, 13)]
            total = sum(done, Decimal(0))
            if not total:
                continue
            value = ledger.participant_time(pk, date(year, 1, 1), end).value
            per_hour = value / total * Decimal("1.1")
            running = [h for h in done if h]
            average = sum(running, Decimal(0)) / len(running)
            phasing = [
                ((h if date(year, m + 1, 1) < today else average) * per_hour).quantize(
                    Decimal(1), rounding=ROUND_CEILING
                )
                for m, h in enumerate(done)
            ]
            lines.append(
                BudgetLine(
                    year=year,
                    program_id=pk,
                    category=C.PARTICIPANT_TIME,
                    amount=sum(phasing, Decimal(0)),
                    phasing=[str(v) for v in phasing],
                )
            )
    return lines
