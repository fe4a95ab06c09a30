"""The critical path method against a brute-force longest path, and its progress rules."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.factory.schedule import ScheduleError, Task, WorkCalendar, schedule


@st.composite
def dags(draw: st.DrawFn) -> list[Task]:
    """Random task graphs with parallel branches: edges only from lower to higher ids."""
    n = draw(st.integers(min_value=1, max_value=8))
    tasks = []
    for i in range(n):
        preds = draw(st.sets(st.integers(min_value=0, max_value=i - 1), max_size=3)) if i else set()
        lags = {p: draw(st.integers(min_value=0, max_value=2)) for p in sorted(preds)}
        tasks.append(Task(i, draw(st.integers(min_value=0, max_value=9)), lags))
    return tasks


def all_chains(tasks: list[Task]) -> list[tuple[int, ...]]:
    """Every chain of tasks from one with no predecessor to one with no successor."""
    by_id = {t.id: t for t in tasks}
    has_successor = {p for t in tasks for p in t.after}

    def back(tid: int) -> list[tuple[int, ...]]:
        preds = by_id[tid].after
        if not preds:
            return [(tid,)]
        return [(*chain, tid) for p in preds for chain in back(p)]

    return [c for t in tasks if t.id not in has_successor for c in back(t.id)]


def length(chain: tuple[int, ...], by_id: dict[int, Task]) -> int:
    total = sum(by_id[t].duration for t in chain)
    return total + sum(by_id[b].after[a] for a, b in itertools.pairwise(chain))


@given(dags())
def test_finish_is_the_longest_chain(tasks):
    by_id = {t.id: t for t in tasks}
    longest = max(length(c, by_id) for c in all_chains(tasks))

    assert schedule(tasks).finish == longest


@given(dags())
def test_a_task_is_critical_exactly_when_it_lies_on_a_longest_chain(tasks):
    by_id = {t.id: t for t in tasks}
    chains = all_chains(tasks)
    longest = max(length(c, by_id) for c in chains)
    on_longest = {t for c in chains if length(c, by_id) == longest for t in c}

    result = schedule(tasks)

    assert result.critical_tasks() == on_longest
    assert length(result.critical_path, by_id) == longest
    assert set(result.critical_path) <= on_longest


@given(dags())
def test_float_is_how_far_a_task_can_slip_without_moving_the_finish(tasks):
    result = schedule(tasks)
    for t in tasks:
        slack = result.timings[t.id].total_float
        assert slack >= 0
        slipped = [
            Task(u.id, u.duration + (slack + 1 if u.id == t.id else 0), u.after) for u in tasks
        ]
        later = schedule(slipped).finish
        assert later == result.finish + 1
        if slack:
            same = [Task(u.id, u.duration + (slack if u.id == t.id else 0), u.after) for u in tasks]
            assert schedule(same).finish == result.finish


def test_parallel_branches_the_longer_one_is_critical():
    # 1 → (2: 5 days | 3: 2 days) → 4
    tasks = [Task(1, 3), Task(2, 5, {1: 0}), Task(3, 2, {1: 0}), Task(4, 1, {2: 0, 3: 0})]

    result = schedule(tasks)

    assert result.finish == 9
    assert result.critical_path == (1, 2, 4)
    assert result.timings[3].total_float == 3
    assert result.timings[3].latest_start == 6


def test_a_cycle_is_refused_with_its_tasks_named():
    tasks = [Task(1, 2), Task(2, 2, {1: 0, 4: 0}), Task(3, 1, {2: 0}), Task(4, 1, {3: 0})]

    with pytest.raises(ScheduleError) as error:
        schedule(tasks)

    assert set(error.value.cycle) == {2, 3, 4}
    assert error.value.cycle[0] == error.value.cycle[-1]
    assert "cycle" in str(error.value)


def test_a_negative_duration_is_refused():
    with pytest.raises(ScheduleError):
        schedule([Task(1, -1)])


def test_slippage_a_late_task_moves_the_finish():
    tasks = [Task(1, 5), Task(2, 5, {1: 0})]
    planned = schedule(tasks).finish
    # day 7: task 1 started on day 0 and still has 4 days to go (it should be done)
    late = [Task(1, 5, actual_start=0, remaining=4), Task(2, 5, {1: 0})]

    result = schedule(late, today=7)

    assert planned == 10
    assert result.timings[1].earliest_finish == 11
    assert result.finish == 16


def test_done_tasks_keep_their_actual_days_and_nothing_starts_before_today():
    tasks = [Task(1, 5, actual_start=0, actual_finish=3), Task(2, 5, {1: 0})]

    result = schedule(tasks, today=6)

    assert result.timings[1].earliest_finish == 3
    assert result.timings[2].earliest_start == 6
    assert result.finish == 11


def test_calendar_skips_weekends():
    cal = WorkCalendar(date(2026, 11, 27))  # a Friday

    assert cal.date_of(0) == date(2026, 11, 27)
    assert cal.date_of(1) == date(2026, 11, 30)  # the Monday
    assert cal.date_of(5) == date(2026, 12, 4)
    assert cal.day_of(date(2026, 12, 4)) == 5
    assert cal.day_of(date(2026, 11, 28)) == 1  # a Saturday counts as the next working day


def test_calendar_skips_holidays():
    cal = WorkCalendar(date(2026, 12, 24), frozenset({date(2026, 12, 25)}))

    assert cal.date_of(1) == date(2026, 12, 28)
