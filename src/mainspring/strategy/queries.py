"""Reads for the strategy pages: goals, KPIs, and the observations a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from mainspring.org.imports import Table
from mainspring.org.models import OrgUnit, Person
from mainspring.org.queries import people_visible_to, units_visible_to
from mainspring.strategy import actions, imports, permissions
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed, Observation

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
