"""Team load per week from task estimates, over-allocation and who could take a task."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.factory.capacity import (
    Assignment,
    candidates,
    over_allocated,
    weekly_load,
    working_days,
)

MON = date(2026, 11, 23)


def test_a_two_week_task_is_spread_over_its_working_days():
    # Wed 25 Nov to Tue 1 Dec: 3 days in the first week, 2 in the second; 20 h
    loads = weekly_load([Assignment(1, 7, date(2026, 11, 25), date(2026, 12, 1), 20.0)], {7: 30})

    assert [w.week for w in loads] == [MON, date(2026, 11, 30)]
    assert [w.hours for w in loads] == pytest.approx([12.0, 8.0])
    assert loads[0].share == pytest.approx(0.4)


def test_over_allocation_is_found_per_person_and_week():
    work = [
        Assignment(1, 7, MON, date(2026, 11, 27), 30.0),
        Assignment(2, 7, MON, date(2026, 11, 27), 15.0),
        Assignment(3, 8, MON, date(2026, 11, 27), 15.0),
    ]

    over = over_allocated(weekly_load(work, {7: 37.5, 8: 37.5}))

    assert [(w.person, w.week) for w in over] == [(7, MON)]
    assert over[0].over == pytest.approx(7.5)


def test_a_weekend_only_task_is_not_lost():
    loads = weekly_load([Assignment(1, 7, date(2026, 11, 28), date(2026, 11, 29), 4.0)], {7: 30})

    assert sum(w.hours for w in loads) == pytest.approx(4.0)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),
            st.integers(min_value=0, max_value=40),
            st.integers(min_value=0, max_value=20),
            st.floats(min_value=0, max_value=200, allow_nan=False),
        ),
        max_size=10,
    )
)
def test_hours_are_conserved(rows):
    work = [
        Assignment(
            i,
            person,
            date.fromordinal(MON.toordinal() + s),
            date.fromordinal(MON.toordinal() + s + span),
            hours,
        )
        for i, (person, s, span, hours) in enumerate(rows)
    ]

    loads = weekly_load(work, {})

    assert sum(w.hours for w in loads) == pytest.approx(sum(a.hours for a in work))


def test_working_days_skip_weekends():
    assert len(working_days(MON, date(2026, 12, 6))) == 10


def test_candidates_rank_skills_first_then_free_hours():
    levels = {1: {"storyboarding": 4, "video": 2}, 2: {"storyboarding": 2}, 3: {"storyboarding": 5}}
    loads = weekly_load([Assignment(9, 3, MON, date(2026, 11, 27), 35.0)], {3: 37.5})

    ranked = candidates(
        needs={"storyboarding": 3},
        levels=levels,
        weeks=[MON],
        loads=loads,
        capacity={1: 37.5, 2: 37.5, 3: 37.5},
    )

    assert [c.person for c in ranked] == [1, 3, 2]
    assert ranked[1].free_hours == pytest.approx(2.5)
    assert ranked[2].missing == ("storyboarding",)
    assert ranked[2].skill_fit == pytest.approx(2 / 3)
