"""Projects through the test client: started from a template, drawn, changed with reasons."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mainspring.factory.actions import projects as actions
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import (
    ChangeKind,
    Dependency,
    ProcessTemplate,
    Project,
    ProjectChange,
    Task,
    TaskStatus,
)
from mainspring.strategy import actions as strategy_actions
from mainspring.strategy.models import Initiative, Milestone
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _task(project: Project, name: str, days: int, *after: Task) -> Task:
    return actions.save_task(
        actor=None,
        project=project,
        task=None,
        name=name,
        duration_days=days,
        estimate_hours=Decimal(days * 6),
        waits_for=[(t, 0) for t in after],
    )


def _branches(title: str = "Forklift refresher") -> tuple[Project, dict[str, Task]]:
    """Two branches after the kick-off: the long one (script) is critical, the short not."""
    project = actions.start_project(actor=None, title=title, template=None, start=MONDAY)
    kickoff = _task(project, "Kick-off", 1)
    script = _task(project, "Write the script", 8, kickoff)
    photos = _task(project, "Take the photos", 2, kickoff)
    launch = _task(project, "Launch", 1, script, photos)
    actions.baseline(project)
    return project, {"kickoff": kickoff, "script": script, "photos": photos, "launch": launch}


def _task_form(task: Task, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": task.name,
        "phase": task.phase,
        "estimate_hours": task.estimate_hours,
        "duration_days": task.duration_days,
        "skill": "",
        "skill_level": 3,
        "gate": "",
        "checklist": "",
    }
    for d in task.dependencies.all():
        data[f"after_{d.waits_for_id}"] = "on"
        data[f"lag_{d.waits_for_id}"] = d.lag
    return data | changes


def test_a_project_is_started_from_sam_through_the_form(cast: Cast) -> None:
    ensure_defaults()
    sam = ProcessTemplate.objects.get(code="sam")
    client = client_for(cast.staff)
    data = {
        "title": "Consultative selling",
        "template": sam.pk,
        "sponsor": "Nobody Known",
        "start": "2026-03-02",
        "deadline": "2026-06-30",
        "budget": "25000",
    }

    refused = client.post(reverse("factory:project-new"), data)
    data["sponsor"] = "olivia ops"  # a full name, letter case aside
    response = client.post(reverse("factory:project-new"), data)

    assert refused.status_code == 400
    assert "No one in the organisation answers to" in refused.content.decode()
    project = Project.objects.get()
    assert response["Location"] == reverse("factory:project-detail", args=[project.pk])
    assert project.sponsor == cast.org.olivia
    assert project.template == sam
    assert project.tasks.count() == 10
    assert project.budget == Decimal(25000)
    assert project.baseline_finish is not None
    assert project.tasks.get(code="beta").dependencies.count() == 2


def test_the_gantt_chart_marks_the_critical_tasks_only(cast: Cast) -> None:
    project, tasks = _branches()

    with time_machine.travel(date(2026, 2, 20), tick=False):
        response = client_for(cast.executive).get(
            reverse("factory:project-detail", args=[project.pk])
        )

    html = response.content.decode()
    assert response.status_code == 200
    groups = dict(re.findall(r'<g id="gantt-task-(\d+)" class="gantt-task([^"]*)">', html))
    critical = {pk for pk, css in groups.items() if "gantt-critical" in css}
    assert critical == {str(tasks[k].pk) for k in ("kickoff", "script", "launch")}
    assert str(tasks["photos"].pk) in groups  # drawn, but not critical
    for pk in groups:
        label = re.search(rf'id="gantt-task-{pk}".*?<text [^>]*>(.*?)</text>', html, re.DOTALL)
        assert label is not None
        assert ("★" in label.group(1)) == (pk in critical)
    assert "Take the photos: 3 Mar to 4 Mar 2026; 6 working days of float" in html
    assert "★ Critical task" in html  # the legend
    assert reverse("factory:project-edit", args=[project.pk]) not in html  # read only


def test_a_late_task_moves_the_forecast_finish_and_the_slip_shows(cast: Cast) -> None:
    project, tasks = _branches()
    assert project.baseline_finish == date(2026, 3, 13)
    client = client_for(cast.staff)
    url = reverse("factory:task-progress", args=[tasks["kickoff"].pk])

    with time_machine.travel(date(2026, 3, 4), tick=False):
        # A day's task, started on Monday, needs three more days from Wednesday.
        client.post(url, {"status": "doing", "actual_start": "2026-03-02", "remaining_days": 3})
        html = client.get(reverse("factory:project-detail", args=[project.pk])).content.decode()
        listed = client.get(reverse("factory:project-list")).content.decode()

    assert Task.objects.get(pk=tasks["kickoff"].pk).status == TaskStatus.DOING
    assert "The critical path has slipped 4 working days: it now finishes 19 Mar 2026." in html
    assert "+4 d" in html  # the launch's own slip in the task table
    assert "+4 days" in listed
    assert "table-warning" in listed


def test_a_deadline_change_needs_a_reason_and_is_logged(cast: Cast) -> None:
    project, _ = _branches()
    client = client_for(cast.leader)
    url = reverse("factory:project-edit", args=[project.pk])
    data = {"title": project.title, "start": "2026-03-02", "status": "planned"}

    refused = client.post(url, data | {"deadline": "2026-03-31"})
    saved = client.post(url, data | {"deadline": "2026-03-31", "reason": "The launch moved."})

    assert refused.status_code == 400
    assert "Say why the deadline changed" in refused.content.decode()
    assert saved.status_code == 302
    change = ProjectChange.objects.get()
    assert (change.kind, change.before, change.after) == (
        ChangeKind.DEADLINE,
        "none",
        "31 Mar 2026",
    )
    assert change.reason == "The launch moved."
    assert change.actor == cast.leader
    detail = client.get(reverse("factory:project-detail", args=[project.pk])).content.decode()
    assert "The launch moved." in detail


def test_a_dependency_cycle_from_the_task_form_is_refused_and_nothing_saved(cast: Cast) -> None:
    _project, tasks = _branches()
    kickoff, launch = tasks["kickoff"], tasks["launch"]
    url = reverse("factory:task-edit", args=[kickoff.pk])

    response = client_for(cast.staff).post(
        url, _task_form(kickoff, name="Kick-off meeting", **{f"after_{launch.pk}": "on"})
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "These tasks wait for each other:" in html
    assert "Kick-off meeting" in html
    assert "Launch" in html
    assert "Nothing was saved" in html
    kickoff.refresh_from_db()
    assert kickoff.name == "Kick-off"
    assert not Dependency.objects.filter(task=kickoff).exists()


@time_machine.travel(date(2026, 2, 20), tick=False)
def test_milestones_feed_the_strategy_initiative(cast: Cast) -> None:
    ensure_defaults()
    initiative = strategy_actions.save_initiative(
        actor=None, initiative=Initiative(title="Safer depots")
    )
    addie = ProcessTemplate.objects.get(code="addie")
    project = actions.start_project(
        actor=None, title="Load securing", template=addie, start=MONDAY, initiative=initiative
    )
    pilot = project.tasks.get(code="pilot")
    milestones = {m.title: m for m in Milestone.objects.filter(initiative=initiative)}
    assert set(milestones) == {
        "Load securing: Pilot with a small group",
        "Load securing: Evaluate: levels 1-3 and the impact study",
    }
    assert milestones["Load securing: Pilot with a small group"].due_date == pilot.baseline_finish

    # The pilot is no longer a milestone: its milestone goes; the other follows the project.
    client = client_for(cast.staff)
    form = _task_form(pilot) | {"gate": "pilot", "checklist": "Level-1 survey sent"}
    assert client.post(reverse("factory:task-edit", args=[pilot.pk]), form).status_code == 302
    remaining = Milestone.objects.get(initiative=initiative)
    assert remaining.title == "Load securing: Evaluate: levels 1-3 and the impact study"
    assert remaining.factory_task == project.tasks.get(code="evaluate")
    html = client.get(reverse("strategy:initiative-detail", args=[initiative.pk])).content.decode()
    assert "Load securing: Evaluate" in html


def test_the_project_list_does_a_fixed_number_of_queries(cast: Cast) -> None:
    client = client_for(cast.leader)
    url = reverse("factory:project-list")
    _branches("One")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for title in ("Two", "Three", "Four"):
        _branches(title)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Four" in html
    assert len(many.captured_queries) == len(few.captured_queries)
