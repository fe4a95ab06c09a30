"""The standard process templates: schedulable, and their critical path makes sense."""

from __future__ import annotations

import dataclasses

import pytest

from mainspring.factory.process import ADDIE, GATES, SAM, TEMPLATES, StandardTask, check
from mainspring.factory.schedule import Task, schedule


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.code)
def test_standard_templates_are_sound(template):
    assert check(template) == []
    gates = {t.gate for t in template.tasks if t.gate}
    assert gates <= set(GATES)
    assert "pilot" in gates
    assert "accessibility" in gates


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.code)
def test_templates_schedule_and_every_phase_has_work(template):
    index = {t.code: i for i, t in enumerate(template.tasks)}
    tasks = [Task(index[t.code], t.days, {index[p]: 0 for p in t.after}) for t in template.tasks]

    result = schedule(tasks)

    assert result.finish > 0
    assert result.critical_path[0] == 0  # the first task starts the project
    assert {t.phase for t in template.tasks} == set(template.phases)


def test_addie_legal_review_runs_beside_the_build_and_has_float():
    index = {t.code: i for i, t in enumerate(ADDIE.tasks)}
    tasks = [Task(index[t.code], t.days, {index[p]: 0 for p in t.after}) for t in ADDIE.tasks]

    result = schedule(tasks)

    assert result.timings[index["legal"]].total_float > 0
    assert result.timings[index["build"]].critical


def test_check_names_unknown_predecessors_and_cycles():
    bad = dataclasses.replace(
        SAM,
        tasks=(
            StandardTask("a", "Draft", "Preparation", 1, 1, after=("b",)),
            StandardTask("b", "Review", "Preparation", 1, 1, after=("a",)),
            StandardTask("c", "Ship", "Nowhere", 1, 1, after=("zzz",), gate="party"),
        ),
    )

    problems = " | ".join(check(bad))

    assert "waits for 'zzz'" in problems
    assert (
        "circle: Draft → Review → Draft" in problems
        or "circle: Review → Draft → Review" in problems
    )
    assert "phase 'Nowhere'" in problems
    assert "unknown review gate 'party'" in problems
