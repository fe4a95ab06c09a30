"""A project's schedule: the critical path method (CPM) over its tasks, in working days.

Tasks are plain values: an id, a duration in working days and the ids of the tasks it
waits for (finish-to-start, with an optional lag in working days). The forward pass
gives each task its earliest start and finish, the backward pass its latest; a task's
total float is how many working days it can slip without moving the project's finish,
and the critical tasks are those with none. Everything here is pure: plain values in,
plain values out, no database.

Progress moves the plan: a task done keeps the days it actually took; a task under way
finishes ``remaining`` working days after ``today``; nothing not started can start before
``today``. The finish this gives, beside the baseline's, is the slippage.

Day numbers count working days from the project's start (day 0 is its first working
day); :class:`WorkCalendar` turns them into dates, skipping weekends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mainspring.experiences.graph import find_cycle, topological_order


@dataclass(frozen=True, slots=True)
class Task:
    """A task to schedule. ``after`` maps each predecessor's id to a lag in working days."""

    id: int
    duration: int
    after: Mapping[int, int] = field(default_factory=dict)
    # progress, in working days from the project's start (see :func:`schedule`)
    actual_start: int | None = None
    actual_finish: int | None = None
    remaining: int | None = None  # working days left on a task under way


@dataclass(frozen=True, slots=True)
class Timing:
    id: int
    earliest_start: int
    earliest_finish: int
    latest_start: int
    latest_finish: int

    @property
    def total_float(self) -> int:
        return self.latest_start - self.earliest_start

    @property
    def critical(self) -> bool:
        return self.total_float == 0


@dataclass(frozen=True, slots=True)
class Schedule:
    timings: dict[int, Timing]
    finish: int  # the project's finish: the first working day after its last task
    critical_path: tuple[int, ...]  # one chain of critical tasks, first to last

    def critical_tasks(self) -> set[int]:
        return {t.id for t in self.timings.values() if t.critical}


class ScheduleError(ValueError):
    """The tasks cannot be scheduled.

    ``cycle`` holds the tasks of a dependency cycle in order, each waiting for the next,
    the first repeated at the end (empty for other errors).
    """

    def __init__(self, message: str, cycle: Sequence[int] = ()) -> None:
        super().__init__(message)
        self.cycle = tuple(cycle)


def schedule(tasks: Sequence[Task], *, today: int | None = None) -> Schedule:
    """Return earliest and latest starts and finishes, float and the critical path.

    Args:
        tasks: the project's tasks; predecessors not among them are ignored.
        today: the working day progress is seen from; without it, the plan as planned.

    Raises:
        ScheduleError: a negative duration or lag, or dependencies that form a cycle
            (the message names the tasks in the cycle, in order).
    """
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        if t.duration < 0 or any(lag < 0 for lag in t.after.values()):
            raise ScheduleError(f"Task {t.id} has a negative duration or lag.")
    waits_for = {t.id: [p for p in t.after if p in by_id] for t in tasks}
    order = _order(list(by_id), waits_for)

    start: dict[int, int] = {}
    finish: dict[int, int] = {}
    for tid in order:
        t = by_id[tid]
        ready = max((finish[p] + t.after[p] for p in waits_for[tid]), default=0)
        s, f = _forward(t, ready, today)
        start[tid], finish[tid] = s, f
    end = max(finish.values(), default=0)

    successors: dict[int, list[int]] = {tid: [] for tid in by_id}
    for tid, preds in waits_for.items():
        for p in preds:
            successors[p].append(tid)
    latest_start: dict[int, int] = {}
    latest_finish: dict[int, int] = {}
    for tid in reversed(order):
        lf = min((latest_start[s] - by_id[s].after[tid] for s in successors[tid]), default=end)
        latest_finish[tid] = lf
        latest_start[tid] = lf - (finish[tid] - start[tid])
    timings = {
        tid: Timing(tid, start[tid], finish[tid], latest_start[tid], latest_finish[tid])
        for tid in order
    }
    return Schedule(timings, end, _chain(order, timings, waits_for, by_id))


def _forward(t: Task, ready: int, today: int | None) -> tuple[int, int]:
    """Earliest start and finish of ``t`` once its predecessors allow ``ready``."""
    if today is None:
        return ready, ready + t.duration
    if t.actual_finish is not None:
        begun = t.actual_start if t.actual_start is not None else t.actual_finish - t.duration
        return min(begun, t.actual_finish), t.actual_finish
    if t.actual_start is not None:
        left = (
            t.remaining
            if t.remaining is not None
            else max(t.duration - (today - t.actual_start), 0)
        )
        return t.actual_start, max(today, t.actual_start) + left
    s = max(ready, today)
    return s, s + t.duration


def _order(nodes: list[int], waits_for: Mapping[int, Iterable[int]]) -> list[int]:
    """A topological order (predecessors first, ties by id), or the cycle in words."""
    cycle = find_cycle(nodes, waits_for)
    if cycle:
        words = ", which waits for ".join(str(n) for n in cycle)
        raise ScheduleError(f"The dependencies form a cycle: {words}.", cycle)
    return topological_order(nodes, waits_for)


def _chain(
    order: list[int],
    timings: Mapping[int, Timing],
    waits_for: Mapping[int, list[int]],
    by_id: Mapping[int, Task],
) -> tuple[int, ...]:
    """Walk back from a critical task that ends the project along tight critical links."""
    if not order:
        return ()
    end = max(t.earliest_finish for t in timings.values())
    last = [tid for tid in order if timings[tid].critical and timings[tid].earliest_finish == end]
    if not last:
        return ()
    chain = [last[0]]
    while True:
        here = timings[chain[-1]]
        tight = [
            p
            for p in waits_for[chain[-1]]
            if timings[p].critical
            and timings[p].earliest_finish + by_id[chain[-1]].after[p] == here.earliest_start
        ]
        if not tight:
            break
        chain.append(min(tight))
    return tuple(reversed(chain))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Working days from a project's start: Monday to Friday, holidays left out."""

    start: date
    holidays: frozenset[date] = frozenset()

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays  # noqa: PLR2004

    def first_working(self) -> date:
        day = self.start
        while not self.is_working(day):
            day += timedelta(days=1)
        return day

    def date_of(self, n: int) -> date:
        """The date of working day ``n`` (day 0 is the first working day)."""
        day = self.first_working()
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if self.is_working(day):
                left -= 1
        return day

    def day_of(self, when: date) -> int:
        """The working-day number of ``when`` (a weekend counts as the next working day)."""
        first = self.first_working()
        n, day = 0, first
        step = 1 if when >= first else -1
        while (day < when) if step == 1 else (day > when):
            day += timedelta(days=step)
            if self.is_working(day):
                n += step
        if step == 1 and not self.is_working(when):
            n += 1
        return n
