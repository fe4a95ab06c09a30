"""Reads for the strategy pages: goals, KPIs, and the observations a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from mainspring.org.imports import Table
from mainspring.org.models import OrgUnit, Person, Stakeholder, UnitKind
from mainspring.org.queries import people_visible_to, units_visible_to
from mainspring.strategy import actions, checks, first_days, imports, permissions
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    FirstDaysPlan,
    Initiative,
    LearningNeed,
    Milestone,
    Observation,
    SectionKey,
    StrategySection,
    StrategyStatus,
    StrategyVersion,
)

# The columns of the one-row plan a hand-entered observation becomes; the plan's row
# errors name these, so the form can show each next to its field.
HAND_COLUMNS = ("kpi", "unit", "period", "value")


@dataclass(frozen=True, slots=True)
class UnitValue:
    """The latest value of a KPI for one org unit."""

    unit_id: int
    unit_name: str
    period: date
    value: float


def goals_with_kpis() -> QuerySet[BusinessGoal]:
    """Return every goal with its KPIs prefetched and counted (as ``kpi_count``)."""
    return (
        BusinessGoal.objects.select_related("sponsor", "owner")
        .prefetch_related("kpis")
        .annotate(kpi_count=Count("kpis", distinct=True))
        .order_by("title", "id")
    )


def kpis_with_goal_counts() -> QuerySet[KPI]:
    """Return every KPI with the number of goals it serves (as ``goal_count``)."""
    return KPI.objects.annotate(goal_count=Count("goals", distinct=True)).order_by("code")


def get_goal(pk: int) -> BusinessGoal:
    """Return a goal with its people and KPIs loaded.

    Raises:
        Http404: when there is no such goal.
    """
    try:
        return goals_with_kpis().get(pk=pk)
    except BusinessGoal.DoesNotExist:
        raise Http404("No such goal.") from None


def get_kpi(pk: int) -> KPI:
    """Return a KPI.

    Raises:
        Http404: when there is no such KPI.
    """
    try:
        return KPI.objects.get(pk=pk)
    except KPI.DoesNotExist:
        raise Http404("No such KPI.") from None


def observations_visible_to(user: Any, kpi: KPI) -> QuerySet[Observation]:
    """Return the observations of ``kpi`` the user may see.

    L&D and executives see all of them; stakeholders those of the org units in their
    scope and of the people they may see, and no company-wide ones.
    """
    rows = Observation.objects.filter(kpi=kpi)
    if permissions.can_view_all_observations(user):
        return rows
    if not permissions.can_view_strategy(user):
        return rows.none()
    return rows.filter(
        Q(org_unit__in=units_visible_to(user).values("pk"))
        | Q(person__in=people_visible_to(user).values("pk"))
    )


def trend(rows: QuerySet[Observation]) -> list[tuple[date, float]]:
    """Return the mean value per period, oldest first.

    Company-wide values are the trend when there are any; otherwise the mean of the
    units' (or people's) values.
    """
    company = rows.filter(org_unit__isnull=True, person__isnull=True)
    source = company if company.exists() else rows
    per_period = source.order_by().values("period").annotate(mean=Avg("value")).order_by("period")
    return [(r["period"], float(r["mean"])) for r in per_period]


def latest_by_unit(rows: QuerySet[Observation]) -> list[UnitValue]:
    """Return each org unit's value in its latest period, highest first."""
    latest = (
        Observation.objects.filter(kpi_id=OuterRef("kpi_id"), org_unit_id=OuterRef("org_unit_id"))
        .order_by("-period")
        .values("period")[:1]
    )
    found = (
        rows.filter(org_unit__isnull=False, period=Subquery(latest))
        .order_by("-value", "org_unit__name")
        .values_list("org_unit_id", "org_unit__name", "period", "value")
    )
    return [UnitValue(*row) for row in found]


def recent_observations(rows: QuerySet[Observation]) -> QuerySet[Observation]:
    """Return observations newest period first, with their unit and person."""
    return rows.select_related("org_unit", "person").order_by("-period", "-id")


def plan_one_observation(
    kpi: KPI, *, unit: OrgUnit | None, person: Person | None, period: str, value: str
) -> imports.ObservationPlan:
    """Check one hand-entered value exactly as a one-row KPI file would be checked."""
    unit_text = person.hris_id if person else (unit.code if unit else "")
    table = Table(list(HAND_COLUMNS), [[kpi.code, unit_text, period, value]])
    existing = imports.ExistingObservations(
        kpis={kpi.code: imports.KpiRef(kpi.pk, kpi.code, kpi.level, kpi.period)},
        unit_ids={unit.code: unit.pk} if unit else {},
        person_ids={person.hris_id: person.pk} if person else {},
        values=actions.existing_observation_index([kpi.pk]),
    )
    return imports.plan_observation_import(table, {c: c for c in HAND_COLUMNS}, existing)


def needs_with_links(goal_id: int | None = None) -> QuerySet[LearningNeed]:
    """Return needs with their goal, KPI and audience loaded, grouped by goal.

    With ``goal_id``, only that goal's needs.
    """
    rows = LearningNeed.objects.select_related("goal", "kpi").prefetch_related(
        "job_roles", "org_units"
    )
    if goal_id is not None:
        rows = rows.filter(goal_id=goal_id)
    return rows.order_by("goal__title", "goal_id", "title", "id")


def get_need(pk: int) -> LearningNeed:
    """Return a need with its goal, KPI and audience loaded.

    Raises:
        Http404: when there is no such need.
    """
    try:
        return needs_with_links().get(pk=pk)
    except LearningNeed.DoesNotExist:
        raise Http404("No such need.") from None


# ----------------------------------------------------------------------------- the strategy


def versions_visible_to(user: Any) -> QuerySet[StrategyVersion]:
    """Return the strategy versions the user may read, newest first."""
    rows = StrategyVersion.objects.select_related("created_by", "approved_by").order_by("-number")
    if permissions.can_read_strategy_version(user, approved=False):
        return rows
    if permissions.can_read_strategy_version(user, approved=True):
        return rows.filter(status=StrategyStatus.APPROVED)
    return rows.none()


def current_version_for(user: Any) -> StrategyVersion | None:
    """Return the version a reader lands on: the newest they may read, or ``None``.

    That is the open draft for those who may read drafts, else the latest approved one.
    """
    return versions_visible_to(user).order_by("-number").first()


def get_version_for(user: Any, number: int) -> StrategyVersion:
    """Return version ``number`` when the user may read it.

    Raises:
        Http404: when there is no such version or the user may not read it.
    """
    found = versions_visible_to(user).filter(number=number).first()
    if found is None:
        raise Http404("No such version of the strategy.")
    return found


def get_section(version: StrategyVersion, key: str) -> StrategySection:
    """Return one section of a version.

    Raises:
        Http404: when the key is not one of the nine sections.
    """
    found = version.sections.filter(key=key).select_related("updated_by").first()
    if found is None:
        raise Http404("No such section.")
    return found


def initiatives_with_links() -> QuerySet[Initiative]:
    """Return initiatives with their owner, needs and milestones loaded."""
    return (
        Initiative.objects.select_related("owner")
        .prefetch_related("needs", "milestones")
        .order_by("start_date", "due_date", "title", "id")
    )


def get_initiative(pk: int) -> Initiative:
    """Return an initiative with its links loaded.

    Raises:
        Http404: when there is no such initiative.
    """
    try:
        return initiatives_with_links().get(pk=pk)
    except Initiative.DoesNotExist:
        raise Http404("No such initiative.") from None


def get_milestone(pk: int) -> Milestone:
    """Return a milestone with its initiative.

    Raises:
        Http404: when there is no such milestone.
    """
    try:
        return Milestone.objects.select_related("initiative").get(pk=pk)
    except Milestone.DoesNotExist:
        raise Http404("No such milestone.") from None


# ------------------------------------------------------------------ checks and the first 60 days


def checked_version() -> StrategyVersion | None:
    """Return the version the checks run against: the open draft, else the latest version."""
    draft = StrategyVersion.objects.filter(status=StrategyStatus.DRAFT).first()
    return draft or StrategyVersion.objects.order_by("-number").first()


def strategy_facts(version: StrategyVersion | None, today: date) -> checks.StrategyFacts:
    """Read what the strategy checks look at, in eight queries however much there is.

    Goals, goal-KPI links, KPIs (with whether any value exists), needs, the number of
    programs serving each need, initiatives, milestones, and the version's sections.
    """
    links: dict[int, list[int]] = {}
    through = BusinessGoal.kpis.through.objects.order_by()
    for goal_id, kpi_id in through.values_list("businessgoal_id", "kpi_id"):
        links.setdefault(goal_id, []).append(kpi_id)
    goals = tuple(
        checks.GoalFact(pk, title, sponsor_id is not None, tuple(links.get(pk, ())))
        for pk, title, sponsor_id in BusinessGoal.objects.values_list("pk", "title", "sponsor_id")
    )
    has_values = Exists(Observation.objects.filter(kpi_id=OuterRef("pk")))
    kpis = tuple(
        checks.KpiFact(
            pk=k.pk,
            name=k.name,
            has_baseline=k.baseline is not None,
            has_target=k.target is not None,
            has_target_date=k.target_date is not None,
            has_unit_value=k.unit_value is not None,
            has_unit_value_source=bool(k.unit_value_source.strip()),
            has_observations=k.has_values,
        )
        for k in KPI.objects.annotate(has_values=has_values).only(
            "name", "baseline", "target", "target_date", "unit_value", "unit_value_source"
        )
    )
    needs = tuple(
        checks.NeedFact(*row)
        for row in LearningNeed.objects.values_list(
            "pk", "title", "goal_id", "kpi_id", "priority", "gap_type",
            "evaluation_level", "isolation_method",
        )
    )  # fmt: skip
    milestones: dict[int, list[checks.MilestoneFact]] = {}
    for initiative_id, pk, title, due, done_on in Milestone.objects.values_list(
        "initiative_id", "pk", "title", "due_date", "done_on"
    ):
        milestones.setdefault(initiative_id, []).append(
            checks.MilestoneFact(pk, title, due, done_on)
        )
    initiatives = tuple(
        checks.InitiativeFact(
            pk, title, owner_id is not None, due, status, tuple(milestones.get(pk, ()))
        )
        for pk, title, owner_id, due, status in Initiative.objects.values_list(
            "pk", "title", "owner_id", "due_date", "status"
        )
    )
    sections: tuple[checks.SectionFact, ...] = ()
    if version is not None:
        texts = dict(version.sections.values_list("key", "narrative"))
        sections = tuple(
            checks.SectionFact(key.value, str(key.label), texts.get(key.value, ""))
            for key in SectionKey
        )
    return checks.StrategyFacts(
        today=today,
        version_number=version.number if version is not None else None,
        goals=goals,
        kpis=kpis,
        needs=needs,
        initiatives=initiatives,
        sections=sections,
        programs_by_need=programs_by_need(),
    )


def programs_by_need() -> dict[int, int]:
    """Return how many programs serve each need that has any, by the need's pk.

    Programs belong to the experiences app, which sits above strategy; the reverse
    relation (``LearningNeed.programs``) is read by name so strategy need not import it.
    """
    rows = (
        LearningNeed.objects.filter(programs__isnull=False)
        .values("pk")
        .annotate(n=Count("programs", distinct=True))
        .values_list("pk", "n")
    )
    return dict(rows)


def first_days_plan_of(user: Any) -> FirstDaysPlan | None:
    """Return the user's first-60-days plan, or ``None`` when they have not started one."""
    return FirstDaysPlan.objects.filter(user_id=user.pk).first()


def first_days_facts(plan: FirstDaysPlan, today: date) -> first_days.PlanFacts:
    """Read what a first-60-days plan is made from, in six queries however much there is."""
    goals = tuple(
        first_days.GoalFact(pk, title, count)
        for pk, title, count in BusinessGoal.objects.annotate(n=Count("kpis"))
        .order_by("title", "id")
        .values_list("pk", "title", "n")
    )
    kpis = tuple(
        first_days.KpiFact(pk, name, baseline is not None)
        for pk, name, baseline in KPI.objects.values_list("pk", "name", "baseline")
    )
    stakeholders = tuple(
        first_days.StakeholderFact(s.pk, s.display_name, s.category, s.last_met)
        for s in Stakeholder.objects.filter(category__in=first_days.KEY_CATEGORIES)
        .select_related("person")
        .annotate(last_met=Max("engagements__date"))
    )
    partnered = Exists(Stakeholder.objects.filter(org_unit_id=OuterRef("pk")))
    units = tuple(
        first_days.UnitFact(pk, name, kind, has_partner)
        for pk, name, kind, has_partner in OrgUnit.objects.filter(
            kind__in=[UnitKind.DIVISION, UnitKind.DEPARTMENT]
        )
        .annotate(has_partner=partnered)
        .order_by("path")
        .values_list("pk", "name", "kind", "has_partner")
    )
    versions = StrategyVersion.objects.aggregate(
        total=Count("pk"), approved=Count("pk", filter=Q(status=StrategyStatus.APPROVED))
    )
    return first_days.PlanFacts(
        start=plan.start_date,
        today=today,
        goals=goals,
        kpis=kpis,
        stakeholders=stakeholders,
        units=units,
        has_version=versions["total"] > 0,
        has_approved_version=versions["approved"] > 0,
        ticks=dict(plan.ticks.values_list("item_key", "done_on")),
    )


@dataclass(frozen=True, slots=True)
class StrategyGlance:
    """The strategy in one card on the home page."""

    version: StrategyVersion | None
    readiness: checks.Readiness | None  # only for those who may see the checks
    plan: first_days.Plan | None  # the user's own first-60-days plan, if any
    can_start: bool  # may start the strategy when there is none


def strategy_glance(user: Any, today: date) -> StrategyGlance | None:
    """Return what the home page shows of the strategy, or ``None`` for those who see none."""
    if not permissions.can_read_strategy_version(user, approved=True):
        return None
    version = current_version_for(user)
    score = None
    if permissions.can_view_checks(user):
        facts = strategy_facts(checked_version(), today)
        score = checks.readiness(facts, checks.run_checks(facts))
    plan = None
    if permissions.can_have_first_days_plan(user):
        found = first_days_plan_of(user)
        plan = first_days.build_plan(first_days_facts(found, today)) if found else None
    return StrategyGlance(
        version=version,
        readiness=score,
        plan=plan,
        can_start=permissions.can_edit_strategy(user),
    )


def person_data(person: Person) -> dict[str, Any]:
    """A person's own KPI values (person-level KPIs), for their data export."""
    rows = (
        Observation.objects.filter(person=person)
        .select_related("kpi")
        .order_by("kpi__code", "period")
    )
    return {
        "kpi_values": [
            {"kpi": o.kpi.code, "period": o.period.isoformat(), "value": o.value} for o in rows
        ]
    }
