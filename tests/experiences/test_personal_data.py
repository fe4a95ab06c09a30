"""A person's learning records are in their data export, and erasure leaves none behind."""

from __future__ import annotations

import json
from datetime import date

from django.test import Client
from django.urls import reverse

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import Enrolment, StepProgress
from mainspring.org import actions as org_actions
from mainspring.org.models import Engagement, Stakeholder
from mainspring.strategy.models import Observation
from tests.conftest import Cast
from tests.experiences.factories import make_path, make_rule, steps_of
from tests.strategy.factories import make_kpi


def _lea_with_records(cast: Cast) -> Enrolment:
    path = make_path("Depot safety")
    make_rule(path, org_unit=cast.org.depot)
    enrolment = Enrolment.objects.get(person=cast.org.lea, path=path)
    enrolments.record_progress(
        actor=cast.staff, enrolment=enrolment, step=steps_of(path)[0], status="passed", score=91
    )
    kpi = make_kpi("sales", name="Sales", level="person")
    Observation.objects.create(kpi=kpi, person=cast.org.lea, period=date(2026, 1, 1), value=7.5)
    partner = org_actions.create_stakeholder(
        actor=cast.leader,
        data=org_actions.StakeholderData(category="peer", person=cast.org.lea),
    )
    org_actions.log_engagement(actor=cast.leader, stakeholder=partner, on=date(2026, 1, 5))
    return enrolment


def test_the_data_export_holds_enrolments_progress_and_own_kpi_values(cast: Cast) -> None:
    _lea_with_records(cast)
    client = Client()
    client.force_login(cast.learner)  # Lea exports her own data
    data = json.loads(client.get(reverse("org:person-export", args=[cast.org.lea.pk])).content)
    (enrolled,) = data["enrolments"]
    assert enrolled["path"] == "Depot safety"
    assert enrolled["steps"][0]["status"] == "passed"
    assert enrolled["steps"][0]["score"] == 91
    assert data["kpi_values"] == [{"kpi": "sales", "period": "2026-01-01", "value": 7.5}]


def test_erasure_removes_learning_records_partnerships_and_their_history(cast: Cast) -> None:
    # given Lea with an enrolment, progress, a personal KPI value and a partnership
    enrolment = _lea_with_records(cast)
    lea = cast.org.lea
    assert Enrolment.history.filter(person_id=lea.pk).exists()
    assert StepProgress.history.filter(enrolment_id=enrolment.pk).exists()
    # when the leader erases her
    client = Client()
    client.force_login(cast.leader)
    response = client.post(reverse("org:person-erase", args=[lea.pk]), {"confirm_hris_id": "P-LEA"})
    # then nothing about her is left, in the records or in their history
    assert response.status_code == 302
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert not Enrolment.history.filter(person_id=lea.pk).exists()
    assert not StepProgress.history.filter(enrolment_id=enrolment.pk).exists()
    assert not Observation.objects.filter(person_id=lea.pk).exists()
    assert not Stakeholder.objects.exists()
    assert not Stakeholder.history.exists()
    assert not Engagement.history.exists()
