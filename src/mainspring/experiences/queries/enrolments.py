"""Enrolments and progress, scoped through the org's people scope.

Who sees whose learning is :func:`mainspring.org.queries.people_visible_to`: L&D see
everyone, stakeholders their units' subtrees, everyone else themself and their team.
Every list here reads its facts in a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from mainspring.experiences import audiences
from mainspring.experiences.actions.enrolments import RuleData
from mainspring.experiences.models import (
    AudienceRule,
    Enrolment,
    EnrolmentStatus,
    LearningPath,
    ProgressStatus,
    Step,
    StepProgress,
)
from mainspring.org import permissions as org_permissions
from mainspring.org.models import OrgUnit, Person, Role
from mainspring.org.queries import people_visible_to, scope_units_of, team_below
from mainspring.strategy.models import LearningNeed


def enrolments_visible_to(user: Any) -> QuerySet[Enrolment]:
    """Enrolments of the people the user may see, with person, unit, path and program."""
    base = Enrolment.objects.select_related(
        "person", "person__org_unit", "path", "path__program", "rule"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if org_permissions.has_role(user, Role.LEADER, Role.STAFF):
        return base
    return base.filter(person__in=people_visible_to(user).values("pk"))


def get_enrolment_for(user: Any, pk: int) -> Enrolment:
    """Return an enrolment the user may see.

    Raises:
        Http404: when it does not exist or is not the user's to see.
    """
    found = enrolments_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such enrolment.")
    return found


def get_path(pk: int) -> LearningPath:
    """Return a learning path (for L&D pages, whose permission the view has checked)."""
    found = LearningPath.objects.select_related("program").filter(pk=pk).first()
    if found is None:
        raise Http404("No such learning path.")
    return found


def get_rule(pk: int) -> AudienceRule:
    """Return an audience rule with its path and unit."""
    found = AudienceRule.objects.select_related("path", "org_unit").filter(pk=pk).first()
    if found is None:
        raise Http404("No such audience rule.")
    return found


def rules_of(path: LearningPath) -> list[AudienceRule]:
    """The path's rules with their units, roles and how many people each enrolled."""
    return list(
        path.rules.select_related("org_unit")
        .prefetch_related("job_roles")
        .annotate(enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)))
    )


def rule_preview(data: RuleData, today: date, sample: int = 10) -> tuple[int, list[Person]]:
    """Count who a rule would match today, and a few of them by name.

    The same conditions as :func:`audiences.matches`, as one database filter.
    """
    people = Person.objects.filter(active=True)
    if data.job_roles:
        people = people.filter(job_role__in=[r.pk for r in data.job_roles])
    if data.org_unit is not None:
        people = people.filter(org_unit__path__startswith=data.org_unit.path)
    if data.location.strip():
        people = people.filter(location__iexact=data.location.strip())
    if data.hired_within_days is not None:
        since = today - timedelta(days=data.hired_within_days)
        people = people.filter(hire_date__gte=since, hire_date__lte=today)
    shown = list(people.select_related("org_unit", "job_role").order_by("last_name", "pk")[:sample])
    return people.count(), shown


# ----------------------------------------------------------------------------- progress


@dataclass(slots=True)
class StepRow:
    step: audiences.StepFacts
    status: str
    score: float | None
    completed_on: date | None
    due: date | None
    overdue: bool
    locked: bool

    @property
    def label(self) -> str:
        return str(ProgressStatus(self.status).label)


@dataclass(slots=True)
class EnrolmentRow:
    enrolment: Enrolment
    percent: int
    overdue: bool
    overdue_steps: int
    next_step: audiences.StepFacts | None
    next_due: date | None
    steps: list[StepRow] = field(default_factory=list)
    why: str = ""


def _steps_by_path(path_ids: Iterable[int]) -> dict[int, list[audiences.StepFacts]]:
    ids = set(path_ids)
    prereqs: dict[int, set[int]] = {}
    through = Step.prerequisites.through.objects.filter(from_step__path_id__in=ids)
    for step_id, needs in through.values_list("from_step_id", "to_step_id"):
        prereqs.setdefault(step_id, set()).add(needs)
    steps: dict[int, list[audiences.StepFacts]] = {}
    for pk, path_id, position, title, required, due_days in (
        Step.objects.filter(path_id__in=ids)
        .order_by("position", "pk")
        .values_list("pk", "path_id", "position", "title", "required", "due_days")
    ):
        steps.setdefault(path_id, []).append(
            audiences.StepFacts(
                pk, position, title, required, due_days, frozenset(prereqs.get(pk, ()))
            )
        )
    return steps


def progress_rows(
    enrolments: Sequence[Enrolment], today: date, *, with_steps: bool = False
) -> list[EnrolmentRow]:
    """Work out percent done, what next and what is overdue for each enrolment.

    Three queries (steps, prerequisites, progress), whatever the number of enrolments.
    """
    steps = _steps_by_path(e.path_id for e in enrolments)
    progress: dict[int, dict[int, tuple[str, float | None, date | None]]] = {}
    for eid, sid, status, score, done_on in StepProgress.objects.filter(
        enrolment_id__in=[e.pk for e in enrolments]
    ).values_list("enrolment_id", "step_id", "status", "score", "completed_on"):
        progress.setdefault(eid, {})[sid] = (status, score, done_on)
    rows = []
    for enrolment in enrolments:
        facts = steps.get(enrolment.path_id, [])
        mine = progress.get(enrolment.pk, {})
        statuses = {sid: value[0] for sid, value in mine.items()}
        live = enrolment.status == EnrolmentStatus.ACTIVE
        upcoming = audiences.next_step(facts, statuses) if live else None
        done_ids = {sid for sid, status in statuses.items() if status in audiences.DONE}
        step_rows = []
        for step in facts:
            status, score, done_on = mine.get(step.id, ("not_started", None, None))
            due = audiences.step_due(enrolment.enrolled_on, step)
            done = status in audiences.DONE
            step_rows.append(
                StepRow(
                    step,
                    status,
                    score,
                    done_on,
                    due,
                    live and audiences.is_overdue(due, today, done=done),
                    not step.prerequisite_ids <= done_ids,
                )
            )
        rows.append(
            EnrolmentRow(
                enrolment=enrolment,
                percent=audiences.percent_done(facts, statuses),
                overdue=live and audiences.is_overdue(enrolment.due_date, today, done=False),
                overdue_steps=sum(1 for r in step_rows if r.overdue),
                next_step=upcoming,
                next_due=audiences.step_due(enrolment.enrolled_on, upcoming) if upcoming else None,
                steps=step_rows if with_steps else [],
            )
        )
    return rows


def _why(rows: list[EnrolmentRow], person: Person) -> None:
    program_ids = {r.enrolment.path.program_id for r in rows if r.enrolment.path.program_id}
    needs_of: dict[int, list[audiences.NeedFacts]] = {}
    through = LearningNeed.programs.through.objects.filter(program_id__in=program_ids)
    pairs = list(through.values_list("program_id", "learningneed_id"))
    found = {
        n.pk: n
        for n in LearningNeed.objects.filter(pk__in={nid for _, nid in pairs})
        .select_related("goal", "kpi")
        .prefetch_related("job_roles")
    }
    for program_id, need_id in pairs:
        need = found[need_id]
        needs_of.setdefault(program_id, []).append(
            audiences.NeedFacts(
                need.title,
                need.goal.title if need.goal else "",
                need.kpi.name if need.kpi else "",
                frozenset(r.pk for r in need.job_roles.all()),
            )
        )
    role = person.job_role
    for row in rows:
        program = row.enrolment.path.program
        if program is not None:
            row.why = audiences.why_it_matters(
                program.title,
                needs_of.get(program.pk, []),
                role.pk if role else None,
                role.name if role else "",
            )


def my_learning(person: Person, today: date) -> list[EnrolmentRow]:
    """A person's active and completed enrolments: what next, due dates, why it matters.

    Active ones first, the most urgent first.
    """
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("path", "path__program", "person")
    )
    rows = progress_rows(enrolments, today, with_steps=True)
    _why(rows, person)
    far = date.max
    rows.sort(
        key=lambda r: (
            r.enrolment.status != EnrolmentStatus.ACTIVE,
            r.enrolment.due_date or far,
            r.enrolment.path.title,
        )
    )
    return rows


@dataclass(slots=True)
class TeamMember:
    person: Person
    rows: list[EnrolmentRow]

    @property
    def active(self) -> int:
        return sum(1 for r in self.rows if r.enrolment.status == EnrolmentStatus.ACTIVE)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def percent(self) -> int:
        return sum(r.percent for r in self.rows) // len(self.rows) if self.rows else 0


def team_progress(manager: Person, today: date) -> list[TeamMember]:
    """Everyone below a manager (any depth), with their enrolments and progress."""
    people = list(
        Person.objects.filter(pk__in=team_below(manager.pk), active=True).select_related(
            "org_unit", "job_role"
        )
    )
    enrolments = list(
        Enrolment.objects.filter(person__in=[p.pk for p in people])
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("path", "person")
        .order_by("due_date", "pk")
    )
    by_person: dict[int, list[EnrolmentRow]] = {}
    for row in progress_rows(enrolments, today):
        by_person.setdefault(row.enrolment.person_id, []).append(row)
    return [TeamMember(p, by_person.get(p.pk, [])) for p in people]


@dataclass(slots=True)
class UnitProgress:
    unit: OrgUnit
    enrolled: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def completed_percent(self) -> int:
        return 100 * self.completed // self.enrolled if self.enrolled else 0


@dataclass(slots=True)
class ProgramProgress:
    title: str
    units: list[UnitProgress]

    @property
    def enrolled(self) -> int:
        return sum(u.enrolled for u in self.units)


def _report_units(user: Any) -> list[OrgUnit]:
    """The units a progress report is split by: one level below the user's scope."""
    if org_permissions.has_role(user, Role.STAKEHOLDER):
        roots = scope_units_of(user)
    elif org_permissions.has_role(user, Role.LEADER, Role.STAFF):
        roots = list(OrgUnit.objects.filter(depth=0))
    else:
        person = user.person
        roots = [person.org_unit] if person is not None else []
    children = list(OrgUnit.objects.filter(parent__in=[r.pk for r in roots]).order_by("name"))
    return children + roots


def unit_progress(user: Any, today: date) -> list[ProgramProgress]:
    """Per program (or path, outside programs) and per unit: enrolled, completed, overdue.

    Units are one level below the user's scope (their scope units' children, and the
    scope units themselves for the people placed directly in them).
    """
    units = _report_units(user)
    # deepest first, so a person counts under the most specific report unit
    ordered = sorted(units, key=lambda u: -len(u.path))
    counts = (
        enrolments_visible_to(user)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list(
            "path__program_id",
            "path__program__title",
            "path__title",
            "person__org_unit__path",
            "status",
        )
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(status=EnrolmentStatus.ACTIVE, due_date__lt=today)),
        )
        .order_by()
    )
    reports: dict[str, dict[int, UnitProgress]] = {}
    for program_id, program, path_title, unit_path, status, n, late in counts:
        unit = next((u for u in ordered if unit_path.startswith(u.path)), None)
        if unit is None:
            continue
        title = program if program_id else f"{path_title} (no program)"
        cell = reports.setdefault(title, {}).setdefault(unit.pk, UnitProgress(unit))
        cell.enrolled += n
        cell.overdue += late
        if status == EnrolmentStatus.COMPLETED:
            cell.completed += n
    return [
        ProgramProgress(title, sorted(cells.values(), key=lambda c: c.unit.name))
        for title, cells in sorted(reports.items())
    ]


def overdue_enrolments(user: Any, today: date) -> QuerySet[Enrolment]:
    """Active enrolments the user may see that are past their due date, oldest first."""
    return (
        enrolments_visible_to(user)
        .filter(status=EnrolmentStatus.ACTIVE, due_date__lt=today)
        .order_by("due_date", "pk")
    )


def search_enrolments(
    enrolments: QuerySet[Enrolment],
    *,
    text: str = "",
    status: str = "",
    overdue_on: date | None = None,
) -> QuerySet[Enrolment]:
    """Filter enrolments by a person's name, e-mail or HRIS id, status and lateness."""
    for word in text.split()[:5]:
        enrolments = enrolments.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(person__hris_id__iexact=word)
        )
    if status:
        enrolments = enrolments.filter(status=status)
    if overdue_on is not None:
        enrolments = enrolments.filter(status=EnrolmentStatus.ACTIVE, due_date__lt=overdue_on)
    return enrolments.order_by("person__last_name", "person__first_name", "pk")


EXPORT_HEADERS = (
    "HRIS id",
    "Name",
    "Org unit",
    "Path",
    "Program",
    "Enrolled by",
    "Status",
    "Enrolled on",
    "Due",
    "Completed on",
    "Withdrawn on",
    "Overdue",
    "Progress %",
    "Step",
    "Step status",
    "Score",
    "Step completed on",
)


def export_rows(enrolments: QuerySet[Enrolment], today: date) -> Iterator[tuple[Any, ...]]:
    """One row per enrolment and step (steps without progress read "not started")."""
    batch = 2000
    ordered = enrolments.order_by("path__title", "person__last_name", "pk")
    total = ordered.count()
    for start in range(0, total, batch):
        chunk = list(ordered[start : start + batch])
        for row in progress_rows(chunk, today, with_steps=True):
            e = row.enrolment
            head = (
                e.person.hris_id,
                e.person.full_name,
                e.person.org_unit.name,
                e.path.title,
                e.path.program.title if e.path.program else "",
                e.get_source_display(),
                e.get_status_display(),
                e.enrolled_on,
                e.due_date,
                e.completed_on,
                e.withdrawn_on,
                "yes" if row.overdue else "no",
                row.percent,
            )
            if not row.steps:
                yield (*head, "", "", None, None)
            for step in row.steps:
                yield (*head, step.step.title, step.status, step.score, step.completed_on)


def person_data(person: Person) -> dict[str, Any]:
    """A person's enrolments and step progress, for their data export."""
    enrolled = (
        Enrolment.objects.filter(person=person)
        .select_related("path")
        .prefetch_related("progress__step")
        .order_by("enrolled_on", "pk")
    )
    return {
        "enrolments": [
            {
                "path": e.path.title,
                "status": e.status,
                "source": e.source,
                "enrolled_on": e.enrolled_on.isoformat(),
                "due_date": e.due_date.isoformat() if e.due_date else None,
                "completed_on": e.completed_on.isoformat() if e.completed_on else None,
                "withdrawn_on": e.withdrawn_on.isoformat() if e.withdrawn_on else None,
                "steps": [
                    {
                        "step": p.step.title,
                        "status": p.status,
                        "score": p.score,
                        "started_on": p.started_on.isoformat() if p.started_on else None,
                        "completed_on": p.completed_on.isoformat() if p.completed_on else None,
                    }
                    for p in e.progress.all()
                ],
            }
            for e in enrolled
        ]
    }
