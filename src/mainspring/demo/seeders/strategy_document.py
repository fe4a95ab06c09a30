"""The strategy document seeder: Northwind's learning strategy, approved v1 and a draft v2.

It runs after the strategy and partnerships seeders and writes, in the order the story
happened, so that the approved version's snapshot holds what existed when it was signed:

1. a year ago: the evaluation approach of every learning need, the delivery guidelines,
   the first initiatives and their milestones (as planned then), and version 1's
   narrative, approved by the ``leader`` about ten months ago;
2. since then: initiatives added after approval, milestones done, statuses moved on,
   two evaluation approaches strengthened;
3. three weeks ago: version 2, a draft revision by ``staff`` with a change summary,
   several sections rewritten and the technology section cleared for a rewrite.

Everything that is written (narrative, rationale, evaluation notes) lives in
:mod:`mainspring.demo.strategy_text`; this module decides what happens when and to whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count

from mainspring.demo import blueprint
from mainspring.demo import strategy_text as text
from mainspring.demo.seeders.strategy import (
    AUDIT_KPI,
    COMPLAINTS_KPI,
    FCR_KPI,
    PICKING_KPI,
    REVENUE_KPI,
    SAFETY_KPI,
    TURNOVER_KPI,
    add_months,
)
from mainspring.demo.strategy_text import (
    MANAGERS,
    MANAGERS_WHY,
    PRIVACY,
    SAFE_DRIVING,
    SCANNERS,
    SCANNING,
    SELLING,
    SELLING_WHY,
    SERVICE,
)
from mainspring.org.models import OrgUnit, Person, User
from mainspring.strategy.actions import (
    approve_version,
    save_guideline,
    save_initiative,
    save_milestone,
    start_strategy,
    update_need,
    update_section,
)
from mainspring.strategy.models import (
    KPI,
    Initiative,
    InitiativeStatus,
    LearningNeed,
    Milestone,
    StrategySection,
    StrategyVersion,
)

if TYPE_CHECKING:
    from mainspring.demo.blueprint import KeyPeople, OrgBlueprint
    from mainspring.demo.seed import SeedContext

S = InitiativeStatus

V1_STARTED_MONTHS_AGO = 12
V1_APPROVED_MONTHS_AGO = 10
V2_STARTED_DAYS_AGO = 21


@dataclass(frozen=True, slots=True)
class MilestoneSpec:
    title: str
    due: tuple[int, int]  # (months from today's month, day of that month)
    done: tuple[int, int] | None = None  # when it was done; None while open


@dataclass(frozen=True, slots=True)
class InitiativeSpec:
    key: str  # names its budget and text in strategy_text
    title: str
    owner: str  # a KeyPeople attribute; "" leaves it without an owner on purpose
    needs: tuple[str, ...]
    start: int  # months from today's month
    due: int | None  # months from today's month; None leaves it open-ended on purpose
    status: str  # today
    status_at_v1: str  # when version 1 was approved; "" if it came later
    budget: int  # EUR for a company of 2,000 people; scaled with the headcount
    milestones: tuple[MilestoneSpec, ...]


M = MilestoneSpec
INITIATIVES: tuple[InitiativeSpec, ...] = (
    InitiativeSpec(
        "intake",
        "Intake and prioritisation board for learning requests",
        "head_of_learning",
        (),
        -12,
        -10,
        S.DONE,
        S.DONE,
        15_000,
        (
            M("Intake form and triage questions agreed with the directors", (-12, 20), (-12, 18)),
            M("First monthly prioritisation board", (-11, 15), (-11, 15)),
        ),
    ),
    InitiativeSpec(
        "privacy",
        "Data privacy essentials: refreshed annual e-learning",
        "lms_administrator",
        (PRIVACY,),
        -12,
        -7,
        S.DONE,
        S.IN_PROGRESS,
        38_000,
        (
            M("Legal review of the new modules", (-10, 15), (-10, 12)),
            M("Launch to customer service, sales and contact-centre managers", (-9, 1), (-9, 3)),
            M("95 % completion in the audience", (-7, 31), (-7, 24)),
        ),
    ),
    InitiativeSpec(
        "safe_driver_pilot",
        "Safe Driver path: design and two-depot pilot",
        "learning_manager",
        (SAFE_DRIVING,),
        -13,
        -8,
        S.DONE,
        S.IN_PROGRESS,
        85_000,
        (
            M("Design signed off by the Operations Director", (-11, 15), (-11, 18)),
            M("Pilot at two depots complete", (-9, 30), (-9, 26)),
            M("Pilot review and go/no-go for the rollout", (-8, 20), (-8, 14)),
        ),
    ),
    InitiativeSpec(
        "safe_driver_rollout",
        "Safe Driver rollout to every depot, in waves",
        "facilitator",
        (SAFE_DRIVING,),
        -8,
        6,
        S.IN_PROGRESS,
        S.PLANNED,
        240_000,
        (
            M("Wave 1 depots trained", (-6, 28), (-6, 25)),
            M("Wave 2 depots trained", (-2, 28), (-2, 27)),
            M("Wave 3 depots trained", (2, 28)),
            M("Event-study read-out to the executive team", (6, 15)),
        ),
    ),
    InitiativeSpec(
        "in_cab",
        "In-cab coaching: depot leads certified as driving coaches",
        "operations_director",
        (SAFE_DRIVING,),
        -7,
        4,
        S.IN_PROGRESS,
        S.PLANNED,
        120_000,
        (
            M("Coach certification, cohort 1", (-4, 20), (-4, 22)),
            M("Coach certification, cohort 2", (-1, 15)),  # overdue on purpose
            M("Every depot has a certified coach", (4, 30)),
        ),
    ),
    InitiativeSpec(
        "sales_academy",
        "Sales Academy: consultative selling for account executives",
        "sales_director",
        (SELLING,),
        -9,
        3,
        S.AT_RISK,
        S.PLANNED,
        165_000,
        (
            M("Vendor delivers the e-learning modules", (-6, 30), (-4, 10)),
            M("E-learning live for the first intake", (-2, 15), (-2, 19)),
            M("Role-play workshops in every region", (1, 30)),
            M("Manager coaching guide in use", (3, 15)),
        ),
    ),
    InitiativeSpec(
        "commission",
        "Align the commission plan with solution selling",
        "",  # Sales, HR and Finance each think it is another's: no owner, on purpose
        (SELLING_WHY,),
        -1,
        5,
        S.PLANNED,
        "",
        10_000,
        (
            M("Options paper to the executive team", (2, 15)),
            M("Decision on the plan for the next financial year", (5, 15)),
        ),
    ),
    InitiativeSpec(
        "service",
        "Service Excellence path for customer service agents",
        "customer_service_director",
        (SERVICE,),
        -6,
        5,
        S.IN_PROGRESS,
        S.PLANNED,
        110_000,
        (
            M("Teams drawn by lot into waves A and B", (-5, 10), (-5, 8)),
            M("Wave A teams complete the path", (-2, 20), (-2, 18)),
            M("Wave B teams complete the path", (2, 20)),
            M("Randomised comparison read-out", (5, 10)),
        ),
    ),
    InitiativeSpec(
        "new_manager",
        "New Manager path for first-time leads",
        "learning_manager",
        (MANAGERS, MANAGERS_WHY),
        -10,
        8,
        S.IN_PROGRESS,
        S.IN_PROGRESS,
        150_000,
        (
            M("Cohort 1 (sites with the highest turnover) complete", (-7, 15), (-7, 11)),
            M("Cohort 2 complete", (-3, 15), (-3, 16)),
            M("Cohort 3 and the customer-service team leads complete", (3, 15)),
            M("Turnover read-out with HR", (8, 1)),
        ),
    ),
    InitiativeSpec(
        "warehouse_quality",
        "Warehouse Quality micro-learning on the scanning procedure",
        "warehousing_director",
        (SCANNING,),
        -8,
        2,
        S.IN_PROGRESS,
        S.PLANNED,
        45_000,
        (
            M("Micro-modules and shelf-edge job aids built", (-5, 31), (-5, 29)),
            M("Live in every warehouse except the scanner site", (-3, 15), (-3, 12)),
            M("Live at the scanner site, after the new scanners", (1, 15)),
        ),
    ),
    InitiativeSpec(
        "scanners",
        "Replace the failing handheld scanners at one warehouse (not training)",
        "warehousing_director",
        (SCANNERS,),
        -5,
        -2,
        S.DONE,
        "",
        60_000,
        (
            M("Scanners ordered by IT", (-5, 20), (-5, 16)),
            M("Scanners in use on every shift", (-2, 28), (-2, 21)),
        ),
    ),
    InitiativeSpec(
        "impact_data",
        "Monthly KPI feeds for impact evaluation (fleet, WMS, CRM, HRIS)",
        "head_of_learning",
        (SAFE_DRIVING, SELLING, SERVICE, MANAGERS, SCANNING),
        -6,
        4,
        S.IN_PROGRESS,
        "",
        40_000,
        (
            M("Fleet safety and WMS feeds automated", (-3, 31), (-3, 27)),
            M("CRM and HRIS feeds automated", (1, 31)),
            M("First quarterly impact report to the executive team", (4, 15)),
        ),
    ),
    InitiativeSpec(
        "platform",
        "Learning platform renewal: LMS contract, xAPI record store, single sign-on",
        "lms_administrator",
        (),
        -4,
        7,
        S.IN_PROGRESS,
        "",
        90_000,
        (
            M("Requirements questionnaire back from every department", (-2, 28), (-2, 25)),
            M("Shortlist of two platforms demonstrated on our own content", (2, 15)),
            M("Contract decision", (4, 30)),
        ),
    ),
    InitiativeSpec(
        "champions",
        "Learning champions in depots and warehouses",
        "facilitator",
        (SAFE_DRIVING, SCANNING, MANAGERS_WHY),
        -2,
        None,  # open-ended on purpose: nobody has set a date
        S.PLANNED,
        "",
        12_000,
        (
            M("Role description agreed with the regional managers", (1, 15)),
            M("First twelve champions named", (3, 1)),
        ),
    ),
)


def seed(ctx: SeedContext) -> None:
    """Write the evaluation approach, guidelines, plan and the two strategy versions."""
    leader = User.objects.get(username="leader")
    staff = User.objects.get(username="staff")
    plan: OrgBlueprint = ctx.registry["org"]
    today = ctx.today
    approved_on = _on(today, -V1_APPROVED_MONTHS_AGO, 9)
    v1_started = _on(today, -V1_STARTED_MONTHS_AGO, 4)
    v2_started = today - timedelta(days=V2_STARTED_DAYS_AGO)

    needs = {
        n.title: n
        for n in LearningNeed.objects.filter(pk__in=ctx.registry["need_ids"].values())
        .select_related("kpi")
        .prefetch_related("job_roles", "org_units")
    }
    owners = _owners(plan.key_people)
    scale = max(ctx.people, 1000) / 2000
    budgets = {spec.key: _budget(spec.budget, scale) for spec in INITIATIVES}
    facts = _facts(ctx, plan, budgets, approved_on=approved_on, v2_started=v2_started)

    # A year ago: how each need will be evaluated, and how each kind of gap is taught.
    for title, approach in text.evaluation_v1(facts).items():
        _set_evaluation(needs[title], approach, actor=leader)
    for guideline in text.GUIDELINES:
        save_guideline(
            actor=leader,
            gap_type=guideline.gap_type,
            method=guideline.method,
            primary=guideline.primary,
            rationale=guideline.rationale,
        )
    initiatives: dict[str, Initiative] = {}
    for spec in INITIATIVES:
        if spec.status_at_v1:
            initiatives[spec.key] = _write_initiative(
                spec, owners, needs, budgets, today, status=spec.status_at_v1, by=approved_on
            )

    # Version 1, written over two months and approved by the leader.
    v1 = start_strategy(actor=leader, title=text.TITLE)
    _write_sections(v1, text.narrative(facts, revision=1), actor=leader)
    v1 = approve_version(actor=leader, version=v1)
    _backdate(v1, started=v1_started, approved=approved_on)

    # Since then: the plan moved on, two evaluation approaches were strengthened.
    for spec in INITIATIVES:
        initiative = initiatives.get(spec.key)
        if initiative is None:
            initiatives[spec.key] = _write_initiative(
                spec, owners, needs, budgets, today, status=spec.status, by=today
            )
        else:
            _catch_up(initiative, spec, today, actor=staff)
    for title, approach in text.evaluation_v2(facts).items():
        _set_evaluation(needs[title], approach, actor=staff)

    # Three weeks ago: the revision, with one section cleared for a rewrite.
    v2 = start_strategy(actor=staff, change_summary=text.change_summary(facts))
    revised = text.narrative(facts, revision=2)
    _write_sections(v2, revised, actor=staff, only_changed=True)
    StrategyVersion.objects.filter(pk=v2.pk).update(created_at=_at(v2_started, 8, 45))

    ctx.registry.update(
        strategy_version_ids=(v1.pk, v2.pk),
        initiative_ids={key: i.pk for key, i in initiatives.items()},
    )
    ctx.counts.update(
        strategy_versions=2,
        delivery_guidelines=len(text.GUIDELINES),
        initiatives=len(initiatives),
        milestones=Milestone.objects.filter(initiative__in=initiatives.values()).count(),
    )


# --------------------------------------------------------------------------- facts


def _facts(
    ctx: SeedContext,
    plan: OrgBlueprint,
    budgets: dict[str, int],
    *,
    approved_on: date,
    v2_started: date,
) -> text.Facts:
    """Read the numbers the narrative quotes, so the text follows the data it sits on."""
    key = plan.key_people
    full = {
        p.hris_id: p.full_name
        for p in Person.objects.filter(hris_id__in=[*key.learning_team, *_leaders(key)])
    }
    roles = dict(
        Person.objects.filter(active=True)
        .values("job_role__name")
        .annotate(n=Count("id"))
        .values_list("job_role__name", "n")
    )
    kpis = {k.code: k for k in KPI.objects.all()}
    warehouse_codes: list[str] = ctx.registry["warehouse_codes"]
    sites = dict(
        OrgUnit.objects.filter(
            code__in=[*warehouse_codes[:1], ctx.registry["new_site_code"]]
        ).values_list("code", "name")
    )
    return text.Facts(
        company=blueprint.COMPANY_NAME,
        people=sum(roles.values()),
        depots=len(ctx.registry["depot_codes"]),
        warehouses=len(warehouse_codes),
        drivers=roles.get(blueprint.DRIVER, 0),
        pickers=roles.get(blueprint.PICKER, 0),
        reps=roles.get(blueprint.ACCOUNT_EXECUTIVE, 0),
        agents=roles.get(blueprint.CUSTOMER_SERVICE_AGENT, 0),
        leads=sum(
            roles.get(r, 0)
            for r in (
                blueprint.DEPOT_LEAD,
                blueprint.SHIFT_LEAD,
                blueprint.CUSTOMER_SERVICE_TEAM_LEAD,
            )
        ),
        learning_team=len(key.learning_team),
        kpis={
            code: _kpi_facts(kpis[code])
            for code in (
                SAFETY_KPI,
                PICKING_KPI,
                REVENUE_KPI,
                COMPLAINTS_KPI,
                FCR_KPI,
                TURNOVER_KPI,
                AUDIT_KPI,
            )
        },
        ceo=full[key.ceo],
        coo=full[key.coo],
        cfo=full[key.cfo],
        chro=full[key.chro],
        sales_director=full[key.sales_director],
        operations_director=full[key.operations_director],
        warehousing_director=full[key.warehousing_director],
        customer_service_director=full[key.customer_service_director],
        head_of_learning=full[key.head_of_learning],
        learning_manager=full[key.learning_manager],
        designers=tuple(full[h] for h in key.instructional_designers),
        facilitator=full[key.facilitator],
        lms_administrator=full[key.lms_administrator],
        learning_coordinator=full[key.learning_coordinator],
        scanner_site=sites.get(warehouse_codes[0], "one warehouse") if warehouse_codes else "",
        new_site=sites.get(ctx.registry["new_site_code"], "the new site"),
        budgets=budgets,
        today=ctx.today,
        approved_on=approved_on,
        v2_started=v2_started,
    )


def _leaders(key: KeyPeople) -> list[str]:
    return [
        key.ceo,
        key.coo,
        key.cfo,
        key.chro,
        key.sales_director,
        key.operations_director,
        key.warehousing_director,
        key.customer_service_director,
    ]


def _kpi_facts(kpi: KPI) -> text.KpiFacts:
    return text.KpiFacts(
        name=kpi.name,
        unit=kpi.unit,
        baseline=_float(kpi.baseline),
        target=_float(kpi.target),
        target_date=kpi.target_date,
        unit_value=_float(kpi.unit_value),
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _owners(key: KeyPeople) -> dict[str, Person]:
    wanted = {attr: getattr(key, attr) for spec in INITIATIVES if (attr := spec.owner)}
    people = Person.objects.in_bulk(list(wanted.values()), field_name="hris_id")
    return {attr: people[hris_id] for attr, hris_id in wanted.items()}


def _budget(base: int, scale: float) -> int:
    return int(round(base * scale, -3))


# --------------------------------------------------------------------------- writing


def _set_evaluation(need: LearningNeed, approach: text.Evaluation, *, actor: User) -> None:
    need.evaluation_level = approach.level
    need.isolation_method = approach.method
    need.evaluation_notes = approach.notes
    update_need(
        actor=actor,
        need=need,
        job_roles=need.job_roles.all(),
        org_units=need.org_units.all(),
        reason="Evaluation approach for the learning strategy",
    )


def _write_initiative(
    spec: InitiativeSpec,
    owners: dict[str, Person],
    needs: dict[str, LearningNeed],
    budgets: dict[str, int],
    today: date,
    *,
    status: str,
    by: date,
) -> Initiative:
    """Create an initiative as it stood on ``by``: milestones done by then are ticked."""
    initiative = save_initiative(
        actor=None,
        initiative=Initiative(
            title=spec.title,
            description=text.INITIATIVE_DESCRIPTIONS[spec.key],
            owner=owners.get(spec.owner),
            start_date=add_months(today, spec.start),
            due_date=None if spec.due is None else _month_end(today, spec.due),
            status=status,
            budget=Decimal(budgets[spec.key]),
        ),
        needs=[needs[title] for title in spec.needs],
        reason="Implementation plan",
    )
    for milestone in spec.milestones:
        done = _on(today, *milestone.done) if milestone.done else None
        save_milestone(
            actor=None,
            milestone=Milestone(
                initiative=initiative,
                title=milestone.title,
                due_date=_on(today, *milestone.due),
                done_on=done if done and done <= by else None,
            ),
        )
    return initiative


def _catch_up(initiative: Initiative, spec: InitiativeSpec, today: date, *, actor: User) -> None:
    """Bring an initiative written as of version 1 up to today's status and milestones."""
    if initiative.status != spec.status:
        initiative.status = spec.status
        save_initiative(actor=actor, initiative=initiative, reason="Status update")
    done_on = {m.title: _on(today, *m.done) for m in spec.milestones if m.done}
    for milestone in initiative.milestones.filter(done_on__isnull=True):
        if milestone.title in done_on:
            milestone.done_on = done_on[milestone.title]
            save_milestone(actor=actor, milestone=milestone)


def _write_sections(
    version: StrategyVersion,
    narrative: dict[str, str],
    *,
    actor: User,
    only_changed: bool = False,
) -> None:
    for section in StrategySection.objects.filter(version=version):
        wanted = narrative[section.key]
        if only_changed and wanted == section.narrative:
            continue
        update_section(actor=actor, section=section, narrative=wanted)


def _backdate(version: StrategyVersion, *, started: date, approved: date) -> None:
    """Move version 1's timestamps to when it really happened.

    ``start_strategy`` and ``approve_version`` stamp the current time, as they should
    for a person; the demo replays a year in one go, so the seeder moves the timestamp
    fields afterwards with a queryset update (no action changes a version's dates, and
    none should). The snapshot's copies of those dates are moved with them, or the
    approved document would say it was approved today.
    """
    approved_at = _at(approved, 16, 30)
    snapshot = dict(version.snapshot or {})
    snapshot.update(
        created_at=_at(started, 9, 15).isoformat(),
        approved_at=approved_at.isoformat(),
        as_of=approved_at.isoformat(),
    )
    # The KPI history is seeded up to today; the approved charts end where the data
    # did on the day of approval.
    last_month = f"{approved:%Y-%m}"
    for section in snapshot.get("sections", []):
        for block in section.get("blocks", []):
            if block.get("kind") == "chart":
                block["series"] = [p for p in block["series"] if str(p[0]) < last_month]
    StrategyVersion.objects.filter(pk=version.pk).update(
        created_at=_at(started, 9, 15), approved_at=approved_at, snapshot=snapshot
    )
    StrategySection.objects.filter(version=version).update(
        updated_at=_at(approved - timedelta(days=6), 11, 0)
    )


# --------------------------------------------------------------------------- dates


def _on(today: date, months: int, day: int) -> date:
    first = add_months(today, months)
    last = (add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day, last))


def _month_end(today: date, months: int) -> date:
    return add_months(today, months + 1) - timedelta(days=1)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)
