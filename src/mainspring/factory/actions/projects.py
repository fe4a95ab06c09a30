"""Process templates, standards and projects: every change, atomic, with an actor.

Templates are the team's written way of working (phases, standard tasks, review gates,
checklists, the standards documents they follow); a project starts from one, is
baselined, and changes to it are logged with a reason. After every change to a project
or its tasks, :func:`sync_milestones` keeps the strategy's implementation plan in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from mainspring.experiences.models import Program
from mainspring.factory import planning, process
from mainspring.factory.actions import Error
from mainspring.factory.models import (
    ChangeKind,
    Dependency,
    Gate,
    ProcessTemplate,
    Project,
    ProjectChange,
    ProjectStatus,
    StandardDocument,
    Task,
    TaskStatus,
    TeamMember,
    TemplateTask,
    Vendor,
)
from mainspring.factory.queries.projects import as_process_template
from mainspring.org.models import Person, User
from mainspring.strategy import actions as strategy_actions
from mainspring.strategy.models import Initiative, Milestone

MAX_DAYS = 250  # a year of working days: longer tasks are split
MAX_HOURS = Decimal("9999.9")
MAX_LAG = 60
MAX_BUDGET = Decimal("999999999999.99")


class ReasonMissingError(Error):
    """A change the change log must explain was made without a reason."""


class DependencyCycleError(Error):
    """Tasks would wait for each other in a circle (the message names them)."""


def _stamp(obj: models.Model, actor: User | None, reason: str = "") -> None:
    obj._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history


def _unique_code(text: str, taken: Iterable[str], *, fallback: str) -> str:
    base = slugify(text)[:34].strip("-") or fallback
    used = set(taken)
    code, n = base, 2
    while code in used:
        code, n = f"{base}-{n}", n + 1
    return code


def _lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip()]


# --- process templates --------------------------------------------------------------------


def _clean_phases(phases: Iterable[str]) -> list[str]:
    out = _lines(phases)
    if not out:
        raise Error("A template needs at least one phase.")
    seen: set[str] = set()
    for p in out:
        if p.lower() in seen:
            raise Error(f"The phase {p!r} is listed twice.")
        if len(p) > 80:  # noqa: PLR2004  (TemplateTask.phase's length)
            raise Error(f"The phase {p[:30]!r}… is too long: keep phase names under 80 letters.")
        seen.add(p.lower())
    return out


@transaction.atomic
def save_template(
    *,
    actor: User | None,
    template: ProcessTemplate | None,
    name: str,
    summary: str,
    phases: Sequence[str],
    standards: Iterable[StandardDocument] | None = None,
) -> ProcessTemplate:
    """Create a template (``template`` None) or change its name, summary, phases, standards.

    A phase whose line changed in place (same number of phases) is a rename: its tasks
    follow it. Removing a phase that still has tasks is refused, naming them.

    Raises:
        Error: no name, a name another template has, no phases, a phase twice, or a
            removed phase that still holds tasks.
    """
    name = " ".join(name.split())
    if not name:
        raise Error("A template needs a name.")
    others = ProcessTemplate.objects.all()
    if template is not None:
        others = others.exclude(pk=template.pk)
    if others.filter(name__iexact=name).exists():
        raise Error(f"Another template is already called {name!r}: choose another name.")
    new_phases = _clean_phases(phases)
    if template is None:
        code = _unique_code(
            name, ProcessTemplate.objects.values_list("code", flat=True), fallback="template"
        )
        template = ProcessTemplate(code=code)
    else:
        old = list(template.phases)
        if len(old) == len(new_phases):
            for before, after in zip(old, new_phases, strict=True):
                if before != after and before not in new_phases:
                    for t in template.tasks.filter(phase=before):
                        t.phase = after
                        _stamp(t, actor, "phase renamed")
                        t.save(update_fields=["phase"])
        stranded = list(template.tasks.exclude(phase__in=new_phases).order_by("order", "pk"))
        if stranded:
            names = ", ".join(f"{t.name} ({t.phase})" for t in stranded)
            raise Error(
                f"These tasks are in phases you removed: {names}. "
                "Move them to another phase first, or keep the phase."
            )
    template.name, template.summary, template.phases = name, summary.strip(), new_phases
    _stamp(template, actor)
    template.save()
    if standards is not None:
        template.standards.set(list(standards))
    return template


@transaction.atomic
def duplicate_template(*, actor: User | None, template: ProcessTemplate) -> ProcessTemplate:
    """Copy a template with its tasks and standards, as "Copy of <name>" (active)."""
    names = set(ProcessTemplate.objects.values_list("name", flat=True))
    name, n = f"Copy of {template.name}", 2
    while name in names:
        name, n = f"Copy of {template.name} ({n})", n + 1
    copy = ProcessTemplate(
        code=_unique_code(
            f"copy-of-{template.code}",
            ProcessTemplate.objects.values_list("code", flat=True),
            fallback="template",
        ),
        name=name[:120],
        summary=template.summary,
        phases=list(template.phases),
    )
    _stamp(copy, actor, f"copied from {template.name}")
    copy.save()
    copy.standards.set(list(template.standards.all()))
    for t in template.tasks.order_by("order", "pk"):
        t.pk = None
        t.template = copy
        _stamp(t, actor, f"copied from {template.name}")
        t.save()
    return copy


@transaction.atomic
def set_template_active(
    *, actor: User | None, template: ProcessTemplate, active: bool
) -> ProcessTemplate:
    """Offer the template for new projects again, or stop offering it (projects keep it)."""
    if template.active != active:
        template.active = active
        _stamp(template, actor, "reactivated" if active else "deactivated")
        template.save(update_fields=["active", "updated_at"])
    return template


def _check_work(days: int, hours: Decimal, gate: str, skill_level: int) -> None:
    if not 0 <= days <= MAX_DAYS:
        raise Error(f"Enter a duration from 0 to {MAX_DAYS} working days.")
    if not Decimal(0) <= hours <= MAX_HOURS:
        raise Error("Enter an estimate of zero hours or more (at most 9,999.9).")
    if gate and gate not in Gate.values:
        raise Error("Choose a review gate from the list.")
    if not 1 <= skill_level <= 5:  # noqa: PLR2004
        raise Error("The skill level runs from 1 to 5.")


def _check_template_task(
    template: ProcessTemplate, task: TemplateTask, others: Sequence[TemplateTask]
) -> None:
    """Refuse ``task`` if it adds a problem to the template (an unknown phase, a cycle)."""
    before = process.check(as_process_template(template, others))
    current = [task if t.pk == task.pk and task.pk else t for t in others]
    if not task.pk:
        current.append(task)
    after = process.check(as_process_template(template, current))
    new = [p for p in after if p not in before]
    if new:
        raise Error(" ".join(new) + " Nothing was saved.")


@transaction.atomic
def save_template_task(
    *,
    actor: User | None,
    template: ProcessTemplate,
    task: TemplateTask | None,
    name: str,
    phase: str,
    days: int,
    hours: Decimal,
    skill: str = "",
    skill_level: int = 3,
    after: Sequence[str] = (),
    gate: str = "",
    checklist: Sequence[str] = (),
    milestone: bool = False,
) -> TemplateTask:
    """Add a standard task to a template (``task`` None) or change one.

    ``after`` holds the codes of the template's tasks it waits for.

    Raises:
        Error: no name, a duration or estimate out of range, an unknown review gate, or
            a change that would make the template unschedulable (a phase the template
            does not list, a task it does not have, tasks waiting for each other in a
            circle: the message names them). Nothing is saved then.
    """
    name = " ".join(name.split())
    if not name:
        raise Error("A standard task needs a name.")
    _check_work(days, hours, gate, skill_level)
    others = list(template.tasks.order_by("order", "pk"))
    if task is None:
        code = _unique_code(name, (t.code for t in others), fallback="task")
        task = TemplateTask(
            template=template, code=code, order=max((t.order for t in others), default=-1) + 1
        )
    if task.code in after:
        raise Error(f"{name} cannot wait for itself.")
    task.name, task.phase, task.days, task.hours = name, phase.strip(), days, hours
    task.skill, task.skill_level, task.gate = skill, skill_level, gate
    task.after, task.checklist, task.milestone = (
        list(dict.fromkeys(after)),
        _lines(checklist),
        milestone,
    )
    _check_template_task(template, task, others)
    _stamp(task, actor)
    task.save()
    template.save(update_fields=["updated_at"])
    return task


@transaction.atomic
def delete_template_task(*, actor: User | None, task: TemplateTask) -> None:
    """Remove a standard task; the tasks that waited for it wait for what it waited for."""
    for other in task.template.tasks.exclude(pk=task.pk):
        if task.code in other.after:
            other.after = [c for c in other.after if c != task.code]
            other.after += [c for c in task.after if c not in other.after and c != other.code]
            _stamp(other, actor, f"{task.name} removed")
            other.save(update_fields=["after"])
    _stamp(task, actor, "deleted")
    task.delete()


@transaction.atomic
def save_standard(
    *,
    actor: User | None,
    document: StandardDocument | None,
    title: str,
    summary: str = "",
    link: str = "",
    templates: Iterable[ProcessTemplate] | None = None,
) -> StandardDocument:
    """Add a standards document (``document`` None) or change one, and the templates using it.

    Raises:
        Error: no title, or a title another document has.
    """
    title = " ".join(title.split())
    if not title:
        raise Error("A standards document needs a title.")
    others = StandardDocument.objects.all()
    if document is not None:
        others = others.exclude(pk=document.pk)
    if others.filter(title__iexact=title).exists():
        raise Error(f"There is already a document called {title!r}.")
    document = document or StandardDocument()
    document.title, document.summary, document.link = title, summary.strip(), link.strip()
    _stamp(document, actor)
    document.save()
    if templates is not None:
        document.templates.set(list(templates))
    return document


# --- projects -----------------------------------------------------------------------------


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
        Error: an empty title, a deadline before the start, a negative budget, or a
            template whose tasks cannot be scheduled (the message names the tasks of
            the cycle).
    """
    title = title.strip()
    if not title:
        raise Error("A project needs a title.")
    if deadline and deadline < start:
        raise Error("The deadline cannot be before the start.")
    if budget is not None and not Decimal(0) <= budget <= MAX_BUDGET:
        raise Error("Enter a budget of zero or more.")
    project = Project(
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
    _stamp(project, actor, f"started from {template.name}" if template else "started")
    project.save()
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
    sync_milestones(project, actor=actor)
    return project


def baseline(project: Project, *, today: date | None = None) -> planning.ProjectPlan:
    """Store the plan's dates as the baseline that slippage is measured against.

    Without ``today`` the plan as planned; with it, the forecast from progress so far.

    Raises:
        Error: the tasks cannot be scheduled (a dependency cycle, named).
    """
    plan = planning.plan_of(project, today=today)
    if plan.error:
        raise Error(plan.error)
    tasks = []
    for item in plan.tasks:
        item.task.baseline_start, item.task.baseline_finish = item.start, item.finish
        tasks.append(item.task)
    Task.objects.bulk_update(tasks, ["baseline_start", "baseline_finish"])
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
        raise ReasonMissingError("Say why the plan is re-baselined: the change log keeps it.")
    before = project.baseline_finish
    plan = baseline(project, today=timezone.localdate())
    log_change(
        actor=actor,
        project=project,
        kind=ChangeKind.PLAN,
        before=f"{before:%d %b %Y}" if before else "",
        after=f"{plan.finish:%d %b %Y}" if plan.finish else "",
        reason=reason,
    )
    sync_milestones(project, actor=actor)
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


def _day(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "none"


def _money(value: Decimal | None) -> str:
    return f"{value:,.2f}" if value is not None else "none"


def _scope(title: str, description: str) -> str:
    return f"{title}\n\n{description}".strip()


@transaction.atomic
def update_project(
    *,
    actor: User | None,
    project: Project,
    title: str,
    description: str,
    program: Program | None,
    sponsor: Person | None,
    manager: TeamMember | None,
    initiative: Initiative | None,
    start: date,
    deadline: date | None,
    budget: Decimal | None,
    status: str,
    reason: str = "",
) -> list[ProjectChange]:
    """Change a project; changes of scope, start, deadline, sponsor, budget or status are logged.

    Each of those writes a :class:`ProjectChange` (kind, before, after, the reason, who).
    The program, manager and initiative change without a log entry.

    Returns:
        The change log entries written (empty when none of the logged facts changed).

    Raises:
        Error: no title, a deadline before the start, an unknown status, a negative
            budget, or a logged change without a reason (the message names what
            changed).
    """
    title = " ".join(title.split())
    description = description.strip()
    if not title:
        raise Error("A project needs a title.")
    if deadline and deadline < start:
        raise Error("The deadline cannot be before the start.")
    if status not in ProjectStatus.values:
        raise Error("Choose a status from the list.")
    if budget is not None and not Decimal(0) <= budget <= MAX_BUDGET:
        raise Error("Enter a budget of zero or more.")
    changes: list[tuple[str, str, str]] = []
    if (title, description) != (project.title, project.description):
        changes.append(
            (
                ChangeKind.SCOPE,
                _scope(project.title, project.description),
                _scope(title, description),
            )
        )
    if start != project.start:
        changes.append((ChangeKind.PLAN, f"Start {_day(project.start)}", f"Start {_day(start)}"))
    if deadline != project.deadline:
        changes.append((ChangeKind.DEADLINE, _day(project.deadline), _day(deadline)))
    if (sponsor.pk if sponsor else None) != project.sponsor_id:
        changes.append(
            (
                ChangeKind.SPONSOR,
                str(project.sponsor) if project.sponsor else "none",
                str(sponsor) if sponsor else "none",
            )
        )
    if budget != project.budget:
        changes.append((ChangeKind.BUDGET, _money(project.budget), _money(budget)))
    if status != project.status:
        changes.append(
            (ChangeKind.STATUS, ProjectStatus(project.status).label, ProjectStatus(status).label)
        )
    if changes and not reason.strip():
        what = ", ".join(dict.fromkeys(_what(kind) for kind, _, _ in changes))
        raise ReasonMissingError(f"Say why the {what} changed: the change log keeps the reason.")
    project.title, project.description, project.program = title, description, program
    project.sponsor, project.manager, project.initiative = sponsor, manager, initiative
    project.start, project.deadline, project.budget, project.status = (
        start,
        deadline,
        budget,
        status,
    )
    _stamp(project, actor, reason.strip())
    project.save()
    logged = [
        log_change(
            actor=actor, project=project, kind=kind, before=before, after=after, reason=reason
        )
        for kind, before, after in changes
    ]
    sync_milestones(project, actor=actor)
    return logged


def _what(kind: str) -> str:
    return {
        ChangeKind.SCOPE: "scope (title or description)",
        ChangeKind.PLAN: "start",
        ChangeKind.DEADLINE: "deadline",
        ChangeKind.SPONSOR: "sponsor",
        ChangeKind.BUDGET: "budget",
        ChangeKind.STATUS: "status",
    }[ChangeKind(kind)]


# --- tasks --------------------------------------------------------------------------------


def _checklist(lines: Sequence[str], old: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    ticked = {str(i.get("item")) for i in old if i.get("done")}
    return [{"item": line, "done": line in ticked} for line in _lines(lines)]


@transaction.atomic
def save_task(
    *,
    actor: User | None,
    project: Project,
    task: Task | None,
    name: str,
    duration_days: int,
    phase: str = "",
    owner: TeamMember | None = None,
    vendor: Vendor | None = None,
    estimate_hours: Decimal = Decimal(0),
    skill: str = "",
    skill_level: int = 3,
    gate: str = "",
    milestone: bool = False,
    checklist: Sequence[str] = (),
    waits_for: Sequence[tuple[Task, int]] = (),
) -> Task:
    """Add a task to a project (``task`` None) or change one, with what it waits for.

    ``waits_for`` pairs each task of the project it waits for with a lag in working
    days. The change is made, the project rescheduled, and everything rolled back if the
    dependencies now form a cycle. A ticked checklist item stays ticked while its line
    is unchanged.

    Raises:
        Error: no name, numbers out of range, both an owner and a vendor, an unknown
            gate, a task of another project, or tasks that would wait for each other
            (the message names them; nothing is saved).
    """
    name = " ".join(name.split())
    if not name:
        raise Error("A task needs a name.")
    _check_work(duration_days, estimate_hours, gate, skill_level)
    if owner is not None and vendor is not None:
        raise Error("Give the task to a team member or to a vendor, not both.")
    lags: dict[int, int] = {}
    for other, lag in waits_for:
        if other.project_id != project.pk:
            raise Error(f"{other.name} is a task of another project.")
        if task is not None and other.pk == task.pk:
            raise Error(f"{name} cannot wait for itself.")
        if not 0 <= lag <= MAX_LAG:
            raise Error(f"The lag after {other.name} runs from 0 to {MAX_LAG} working days.")
        lags[other.pk] = lag
    if task is None:
        last = project.tasks.aggregate(last=models.Max("order"))["last"]
        task = Task(project=project, order=0 if last is None else last + 1)
    task.name, task.phase, task.owner, task.vendor = name, phase.strip()[:80], owner, vendor
    task.duration_days, task.estimate_hours = duration_days, estimate_hours
    task.skill, task.skill_level, task.gate, task.milestone = skill, skill_level, gate, milestone
    task.checklist = _checklist(checklist, task.checklist or [])
    _stamp(task, actor)
    task.save()
    current = {d.waits_for_id: d for d in task.dependencies.all()}
    Dependency.objects.filter(task=task).exclude(waits_for_id__in=lags).delete()
    for pk, lag in lags.items():
        dep = current.get(pk)
        if dep is None:
            Dependency.objects.create(task=task, waits_for_id=pk, lag=lag)
        elif dep.lag != lag:
            dep.lag = lag
            dep.save(update_fields=["lag"])
    plan = planning.plan_of(project, today=None)
    if plan.error:
        raise DependencyCycleError(
            f"{plan.error} Nothing was saved: change what the task waits for."
        )
    sync_milestones(project, actor=actor)
    return task


@transaction.atomic
def delete_task(*, actor: User | None, task: Task) -> None:
    """Remove a task; the tasks that waited for it now wait for what it waited for."""
    before = list(task.dependencies.all())
    for dep in Dependency.objects.filter(waits_for=task).select_related("task"):
        for prior in before:
            if prior.waits_for_id != dep.task_id:
                Dependency.objects.get_or_create(
                    task=dep.task, waits_for_id=prior.waits_for_id, defaults={"lag": dep.lag}
                )
    milestone = task.strategy_milestone
    project = task.project
    _stamp(task, actor, "deleted")
    task.delete()
    if milestone is not None:
        _stamp(milestone, actor, "its project task was deleted")
        milestone.delete()
    sync_milestones(project, actor=actor)


@transaction.atomic
def record_progress(
    *,
    actor: User | None,
    task: Task,
    status: str,
    today: date,
    actual_start: date | None = None,
    actual_finish: date | None = None,
    remaining_days: int | None = None,
    checklist_done: Sequence[bool] | None = None,
) -> Task:
    """Record where a task stands: its status, actual dates, days left, checklist ticks.

    Under way without a start date starts today; done without a finish date finishes
    today. Not started clears the actual dates.

    Raises:
        Error: an unknown status, dates after today or a finish before the start, a
            finish date on a task not done, or a review gate marked done with checklist
            items not ticked (named).
    """
    if status not in TaskStatus.values:
        raise Error("Choose a status from the list.")
    for label, value in (("start", actual_start), ("finish", actual_finish)):
        if value and value > today:
            raise Error(f"The actual {label} cannot be after today: record it when it happens.")
    if checklist_done is not None:
        ticks = list(checklist_done)
        task.checklist = [
            {"item": item.get("item", ""), "done": n < len(ticks) and bool(ticks[n])}
            for n, item in enumerate(task.checklist or [])
        ]
    if status == TaskStatus.TODO:
        actual_start = actual_finish = remaining_days = None
    elif status == TaskStatus.DOING:
        if actual_finish:
            raise Error(
                "A task under way has no actual finish: clear the finish date, or mark it done."
            )
        actual_start = actual_start or task.actual_start or today
    else:
        actual_finish = actual_finish or today
        actual_start = actual_start or task.actual_start
        remaining_days = None
        left = [str(i.get("item")) for i in task.checklist or [] if not i.get("done")]
        if task.gate and left:
            raise Error(
                f"Tick every checklist item before the {Gate(task.gate).label.lower()} is done. "
                f"Not ticked: {'; '.join(left)}."
            )
    if actual_start and actual_finish and actual_finish < actual_start:
        raise Error("The actual finish cannot be before the actual start.")
    if remaining_days is not None and not 0 <= remaining_days <= MAX_DAYS:
        raise Error(f"Enter the days left from 0 to {MAX_DAYS}.")
    task.status, task.actual_start, task.actual_finish = status, actual_start, actual_finish
    task.remaining_days = remaining_days
    _stamp(task, actor, "progress")
    task.save()
    sync_milestones(task.project, actor=actor)
    return task


# --- the strategy's implementation plan ---------------------------------------------------


def sync_milestones(project: Project, *, actor: User | None = None) -> list[Milestone]:
    """Mirror the project's milestone tasks as milestones of its strategy initiative.

    For a project with an initiative (and not cancelled), each task marked milestone has
    a :class:`~mainspring.strategy.models.Milestone` titled "<project>: <task>", due on
    the task's forecast finish and done on its actual finish. Milestones of tasks that
    are no longer milestones (or of a project without an initiative) are removed. A plan
    that cannot be scheduled keeps the milestones' dates as they were.

    Returns:
        The project's milestones after the change.
    """
    with transaction.atomic():
        plan = planning.plan_of(project, today=timezone.localdate())
        finish = {item.task.pk: item.finish for item in plan.tasks}
        linked = {
            m.factory_task.pk: m
            for m in Milestone.objects.filter(factory_task__project=project).select_related(
                "factory_task"
            )
        }
        feeds = project.initiative_id is not None and project.status != ProjectStatus.CANCELLED
        out = []
        for task in project.tasks.order_by("order", "pk"):
            milestone = linked.get(task.pk)
            if not (feeds and task.milestone):
                if milestone is not None:
                    _stamp(milestone, actor, "no longer a milestone of the project")
                    milestone.delete()
                continue
            due = finish.get(task.pk) or (
                milestone.due_date if milestone else task.baseline_finish or project.start
            )
            done = task.actual_finish if task.status == TaskStatus.DONE else None
            title = f"{project.title}: {task.name}"[:200]
            if milestone is None:
                milestone = Milestone()
            elif (
                milestone.initiative_id,
                milestone.title,
                milestone.due_date,
                milestone.done_on,
            ) == (project.initiative_id, title, due, done):
                out.append(milestone)
                continue
            assert project.initiative_id is not None  # feeds says so
            milestone.initiative_id = project.initiative_id
            milestone.title, milestone.due_date, milestone.done_on = title, due, done
            strategy_actions.save_milestone(actor=actor, milestone=milestone)
            if task.strategy_milestone_id != milestone.pk:
                Task.objects.filter(pk=task.pk).update(strategy_milestone=milestone)
            out.append(milestone)
    return out
