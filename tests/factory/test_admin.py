"""The back office lists and opens the factory's records for the learning leader."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.factory.actions.projects import start_project
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import ProcessTemplate
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

MODELS = (
    "budgetline",
    "costentry",
    "loadedrate",
    "vendor",
    "teammember",
    "competency",
    "standarddocument",
    "processtemplate",
    "project",
    "request",
)


def test_leader_opens_every_factory_list_and_a_project(cast: Cast) -> None:
    ensure_defaults()
    project = start_project(
        actor=cast.leader,
        title="Load securing",
        template=ProcessTemplate.objects.get(code="addie"),
        start=date(2026, 3, 2),
    )
    client = Client()
    client.force_login(cast.leader)
    for model in MODELS:
        response = client.get(reverse(f"admin:factory_{model}_changelist"))
        assert response.status_code == 200, model
    page = client.get(reverse("admin:factory_project_change", args=[project.pk]))
    assert page.status_code == 200
    assert "Performance analysis: gap, audience, KPI" in page.content.decode()
    client.force_login(cast.staff)
    assert client.get(reverse("admin:factory_project_changelist")).status_code == 302
