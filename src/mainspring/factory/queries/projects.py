"""Reads for process templates, standards, projects and tasks: access helpers and page models.

Access helpers return the object or raise ``Http404`` (every L&D reader sees every
template and project, so "not yours" does not arise here). The page models turn a
:class:`~mainspring.factory.planning.ProjectPlan` into what the pages draw: the project
list's rows, the task table and the Gantt chart's geometry (an inline SVG drawn by the
template).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from mainspring.experiences.models import Program, ProgramStatus
from mainspring.factory import planning, process
from mainspring.factory import schedule as cpm
from mainspring.factory.models import (
    Competency,
    Dependency,
    Gate,
    ProcessTemplate,
    Project,
    ProjectStatus,
    StandardDocument,
    Task,
    TeamMember,
    TemplateTask,
    Vendor,
)
from mainspring.factory.queries.team import suggestions_for
from mainspring.strategy.models import Initiative, InitiativeStatus

OPEN = (ProjectStatus.PLANNED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
NO_PHASE = "Other tasks"


# --- access helpers -----------------------------------------------------------------------


def get_template(pk: int) -> ProcessTemplate:
    """A process template by id, or 404."""
    return get_object_or_404(ProcessTemplate.objects.prefetch_related("standards"), pk=pk)


def get_template_task(pk: int) -> TemplateTask:
    """A standard task of a template by id, or 404."""
    return get_object_or_404(TemplateTask.objects.select_related("template"), pk=pk)


def get_standard(pk: int) -> StandardDocument:
    """A standards document by id, or 404."""
    return get_object_or_404(StandardDocument.objects.prefetch_related("templates"), pk=pk)


def get_project(pk: int) -> Project:
    """A project by id with its program, template, sponsor, manager and initiative, or 404."""
    return get_object_or_404(
        Project.objects.select_related(
            "program", "template", "sponsor", "manager__person", "initiative", "created_by"
        ),
        pk=pk,
    )


def get_task(pk: int) -> Task:
    """A project's task by id with its project, owner and vendor, or 404."""
    return get_object_or_404(
        Task.objects.select_related("project__template", "owner__person", "vendor"), pk=pk
    )


# --- process templates --------------------------------------------------------------------


def templates_listed(*, with_inactive: bool = True) -> QuerySet[ProcessTemplate]:
    """Templates by name (active first), with their tasks, standards and projects counted."""
    rows = ProcessTemplate.objects.annotate(
        task_count=Count("tasks", distinct=True),
        project_count=Count("projects", distinct=True),
    ).prefetch_related(
        Prefetch("tasks", queryset=TemplateTask.objects.order_by("order", "pk")), "standards"
    )
    if not with_inactive:
        rows = rows.filter(active=True)
    return rows.order_by("-active", "name", "pk")


def active_templates() -> QuerySet[ProcessTemplate]:
    """The templates a new project may start from."""
    return ProcessTemplate.objects.filter(active=True).order_by("name", "pk")


def as_process_template(
    template: ProcessTemplate,
    tasks: Iterable[TemplateTask],
    *,
    phases: Sequence[str] | None = None,
) -> process.ProcessTemplate:
    """The database template (with ``tasks`` as given) as :mod:`process`'s plain value."""
    return process.ProcessTemplate(
        code=template.code,
        name=template.name,
        summary=template.summary,
        phases=tuple(template.phases if phases is None else phases),
        tasks=tuple(
            process.StandardTask(
                code=t.code,
                name=t.name,
                phase=t.phase,
                days=t.days,
                hours=float(t.hours),
                skill=t.skill,
                after=tuple(t.after),
                gate=t.gate,
                checklist=tuple(t.checklist),
            )
            for t in tasks
        ),
    )


def template_problems(template: ProcessTemplate) -> list[str]:
    """What would stop a project being scheduled from ``template`` (empty when sound)."""
    return process.check(as_process_template(template, template.tasks.order_by("order", "pk")))


def typical_days(tasks: Sequence[TemplateTask]) -> int | None:
    """Working days from the first task to the last when nothing slips (None: a cycle)."""
    index = {t.code: n for n, t in enumerate(tasks)}
    items = [
        cpm.Task(n, t.days, {index[c]: 0 for c in t.after if c in index})
        for n, t in enumerate(tasks)
    ]
    try:
        return cpm.schedule(items).finish
    except cpm.ScheduleError:
        return None


@dataclass(frozen=True, slots=True)
class StandardTaskRow:
    task: TemplateTask
    skill: str  # the competency's name (its code when it is not in the model)
    waits_for: list[str]  # names of the tasks it waits for
    unknown: list[str]  # codes it waits for that the template does not have


@dataclass(frozen=True, slots=True)
class PhaseTasks:
    name: str
    rows: list[StandardTaskRow]
    known: bool = True  # False for tasks whose phase the template no longer lists


def template_layout(template: ProcessTemplate, tasks: Sequence[TemplateTask]) -> list[PhaseTasks]:
    """The template's phases in order, each with its standard tasks in words."""
    names = {t.code: t.name for t in tasks}
    skills = competency_names()

    def rows(phase_tasks: Iterable[TemplateTask]) -> list[StandardTaskRow]:
        return [
            StandardTaskRow(
                t,
                skills.get(t.skill, t.skill),
                [names[c] for c in t.after if c in names],
                [c for c in t.after if c not in names],
            )
            for t in phase_tasks
        ]

    out = [PhaseTasks(p, rows(t for t in tasks if t.phase == p)) for p in template.phases]
    stray = [t for t in tasks if t.phase not in template.phases]
    if stray:
        out.append(PhaseTasks("Not in a listed phase", rows(stray), known=False))
    return out


def competency_choices() -> list[tuple[str, str]]:
    """Competency codes and names, for the skill a task needs."""
    return [(c.code, c.name) for c in Competency.objects.order_by("order", "name")]


def competency_names() -> dict[str, str]:
    """Competency code -> name."""
    return dict(Competency.objects.values_list("code", "name"))


def standards_listed() -> QuerySet[StandardDocument]:
    """Every standards document by title, with the templates that link to it."""
    return StandardDocument.objects.prefetch_related(
        Prefetch("templates", queryset=ProcessTemplate.objects.order_by("name"))
    ).order_by("title")


# --- choices for the project forms --------------------------------------------------------


def programs_for_projects() -> QuerySet[Program]:
    """Programs a project may build for (not retired), by title."""
    return Program.objects.exclude(status=ProgramStatus.RETIRED).order_by("title", "pk")


def initiatives_for_projects() -> QuerySet[Initiative]:
    """Implementation-plan items a project's milestones may feed (not done or cancelled)."""
    return Initiative.objects.exclude(
        status__in=(InitiativeStatus.DONE, InitiativeStatus.CANCELLED)
    ).order_by("title", "pk")


def managers_for_projects() -> QuerySet[TeamMember]:
    """Active team members, by name."""
    return TeamMember.objects.filter(active=True).select_related("person")


def vendors_for_tasks() -> QuerySet[Vendor]:
    """Active vendors, by name."""
    return Vendor.objects.filter(active=True).order_by("name")


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week on, when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


# --- projects -----------------------------------------------------------------------------


def _with_tasks(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related(
        "program", "template", "sponsor", "manager__person", "initiative"
    ).prefetch_related(
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related("owner__person", "vendor").prefetch_related(
                Prefetch(
                    "dependencies",
                    queryset=Dependency.objects.select_related("waits_for").order_by(
                        "waits_for_id"
                    ),
                )
            ),
        )
    )


def plan_for(project: Project, *, today: date | None) -> planning.ProjectPlan:
    """The plan of ``project`` with its tasks, owners and dependencies in a few queries."""
    row = _with_tasks(Project.objects.filter(pk=project.pk)).get()
    return planning.plan(row, list(row.tasks.all()), today=today)


def project_rows(status: str, *, today: date) -> list[planning.ProjectPlan]:
    """Plans of the projects with ``status`` ("open", "all" or one status), at risk first.

    Then by forecast finish (projects without tasks last) and title.
    """
    rows = Project.objects.all()
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status in ProjectStatus.values:
        rows = rows.filter(status=status)
    plans = [planning.plan(p, list(p.tasks.all()), today=today) for p in _with_tasks(rows)]
    return sorted(
        plans,
        key=lambda p: (not p.at_risk, p.finish is None, p.finish or date.max, p.project.title),
    )


@dataclass(frozen=True, slots=True)
class TaskRow:
    item: planning.TaskPlan
    waits_for: list[tuple[Task, int]]  # (task, lag)
    on_cycle: bool = False

    @property
    def task(self) -> Task:
        return self.item.task

    @property
    def ticked(self) -> int:
        """How many checklist items are ticked."""
        return sum(1 for i in self.task.checklist or [] if i.get("done"))


@dataclass(frozen=True, slots=True)
class PhaseRows:
    name: str
    rows: list[TaskRow]


def _phase_order(project: Project, tasks: Iterable[Task]) -> list[str]:
    order = list(project.template.phases) if project.template else []
    for t in tasks:
        if t.phase and t.phase not in order:
            order.append(t.phase)
    return order


def task_table(plan: planning.ProjectPlan) -> list[PhaseRows]:
    """The plan's tasks grouped by phase (the template's order first), with what they wait for.

    A plan that could not be scheduled (a cycle) lists its tasks with no dates.
    """
    tasks = [item.task for item in plan.tasks] if plan.tasks else _tasks_of(plan.project)
    by_pk = {t.pk: t for t in tasks}
    items = {item.task.pk: item for item in plan.tasks}
    cycle = {t.pk for t in plan.cycle}
    groups: list[PhaseRows] = []
    for phase in [*_phase_order(plan.project, tasks), ""]:
        rows = [
            TaskRow(
                items.get(t.pk) or _undated(t),
                [(by_pk[d.waits_for_id], d.lag) for d in t.dependencies.all()],
                t.pk in cycle,
            )
            for t in tasks
            if t.phase == phase
        ]
        if rows:
            groups.append(PhaseRows(phase or NO_PHASE, rows))
    return groups


def _tasks_of(project: Project) -> list[Task]:
    row = _with_tasks(Project.objects.filter(pk=project.pk)).get()
    return list(row.tasks.all())


def _undated(task: Task) -> planning.TaskPlan:
    # Only for a plan in error: the page still lists the task, without forecast dates.
    day = task.baseline_start or task.project.start
    return planning.TaskPlan(task, day, task.baseline_finish or day, 0, False, 0, False)


@dataclass(frozen=True, slots=True)
class WhoCould:
    member: TeamMember
    fit: int  # percent of the skill level the task needs
    missing: list[str]  # competency names below the level needed
    free_hours: float  # capacity left over the task's weeks


def who_could_take(task: Task, today: date) -> list[WhoCould]:
    """Team members who could take ``task``: skill fit first, then free hours in its weeks."""
    names = competency_names()
    return [
        WhoCould(
            s.member,
            round(s.candidate.skill_fit * 100),
            [names.get(code, code) for code in s.candidate.missing],
            s.candidate.free_hours,
        )
        for s in suggestions_for(task, today)
    ]


# --- the Gantt chart ----------------------------------------------------------------------

LABEL_W = 310  # the task names' column
RIGHT_PAD = 90  # room for a gate's name after the last bar
ROW_H = 24
PHASE_H = 22
AXIS_H = 34
LEGEND_H = 30
MAX_DAY_W = 24.0
MIN_DAY_W = 1.5
CHART_W = 760  # what the timeline aims to fill
MIN_WIDTH = 900  # room for the legend


@dataclass(frozen=True, slots=True)
class GanttBar:
    task: Task
    y: int
    x: int
    w: int  # zero for a zero-day task (drawn as a diamond)
    base_x: int | None  # the baseline's ghost bar, when the task has one
    base_w: int
    critical: bool
    done: bool
    overdue: bool
    milestone_x: int | None  # a diamond at the task's finish
    gate: str  # the review's name, when the task is a gate
    start: date
    finish: date
    slip_days: int
    total_float: int

    @property
    def mid_y(self) -> int:
        return self.y + ROW_H // 2

    @property
    def label_y(self) -> int:
        return self.y + ROW_H // 2 + 4

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def base_y(self) -> int:
        return self.y + ROW_H - 6

    @property
    def end_x(self) -> int:
        return self.x + self.w


@dataclass(frozen=True, slots=True)
class GanttPhase:
    name: str
    y: int

    @property
    def label_y(self) -> int:
        return self.y + PHASE_H - 6


@dataclass(frozen=True, slots=True)
class GanttTick:
    x: int
    label: str


@dataclass(frozen=True, slots=True)
class GanttChart:
    width: int
    height: int
    left: int
    top: int
    bottom: int  # where the rows end
    phases: list[GanttPhase] = field(default_factory=list)
    bars: list[GanttBar] = field(default_factory=list)
    ticks: list[GanttTick] = field(default_factory=list)
    today_x: int | None = None
    deadline_x: int | None = None
    first: date | None = None
    last: date | None = None

    @property
    def legend_y(self) -> int:
        return self.bottom + 14


def gantt(plan: planning.ProjectPlan, *, today: date) -> GanttChart | None:
    """The geometry of the plan's Gantt chart in calendar days (None: nothing to draw).

    One row per task grouped by phase; the bar runs from the forecast start to finish,
    a thin bar under it from the baseline's; a today line, a deadline line and a tick
    each Monday.
    """
    if plan.error or not plan.tasks:
        return None
    days = [d for item in plan.tasks for d in (item.start, item.finish)]
    days += [
        d for item in plan.tasks for d in (item.task.baseline_start, item.task.baseline_finish) if d
    ]
    first, last = min(days), max(days)
    if plan.project.deadline:
        last = max(last, plan.project.deadline)
    if first <= today <= last + timedelta(days=14):
        last = max(last, today)
    first -= timedelta(days=first.weekday())  # from a Monday, so the first tick is the edge
    span = (last - first).days + 1
    day_w = max(MIN_DAY_W, min(MAX_DAY_W, CHART_W / span))

    def x_of(day: date) -> int:
        return round(LABEL_W + (day - first).days * day_w)

    def w_of(start: date, finish: date) -> int:
        return max(2, round(((finish - start).days + 1) * day_w))

    y = AXIS_H
    phases, bars = [], []
    for group in task_table(plan):
        phases.append(GanttPhase(group.name, y))
        y += PHASE_H
        for row in group.rows:
            item, t = row.item, row.task
            base_x, base_w = None, 0
            if t.baseline_start and t.baseline_finish:
                base_x, base_w = x_of(t.baseline_start), w_of(t.baseline_start, t.baseline_finish)
            zero = t.duration_days == 0
            bars.append(
                GanttBar(
                    task=t,
                    y=y,
                    x=x_of(item.start),
                    w=0 if zero else w_of(item.start, item.finish),
                    base_x=base_x,
                    base_w=base_w,
                    critical=item.critical,
                    done=t.status == "done",
                    overdue=item.overdue,
                    milestone_x=(
                        round(x_of(item.finish) + (0 if zero else day_w))
                        if t.milestone or zero
                        else None
                    ),
                    gate=Gate(t.gate).label if t.gate else "",
                    start=item.start,
                    finish=item.finish,
                    slip_days=item.slip_days,
                    total_float=item.total_float,
                )
            )
            y += ROW_H
    ticks = []
    monday = first
    step = 1 if day_w * 7 >= 38 else (2 if day_w * 14 >= 38 else 4)  # noqa: PLR2004
    while monday <= last:
        ticks.append(GanttTick(x_of(monday), f"{monday:%d %b}"))
        monday += timedelta(weeks=step)
    width = max(MIN_WIDTH, round(LABEL_W + span * day_w + RIGHT_PAD))
    deadline = plan.project.deadline
    return GanttChart(
        width=width,
        height=y + LEGEND_H + 10,
        left=LABEL_W,
        top=AXIS_H,
        bottom=y,
        phases=phases,
        bars=bars,
        ticks=ticks,
        today_x=x_of(today) if first <= today <= last else None,
        deadline_x=round(x_of(deadline) + day_w) if deadline and deadline <= last else None,
        first=first,
        last=last,
    )
