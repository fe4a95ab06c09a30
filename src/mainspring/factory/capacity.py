"""The L&D team's load: task estimates spread over weeks, against weekly capacity.

A task's estimate (hours) is spread evenly over the working days between its start and
finish; a person's load in a week is the sum of their tasks' hours on that week's
working days. Load above capacity is over-allocation. Who could take a task is a match of
the skills it needs against people's levels, then their free hours in its weeks.

Pure: plain values in and out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WORKDAYS = 5


@dataclass(frozen=True, slots=True)
class Assignment:
    """A task someone is assigned to, with its dates (inclusive) and estimate in hours."""

    task: int
    person: int
    start: date
    finish: date
    hours: float


@dataclass(frozen=True, slots=True)
class WeekLoad:
    person: int
    week: date  # the Monday
    hours: float
    capacity: float

    @property
    def over(self) -> float:
        """Hours above capacity (0 when within it)."""
        return max(0.0, self.hours - self.capacity)

    @property
    def share(self) -> float | None:
        """Load as a share of capacity (1.0 = full), None with no capacity."""
        return self.hours / self.capacity if self.capacity > 0 else None


def monday(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def working_days(start: date, finish: date) -> list[date]:
    """Monday-to-Friday days from ``start`` to ``finish`` inclusive."""
    days = []
    day = start
    while day <= finish:
        if day.weekday() < WORKDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def weekly_load(assignments: Iterable[Assignment], capacity: Mapping[int, float]) -> list[WeekLoad]:
    """Load per person per week, for every week any of their tasks touches.

    A task whose dates hold no working day (a weekend) puts its hours on the next
    Monday's week rather than losing them.
    """
    hours: dict[tuple[int, date], float] = defaultdict(float)
    for a in assignments:
        days = working_days(a.start, a.finish) or [monday(a.finish) + timedelta(days=7)]
        per_day = a.hours / len(days)
        for day in days:
            hours[(a.person, monday(day))] += per_day
    return [
        WeekLoad(person, week, total, capacity.get(person, 0.0))
        for (person, week), total in sorted(hours.items())
    ]


def over_allocated(loads: Iterable[WeekLoad], tolerance: float = 0.0) -> list[WeekLoad]:
    """The person-weeks whose load exceeds capacity by more than ``tolerance`` hours."""
    return [w for w in loads if w.over > tolerance]


@dataclass(frozen=True, slots=True)
class Candidate:
    person: int
    skill_fit: float  # 0-1: the share of required levels the person meets (capped per skill)
    missing: tuple[str, ...]  # skills below the level needed
    free_hours: float  # capacity left over the task's weeks


def candidates(
    *,
    needs: Mapping[str, int],
    levels: Mapping[int, Mapping[str, int]],
    weeks: Sequence[date],
    loads: Iterable[WeekLoad],
    capacity: Mapping[int, float],
) -> list[Candidate]:
    """Rank people for a task: best skill fit first, then most free hours in its weeks.

    ``needs`` maps a skill to the level (1-5) the task needs; ``levels`` each person's
    levels. A task with no skill needs fits everyone equally.
    """
    load_of: dict[tuple[int, date], float] = {(w.person, w.week): w.hours for w in loads}
    result = []
    for person, own in levels.items():
        if needs:
            fit = sum(min(own.get(s, 0), lvl) / lvl for s, lvl in needs.items() if lvl > 0)
            fit /= max(1, sum(1 for lvl in needs.values() if lvl > 0))
        else:
            fit = 1.0
        missing = tuple(sorted(s for s, lvl in needs.items() if own.get(s, 0) < lvl))
        free = sum(
            max(0.0, capacity.get(person, 0.0) - load_of.get((person, week), 0.0)) for week in weeks
        )
        result.append(Candidate(person, fit, missing, free))
    return sorted(result, key=lambda c: (-c.skill_fit, -c.free_hours, c.person))
