"""Reads of the organisation, scoped to what each user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from mainspring.org import hooks, permissions
from mainspring.org.models import (
    Engagement,
    ImportJob,
    OrgUnit,
    Person,
    Role,
    Stakeholder,
    UnitKind,
)

MAX_CHAIN_DEPTH = 30


def scope_units_of(user: Any) -> list[OrgUnit]:
    """Return the units whose subtrees a stakeholder sees (theirs, or their person's unit)."""
    units = list(user.scope_units.all())
    if not units and user.person_id is not None:
        units = [user.person.org_unit]
    return units


def subtree_q(units: list[OrgUnit], prefix: str = "") -> Q:
    """Return a filter matching the given units and everything below them."""
    if not units:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": u.path}) for u in units))


def team_below(person_id: int) -> RawSQL:
    """Return SQL selecting the ids of everyone below a person in the manager chain.

    A recursive query, so the database walks the chain (of any depth) in one
    statement; UNION (not UNION ALL) stops it even on a loop stored by mistake.
    """
    table = Person._meta.db_table  # our own model's table name, not user input
    sql = (
        f"WITH RECURSIVE team(id) AS (SELECT id FROM {table} WHERE manager_id = %s "  # noqa: S608
        f"UNION SELECT p.id FROM {table} p JOIN team t ON p.manager_id = t.id) "
        "SELECT id FROM team"
    )
    return RawSQL(sql, [person_id])  # noqa: S611  (the person id is a bound parameter)


def team_q(person_id: int) -> Q:
    """Match a person and everyone below them in the manager chain."""
    return Q(pk=person_id) | Q(pk__in=team_below(person_id))


def units_visible_to(user: Any) -> QuerySet[OrgUnit]:
    """Org units the user may see."""
    role = permissions.role_of(user)
    if role in (Role.LEADER, Role.STAFF, Role.EXECUTIVE):
        return OrgUnit.objects.all()
    if role == Role.STAKEHOLDER:
        return OrgUnit.objects.filter(subtree_q(scope_units_of(user)))
    return OrgUnit.objects.none()


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People the user may see.

    All for L&D, their units' subtrees for stakeholders, self and team for everyone
    else with a linked person.
    """
    role = permissions.role_of(user)
    base = Person.objects.select_related("org_unit", "job_role", "manager")
    if role in (Role.LEADER, Role.STAFF):
        return base
    if role == Role.STAKEHOLDER:
        return base.filter(subtree_q(scope_units_of(user), "org_unit__"))
    if role is not None and user.person_id is not None:
        return base.filter(team_q(user.person_id))
    return base.none()


def get_person_for(user: Any, pk: int) -> Person:
    """Return a person the user may see.

    Raises:
        Http404: when the person does not exist or is not the user's to see.
    """
    try:
        return people_visible_to(user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


def get_unit_for(user: Any, pk: int) -> OrgUnit:
    """Return an org unit the user may see.

    Raises:
        Http404: when the unit does not exist or is not the user's to see.
    """
    try:
        return units_visible_to(user).get(pk=pk)
    except OrgUnit.DoesNotExist:
        raise Http404("No such org unit.") from None


def search_people(
    people: QuerySet[Person],
    text: str = "",
    unit: OrgUnit | None = None,
    role_id: int | None = None,
    status: str = "active",
) -> QuerySet[Person]:
    """Filter a people queryset by free text, unit subtree, job role and status."""
    if text:
        for word in text.split()[:5]:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(hris_id__iexact=word)
            )
    if unit is not None:
        people = people.filter(org_unit__path__startswith=unit.path)
    if role_id:
        people = people.filter(job_role_id=role_id)
    if status == "active":
        people = people.filter(active=True)
    elif status == "inactive":
        people = people.filter(active=False)
    return people


def manager_chain(person: Person) -> list[Person]:
    """Return the person's managers, nearest first."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.manager
    while current is not None and current.pk not in seen and len(chain) < MAX_CHAIN_DEPTH:
        chain.append(current)
        seen.add(current.pk)
        current = current.manager
    return chain


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """Return the unit's ancestors, root first."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True, slots=True)
class Glance:
    """The organisation at a glance, for the home page."""

    headcount: int
    units: int
    sites: int
    roles: int
    managers: int
    hires_last_year: int
    leavers: int
    by_top_unit: list[tuple[OrgUnit, int]]
    avg_span: float


def org_at_a_glance(user: Any, today: date) -> Glance:
    """Headline numbers of the organisation the user may see.

    One grouped query counts people per unit; the scope and the per-division sums are
    then done over those few thousand rows in Python, not by joins over every person.
    """
    units = units_visible_to(user)
    paths = dict(units.values_list("pk", "path"))
    scoped = permissions.role_of(user) == Role.STAKEHOLDER
    headcount = hires = managed = leavers = 0
    per_unit: dict[int, int] = {}
    for unit_id, active, n, hired, with_manager in (
        Person.objects.values_list("org_unit_id", "active")
        .annotate(
            n=Count("pk"),
            hired=Count("pk", filter=Q(hire_date__gt=today - timedelta(days=365))),
            with_manager=Count("pk", filter=Q(manager_id__isnull=False)),
        )
        .order_by()
    ):
        if scoped and unit_id not in paths:
            continue
        if not active:
            leavers += n
            continue
        headcount += n
        hires += hired
        managed += with_manager
        per_unit[unit_id] = per_unit.get(unit_id, 0) + n
    active_people = Person.objects.filter(active=True)
    if scoped:
        active_people = active_people.filter(org_unit_id__in=units.values("pk"))
    managers = active_people.filter(manager__active=True).values("manager_id").distinct().count()
    roles = active_people.exclude(job_role=None).values("job_role_id").distinct().count()
    by_top = [
        (unit, sum(n for uid, n in per_unit.items() if paths[uid].startswith(unit.path)))
        for unit in _top_units(units)
    ]
    return Glance(
        headcount=headcount,
        units=len(paths),
        sites=units.filter(kind=UnitKind.SITE).count(),
        roles=roles,
        managers=managers,
        hires_last_year=hires,
        leavers=leavers,
        by_top_unit=by_top,
        avg_span=round(managed / managers, 1) if managers else 0.0,
    )


def _top_units(units: QuerySet[OrgUnit]) -> list[OrgUnit]:
    """The level below the top of what is visible (divisions, for the whole company)."""
    visible = list(units.order_by("depth", "name")[:500])
    if not visible:
        return []
    top_depth = visible[0].depth
    roots = [u for u in visible if u.depth == top_depth]
    if len(roots) == 1:
        children = [u for u in visible if u.parent_id == roots[0].pk]
        return children or roots
    return roots


def import_jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    """Import jobs: the leader sees them all."""
    if permissions.can_edit_people(user):
        return ImportJob.objects.select_related("created_by")
    return ImportJob.objects.none()


def get_import_job_for(user: Any, pk: int) -> ImportJob:
    """Return an import job the user may see.

    Raises:
        Http404: when the job does not exist or is not the user's to see.
    """
    try:
        return import_jobs_visible_to(user).get(pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404("No such import.") from None


def person_data_export(person: Person) -> dict[str, Any]:
    """Everything Mainspring holds about one person, for a subject-access request."""
    user = getattr(person, "user", None)
    return {
        "person": {
            "hris_id": person.hris_id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "org_unit": person.org_unit.name,
            "job_role": person.job_role.name if person.job_role else None,
            "manager_hris_id": person.manager.hris_id if person.manager else None,
            "location": person.location,
            "hire_date": person.hire_date.isoformat() if person.hire_date else None,
            "active": person.active,
            "created_at": person.created_at.isoformat(),
            "updated_at": person.updated_at.isoformat(),
        },
        "login": None
        if user is None
        else {
            "username": user.username,
            "role": user.role,
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "date_joined": user.date_joined.isoformat(),
        },
        "history": [
            {
                "date": h.history_date.isoformat(),
                "change": h.get_history_type_display(),
                "by": str(h.history_user) if h.history_user else "system",
                "reason": h.history_change_reason or "",
                "first_name": h.first_name,
                "last_name": h.last_name,
                "email": h.email,
                "org_unit_id": h.org_unit_id,
                "active": h.active,
            }
            for h in person.history.select_related("history_user").order_by("history_date")
        ],
        **hooks.person_export_sections(person),
    }


# ----------------------------------------------------------------------------- partnerships


def stakeholders_visible_to(user: Any) -> QuerySet[Stakeholder]:
    """Stakeholders in the register the user may see (all for L&D, none for others).

    Each carries ``last_engagement`` (the latest contact's date) and ``next_due`` (the
    earliest open next step's due date), so the register is one query.
    """
    if not permissions.can_manage_partnerships(user):
        return Stakeholder.objects.none()
    open_step = Q(engagements__done=False, engagements__next_step_due__isnull=False)
    return Stakeholder.objects.select_related("person", "org_unit", "owner").annotate(
        last_engagement=Max("engagements__date"),
        next_due=Min("engagements__next_step_due", filter=open_step),
    )


def get_stakeholder_for(user: Any, pk: int) -> Stakeholder:
    """Return a stakeholder the user may see, or raise ``Http404``."""
    found = stakeholders_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such stakeholder.")
    return found


def overdue_follow_ups(user: Any, today: date) -> QuerySet[Engagement]:
    """Engagements whose next step was due before ``today`` and is not done.

    Only for stakeholders the user may see; the longest overdue first.
    """
    return (
        Engagement.objects.filter(
            stakeholder__in=stakeholders_visible_to(user).values("pk"),
            done=False,
            next_step_due__lt=today,
        )
        .exclude(next_step="")
        .select_related("stakeholder", "stakeholder__person")
        .order_by("next_step_due", "pk")
    )


class PersonLookupError(LookupError):
    """Typed text names nobody, or several people; the message says what to type instead."""


def find_person(text: str, *, active_only: bool = True) -> Person:
    """The one person an e-mail address, HRIS id or full name ("First Last") stands for.

    An exact e-mail or HRIS id wins over a name, so a clash of names is settled by typing
    the e-mail; a name matches first-last or last-first, letter case aside.

    Raises:
        PersonLookupError: nobody matches, or several people do (they are named).
    """
    text = " ".join(text.split())
    people = Person.objects.select_related("org_unit")
    if active_only:
        people = people.filter(active=True)
    found = list(people.filter(Q(hris_id__iexact=text) | Q(email__iexact=text))[:6]) if text else []
    if text and not found:
        first, _, last = text.rpartition(" ")
        by_name = (
            Q(first_name__iexact=first, last_name__iexact=last)
            | Q(first_name__iexact=last, last_name__iexact=first)
            if first
            else Q(last_name__iexact=text)
        )
        found = list(people.filter(by_name).order_by("last_name", "first_name", "pk")[:6])
    if not found:
        raise PersonLookupError(
            f"No one in the organisation answers to “{text}”. Enter their e-mail address, "
            "HRIS id, or first and last name as the HR system has them."
        )
    if len(found) > 1:
        names = "; ".join(
            f"{p.first_name} {p.last_name} ({p.email or p.hris_id})" for p in found[:5]
        )
        raise PersonLookupError(
            f"More than one person is called “{text}”: {names}. Enter the e-mail address or "
            "HRIS id of the one you mean."
        )
    return found[0]
