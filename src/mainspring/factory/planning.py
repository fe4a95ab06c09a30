"""A project's plan in dates: its tasks from the database through :mod:`schedule` (CPM).

:func:`plan_of` (one project) and :func:`plans_of` (many, in a fixed number of queries)
turn stored tasks, dependencies and progress into forecast dates, float, the critical
path and slippage against the baseline. Read-only: nothing here writes.

Dates: a task runs on the working days from ``start`` to ``finish`` inclusive (a
zero-day milestone has ``start == finish``). Slippage is counted in working days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from mainspring.factory import schedule as cpm
from mainspring.factory.models import Dependency, Project, Task, TaskStatus


@dataclass(frozen=True, slots=True)
class TaskPlan:
    task: Task
    start: date
    finish: date
    total_float: int  # working days it can slip without moving the project's finish
    critical: bool
    slip_days: int  # forecast finish minus baseline finish, working days (0 without one)
    overdue: bool  # not done and its forecast finish is before today

    @property
    def is_gate(self) -> bool:
        return bool(self.task.gate)

    @property
    def due(self) -> date:
        """The date the task was promised: its baseline finish, else its forecast one."""
        return self.task.baseline_finish or self.finish

    @property
    def late_gate(self) -> bool:
        """A review gate that is overdue or slipping."""
        return self.is_gate and (self.overdue or self.slip_days > 0)


@dataclass(frozen=True, slots=True)
class ProjectPlan:
    project: Project
    calendar: cpm.WorkCalendar
    tasks: list[TaskPlan] = field(default_factory=list)
    finish: date | None = None  # forecast: the last working day of the last task
    slip_days: int = 0  # against the project's baseline finish
    critical_path: list[Task] = field(default_factory=list)
    error: str = ""  # why it could not be scheduled (a dependency cycle), else ""
    cycle: list[Task] = field(default_factory=list)

    @property
    def late_for_deadline(self) -> bool:
        return bool(self.finish and self.project.deadline and self.finish > self.project.deadline)

    @property
    def overdue_gates(self) -> list[TaskPlan]:
        return [t for t in self.tasks if t.is_gate and t.overdue]

    @property
    def at_risk(self) -> bool:
        """Slipping, past the deadline, a gate overdue, or not schedulable at all."""
        return bool(
            self.error or self.slip_days > 0 or self.late_for_deadline or self.overdue_gates
        )

    def reasons(self) -> list[str]:
        """Why the project is at risk, in words (empty when it is not)."""
        out = []
        if self.error:
            out.append(self.error)
        if self.slip_days > 0 and self.finish:
            out.append(
                f"The critical path has slipped {self.slip_days} working day"
                f"{'s' if self.slip_days != 1 else ''}: it now finishes {self.finish:%d %b %Y}."
            )
        if self.late_for_deadline and self.finish and self.project.deadline:
            out.append(f"It finishes after the deadline of {self.project.deadline:%d %b %Y}.")
        out.extend(
            f"{t.task.name} was due {t.due:%d %b %Y} and is not done." for t in self.overdue_gates
        )
        return out


def _tasks_queryset() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "tasks",
        queryset=Task.objects.select_related("owner__person", "vendor").prefetch_related(
            Prefetch("dependencies", queryset=Dependency.objects.order_by("waits_for_id"))
        ),
    )


def plans_of(projects: Iterable[Project], *, today: date | None) -> list[ProjectPlan]:
    """Plans for ``projects`` in a few queries; ``today`` None gives the plan as planned."""
    ids = [p.pk for p in projects]
    rows = Project.objects.filter(pk__in=ids).prefetch_related(_tasks_queryset())
    by_id = {p.pk: p for p in rows}
    return [plan(by_id[pk], list(by_id[pk].tasks.all()), today=today) for pk in ids if pk in by_id]


def plan_of(project: Project, *, today: date | None) -> ProjectPlan:
    """The plan of one project (see :func:`plans_of`)."""
    return plans_of([project], today=today)[0]


def plan(project: Project, tasks: Sequence[Task], *, today: date | None) -> ProjectPlan:
    """Schedule ``tasks`` (with their dependencies prefetched) of ``project``."""
    calendar = cpm.WorkCalendar(project.start)
    day_of = calendar.day_of
    items = []
    for t in tasks:
        after = {d.waits_for_id: d.lag for d in t.dependencies.all()}
        actual_start = day_of(t.actual_start) if t.actual_start else None
        actual_finish = day_of(t.actual_finish) + 1 if t.actual_finish else None
        if t.status == TaskStatus.DONE and actual_finish is None:
            # Done without a date (actions set one; old data may not): as baselined.
            if t.baseline_finish:
                actual_finish = day_of(t.baseline_finish) + 1
            else:
                actual_finish = (actual_start or 0) + t.duration_days
        remaining = t.remaining_days if t.status == TaskStatus.DOING else None
        if t.status == TaskStatus.DOING and actual_start is None and today is not None:
            actual_start = day_of(today)
        items.append(
            cpm.Task(
                t.pk,
                t.duration_days,
                after,
                actual_start=actual_start,
                actual_finish=actual_finish if t.status == TaskStatus.DONE else None,
                remaining=remaining,
            )
        )
    by_pk = {t.pk: t for t in tasks}
    try:
        result = cpm.schedule(items, today=None if today is None else max(day_of(today), 0))
    except cpm.ScheduleError as error:
        cycle = [by_pk[pk] for pk in error.cycle if pk in by_pk]
        words = (
            "These tasks wait for each other: " + " → ".join(t.name for t in cycle) + "."
            if cycle
            else str(error)
        )
        return ProjectPlan(project, calendar, error=words, cycle=cycle)

    out = []
    for t in tasks:
        timing = result.timings[t.pk]
        start = calendar.date_of(timing.earliest_start)
        last = max(timing.earliest_finish - 1, timing.earliest_start)
        finish = calendar.date_of(last)
        slip = day_of(finish) - day_of(t.baseline_finish) if t.baseline_finish else 0
        overdue = bool(today and t.status != TaskStatus.DONE and finish < today)
        out.append(TaskPlan(t, start, finish, timing.total_float, timing.critical, slip, overdue))
    finish_day = max(result.finish - 1, 0)
    end: date | None = calendar.date_of(finish_day) if tasks else None
    slip = (
        day_of(end) - day_of(project.baseline_finish)
        if end is not None and project.baseline_finish
        else 0
    )
    return ProjectPlan(
        project,
        calendar,
        out,
        end,
        slip,
        [by_pk[pk] for pk in result.critical_path],
    )
