"""Projects: started from a process template, baselined, changed with a record of why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mainspring.experiences.models import Program
from mainspring.factory import planning
from mainspring.factory.actions import Error
from mainspring.factory.models import (
    ChangeKind,
    Dependency,
    ProcessTemplate,
    Project,
    ProjectChange,
    Task,
    TeamMember,
)
from mainspring.org.models import Person, User
from mainspring.strategy.models import Initiative


@transaction.atomic
def start_project(
    *,
    actor: User | None,
    title: str,
    template: ProcessTemplate | None,
    start: date,
    program: Program | None = None,
    sponsor: Person | None = None,
    manager: TeamMember | None = None,
    deadline: date | None = None,
    description: str = "",
    initiative: Initiative | None = None,
    budget: Decimal | None = None,
) -> Project:
    """Create a project with the template's standard tasks and dependencies, baselined.

    Raises:
        Error: an empty title, a deadline before the start, or a template whose tasks
            cannot be scheduled (the message names the tasks of the cycle).
    """
    title = title.strip()
    if not title:
        raise Error("A project needs a title.")
    if deadline and deadline < start:
        raise Error("The deadline cannot be before the start.")
    project = Project.objects.create(
        title=title,
        description=description,
        program=program,
        template=template,
        sponsor=sponsor,
        manager=manager,
        initiative=initiative,
        start=start,
        deadline=deadline,
        budget=budget,
        created_by=actor,
    )
    if template is not None:
        standard = list(template.tasks.order_by("order", "pk"))
        tasks = {
            t.code: Task.objects.create(
                project=project,
                code=t.code,
                name=t.name,
                phase=t.phase,
                duration_days=t.days,
                estimate_hours=t.hours,
                skill=t.skill,
                skill_level=t.skill_level,
                gate=t.gate,
                checklist=[{"item": item, "done": False} for item in t.checklist],
                milestone=t.milestone,
                order=n,
            )
            for n, t in enumerate(standard)
        }
        Dependency.objects.bulk_create(
            Dependency(task=tasks[t.code], waits_for=tasks[code])
            for t in standard
            for code in t.after
            if code in tasks and code != t.code
        )
    baseline(project)
    return project


def baseline(project: Project) -> planning.ProjectPlan:
    """Store the plan's dates as the baseline that slippage is measured against.

    Raises:
        Error: the tasks cannot be scheduled (a dependency cycle, named).
    """
    plan = planning.plan_of(project, today=None)
    if plan.error:
        raise Error(plan.error)
    for item in plan.tasks:
        Task.objects.filter(pk=item.task.pk).update(
            baseline_start=item.start, baseline_finish=item.finish
        )
    project.baseline_finish = plan.finish
    project.save(update_fields=["baseline_finish", "updated_at"])
    return plan


@transaction.atomic
def rebaseline(*, actor: User | None, project: Project, reason: str) -> planning.ProjectPlan:
    """Accept the current forecast as the new baseline, logged as a plan change.

    Raises:
        Error: no reason given, or the tasks cannot be scheduled.
    """
    if not reason.strip():
        raise Error("Say why the plan is re-baselined: the change log keeps it.")
    before = project.baseline_finish
    plan = planning.plan_of(project, today=timezone.localdate())
    if plan.error:
        raise Error(plan.error)
    for item in plan.tasks:
        Task.objects.filter(pk=item.task.pk).update(
            baseline_start=item.start, baseline_finish=item.finish
        )
    project.baseline_finish = plan.finish
    project.save(update_fields=["baseline_finish", "updated_at"])
    log_change(
        actor=actor,
        project=project,
        kind=ChangeKind.PLAN,
        before=f"{before:%d %b %Y}" if before else "",
        after=f"{plan.finish:%d %b %Y}" if plan.finish else "",
        reason=reason,
    )
    return plan


def log_change(
    *, actor: User | None, project: Project, kind: str, before: str, after: str, reason: str
) -> ProjectChange:
    """Append to the project's change log (call inside the change's transaction)."""
    return ProjectChange.objects.create(
        project=project,
        kind=kind,
        before=before,
        after=after,
        reason=reason.strip(),
        actor=actor,
        at=timezone.now(),
    )
