"""The strategy seeder: Northwind Freight's KPIs, their history and its business goals.

It runs after the org seeder and leaves in ``ctx.registry``:

- ``kpi_ids``: KPI code → pk (the codes are the ``*_KPI`` constants below).
- ``goal_ids``: goal key (the ``*_GOAL`` constants below) → pk.
- ``kpi_months``: the first and last month of the monthly series, as a tuple.

Each series is a smooth underlying level per unit (site, department or person) times a
seasonal profile that peaks before year end, plus noise, with a few missing months. No
training effect is planted here: the impact seeder adds its effects on top of the level.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from mainspring.demo import blueprint
from mainspring.org.models import JobRole, OrgUnit, Person
from mainspring.strategy.actions import create_goal, create_kpi, create_need
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    Direction,
    Driver,
    GapType,
    LearningNeed,
    Level,
    Observation,
    Period,
    Priority,
)

if TYPE_CHECKING:
    from mainspring.demo.blueprint import OrgBlueprint
    from mainspring.demo.seed import SeedContext

BATCH = 5000
REASON = "Demo strategy"
HISTORY_MONTHS = 36
HORIZON_AGE_MONTHS = 12  # the goals started a year ago, with the year before as baseline
MISSING = 0.03  # share of unit-months the source system has no value for

SAFETY_KPI = "safety-incidents"
PICKING_KPI = "picking-errors"
REVENUE_KPI = "revenue-per-rep"
COMPLAINTS_KPI = "complaints"
FCR_KPI = "first-contact-resolution"
TURNOVER_KPI = "voluntary-turnover"
AUDIT_KPI = "privacy-audit-findings"

SAFETY_GOAL = "safety"
REVENUE_GOAL = "revenue"
COMPLAINTS_GOAL = "complaints"
PEOPLE_GOAL = "people"
COMPLIANCE_GOAL = "compliance"
PICKING_GOAL = "picking"

SERVICE_DEPARTMENTS = ("CS-CONTACT", "CS-BUSINESS")

# How far each month sits from the year's mean, in units of a shape's ``season``:
# quiet after New Year, building through autumn, the peak in November and December.
SEASON: dict[int, float] = {
    1: -0.7,
    2: -0.8,
    3: -0.5,
    4: -0.4,
    5: -0.3,
    6: -0.1,
    7: 0.0,
    8: -0.1,
    9: 0.2,
    10: 0.6,
    11: 1.2,
    12: 0.9,
}
_SEASON_MEAN = sum(SEASON.values()) / 12


@dataclass(frozen=True, slots=True)
class Shape:
    """How a measure behaves: its typical level and how much it moves.

    ``season`` and ``noise`` are relative to the level (0.2 is ±20 %); a negative
    ``season`` dips in the peak. ``spread`` is how far units' own levels lie from
    ``level`` (a factor drawn once per unit between 1 - spread and 1 + spread).
    ``trend`` is the relative drift per year.
    """

    level: float
    season: float
    noise: float
    spread: float
    decimals: int
    trend: float = 0.0
    ceiling: float | None = None


@dataclass(frozen=True, slots=True)
class KpiSpec:
    code: str
    name: str
    unit: str
    direction: str
    level: str
    period: str
    definition: str
    data_source: str
    shape: Shape
    target_change: float | None  # relative change of the baseline the target asks for
    unit_value: Decimal | None
    unit_value_source: str


INCIDENTS = KpiSpec(
    SAFETY_KPI,
    "Safety incidents per 100 drivers",
    "incidents per 100 drivers",
    Direction.LOWER,
    Level.SITE,
    Period.MONTH,
    "Recordable road and yard incidents (collisions, load shifts, injuries) in the month, "
    "per 100 drivers on the depot's payroll on the last day of the month.",
    "Fleet safety system",
    Shape(level=1.6, season=0.22, noise=0.18, spread=0.3, decimals=2),
    -0.30,
    Decimal(18500),
    "Finance: average cost of a lost-time incident (vehicle repair, claims, cover driver), 2025",
)
PICKING = KpiSpec(
    PICKING_KPI,
    "Picking error / rework rate",
    "% of order lines",
    Direction.LOWER,
    Level.SITE,
    Period.MONTH,
    "Order lines picked wrongly or reworked after a check, as a percentage of the order "
    "lines the warehouse picked in the month.",
    "Warehouse management system",
    Shape(level=0.9, season=0.18, noise=0.12, spread=0.35, decimals=3),
    -0.25,
    Decimal(21000),
    "Warehouse finance: a re-pick, re-delivery and credit note cost EUR 11 on average, "
    "2025; one point is about 1,900 lines in an average warehouse month",
)
REVENUE = KpiSpec(
    REVENUE_KPI,
    "Revenue per account executive",
    "EUR per month",
    Direction.HIGHER,
    Level.PERSON,
    Period.MONTH,
    "Invoiced revenue booked to the account executive's accounts in the month.",
    "CRM",
    Shape(level=52000, season=0.12, noise=0.14, spread=0.45, decimals=0, trend=0.03),
    0.10,
    Decimal("0.18"),
    "Finance: gross margin on contract freight, FY2025 (18 % of revenue)",
)
COMPLAINTS = KpiSpec(
    COMPLAINTS_KPI,
    "Complaints per 1,000 shipments",
    "complaints per 1,000 shipments",
    Direction.LOWER,
    Level.TEAM,
    Period.MONTH,
    "Formal complaints logged in the month per 1,000 shipments whose customer contacts the "
    "customer-service team handled (each account is served by one agent team).",
    "CRM service module",
    Shape(level=3.4, season=0.3, noise=0.07, spread=0.2, decimals=2),
    -0.20,
    Decimal(3000),
    "Customer service and finance, 2025: a complaint costs EUR 80 to handle and credit, plus "
    "about EUR 120 of margin lost from the customers who leave after one; one point is "
    "about 15 complaints a month in an average agent team",
)
FCR = KpiSpec(
    FCR_KPI,
    "First-contact resolution",
    "% of contacts",
    Direction.HIGHER,
    Level.DEPARTMENT,
    Period.MONTH,
    "Contacts resolved without a follow-up contact within seven days, as a percentage "
    "of all contacts the department handled in the month.",
    "Contact centre platform",
    Shape(level=71.0, season=-0.05, noise=0.015, spread=0.06, decimals=1, ceiling=100.0),
    0.08,
    None,  # nobody has put a money value on it yet: a finding for the strategy checks
    "",
)
TURNOVER = KpiSpec(
    TURNOVER_KPI,
    "Voluntary turnover",
    "% of headcount per month",
    Direction.LOWER,
    Level.SITE,
    Period.MONTH,
    "Resignations in the month as a percentage of the site's average headcount; "
    "dismissals, retirements and ended fixed-term contracts are not counted.",
    "HRIS",
    Shape(level=2.0, season=0.15, noise=0.2, spread=0.3, decimals=2),
    None,  # no target agreed yet: a finding for the strategy checks
    Decimal(3900),
    "HR: replacing a front-line employee costs EUR 6,500 (recruiting, onboarding, lost "
    "productivity), 2025; one point is about 0.6 leavers at an average site",
)
AUDIT = KpiSpec(
    AUDIT_KPI,
    "Data-privacy audit findings",
    "findings per quarter",
    Direction.LOWER,
    Level.COMPANY,
    Period.QUARTER,
    "Findings on the handling of personal data raised by the quarterly internal audit.",
    "Internal audit register",
    Shape(level=9.0, season=0.0, noise=0.22, spread=0.0, decimals=0, trend=-0.05),
    -0.50,
    Decimal(4000),
    "Legal & compliance: average remediation cost of an audit finding, 2024 audits",
)
KPIS = (INCIDENTS, PICKING, REVENUE, COMPLAINTS, FCR, TURNOVER, AUDIT)


@dataclass(frozen=True, slots=True)
class Series:
    """One unit's values of one KPI: an org unit code, a person's pk, or the company."""

    unit_code: str  # "" for a person or the company
    person_id: int | None
    values: list[tuple[date, float]]


def seed(ctx: SeedContext) -> None:
    """Write the KPIs, their observations and the goals, and record their ids."""
    rng = ctx.rng_for("strategy")
    plan: OrgBlueprint = ctx.registry["org"]
    unit_ids: dict[str, int] = ctx.registry["unit_ids"]
    last = add_months(ctx.today.replace(day=1), -1)
    months = [add_months(last, -i) for i in range(HISTORY_MONTHS - 1, -1, -1)]
    opened = {s.code: s.opened for s in plan.sites}

    def sites(codes: Sequence[str]) -> list[tuple[str, date | None]]:
        return [(code, opened.get(code)) for code in codes]

    depots = sites(ctx.registry["depot_codes"])
    warehouses = sites(ctx.registry["warehouse_codes"])
    series: dict[str, list[Series]] = {
        SAFETY_KPI: unit_series(INCIDENTS.shape, months, depots, rng),
        PICKING_KPI: unit_series(PICKING.shape, months, warehouses, rng),
        REVENUE_KPI: rep_series(REVENUE.shape, months, ctx.registry["role_ids"], rng),
        COMPLAINTS_KPI: unit_series(
            COMPLAINTS.shape, months, [(c, None) for c in service_teams(plan)], rng
        ),
        FCR_KPI: unit_series(FCR.shape, months, [(c, None) for c in SERVICE_DEPARTMENTS], rng),
        TURNOVER_KPI: unit_series(TURNOVER.shape, months, depots + warehouses, rng),
        AUDIT_KPI: [
            Series("", None, monthly_series(AUDIT.shape, quarters(months), rng, missing=0.0))
        ],
    }

    horizon_start = add_months(last.replace(day=1), -HORIZON_AGE_MONTHS + 1)
    baseline_from = add_months(horizon_start, -12)
    kpis: dict[str, KPI] = {}
    for spec in KPIS:
        baseline = _mean_between(series[spec.code], baseline_from, horizon_start)
        kpis[spec.code] = create_kpi(
            actor=None,
            code=spec.code,
            name=spec.name,
            unit=spec.unit,
            direction=spec.direction,
            level=spec.level,
            period=spec.period,
            definition=spec.definition,
            baseline=_decimal(baseline, spec.shape.decimals + 2),
            baseline_period=baseline_from,
            target=(
                None
                if spec.target_change is None
                else _decimal(baseline * (1 + spec.target_change), spec.shape.decimals)
            ),
            target_date=None if spec.target_change is None else add_months(horizon_start, 24),
            unit_value=spec.unit_value,
            unit_value_source=spec.unit_value_source,
            data_source=spec.data_source,
            reason=REASON,
        )
    write_observations(
        ((kpis[code].pk, s) for code, all_series in series.items() for s in all_series),
        unit_ids,
    )
    goals = write_goals(kpis, plan, horizon_start)
    needs = write_needs(
        kpis,
        goals,
        role_ids=ctx.registry["role_ids"],
        unit_ids=unit_ids,
        warehouse_codes=ctx.registry["warehouse_codes"],
        expected_by=add_months(horizon_start, 24),
    )
    ctx.registry.update(
        need_ids={key: need.pk for key, need in needs.items()},
        kpi_ids={code: kpi.pk for code, kpi in kpis.items()},
        goal_ids={key: goal.pk for key, goal in goals.items()},
        kpi_months=(months[0], months[-1]),
    )


# --------------------------------------------------------------------------- series


def monthly_series(
    shape: Shape,
    months: Sequence[date],
    rng: random.Random,
    *,
    factor: float = 1.0,
    missing: float = MISSING,
) -> list[tuple[date, float]]:
    """Return one unit's values for ``months``: level, season and noise, a few left out.

    The same shape, months, generator state and factor always give the same values.
    ``factor`` scales the level to the unit's own (a better depot, a top rep).
    """
    values: list[tuple[date, float]] = []
    if not months:
        return values
    first = months[0]
    for month in months:
        noise = rng.gauss(0.0, shape.noise)
        if rng.random() < missing:
            continue
        years = (month.year - first.year) + (month.month - first.month) / 12
        level = shape.level * factor * (1 + shape.trend * years)
        # The season moves every unit by the same amount (peak-season volume hits all
        # depots alike), not by a share of its own level; units differ in level and noise.
        season = shape.level * shape.season * (SEASON[month.month] - _SEASON_MEAN)
        value = max(0.0, (level + season) * (1 + noise))
        if shape.ceiling is not None:
            value = min(shape.ceiling, value)
        values.append((month, round(value, shape.decimals)))
    return values


def service_teams(plan: OrgBlueprint) -> list[str]:
    """Return the codes of the agent teams of customer service, in blueprint order.

    Complaints are counted per agent team (each account is served by one), so a team is
    the unit a study of Service Excellence compares; a department has too few.
    """
    agents = {
        p.org_unit_code for p in plan.people if p.job_role == blueprint.CUSTOMER_SERVICE_AGENT
    }
    parent = {u.code: u.parent_code for u in plan.units}

    def in_service(code: str) -> bool:
        while code:
            if code in SERVICE_DEPARTMENTS:
                return True
            code = parent.get(code, "")
        return False

    return [u.code for u in plan.units if u.code in agents and in_service(u.code)]


def unit_series(
    shape: Shape,
    months: Sequence[date],
    units: Sequence[tuple[str, date | None]],
    rng: random.Random,
) -> list[Series]:
    """Return a series per org unit; a unit opened within the months starts then."""
    result = []
    for code, opened in units:
        factor = rng.uniform(1 - shape.spread, 1 + shape.spread)
        own = [m for m in months if opened is None or m >= first_full_month(opened)]
        if opened is not None and own:
            factor *= 1.25  # a new site runs rougher while it finds its feet
        result.append(Series(code, None, monthly_series(shape, own, rng, factor=factor)))
    return result


def rep_series(
    shape: Shape, months: Sequence[date], role_ids: dict[str, int], rng: random.Random
) -> list[Series]:
    """Return a series per account executive, from their first full month to their last."""
    reps = (
        Person.objects.filter(job_role_id=role_ids[blueprint.ACCOUNT_EXECUTIVE])
        .order_by("hris_id")
        .values_list("pk", "hire_date", "active")
    )
    result = []
    for pk, hired, active in reps:
        factor = rng.uniform(1 - shape.spread, 1 + shape.spread)
        own = [m for m in months if hired is None or m >= first_full_month(hired)]
        if not active and own:
            # The HRIS keeps no leaving date for the demo's leavers: they left at some
            # point of the series, and their revenue stops then.
            own = own[: rng.randint(1, len(own))]
        result.append(Series("", pk, monthly_series(shape, own, rng, factor=factor)))
    return result


def quarters(months: Sequence[date]) -> list[date]:
    """Return the first days of the whole quarters among ``months``."""
    present = set(months)
    return [
        m
        for m in months
        if m.month % 3 == 1 and add_months(m, 1) in present and add_months(m, 2) in present
    ]


def first_full_month(day: date) -> date:
    """Return the first month that ``day`` (a hire or an opening) covers entirely."""
    return day if day.day == 1 else add_months(day.replace(day=1), 1)


def add_months(day: date, months: int) -> date:
    """Return the first of the month ``months`` after ``day``'s month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, 1)


def _mean_between(all_series: Sequence[Series], start: date, end: date) -> float:
    values = [v for s in all_series for month, v in s.values if start <= month < end]
    return sum(values) / len(values) if values else 0.0


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places)))


# --------------------------------------------------------------------------- writing


def write_observations(rows: Iterator[tuple[int, Series]], unit_ids: dict[str, int]) -> int:
    """Bulk-write every series' values in batches; return how many were written.

    Observations keep no history (see ``strategy.actions.apply_observation_plan``), so
    the seeder writes them directly, as the import does.
    """
    now = timezone.now()
    batch: list[Observation] = []
    written = 0
    for kpi_id, one in rows:
        unit_id = unit_ids[one.unit_code] if one.unit_code else None
        for month, value in one.values:
            batch.append(
                Observation(
                    kpi_id=kpi_id,
                    org_unit_id=unit_id,
                    person_id=one.person_id,
                    period=month,
                    value=value,
                    created_at=now,
                    updated_at=now,
                )
            )
            if len(batch) >= BATCH:
                Observation.objects.bulk_create(batch, batch_size=BATCH)
                written += len(batch)
                batch = []
    if batch:
        Observation.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
    return written


def write_goals(
    kpis: dict[str, KPI], plan: OrgBlueprint, horizon_start: date
) -> dict[str, BusinessGoal]:
    """Create the business goals of ``design/DEMO.md`` with their sponsors and KPIs."""
    key = plan.key_people
    head_of_hr = next(p.hris_id for p in plan.people if p.job_role == "Head of HR")
    wanted = {
        key.coo,
        key.ceo,
        key.chro,
        key.cfo,
        key.sales_director,
        key.operations_director,
        key.warehousing_director,
        key.customer_service_director,
        head_of_hr,
    }
    person = {p.hris_id: p for p in Person.objects.filter(hris_id__in=wanted)}
    end = add_months(horizon_start, 24)
    goals = {
        SAFETY_GOAL: (
            "Cut safety incidents on the road and in the yard",
            Driver.PAIN,
            "Incidents cost money, vehicles and, at worst, lives; insurers have raised "
            "the fleet premium twice.",
            key.coo,
            key.operations_director,
            [SAFETY_KPI],
        ),
        REVENUE_GOAL: (
            "Grow revenue from contract customers",
            Driver.GAIN,
            "Win more of each customer's freight by selling solutions, not lanes.",
            key.ceo,
            key.sales_director,
            [REVENUE_KPI],
        ),
        COMPLAINTS_GOAL: (
            "Reduce customer complaints",
            Driver.PAIN,
            "Complaints peak with the volumes before year end and cost us renewals.",
            key.coo,
            key.customer_service_director,
            [COMPLAINTS_KPI, FCR_KPI],
        ),
        PEOPLE_GOAL: (
            "Keep our people",
            Driver.PAIN,
            "Front-line resignations leave depots and warehouses short-handed and "
            "expensive to refill.",
            key.chro,
            head_of_hr,
            [TURNOVER_KPI],
        ),
        COMPLIANCE_GOAL: (
            "Comply with data-protection regulation",
            Driver.PAIN,
            "Handle customer and employee personal data as the law requires.",
            "",  # nobody has agreed to sponsor it: a finding for the strategy checks
            key.cfo,
            [AUDIT_KPI],
        ),
        PICKING_GOAL: (
            "Fewer picking errors",
            Driver.PAIN,
            "Every mis-pick is a re-delivery, a credit note and an unhappy customer.",
            key.coo,
            key.warehousing_director,
            [PICKING_KPI],
        ),
    }
    return {
        goal_key: create_goal(
            actor=None,
            title=title,
            driver=driver,
            description=description,
            sponsor=person[sponsor] if sponsor else None,
            owner=person[owner],
            horizon_start=horizon_start,
            horizon_end=end,
            kpis=[kpis[code] for code in codes],
            reason=REASON,
        )
        for goal_key, (title, driver, description, sponsor, owner, codes) in goals.items()
    }


@dataclass(frozen=True, slots=True)
class NeedSpec:
    title: str
    gap_type: str
    goal: str
    kpi: str  # "" when nobody has tied the need to a KPI yet
    roles: tuple[str, ...]
    units: tuple[str, ...]
    priority: str
    expected_change: Decimal | None  # in the KPI's units; the sign is the direction
    evidence: str
    description: str = ""
    not_learning_reason: str = ""


def need_specs(broken_site: str) -> tuple[NeedSpec, ...]:
    """Return the needs of ``design/DEMO.md``; ``broken_site`` has the broken scanners."""
    return (
        NeedSpec(
            "Defensive driving and load securing",
            GapType.SKILL,
            SAFETY_GOAL,
            SAFETY_KPI,
            (blueprint.DRIVER, blueprint.DEPOT_LEAD),
            ("OPS",),
            Priority.HIGH,
            Decimal("-0.5"),
            "Incident reviews: 6 in 10 collisions at low speed in yards; load shifts follow "
            "unsecured pallets. Drivers know the rules but do not apply them under time pressure.",
            "Drivers anticipate hazards and secure every load, every time.",
        ),
        NeedSpec(
            "Consultative selling",
            GapType.SKILL,
            REVENUE_GOAL,
            REVENUE_KPI,
            (blueprint.ACCOUNT_EXECUTIVE,),
            ("SALES",),
            Priority.HIGH,
            Decimal(4000),
            "Win/loss interviews: customers say our reps quote lanes instead of asking about "
            "their supply chain. Role-play assessments: 2 in 10 reps ask discovery questions.",
            "Account executives uncover the customer's problem before proposing a solution.",
        ),
        NeedSpec(
            "Consultative selling: why it pays the rep",
            GapType.MOTIVATION,
            REVENUE_GOAL,
            REVENUE_KPI,
            (blueprint.ACCOUNT_EXECUTIVE, blueprint.SALES_MANAGER),
            ("SALES",),
            Priority.MEDIUM,
            Decimal(1500),
            "Engagement survey: reps see longer sales cycles and no reward for solution deals; "
            "the commission plan pays per lane.",
            "Reps see what is in it for them: bigger accounts, steadier commission.",
        ),
        NeedSpec(
            "Service recovery",
            GapType.SKILL,
            COMPLAINTS_GOAL,
            COMPLAINTS_KPI,
            (blueprint.CUSTOMER_SERVICE_AGENT, blueprint.CUSTOMER_SERVICE_TEAM_LEAD),
            SERVICE_DEPARTMENTS,
            Priority.HIGH,
            Decimal("-0.6"),
            "Call sampling: agents apologise but rarely own the fix; a third of complaints "
            "are repeat contacts about the same shipment.",
            "Agents turn an unhappy customer around on the first contact.",
        ),
        NeedSpec(
            "First-time manager skills",
            GapType.SKILL,
            PEOPLE_GOAL,
            TURNOVER_KPI,
            (blueprint.DEPOT_LEAD, blueprint.SHIFT_LEAD, blueprint.CUSTOMER_SERVICE_TEAM_LEAD),
            ("OPS", "WH"),
            Priority.HIGH,
            Decimal("-0.3"),
            "Exit interviews: 'my supervisor' is the most common reason to leave in the first "
            "year; most leads were promoted from the floor without preparation.",
            "New leads hold one-to-ones, give feedback and handle conflict.",
        ),
        NeedSpec(
            "First-time managers: owning the people side",
            GapType.MOTIVATION,
            PEOPLE_GOAL,
            "",  # nobody has tied it to a KPI yet: a finding for the strategy checks
            (blueprint.DEPOT_LEAD, blueprint.SHIFT_LEAD),
            ("OPS", "WH"),
            Priority.MEDIUM,
            None,
            "Lead interviews: new leads see themselves as the best operator, not as the "
            "people's manager; people topics feel like HR's job.",
        ),
        NeedSpec(
            "Data privacy essentials",
            GapType.KNOWLEDGE,
            COMPLIANCE_GOAL,
            AUDIT_KPI,
            (
                blueprint.CUSTOMER_SERVICE_AGENT,
                blueprint.ACCOUNT_EXECUTIVE,
                blueprint.CONTACT_CENTRE_MANAGER,
            ),
            ("CS", "SALES"),
            Priority.MEDIUM,
            Decimal(-3),
            "Audit findings: customer data in personal spreadsheets and e-mail attachments; "
            "staff did not know the retention rules.",
        ),
        NeedSpec(
            "Scanning procedure",
            GapType.KNOWLEDGE,
            PICKING_GOAL,
            PICKING_KPI,
            (blueprint.PICKER, blueprint.SHIFT_LEAD),
            ("WH",),
            Priority.MEDIUM,
            Decimal("-0.15"),
            "WMS logs: mis-picks cluster on lines scanned by location, not by item; the "
            "procedure changed last year and new pickers learn the old one on the floor.",
        ),
        NeedSpec(
            "Warehouse picking errors at one site: broken scanners",
            GapType.NOT_LEARNING,
            PICKING_GOAL,
            PICKING_KPI,
            (blueprint.PICKER,),
            (broken_site,),
            Priority.HIGH,
            Decimal("-0.4"),
            "The site's error rate is twice its peers'; pickers there scan correctly when "
            "handed a working scanner.",
            not_learning_reason="Half the site's handheld scanners fail to read labels; "
            "pickers key item codes by hand. Replace the scanners (IT, facilities): "
            "training would not change the error rate.",
        ),
    )


def write_needs(
    kpis: dict[str, KPI],
    goals: dict[str, BusinessGoal],
    *,
    role_ids: dict[str, int],
    unit_ids: dict[str, int],
    warehouse_codes: Sequence[str],
    expected_by: date,
) -> dict[str, LearningNeed]:
    """Create the learning needs of ``design/DEMO.md`` with their audiences."""
    roles = {r.name: r for r in JobRole.objects.filter(pk__in=role_ids.values())}
    units = {u.code: u for u in OrgUnit.objects.filter(pk__in=unit_ids.values())}
    return {
        spec.title: create_need(
            actor=None,
            title=spec.title,
            gap_type=spec.gap_type,
            description=spec.description,
            not_learning_reason=spec.not_learning_reason,
            job_roles=[roles[name] for name in spec.roles if name in roles],
            org_units=[units[code] for code in spec.units if code in units],
            goal=goals[spec.goal],
            kpi=kpis[spec.kpi] if spec.kpi else None,
            expected_change=spec.expected_change,
            expected_by=expected_by if spec.kpi else None,
            evidence=spec.evidence,
            priority=spec.priority,
            reason=REASON,
        )
        for spec in need_specs(warehouse_codes[0] if warehouse_codes else "")
    }
