"""The learning manager's board, on small hand-made data (the demo's board is in test_seed)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mainspring.factory.actions import costs
from mainspring.factory.actions.projects import start_project
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import (
    CostCategory,
    ProcessTemplate,
    Project,
    ProjectStatus,
    Request,
    Task,
    TaskStatus,
    TeamMember,
    TeamRole,
    Vendor,
)
from tests.conftest import Cast
from tests.factory.factories import book, make_program

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 2)  # the project's day 0


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _request(cast: Cast, title: str, on: date) -> Request:
    return Request.objects.create(
        title=title,
        problem="Errors are up.",
        audience="Pickers",
        audience_size=40,
        unit=cast.org.depot,
        requester=cast.stakeholder,
        submitted_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC),
    )


def _slipping_project(member: TeamMember, vendor: Vendor) -> Project:
    """ADDIE from 2 Nov: on 25 Nov (day 17) the storyboard runs 5 days over its baseline
    (so does the project), the SME review is overdue and the vendor's design document is
    past its baseline."""
    ensure_defaults()
    project = start_project(
        actor=None,
        title="Forklift refresher",
        template=ProcessTemplate.objects.get(code="addie"),
        start=MONDAY,
        deadline=date(2026, 12, 4),
    )
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.ACTIVE)
    tasks = {t.code: t for t in project.tasks.all()}
    for code in ("kickoff", "analysis"):
        t = tasks[code]
        t.status, t.actual_start, t.actual_finish = (
            TaskStatus.DONE,
            t.baseline_start,
            t.baseline_finish,
        )
    progress = {
        "design-doc": (None, vendor, 3),  # due 16 Nov, still under way
        "sme-design": (member, None, None),  # due 19 Nov: overdue, nobody knows when
        "storyboard": (member, None, 10),  # baseline to 1 Dec, now to 8 Dec
    }
    for code, (owner, by, left) in progress.items():
        t = tasks[code]
        t.owner, t.vendor, t.status = owner, by, TaskStatus.DOING
        t.actual_start, t.remaining_days = t.baseline_start, left
    Task.objects.bulk_update(
        tasks.values(),
        ["owner", "vendor", "status", "actual_start", "actual_finish", "remaining_days"],
    )
    return project


@time_machine.travel(NOW, tick=False)
def test_empty_board_says_what_to_do_in_every_panel(cast: Cast) -> None:
    response = client_for(cast.staff).get(reverse("factory:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "No request is waiting for triage." in html
    assert "No planned or active project yet." in html
    assert "No team members yet." in html
    assert "No budget and no costs for 2026 yet." in html


def test_stakeholders_are_sent_to_their_requests_and_learners_refused(cast: Cast) -> None:
    response = client_for(cast.stakeholder).get(reverse("factory:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("factory:request-list")
    assert client_for(cast.learner).get(reverse("factory:index")).status_code == 403
    assert client_for(cast.executive).get(reverse("factory:index")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_board_shows_what_needs_attention_with_links_to_it(cast: Cast) -> None:
    # given
    old = _request(cast, "Scanner refresher", date(2026, 10, 28))
    _request(cast, "Manual handling", date(2026, 11, 23))
    member = TeamMember.objects.create(
        person=cast.org.sam, role=TeamRole.DESIGNER, weekly_capacity=Decimal(10)
    )
    vendor = Vendor.objects.create(name="BrightLane Studio", services="E-learning")
    project = _slipping_project(member, vendor)
    sales, _ = make_program("Sales Academy", [60])
    costs.save_budget_line(
        actor=None, year=2026, program=sales, category=CostCategory.DELIVERY, amount=Decimal(1200)
    )
    book(date(2026, 3, 2), CostCategory.DELIVERY, "1500", sales)
    # when
    html = client_for(cast.staff).get(reverse("factory:index")).content.decode()
    # then: intake, the oldest first with its age
    assert "2</span> requests waiting for triage" in html
    assert html.index("Scanner refresher") < html.index("Manual handling")
    assert "28 days: a long wait" in html
    assert reverse("factory:request-detail", args=[old.pk]) in html
    # the project, why it is at risk, and a link to it
    assert reverse("factory:project-detail", args=[project.pk]) in html
    assert "Slipped 5 working days: now finishes 12 Jan 2027 instead of 05 Jan 2027." in html
    assert "Finishes after its deadline of 04 Dec 2026." in html
    assert "SME review of the design is overdue: due 19 Nov 2026, not done." in html
    assert "BrightLane Studio is late with Design document" in html
    # the member over their hours, linked to their page
    assert "Sam Sales" in html
    assert reverse("factory:member-detail", args=[member.pk]) in html
    assert "against 10 h" in html
    # the budget line over its plan, linked to its program's costs
    assert "Delivery (facilitators, materials, facilities, travel) over by" in html
    assert "1,500 actual against 1,100 planned to date" in html
    assert reverse("factory:program-costs", args=[sales.pk]) in html


@time_machine.travel(NOW, tick=False)
def test_board_queries_do_not_grow_with_projects_and_requests(cast: Cast) -> None:
    member = TeamMember.objects.create(
        person=cast.org.sam, role=TeamRole.DESIGNER, weekly_capacity=Decimal(10)
    )
    vendor = Vendor.objects.create(name="BrightLane Studio", services="E-learning")
    _slipping_project(member, vendor)
    _request(cast, "Scanner refresher", date(2026, 10, 28))
    client = client_for(cast.staff)
    url = reverse("factory:index")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        _slipping_project(member, vendor)
        _request(cast, f"Request {n}", date(2026, 11, 1 + n))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) <= 20
