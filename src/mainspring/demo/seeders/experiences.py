"""The experiences seeder: skills, the catalogue, programs, paths, audiences and progress.

It runs after the strategy seeders and writes through the experiences actions: the
skills and catalogue as imports (plans checked like a vendor's file), programs, paths
and steps one by one, audience rules, and a final sync of every path's enrolments.

Twelve to eighteen months of enrolments and step progress are written in bulk (see
:func:`_write_enrolments`): the actions enrol and record on the day they run, and the
demo's history happened on other days. The rules are created inactive, the history is
written exactly as the rules would have made it on each day, and then the rules are
switched on and every path synced through ``sync_enrolments``: a sync that finds
nothing to change (``ctx.counts["experience_sync_changes"] == 0``) shows the history
agrees with the rules.

The rollouts follow ``design/DEMO.md``; ``ctx.registry["rollouts"]`` records who started
when, so the impact seeder plants its effects on the people who really learned:

- ``safe_driver``: depot code -> start day, or None (not started: the comparison group);
  ``pilot``: the two pilot depots.
- ``new_manager``: site code -> start day, cohorts 1-3 by pre-period turnover (worst
  first), ``turnover_before``: site code -> mean monthly turnover before cohort 1.
- ``service``: team code -> (wave "A" or "B", start day), drawn by lot.
- ``warehouse_quality``: warehouse code -> go-live day, None for the scanner site.
- ``sales_academy``: person pk -> day they signed up (self-selected, top performers
  first); ``revenue_before``: person pk -> mean monthly revenue before the start.
- ``compliance`` and ``onboarding``: the launch day.

``ctx.registry["enrolments"]`` holds, per program key, person pk -> (enrolled on,
completed on or None); ``ctx.registry["leave_dates"]`` the day each leaver left.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mainspring.demo import blueprint as bp
from mainspring.demo import experiences_text as text
from mainspring.demo.seeders.strategy import REVENUE_KPI, TURNOVER_KPI, add_months
from mainspring.experiences import catalog_imports, skills_imports
from mainspring.experiences.actions import catalogue, enrolments, paths
from mainspring.experiences.models import (
    AudienceRule,
    CatalogItem,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LearningPath,
    Method,
    Program,
    ProgressSource,
    ProgressStatus,
    Skill,
    Step,
    StepProgress,
    TemplateKind,
)
from mainspring.org.imports import Table
from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy.models import LearningNeed, Observation

if TYPE_CHECKING:
    from mainspring.demo.blueprint import OrgBlueprint
    from mainspring.demo.seed import SeedContext

BATCH = 5000
REASON = "Demo learning experiences"
ONBOARDING_MONTHS = 18  # the onboarding path has run this long
PASS_MARK = 60.0


def seed(ctx: SeedContext) -> None:
    """Write the skills, catalogue, programs, paths, rules, enrolments and progress."""
    rng = ctx.rng_for("experiences")
    leader = User.objects.get(username="leader")
    staff = User.objects.get(username="staff")
    paths.ensure_standard_methods()
    skills = write_skills(leader)
    items = write_catalogue(leader, rng, skills)
    programs = write_programs(leader, ctx)
    built = write_paths(staff, programs, items, skills)
    people = _people(ctx, rng)
    rollouts, planned = plan_rollouts(ctx, rng, people)
    rules = _write_rules(staff, built, planned, ctx)
    written = _write_enrolments(ctx, rng, built=built, rules=rules, planned=planned, people=people)
    changes = _switch_on(staff, built, rules, planned)

    ctx.registry.update(
        experience_program_ids={k: p.pk for k, p in programs.items()},
        experience_path_ids={k: b.path.pk for k, b in built.items()},
        rollouts=rollouts,
        enrolments=written,
        leave_dates={p.pk: p.left for p in people if p.left is not None},
    )
    ctx.counts.update(
        skills=Skill.objects.count(),
        catalog_items=CatalogItem.objects.count(),
        programs=len(programs),
        learning_paths=LearningPath.objects.count(),
        path_steps=Step.objects.count(),
        audience_rules=AudienceRule.objects.count(),
        enrolments=Enrolment.objects.count(),
        step_progress=StepProgress.objects.count(),
        experience_sync_changes=changes,
    )


# --------------------------------------------------------------------------- methods


# --------------------------------------------------------------------------- skills


def write_skills(actor: User) -> dict[str, Skill]:
    """Import the skills framework, set role levels and link skills to the needs."""
    table = Table(["code", "name", "parent", "description"], [list(row) for row in text.SKILLS])
    mapping = {"code": "code", "name": "name", "parent": "parent", "description": "description"}
    plan = skills_imports.plan_skill_import(table, mapping, catalogue.existing_skills())
    catalogue.apply_skill_plan(plan, actor=actor, reason=REASON)
    skills = {s.code: s for s in Skill.objects.all()}
    roles = {r.name: r for r in JobRole.objects.filter(name__in=list(text.ROLE_SKILLS))}
    for role_name, levels in text.ROLE_SKILLS.items():
        if role_name not in roles:
            continue
        for code, level in levels:
            catalogue.set_role_skill(
                actor=actor, job_role=roles[role_name], skill=skills[code], level=level
            )
    for need in LearningNeed.objects.filter(title__in=list(text.NEED_SKILLS)):
        catalogue.link_skills(
            actor=actor, need=need, skills=[skills[c] for c in text.NEED_SKILLS[need.title]]
        )
    return skills


# --------------------------------------------------------------------------- catalogue


def catalogue_rows(rng: random.Random) -> list[list[object]]:
    """Return the paid library's file: the curated items first, then generated ones."""
    header_free: list[list[object]] = []
    for n, item in enumerate(text.PAID_CURATED, start=1):
        header_free.append(_row(f"{text.PAID_PREFIX}-C{n:03d}", item, text.PAID_DOMAIN, "en"))
    types = [t for t in text.ITEM_TYPES for _ in range(t[3])]
    languages = [code for code, weight in text.LANGUAGES for _ in range(weight)]
    seen: set[str] = {i.title for i in text.PAID_CURATED}
    combos = [(t, f) for t in text.TOPICS for f in text.FORMS]
    rng.shuffle(combos)
    n = 0
    while len(header_free) < text.PAID_ITEMS:
        (topic, _area), form = combos[n % len(combos)]
        edition = n // len(combos)
        n += 1
        title = form.format(t=topic)
        title = title[0].upper() + title[1:]
        if edition:
            title = (
                f"{title} ({['', 'second', 'third', 'fourth', 'fifth'][min(edition, 4)]} edition)"
            )
        if title in seen:
            continue
        seen.add(title)
        kind, low, high, _ = rng.choice(types)
        external = f"{text.PAID_PREFIX}-{n:05d}"
        header_free.append(
            [
                external,
                title,
                rng.choice(text.DESCRIBE).format(t=topic.lower()),
                rng.choice(text.PROVIDERS),
                kind,
                rng.randint(low, high),
                f"{text.PAID_DOMAIN}/c/{external}",
                rng.choice(languages),
                f"{text.PAID_DOMAIN}/xapi/activities/{external}",
            ]
        )
    return header_free


def _row(external: str, item: text.Item, domain: str, language: str) -> list[object]:
    return [
        external,
        item.title,
        item.description,
        item.provider,
        item.item_type,
        item.minutes,
        f"{domain}/c/{external}",
        language,
        f"{domain}/xapi/activities/{external}",
    ]


CATALOG_HEADERS = [
    "id",
    "title",
    "description",
    "provider",
    "type",
    "duration",
    "url",
    "language",
    "xapi id",
]
CATALOG_MAPPING = {
    "external_id": "id",
    "title": "title",
    "description": "description",
    "provider": "provider",
    "item_type": "type",
    "duration": "duration",
    "url": "url",
    "language": "language",
    "xapi_activity_id": "xapi id",
}


def _import(actor: User, library_name: str, rows: list[list[object]], **library: object) -> None:
    lib = catalogue.save_library(actor=actor, name=library_name, **library)  # type: ignore[arg-type]
    table = Table(CATALOG_HEADERS, rows)  # type: ignore[arg-type]
    plan = catalog_imports.plan_catalog_import(
        table, CATALOG_MAPPING, catalogue.existing_catalog(lib)
    )
    catalogue.apply_catalog_plan(plan, actor=actor, library=lib)


def write_catalogue(
    actor: User, rng: random.Random, skills: dict[str, Skill]
) -> dict[str, CatalogItem]:
    """Import the paid library and the company's own; return the hand-written items by key."""
    _import(
        actor,
        text.PAID_LIBRARY,
        catalogue_rows(rng),
        vendor=text.PAID_VENDOR,
        annual_cost=Decimal(text.PAID_ANNUAL_COST),
    )
    own = [_row(item.key.upper(), item, text.OWN_DOMAIN, "en") for item in text.OWN_ITEMS]
    _import(actor, text.OWN_LIBRARY, own, vendor="Northwind Freight L&D")
    by_external = {
        **{f"{text.PAID_PREFIX}-C{n:03d}": i for n, i in enumerate(text.PAID_CURATED, start=1)},
        **{i.key.upper(): i for i in text.OWN_ITEMS},
    }
    found: dict[str, CatalogItem] = {}
    for item in CatalogItem.objects.filter(external_id__in=list(by_external)):
        spec = by_external[item.external_id]
        found[spec.key] = item
        if spec.skills:
            catalogue.link_skills(actor=actor, item=item, skills=[skills[c] for c in spec.skills])
    return found


# --------------------------------------------------------------------------- programs


def write_programs(actor: User, ctx: SeedContext) -> dict[str, Program]:
    """Create the programs with owners from the learning team, needs and audiences."""
    team: dict[str, list[str]] = ctx.registry["learning_team"]
    owners = {p.hris_id: p for p in Person.objects.filter(org_unit__code="LD")}
    needs = {n.title: n for n in LearningNeed.objects.all()}
    roles = {r.name: r for r in JobRole.objects.all()}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["OPS", "WH", "SALES", "CS"])}
    designers = iter(team.get(bp.INSTRUCTIONAL_DESIGNER, []) * 4)
    result = {}
    for spec in text.PROGRAMS:
        hris = next(designers, "") if spec.owner == bp.INSTRUCTIONAL_DESIGNER else ""
        hris = hris or (team.get(spec.owner) or [""])[0]
        notes = f"Sponsor: the {spec.sponsor}."
        if spec.cost_notes:
            notes = f"{notes} {spec.cost_notes}"
        result[spec.key] = paths.save_program(
            actor=actor,
            data=paths.ProgramData(
                title=spec.title,
                summary=spec.summary,
                owner=owners.get(hris),
                status=spec.status,
                cost_model=spec.cost_model,
                cost_per_learner=(
                    None if spec.cost_per_learner is None else Decimal(spec.cost_per_learner)
                ),
                cost_notes=notes,
                needs=[needs[t] for t in spec.needs if t in needs],
                job_roles=[roles[r] for r in spec.roles if r in roles],
                org_units=[units[c] for c in spec.units if c in units],
            ),
        )
    return result


# --------------------------------------------------------------------------- paths


@dataclass(frozen=True, slots=True)
class StepPlan:
    """What the progress generator needs to know of a step."""

    id: int
    due_days: int | None
    required: bool
    scored: bool
    waits: tuple[int, ...]  # indexes of earlier steps of the same path


@dataclass(frozen=True, slots=True)
class Built:
    path: LearningPath
    steps: tuple[StepPlan, ...]


def write_paths(
    actor: User,
    programs: dict[str, Program],
    items: dict[str, CatalogItem],
    skills: dict[str, Skill],
) -> dict[str, Built]:
    """Create every path with its steps, prerequisites, curated items and skills."""
    templates = {t.template_kind: t for t in paths.ensure_path_templates()}
    methods = {m.code: m for m in Method.objects.all()}
    roles = {r.name: r for r in JobRole.objects.all()}
    built: dict[str, Built] = {}
    for spec in text.PATHS:
        program = programs[spec.program]
        data = paths.PathData(
            title=spec.title,
            description=spec.description,
            audience=spec.audience,
            job_roles=[roles[r] for r in spec.roles if r in roles],
        )
        plans: list[StepPlan] = []
        if spec.template:
            path = paths.create_path_from_template(
                actor=actor,
                template=templates[TemplateKind(spec.template)],
                program=program,
                title=spec.title,
            )
            path = paths.update_path(actor=actor, path=path, data=data)
            steps = list(path.steps.order_by("position").prefetch_related("prerequisites"))
            index = {s.pk: i for i, s in enumerate(steps)}
            plans = [
                StepPlan(
                    s.pk,
                    s.due_days,
                    s.required,
                    False,
                    tuple(sorted(index[p.pk] for p in s.prerequisites.all())),
                )
                for s in steps
            ]
            made = steps
        else:
            path = paths.create_path(actor=actor, data=data, program=program)
            made = []
        for step_spec in spec.steps or spec.extra:
            step = paths.add_step(
                actor=actor,
                path=path,
                data=paths.StepData(
                    title=step_spec.title,
                    method=methods[step_spec.method],
                    objectives=step_spec.objectives,
                    duration_minutes=step_spec.minutes,
                    focus=step_spec.focus,
                    required=step_spec.required,
                    due_days=step_spec.due,
                    activity=step_spec.activity,
                ),
            )
            made.append(step)
            if step_spec.waits:
                paths.set_prerequisites(
                    actor=actor, step=step, prerequisites=[made[i] for i in step_spec.waits]
                )
            if step_spec.item:
                catalogue.curate_item(actor=actor, step=step, item=items[step_spec.item])
            if step_spec.skills:
                catalogue.link_skills(
                    actor=actor, step=step, skills=[skills[c] for c in step_spec.skills]
                )
            plans.append(
                StepPlan(
                    step.pk, step_spec.due, step_spec.required, step_spec.scored, step_spec.waits
                )
            )
        built[spec.program] = Built(path, tuple(plans))
    return built


# --------------------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class Someone:
    pk: int
    role: str
    unit: str  # org unit code
    site: str  # depot or warehouse code, or ""
    hired: date
    left: date | None  # None: still here


def _people(ctx: SeedContext, rng: random.Random) -> list[Someone]:
    """Everyone, with their site and, for leavers, the day they left.

    The HRIS keeps no leaving date for the demo's leavers; one is drawn here, within
    the last two years and after the hire, so enrolments can be withdrawn on the day.
    """
    plan: OrgBlueprint = ctx.registry["org"]
    pk_of = dict(Person.objects.values_list("hris_id", "pk"))
    parent = {u.code: u.parent_code for u in plan.units}
    sites = set(ctx.registry["depot_codes"]) | set(ctx.registry["warehouse_codes"])
    site_of: dict[str, str] = {}

    def site(code: str) -> str:
        if code not in site_of:
            at = code
            while at and at not in sites:
                at = parent.get(at, "")
            site_of[code] = at
        return site_of[code]

    known: dict[int, date] = ctx.registry.get("leave_dates", {})
    today = ctx.today
    people = []
    for spec in plan.people:
        left = None
        pk = pk_of[spec.hris_id]
        if not spec.active:
            left = known.get(pk)
            if left is None:
                earliest = max(spec.hire_date + timedelta(days=30), today - timedelta(days=730))
                span = max(0, (today - timedelta(days=1) - earliest).days)
                left = earliest + timedelta(days=rng.randint(0, span))
        people.append(
            Someone(
                pk,
                spec.job_role,
                spec.org_unit_code,
                site(spec.org_unit_code),
                spec.hire_date,
                left,
            )
        )
    return people


# --------------------------------------------------------------------------- rollouts


@dataclass(frozen=True, slots=True)
class RuleSpec:
    key: str
    program: str
    name: str
    roles: tuple[str, ...]
    unit: str  # org unit code, or "" for everyone
    due_days: int
    hired_within_days: int | None = None
    start: date | None = None  # None: not started (the rule stays off)


@dataclass(frozen=True, slots=True)
class Planned:
    """One enrolment the history holds: by a rule (``rule`` key) or by hand ("")."""

    person: int
    program: str
    rule: str
    on: date
    due_days: int


@dataclass(frozen=True, slots=True)
class RolloutPlan:
    rules: tuple[RuleSpec, ...]
    enrolments: tuple[Planned, ...]


def _day(today: date, months: int, day: int) -> date:
    return add_months(today, months) + timedelta(days=day - 1)


def plan_rollouts(  # noqa: PLR0912, PLR0915  (one rollout after another reads best)
    ctx: SeedContext, rng: random.Random, people: Sequence[Someone]
) -> tuple[dict[str, object], RolloutPlan]:
    """Decide who starts which path when, the way ``design/DEMO.md`` describes."""
    plan: OrgBlueprint = ctx.registry["org"]
    today = ctx.today
    names = {u.code: u.name for u in plan.units}
    region = {s.code: s.region_code for s in plan.sites}
    depots: list[str] = list(ctx.registry["depot_codes"])
    warehouses: list[str] = list(ctx.registry["warehouse_codes"])
    new_site = ctx.registry.get("new_site_code", "")
    rules: list[RuleSpec] = []
    rollouts: dict[str, object] = {}

    # Safe Driver: a two-depot pilot a year ago, then depot by depot, region by region;
    # the last third (and the depot that opened lately) not yet started.
    regions = sorted({region[d] for d in depots})
    rng.shuffle(regions)
    order = sorted(depots, key=lambda d: (regions.index(region[d]), rng.random()))
    order = [d for d in order if d != new_site] + [d for d in order if d == new_site]
    pilot = order[:2]
    rest = order[2:]
    started = max(1, round(len(rest) * 0.65)) if len(rest) > 1 else len(rest)
    starts: dict[str, date | None] = {d: _day(today, -12, 4 + 3 * i) for i, d in enumerate(pilot)}
    for i, code in enumerate(rest):
        if i < started:
            month = -8 + (7 * i) // max(started, 1)  # -8 .. -2
            starts[code] = _day(today, month, rng.randint(3, 20))
        else:
            starts[code] = None
    rules.extend(
        RuleSpec(
            f"sd:{code}",
            "safe_driver",
            f"Drivers at {names[code]}",
            (bp.DRIVER,),
            code,
            90,
            start=starts[code],
        )
        for code in depots
    )
    rollouts["safe_driver"] = {"sites": starts, "pilot": pilot}

    # New Manager: cohorts by the turnover sites had in the year before the first.
    first = _day(today, -10, 3)
    turnover = _unit_means(ctx, TURNOVER_KPI, add_months(first, -12), first)
    sites = sorted(depots + warehouses, key=lambda c: (-turnover.get(c, 0.0), c))
    third = max(1, len(sites) // 3)
    cohort_starts = (first, _day(today, -6, 5), _day(today, -1, 2))
    nm_starts: dict[str, date | None] = {}
    cohorts: dict[str, int] = {}
    for i, code in enumerate(sites):
        cohort = min(2, i // third)
        cohorts[code], nm_starts[code] = cohort + 1, cohort_starts[cohort]
        rules.append(
            RuleSpec(
                f"nm:{code}",
                "new_manager",
                f"Leads at {names[code]}",
                (bp.DEPOT_LEAD, bp.SHIFT_LEAD),
                code,
                90,
                start=cohort_starts[cohort],
            )
        )
    rules.append(
        RuleSpec(
            "nm:CS",
            "new_manager",
            "Customer-service team leads",
            (bp.CUSTOMER_SERVICE_TEAM_LEAD,),
            "CS",
            90,
            start=cohort_starts[2],
        )
    )
    rollouts["new_manager"] = {
        "sites": nm_starts,
        "cohorts": cohorts,
        "turnover_before": turnover,
        "customer_service_team_leads": cohort_starts[2],
    }

    # Service Excellence: agents' teams drawn by lot into waves A and B.
    teams = sorted({p.unit for p in people if p.role == bp.CUSTOMER_SERVICE_AGENT})
    rng.shuffle(teams)
    waves: dict[str, tuple[str, date]] = {}
    for i, code in enumerate(teams):
        wave = "A" if i < (len(teams) + 1) // 2 else "B"
        start = _day(today, -5, 8) if wave == "A" else _day(today, -1, 6)
        waves[code] = (wave, start)
        rules.append(
            RuleSpec(
                f"se:{code}",
                "service",
                f"Agents in {names[code]} (wave {wave})",
                (bp.CUSTOMER_SERVICE_AGENT,),
                code,
                60,
                start=start,
            )
        )
    rollouts["service"] = waves

    # Warehouse Quality: go-lives one after another over seven months (one trainer goes
    # from site to site), so the sites not yet live compare with those that are; the
    # scanner site waits.
    scanner = warehouses[0] if warehouses else ""
    live = [w for w in warehouses if w != scanner]
    wq: dict[str, date | None] = {scanner: None} if scanner else {}
    for i, code in enumerate(live):
        wq[code] = _day(today, -8, 1) + timedelta(days=(210 * i) // max(len(live), 1))
    for code in warehouses:
        label = f"Pickers at {names[code]}" + (
            " (after the new scanners)" if code == scanner else ""
        )
        rules.append(
            RuleSpec(
                f"wq:{code}", "warehouse_quality", label, (bp.PICKER,), code, 21, start=wq[code]
            )
        )
    rollouts["warehouse_quality"] = {"sites": wq, "held_back": scanner}

    # Compliance: everyone at the launch, newcomers when they join.
    launch = _day(today, -9, 3)
    rules.append(RuleSpec("dp:all", "compliance", "Everyone", (), "", 30, start=launch))
    rollouts["compliance"] = launch

    # Onboarding: new starters within 60 days, since the path began.
    onboarding = add_months(today, -ONBOARDING_MONTHS)
    rules.append(
        RuleSpec(
            "ob:new",
            "onboarding",
            "New starters (first 60 days)",
            (),
            "",
            30,
            hired_within_days=60,
            start=onboarding,
        )
    )
    rollouts["onboarding"] = onboarding

    planned: list[Planned] = []
    by_rule = {r.key: r for r in rules}

    def enrol(person: Someone, rule_key: str, start: date) -> None:
        on = max(start, person.hired)
        if on > today or (person.left is not None and person.left <= on):
            return
        planned.append(
            Planned(person.pk, by_rule[rule_key].program, rule_key, on, by_rule[rule_key].due_days)
        )

    for p in people:
        if p.role == bp.DRIVER and starts.get(p.site) is not None:
            enrol(p, f"sd:{p.site}", starts[p.site])  # type: ignore[arg-type]
        if p.role in (bp.DEPOT_LEAD, bp.SHIFT_LEAD) and p.site in nm_starts:
            enrol(p, f"nm:{p.site}", nm_starts[p.site])  # type: ignore[arg-type]
        if p.role == bp.CUSTOMER_SERVICE_TEAM_LEAD:
            enrol(p, "nm:CS", cohort_starts[2])
        if p.role == bp.CUSTOMER_SERVICE_AGENT and p.unit in waves:
            enrol(p, f"se:{p.unit}", waves[p.unit][1])
        if p.role == bp.PICKER and wq.get(p.site) is not None:
            enrol(p, f"wq:{p.site}", wq[p.site])  # type: ignore[arg-type]
        enrol(p, "dp:all", launch)
        if p.hired >= onboarding:
            enrol(p, "ob:new", p.hired)

    # Sales Academy: reps sign up themselves; the best sellers first, the weakest rarely.
    # Two intakes far enough back that most have finished the three-month path, so an
    # impact study has exposed months to look at.
    intake = (_day(today, -9, 19), _day(today, -6, 15))
    revenue = _person_means(ctx, REVENUE_KPI, add_months(intake[0], -6), intake[0].replace(day=1))
    reps = [
        p
        for p in people
        if p.role == bp.ACCOUNT_EXECUTIVE
        and p.hired < intake[0]
        and (p.left is None or p.left > intake[0])
    ]
    reps.sort(key=lambda p: (-revenue.get(p.pk, 0.0), p.pk))
    signed: dict[int, date] = {}
    for rank, p in enumerate(reps):
        q = rank / max(len(reps) - 1, 1)  # 0 the best seller, 1 the weakest
        if rng.random() > 0.9 - 0.75 * q:
            continue
        on = intake[0] if rng.random() < 0.85 - 0.7 * q else intake[1]
        on += timedelta(days=rng.randint(0, 6))
        if on > today or (p.left is not None and p.left <= on):
            continue
        signed[p.pk] = on
        planned.append(Planned(p.pk, "sales_academy", "", on, 90))
    rollouts["sales_academy"] = {"people": signed, "revenue_before": revenue, "intakes": intake}
    return rollouts, RolloutPlan(tuple(rules), tuple(planned))


def _unit_means(ctx: SeedContext, kpi: str, start: date, end: date) -> dict[str, float]:
    code_of = {pk: code for code, pk in ctx.registry["unit_ids"].items()}
    rows = (
        Observation.objects.filter(
            kpi_id=ctx.registry["kpi_ids"][kpi], period__gte=start, period__lt=end
        )
        .values("org_unit_id")
        .annotate(mean=Avg("value"))
        .values_list("org_unit_id", "mean")
    )
    return {code_of[u]: float(m) for u, m in rows if u in code_of}


def _person_means(ctx: SeedContext, kpi: str, start: date, end: date) -> dict[int, float]:
    rows = (
        Observation.objects.filter(
            kpi_id=ctx.registry["kpi_ids"][kpi], period__gte=start, period__lt=end
        )
        .filter(person_id__isnull=False)
        .values("person_id")
        .annotate(mean=Avg("value"))
        .values_list("person_id", "mean")
    )
    return {p: float(m) for p, m in rows}


# --------------------------------------------------------------------------- writing


def _write_rules(
    actor: User, built: dict[str, Built], planned: RolloutPlan, ctx: SeedContext
) -> dict[str, AudienceRule]:
    """Create every rule switched off, so saving it enrols nobody on the wrong day."""
    roles = {r.name: r for r in JobRole.objects.all()}
    units = {u.code: u for u in OrgUnit.objects.filter(pk__in=ctx.registry["unit_ids"].values())}
    made = {}
    for spec in planned.rules:
        rule, _ = enrolments.save_rule(
            actor=actor,
            path=built[spec.program].path,
            data=enrolments.RuleData(
                name=spec.name,
                job_roles=[roles[r] for r in spec.roles if r in roles],
                org_unit=units[spec.unit] if spec.unit else None,
                hired_within_days=spec.hired_within_days,
                due_days=spec.due_days,
                active=False,
            ),
            sync=False,  # switched off, so a sync would change nothing; _switch_on syncs
        )
        made[spec.key] = rule
    return made


# Per program: (pace: share of the due days people take, share who stall part-way).
PACE: dict[str, tuple[float, float]] = {
    "compliance": (0.55, 0.03),
    "onboarding": (0.8, 0.08),
    "safe_driver": (0.9, 0.12),
    "warehouse_quality": (0.8, 0.1),
    "service": (0.9, 0.12),
    "new_manager": (1.0, 0.15),
    "sales_academy": (1.1, 0.25),
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _write_enrolments(
    ctx: SeedContext,
    rng: random.Random,
    *,
    built: dict[str, Built],
    rules: dict[str, AudienceRule],
    planned: RolloutPlan,
    people: Sequence[Someone],
) -> dict[str, dict[int, tuple[date, date | None]]]:
    """Bulk-write the enrolments and progress the rules and people made over the months.

    Each enrolment is what ``sync_enrolments`` (or ``enrol_person`` for a self-enrolment)
    would have written on its day, history included and dated that day; a leaver's is
    withdrawn on the day they left. Progress rows are what ``record_progress`` (as an
    LMS import) would leave: dates after the enrolment, never after today or the
    leaving day. The enrolment's status and completion day follow
    ``refresh_completion``'s rule, which is run afterwards as a check.
    """
    today = ctx.today
    left = {p.pk: p.left for p in people}
    now = timezone.now()
    enrolments_made: list[Enrolment] = []
    progress_of: dict[tuple[int, str], list[StepProgress]] = {}
    result: dict[str, dict[int, tuple[date, date | None]]] = defaultdict(dict)
    for item in planned.enrolments:
        steps = built[item.program].steps
        leaving = left[item.person]
        end = min(today - timedelta(days=1), (leaving or today) - timedelta(days=1))
        rows, completed = _progress(rng, steps, item.on, end, PACE[item.program])
        status, withdrawn = EnrolmentStatus.ACTIVE, None
        if completed is not None:
            status = EnrolmentStatus.COMPLETED
        elif leaving is not None:
            status, withdrawn = EnrolmentStatus.WITHDRAWN, leaving
        rule = rules.get(item.rule)
        enrolment = Enrolment(
            person_id=item.person,
            path_id=built[item.program].path.pk,
            rule_id=rule.pk if rule else None,
            source=EnrolmentSource.RULE if rule else EnrolmentSource.MANUAL,
            status=status,
            enrolled_on=item.on,
            due_date=item.on + timedelta(days=item.due_days),
            completed_on=completed,
            withdrawn_on=withdrawn,
            created_at=_at(item.on),
            updated_at=now,
        )
        reason = (
            f"Audience rule '{rule.name}' of '{built[item.program].path.title}'"
            if rule
            else "Signed up (self-enrolled)"
        )
        # simple-history reads these per object, so one bulk call dates each row right.
        enrolment._history_date = _at(item.on)  # type: ignore[attr-defined]
        enrolment._change_reason = reason  # type: ignore[attr-defined]
        enrolments_made.append(enrolment)
        progress_of[(item.person, item.program)] = rows
        result[item.program][item.person] = (item.on, completed)

    enrolments_made.sort(key=lambda e: e.enrolled_on)
    program_of = {b.path.pk: k for k, b in built.items()}
    progress: list[StepProgress] = []
    for done in bulk_create_with_history(enrolments_made, Enrolment, batch_size=BATCH):
        for row in progress_of[(done.person_id, program_of[done.path_id])]:
            row.enrolment_id = done.pk
            progress.append(row)
    StepProgress.objects.bulk_create(progress, batch_size=BATCH)
    return dict(result)


def _progress(
    rng: random.Random,
    steps: Sequence[StepPlan],
    enrolled: date,
    end: date,
    pace_and_stall: tuple[float, float],
) -> tuple[list[StepProgress], date | None]:
    """Return one learner's step progress up to ``end`` and the day they finished, if they did."""
    pace, stall = pace_and_stall
    own_pace = pace * rng.lognormvariate(0.0, 0.45)
    stop_at = rng.randrange(len(steps)) if rng.random() < stall else len(steps)
    done_on: dict[int, date] = {}
    rows: list[StepProgress] = []
    for i, step in enumerate(steps):
        if any(w not in done_on for w in step.waits):
            continue
        ready = max([enrolled, *(done_on[w] for w in step.waits)])
        if ready > end:
            continue
        if not step.required and rng.random() < 0.4:  # noqa: PLR2004  (optional: many skip)
            continue
        target = enrolled + timedelta(days=round((step.due_days or 30) * own_pace))
        day = max(ready, target) + timedelta(days=rng.randint(0, 3))
        started = max(ready, day - timedelta(days=rng.randint(0, 5)))
        if i >= stop_at or day > end:
            if started <= end and rng.random() < 0.5:  # noqa: PLR2004
                rows.append(_row_of(step, ProgressStatus.IN_PROGRESS, started, None, None))
            continue
        score = None
        status = ProgressStatus.COMPLETED
        if step.scored:
            score = round(min(100.0, rng.gauss(80.0, 11.0)), 0)
            status = ProgressStatus.PASSED if score >= PASS_MARK else ProgressStatus.FAILED
        rows.append(_row_of(step, status, started, day, score))
        if status != ProgressStatus.FAILED:
            done_on[i] = day
    counted = [i for i, s in enumerate(steps) if s.required] or list(range(len(steps)))
    finished = None
    if counted and all(i in done_on for i in counted):
        finished = max(done_on.values())
    return rows, finished


def _row_of(
    step: StepPlan, status: str, started: date, completed: date | None, score: float | None
) -> StepProgress:
    return StepProgress(
        step_id=step.id,
        status=status,
        score=score,
        started_on=started,
        completed_on=completed,
        source=ProgressSource.IMPORT,
    )


def _switch_on(
    actor: User, built: dict[str, Built], rules: dict[str, AudienceRule], planned: RolloutPlan
) -> int:
    """Switch on the rules of started rollouts, then sync every path; return what changed.

    A path's rules go on together (a rule switched on alone would have its sync withdraw
    the enrolments of its still-switched-off siblings), so they are updated in one go
    with history, and the path is then synced through ``sync_enrolments``.
    """
    on = [rules[s.key] for s in planned.rules if s.start is not None]
    for rule in on:
        rule.active = True
    bulk_update_with_history(
        on, AudienceRule, ["active"], default_user=actor, default_change_reason="Rollout started"
    )
    changes = 0
    for b in built.values():
        counts = enrolments.sync_enrolments(
            actor=actor, path=b.path, reason=f"Audience rules of '{b.path.title}' switched on"
        )
        changes += sum(counts.values())
    ids = list(Enrolment.objects.values_list("pk", flat=True))
    changes += enrolments.refresh_completion(ids, actor=actor, reason="Demo check")
    return changes
