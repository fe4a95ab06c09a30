"""Ways of working through the test client: templates are edited without breaking them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import ProcessTemplate, StandardDocument, TemplateTask
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(task: TemplateTask, **changes: Any) -> dict[str, Any]:
    data = {
        "name": task.name,
        "phase": task.phase,
        "days": task.days,
        "hours": task.hours,
        "skill": task.skill,
        "skill_level": task.skill_level,
        "after": list(task.after),
        "gate": task.gate,
        "checklist": "\n".join(task.checklist),
    }
    if task.milestone:
        data["milestone"] = "on"
    return data | changes


def test_a_change_that_makes_a_cycle_is_refused_naming_the_tasks(cast: Cast) -> None:
    ensure_defaults()
    sam = ProcessTemplate.objects.get(code="sam")
    savvy = sam.tasks.get(code="savvy")
    url = reverse("factory:template-task-edit", args=[savvy.pk])

    # The workshop would wait for the background, which already waits for it.
    response = client_for(cast.staff).post(
        url, _form(savvy, name="Savvy start", after=["background"])
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "wait for each other in a circle" in html
    assert "Savvy start" in html
    assert "Background: audience, KPI, constraints" in html
    assert "Nothing was saved" in html
    savvy.refresh_from_db()
    assert (savvy.name, savvy.after) == ("Savvy start workshop", [])


def test_a_copy_is_edited_and_its_phases_renamed_with_their_tasks(cast: Cast) -> None:
    ensure_defaults()
    addie = ProcessTemplate.objects.get(code="addie")
    client = client_for(cast.leader)

    response = client.post(reverse("factory:template-copy", args=[addie.pk]))

    copy = ProcessTemplate.objects.get(name="Copy of ADDIE")
    assert response["Location"] == reverse("factory:template-detail", args=[copy.pk])
    assert copy.tasks.count() == 11
    assert copy.standards.count() == 4
    phases = "Analyse\nDesign\nBuild\nImplement\nEvaluate"  # Develop renamed in place
    data = {"name": "Our ADDIE", "summary": "", "phases": phases}
    assert client.post(reverse("factory:template-edit", args=[copy.pk]), data).status_code == 302
    assert copy.tasks.filter(phase="Build").count() == 4
    assert addie.tasks.filter(phase="Develop").count() == 4  # the original is untouched
    # Removing a phase that still holds tasks is refused, naming them.
    data["phases"] = "Analyse\nDesign\nImplement\nEvaluate"
    response = client.post(reverse("factory:template-edit", args=[copy.pk]), data)
    assert response.status_code == 400
    assert "Legal review (Build)" in response.content.decode()
    copy.refresh_from_db()
    assert copy.phases == ["Analyse", "Design", "Build", "Implement", "Evaluate"]


def test_removing_a_task_keeps_the_order_of_the_work(cast: Cast) -> None:
    ensure_defaults()
    addie = ProcessTemplate.objects.get(code="addie")
    storyboard = addie.tasks.get(code="storyboard")

    response = client_for(cast.staff).post(
        reverse("factory:template-task-delete", args=[storyboard.pk])
    )

    assert response.status_code == 302
    assert addie.tasks.get(code="build").after == ["sme-design"]
    assert addie.tasks.get(code="legal").after == ["sme-design"]


def test_a_standard_is_added_and_attached_to_a_template(cast: Cast) -> None:
    ensure_defaults()
    sam = ProcessTemplate.objects.get(code="sam")
    client = client_for(cast.staff)
    data = {"title": "Video style sheet", "link": "javascript:alert(1)", "templates": [sam.pk]}

    refused = client.post(reverse("factory:standard-new"), data)
    data["link"] = "https://intranet.example.com/video"
    saved = client.post(reverse("factory:standard-new"), data)

    assert refused.status_code == 400
    assert "Enter a valid URL." in refused.content.decode()
    assert saved.status_code == 302
    document = StandardDocument.objects.get(title="Video style sheet")
    assert list(document.templates.all()) == [sam]
    html = client_for(cast.executive).get(reverse("factory:standards")).content.decode()
    assert 'href="https://intranet.example.com/video"' in html
    assert reverse("factory:standard-new") not in html  # executives read only
