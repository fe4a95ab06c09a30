"""The vendors register through the test client: validation, late work, ratings."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from mainspring.factory.actions import Error
from mainspring.factory.actions import projects as project_actions
from mainspring.factory.actions import vendors as actions
from mainspring.factory.models import Project, TaskStatus, Vendor, VendorRating
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 12, 1)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response: Any) -> str:
    """The page as a reader sees it: tags stripped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def vendor(name: str = "Pixel Works", **fields: Any) -> Vendor:
    details = actions.VendorDetails(name=name, services="Custom e-learning", **fields)
    return actions.create_vendor(actor=None, details=details)


def project_with_vendor_task(supplier: Vendor, title: str = "Forklift safety") -> Project:
    """Scripting (5 days, in house) then Build (5 days, by ``supplier``), baselined."""
    project = project_actions.start_project(actor=None, title=title, template=None, start=MONDAY)
    script = project_actions.save_task(
        actor=None, project=project, task=None, name="Script", duration_days=5
    )
    project_actions.save_task(
        actor=None,
        project=project,
        task=None,
        name="Build",
        duration_days=5,
        vendor=supplier,
        waits_for=[(script, 0)],
    )
    project_actions.baseline(project)
    return project


def test_vendor_with_a_renewal_before_its_start_is_refused(cast: Cast) -> None:
    data = {
        "name": "Pixel Works",
        "services": "Custom e-learning",
        "contract_start": "2026-01-01",
        "contract_end": "2025-12-31",
        "rate": "650",
        "rate_unit": "day",
        "active": "on",
    }
    client = client_for(cast.staff)

    response = client.post(reverse("factory:vendor-new"), data)
    assert response.status_code == 400
    assert "The renewal date comes before the contract's start." in text_of(response)
    assert not Vendor.objects.exists()

    response = client.post(reverse("factory:vendor-new"), {**data, "contract_end": "2026-12-31"})
    created = Vendor.objects.get()
    assert response["Location"] == reverse("factory:vendor-detail", args=[created.pk])
    assert (
        client.post(reverse("factory:vendor-new"), data | {"name": "pixel works"}).status_code
        == 400
    )


def test_register_flags_a_vendor_whose_task_slips_and_a_contract_due_for_renewal(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    # given: Build waits for Script, which is running two days longer than planned
    supplier = vendor(contract_end=date(2026, 1, 30))
    vendor("Steady Media")
    project = project_with_vendor_task(supplier)
    script = project.tasks.get(name="Script")
    project_actions.record_progress(
        actor=None,
        task=script,
        status=TaskStatus.DOING,
        today=date(2025, 12, 5),
        actual_start=MONDAY,
        remaining_days=3,
    )
    client = client_for(cast.executive)
    # when
    with time_machine.travel(datetime(2025, 12, 5, 10, tzinfo=UTC), tick=False):
        with django_assert_max_num_queries(10):
            register = client.get(reverse("factory:vendor-list"))
        detail = client.get(reverse("factory:vendor-detail", args=[supplier.pk]))
    # then
    row = text_of(register).split("Pixel Works", 1)[1].split("Steady Media", 1)[0]
    assert "Renews in 56 days" in row
    assert "1 late" in row
    assert "Late: 2 working days behind the baseline" in text_of(detail)
    assert "Build" in text_of(detail)


def test_a_vendor_is_rated_once_per_project(cast: Cast) -> None:
    supplier = vendor()
    project = project_with_vendor_task(supplier)
    other = project_actions.start_project(actor=None, title="Other", template=None, start=MONDAY)
    url = reverse("factory:vendor-rate", args=[supplier.pk])
    client = client_for(cast.leader)
    scores = {"project": project.pk, "quality": "4", "timeliness": "2", "value": "3"}

    assert client.post(url, scores).status_code == 302
    again = client.post(url, scores | {"quality": "5"})
    assert again.status_code == 400
    rating = VendorRating.objects.get()
    assert (rating.quality, rating.timeliness, rating.value) == (4, 2, 3)
    # a project it had no tasks on cannot be chosen, and the action says why
    assert client.post(url, scores | {"project": other.pk}).status_code == 400
    with pytest.raises(Error, match="had no tasks on Other"):
        actions.rate_vendor(
            actor=None, vendor=supplier, project=other, quality=3, timeliness=3, value=3, on=MONDAY
        )
    with pytest.raises(Error, match="rated on Forklift safety already"):
        actions.rate_vendor(
            actor=None,
            vendor=supplier,
            project=project,
            quality=3,
            timeliness=3,
            value=3,
            on=MONDAY,
        )
    # the one rating is edited instead
    edit = reverse("factory:vendor-rating-edit", args=[rating.pk])
    client.post(edit, {"quality": "5", "timeliness": "4", "value": "4", "comment": "Better"})
    rating.refresh_from_db()
    assert (rating.quality, rating.comment) == (5, "Better")
    page = text_of(client.get(reverse("factory:vendor-detail", args=[supplier.pk])))
    assert "Quality 5.0, timeliness 4.0, value for money 4.0 (of 5, over 1 project)" in page


def test_deactivated_vendor_leaves_the_active_register(cast: Cast) -> None:
    supplier = vendor()
    client = client_for(cast.staff)
    client.post(reverse("factory:vendor-active", args=[supplier.pk]), {"active": "0"}, follow=True)
    active = text_of(client.get(reverse("factory:vendor-list")))
    assert "Pixel Works" not in active
    assert "No active vendors" in active
    inactive = client.get(reverse("factory:vendor-list") + "?status=inactive")
    assert "Pixel Works Inactive" in text_of(inactive)
