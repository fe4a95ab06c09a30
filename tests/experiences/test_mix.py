from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.experiences import mix
from mainspring.experiences.mix import StepFacts


def _step(
    method="Classroom",
    category="formal",
    *,
    focus="knowledge",
    minutes=60,
    objectives=("Explain the rule",),
    required=True,
    title="Step",
):
    return StepFacts(title, method, category, focus, minutes, tuple(objectives), required)


def test_mix_adds_minutes_by_method_category_and_focus():
    steps = [
        _step(minutes=60),
        _step("Coaching", "social", focus="skill", minutes=30),
        _step("Practice on the job", "experiential", focus="skill", minutes=90, required=False),
    ]
    result = mix.compute_mix(steps)
    assert result.total_minutes == 180
    assert result.required_minutes == 90
    assert [(s.label, s.minutes) for s in result.by_method] == [
        ("Practice on the job", 90),
        ("Classroom", 60),
        ("Coaching", 30),
    ]
    assert {s.key: s.percent for s in result.by_category} == {
        "experiential": 50.0,
        "social": 16.7,
        "formal": 33.3,
    }
    assert {s.key: s.minutes for s in result.by_focus} == {
        "knowledge": 60,
        "skill": 120,
        "motivation": 0,
    }


def test_an_empty_path_has_no_time_and_no_warnings():
    result = mix.compute_mix([])
    assert result.total_minutes == 0
    assert all(s.percent == 0 for s in result.by_category)
    assert mix.warnings([]) == []


@given(
    st.lists(
        st.tuples(st.sampled_from(["formal", "social", "experiential"]), st.integers(1, 600)),
        min_size=1,
    )
)
def test_category_minutes_always_add_up_to_the_total(rows):
    steps = [_step(category=c, minutes=m) for c, m in rows]
    result = mix.compute_mix(steps)
    assert sum(s.minutes for s in result.by_category) == result.total_minutes
    assert sum(s.minutes for s in result.by_method) == result.total_minutes
    assert abs(sum(s.percent for s in result.by_category) - 100) < 0.2


def test_all_formal_and_all_one_method_are_warned():
    codes = [w.code for w in mix.warnings([_step(), _step()])]
    assert codes == ["all-formal", "one-method"]


def test_a_blended_path_gets_no_warning():
    steps = [_step(), _step("Coaching", "social", objectives=["Give feedback using SBI"])]
    assert mix.warnings(steps) == []


def test_steps_without_objectives_are_named():
    steps = [_step(), _step("Coaching", "social", objectives=(), title="Shadow a driver")]
    [warning] = mix.warnings(steps)
    assert warning.code == "no-objectives"
    assert "Shadow a driver" in warning.message


@pytest.mark.parametrize(
    "objective",
    [
        "Understand the safety rules",
        "Know the forklift controls",
        "Learn about our values",
        "Be able to understand X",
        "The rules of the road",
    ],
)
def test_objectives_that_cannot_be_observed_are_warned(objective):
    assert mix.objective_problem(objective) is not None


@pytest.mark.parametrize(
    "objective",
    [
        "Identify the three hazards",
        "explain the escalation route",
        "Be able to secure a load",
        "- Demonstrate a handover",
    ],
)
def test_objectives_with_an_action_verb_pass(objective):
    assert mix.objective_problem(objective) is None


def test_vague_objective_warning_names_step_and_objective():
    steps = [_step(objectives=["Understand safety"], title="Safety"), _step("Coaching", "social")]
    [warning] = mix.warnings(steps)
    assert warning.code == "vague-objective"
    assert "Safety" in warning.message
    assert "understand" in warning.message


def test_minutes_read_as_people_say_them():
    assert [mix.format_minutes(m) for m in (45, 60, 90)] == ["45 min", "1 h", "1 h 30 min"]


def test_shares_chart_has_a_bar_per_share_with_its_percentage():
    svg = mix.shares_svg(
        mix.compute_mix([_step(), _step("Coaching", "social")]).by_method, title="By method"
    )
    assert svg.count("<g>") == 2
    assert "50%" in svg


def test_a_step_listed_before_its_prerequisite_is_warned():
    steps = [
        StepFacts(
            "Practice", "On the job", "experiential", "skill", 60, ("Apply it",), True, 1, (2,)
        ),
        StepFacts("Basics", "E-learning", "formal", "knowledge", 30, ("Explain it",), True, 2),
    ]
    [warning] = mix.warnings(steps)
    assert warning.code == "out-of-order"
    assert "“Practice” is listed before “Basics”" in warning.message


def test_a_step_due_before_its_prerequisite_is_warned():
    steps = [
        StepFacts(
            "Basics", "E-learning", "formal", "knowledge", 30, ("Explain it",), True, 2, (), 10
        ),
        StepFacts(
            "Practice", "On the job", "experiential", "skill", 60, ("Apply it",), True, 1, (2,), 5
        ),
    ]
    [warning] = mix.warnings(steps)
    assert warning.code == "due-too-early"
    assert "day 5" in warning.message
