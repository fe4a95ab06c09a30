"""Projects start from a template with its tasks and dependencies, baselined; the plan
in dates follows progress, and slippage, overdue gates and cycles are reported."""

from __future__ import annotations

from datetime import date

import pytest

from mainspring.factory import planning
from mainspring.factory.actions import Error
from mainspring.factory.actions.projects import baseline, start_project
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import Dependency, ProcessTemplate, Task, TaskStatus

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture
def addie() -> ProcessTemplate:
    ensure_defaults()
    ensure_defaults()  # a second call adds nothing
    assert ProcessTemplate.objects.count() == 2
    return ProcessTemplate.objects.get(code="addie")


def test_a_project_from_addie_is_baselined_on_working_days(addie: ProcessTemplate) -> None:
    project = start_project(actor=None, title="Load securing", template=addie, start=MONDAY)
    tasks = {t.code: t for t in project.tasks.all()}
    assert len(tasks) == addie.tasks.count() == 11
    assert Dependency.objects.filter(task__project=project).count() == 11
    kickoff, analysis = tasks["kickoff"], tasks["analysis"]
    assert (kickoff.baseline_start, kickoff.baseline_finish) == (MONDAY, MONDAY)
    # Analysis (5 days) waits for the kick-off: Tuesday to the next Monday.
    assert (analysis.baseline_start, analysis.baseline_finish) == (
        date(2026, 3, 3),
        date(2026, 3, 9),
    )
    plan = planning.plan_of(project, today=None)
    # The longest chain: 1+5+5+3+8+10+2+5+3+5 = 47 working days, from day 0 to day 46.
    assert plan.finish == date(2026, 5, 5)
    assert project.baseline_finish == plan.finish
    critical = [t.code for t in plan.critical_path]
    assert critical[0] == "kickoff"
    assert critical[-1] == "evaluate"
    assert "legal" not in critical  # legal (5 days) runs beside build (10) and has float
    legal = next(t for t in plan.tasks if t.task.code == "legal")
    assert legal.total_float == 10 - 5 + 2
    assert not legal.critical
    assert tasks["legal"].checklist[0] == {
        "item": "Claims about safety, law or regulation checked against the source",
        "done": False,
    }


def test_a_late_task_on_the_critical_path_moves_the_finish(addie: ProcessTemplate) -> None:
    project = start_project(actor=None, title="Load securing", template=addie, start=MONDAY)
    Task.objects.filter(project=project, code="kickoff").update(
        status=TaskStatus.DONE, actual_start=MONDAY, actual_finish=MONDAY
    )
    # Analysis began on time but needs 4 more days from 12 March (due 9 March).
    Task.objects.filter(project=project, code="analysis").update(
        status=TaskStatus.DOING, actual_start=date(2026, 3, 3), remaining_days=4
    )
    plan = planning.plan_of(project, today=date(2026, 3, 12))
    analysis = next(t for t in plan.tasks if t.task.code == "analysis")
    assert analysis.finish == date(2026, 3, 17)  # Thu 12 + 4 working days -> Tue 17
    assert analysis.slip_days == 6
    assert plan.slip_days == 6
    assert plan.at_risk
    assert "slipped 6 working days" in plan.reasons()[0]


def test_an_overdue_gate_puts_the_project_at_risk(addie: ProcessTemplate) -> None:
    project = start_project(
        actor=None, title="Load securing", template=addie, start=MONDAY, deadline=date(2026, 9, 1)
    )
    legal = Task.objects.get(project=project, code="legal")
    on_time = planning.plan_of(project, today=MONDAY)
    assert not on_time.at_risk
    assert on_time.finish == project.baseline_finish
    # Everything before legal is done on time; legal itself was never started.
    Task.objects.filter(project=project).exclude(code="legal").filter(
        baseline_finish__lt=legal.baseline_finish
    ).update(status=TaskStatus.DONE)
    late = planning.plan_of(project, today=date(2026, 4, 20))
    gate = next(t for t in late.tasks if t.task.code == "legal")
    assert legal.baseline_finish is not None
    assert gate.finish > legal.baseline_finish
    assert gate.late_gate
    assert late.at_risk
    assert not late.late_for_deadline


def test_a_cycle_is_refused_with_the_tasks_named(addie: ProcessTemplate) -> None:
    project = start_project(actor=None, title="Load securing", template=addie, start=MONDAY)
    kickoff = Task.objects.get(project=project, code="kickoff")
    evaluate = Task.objects.get(project=project, code="evaluate")
    Dependency.objects.create(task=kickoff, waits_for=evaluate)
    plan = planning.plan_of(project, today=None)
    assert plan.error.startswith("These tasks wait for each other: ")
    assert "Kick-off with the sponsor" in plan.error
    assert plan.at_risk
    with pytest.raises(Error, match="wait for each other"):
        baseline(project)


def test_a_project_without_template_has_no_tasks(addie: ProcessTemplate) -> None:
    project = start_project(actor=None, title="Quick fix", template=None, start=MONDAY)
    plan = planning.plan_of(project, today=MONDAY)
    assert plan.tasks == []
    assert plan.finish is None
    assert not plan.at_risk
    with pytest.raises(Error, match="title"):
        start_project(actor=None, title="  ", template=None, start=MONDAY)


def test_an_overdue_gate_is_reported_with_the_date_it_was_promised(addie: ProcessTemplate) -> None:
    project = start_project(actor=None, title="Load securing", template=addie, start=MONDAY)
    legal = Task.objects.get(project=project, code="legal")
    assert legal.baseline_start is not None
    assert legal.baseline_finish is not None
    # Under way since its planned start, with no days left, yet not signed off.
    Task.objects.filter(pk=legal.pk).update(
        status=TaskStatus.DOING, actual_start=legal.baseline_start, remaining_days=0
    )
    plan = planning.plan_of(project, today=date(2026, 5, 4))
    (gate,) = plan.overdue_gates
    assert gate.finish < date(2026, 5, 4)
    assert gate.due == legal.baseline_finish
    assert f"Legal review was due {legal.baseline_finish:%d %b %Y} and is not done." in (
        plan.reasons()
    )
