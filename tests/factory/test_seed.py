"""The factory's part of the demo: rates, budgets and costs, and the year of work.

The year of work (``factory_work``): the team, vendors, requests and projects, and the
board that shows their story.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import factory
from mainspring.experiences.models import Program
from mainspring.factory import ledger
from mainspring.factory.models import (
    BudgetLine,
    ChangeKind,
    Competency,
    CompetencyRating,
    CostCategory,
    CostEntry,
    DevelopmentAction,
    DevelopmentStatus,
    Diagnosis,
    Gate,
    LoadedRate,
    PriorityChange,
    PriorityWeights,
    Project,
    ProjectChange,
    ProjectStatus,
    Request,
    RequestStatus,
    Task,
    TaskStatus,
    TeamMember,
    TeamRole,
    Vendor,
    VendorRating,
)
from mainspring.factory.queries.team import live_plans, team_load
from mainspring.org.models import User
from mainspring.strategy.models import Milestone

TODAY = date(2026, 11, 1)
PEOPLE = 300


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    kept: dict[str, Any] = {}
    contexts: list[SeedContext] = []
    original = factory.seed

    def keep(ctx: SeedContext) -> None:
        original(ctx)
        contexts.append(ctx)

    at = seed_module.SEEDERS.index(original)
    seed_module.SEEDERS[at] = keep
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            seed_demo(PEOPLE, 42, today=TODAY)
            kept.update(contexts[0].registry)  # every seeder's, the later ones' too
            yield kept
            transaction.set_rollback(True)
    finally:
        seed_module.SEEDERS[at] = original


@pytest.fixture
def registry(seeded: dict[str, Any], db: None) -> dict[str, Any]:
    return seeded


def test_demo_rates_stand_in_for_pay_bands(registry: dict[str, Any]) -> None:
    rates = dict(
        LoadedRate.objects.filter(is_default=False).values_list("job_role__name", "hourly_rate")
    )
    assert rates["Driver"] == Decimal(28)
    assert rates["Picker"] == Decimal(26)
    assert rates["Account Executive"] == Decimal(45)
    assert LoadedRate.objects.get(is_default=True).hourly_rate == Decimal(38)


def test_demo_costs_run_month_by_month_before_today(registry: dict[str, Any]) -> None:
    dates = list(CostEntry.objects.values_list("date", flat=True))
    assert max(dates) < TODAY
    months = {(d.year, d.month) for d in dates}
    assert len(months) >= 24
    assert CostEntry.objects.filter(program__isnull=True, category="overhead").exists()
    assert CostEntry.objects.filter(program__isnull=True, category="needs_assessment").exists()
    years = set(BudgetLine.objects.values_list("year", flat=True))
    assert years == {TODAY.year - 1, TODAY.year}


def test_demo_budget_has_the_one_planted_overrun(registry: dict[str, Any]) -> None:
    grid = ledger.budget_grid(TODAY.year, today=TODAY - timedelta(days=1))
    overruns = [
        (row.title, category)
        for row in grid.rows
        for (category, _label), cell in zip(grid.categories, row.cells, strict=True)
        if cell.overrun
    ]
    assert overruns == [("Sales Academy", CostCategory.DELIVERY)]
    last_year = ledger.budget_grid(TODAY.year - 1, today=TODAY)
    assert not [row for row in last_year.rows if row.total.overrun]
    assert registry["factory"]["overrun"] == ("sales_academy", "delivery", TODAY.year)


def test_demo_costs_rank_as_the_roi_story_needs(registry: dict[str, Any]) -> None:
    costs = {k: Decimal(v) for k, v in registry["factory"]["program_costs"].items()}
    # Safe Driver reaches the most people and costs the most; compliance costs real money
    assert costs["safe_driver"] == max(costs.values())
    assert costs["compliance"] > 0
    assert costs["sales_academy"] > costs["warehouse_quality"]


# --- the year of work (seeders.factory_work) ------------------------------------------------


def test_demo_team_is_rated_on_every_competency_with_one_action_overdue(
    registry: dict[str, Any],
) -> None:
    members = list(TeamMember.objects.select_related("manager"))
    assert 8 <= len(members) <= 12
    assert len({m.role for m in members}) >= 6
    assert any(m.weekly_capacity < 20 for m in members)  # some part-time
    head = [m for m in members if m.role == TeamRole.LEADER]
    manager = [m for m in members if m.role == TeamRole.MANAGER]
    assert len(head) == len(manager) == 1
    assert manager[0].manager == head[0]
    assert {m.manager for m in members if m.role not in (TeamRole.LEADER, TeamRole.MANAGER)} == {
        manager[0]
    }
    ratings = CompetencyRating.objects.all()
    assert ratings.count() == len(members) * Competency.objects.count()
    assert not ratings.filter(
        Q(self_level__isnull=True) | Q(manager_level__isnull=True) | Q(target_level__isnull=True)
    ).exists()
    overdue = DevelopmentAction.objects.filter(
        due__lt=TODAY, status__in=[DevelopmentStatus.PLANNED, DevelopmentStatus.UNDER_WAY]
    )
    assert overdue.count() == 1


def test_demo_has_one_designer_over_allocated_in_the_coming_weeks(
    registry: dict[str, Any],
) -> None:
    over = team_load(TODAY, weeks=4).over_allocated
    assert [m.member.pk for m in over] == [registry["factory_work"]["over_allocated_member"]]
    assert over[0].member.role == TeamRole.DESIGNER
    assert str(over[0].member) == registry["factory_work"]["over_allocated"]
    assert max(w.hours - w.capacity for w in over[0].over_weeks) > 10
    # nobody else is over their hours in the next eight weeks either
    assert len(team_load(TODAY, weeks=8).over_allocated) == 1


def test_demo_projects_run_in_every_phase_with_the_planted_trouble(
    registry: dict[str, Any],
) -> None:
    work = registry["factory_work"]
    assert 8 <= Project.objects.count() <= 10
    assert set(Project.objects.values_list("status", flat=True)) >= {
        ProjectStatus.DONE,
        ProjectStatus.ACTIVE,
        ProjectStatus.PLANNED,
        ProjectStatus.ON_HOLD,
    }
    assert not Project.objects.filter(program__isnull=True, requests__isnull=True).exists()
    plans = {p.project.title: p for p in live_plans(TODAY)}
    # the slipping critical path: 1-3 weeks
    slipping = plans[work["slipping_project"]]
    assert 5 <= slipping.slip_days <= 15
    # its milestones feed the strategy's implementation plan
    assert Milestone.objects.filter(factory_task__project=slipping.project).count() >= 2
    # ... and the late vendor's project slips behind it; the others are on plan
    assert {t for t, p in plans.items() if p.slip_days > 0} == {
        work["slipping_project"],
        work["late_vendor"]["project"],
    }
    # the overdue legal review
    gates = plans[work["overdue_review"]["project"]].overdue_gates
    assert [(g.task.gate, g.task.name) for g in gates] == [
        (Gate.LEGAL, work["overdue_review"]["task"])
    ]
    # the one late vendor: its task past its baseline finish and not done
    late = Task.objects.filter(
        vendor__isnull=False, baseline_finish__lt=TODAY, project__status=ProjectStatus.ACTIVE
    ).exclude(status=TaskStatus.DONE)
    assert [(t.vendor.name, t.project.title, t.name) for t in late] == [
        (work["late_vendor"]["vendor"], work["late_vendor"]["project"], work["late_vendor"]["task"])
    ]
    # a sponsor who changed their mind, with reasons in the change log
    changes = ProjectChange.objects.all()
    assert {c.kind for c in changes} >= {ChangeKind.SPONSOR, ChangeKind.SCOPE, ChangeKind.DEADLINE}
    assert all(c.reason and c.at.date() < TODAY for c in changes)
    assert Vendor.objects.count() >= 4
    assert Vendor.objects.filter(contract_end__range=(TODAY, TODAY + timedelta(days=90))).exists()
    assert VendorRating.objects.count() >= 4


def test_demo_requests_pass_through_every_status_with_their_events(
    registry: dict[str, Any],
) -> None:
    requests = list(Request.objects.prefetch_related("events"))
    assert 35 <= len(requests) <= 45
    assert {r.status for r in requests} == set(RequestStatus.values)
    assert {r.unit.code for r in requests if r.unit} == {"OPS", "WH", "SALES", "CS", "HR"}
    for r in requests:
        events = list(r.events.all())
        assert events[0].status == RequestStatus.SUBMITTED
        assert events[-1].status == r.status
        assert all(e.at.date() < TODAY for e in events)
        if r.status not in (RequestStatus.SUBMITTED, RequestStatus.IN_TRIAGE):
            assert r.decision_reason == events[-1].message
        if r.status != RequestStatus.SUBMITTED:
            assert r.rating_alignment is not None
    tools = [r for r in requests if r.diagnosis == Diagnosis.TOOLS]
    assert [r.status for r in tools] == [RequestStatus.DECLINED]
    assert "scanners" in tools[0].decision_reason
    oldest = min(
        (r for r in requests if r.status == RequestStatus.SUBMITTED), key=lambda r: r.submitted_at
    )
    assert oldest.title == registry["factory_work"]["oldest_waiting"]
    assert (TODAY - oldest.submitted_at.date()).days > 21
    assert PriorityWeights.objects.count() == 2
    assert PriorityChange.objects.count() >= 2


@time_machine.travel(datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC), tick=False)
def test_demo_board_shows_the_story_the_data_tells(registry: dict[str, Any]) -> None:
    work = registry["factory_work"]
    client = Client()
    client.force_login(User.objects.get(username="staff"))
    response = client.get(reverse("factory:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert work["oldest_waiting"] in html
    member = reverse("factory:member-detail", args=[work["over_allocated_member"]])
    assert f"{member}?week=" in html
    assert work["over_allocated"] in html
    slipping = Project.objects.get(title=work["slipping_project"])
    assert reverse("factory:project-detail", args=[slipping.pk]) in html
    assert escape(slipping.title) in html
    assert "Legal review is overdue" in html
    assert f"{work['late_vendor']['vendor']} is late with {work['late_vendor']['task']}" in html
    sales = Program.objects.get(title="Sales Academy")
    assert reverse("factory:program-costs", args=[sales.pk]) in html
    assert "Delivery (facilitators, materials, facilities, travel) over by" in html
