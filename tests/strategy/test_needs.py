from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.demo.seed import SeedContext
from mainspring.demo.seeders import org, strategy
from mainspring.org.models import JobRole, User
from mainspring.strategy import actions
from mainspring.strategy.models import BusinessGoal, GapType, LearningNeed
from tests.conftest import Cast
from tests.strategy.factories import make_kpi


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def goal(db: None) -> BusinessGoal:
    return actions.create_goal(actor=None, title="Cut safety incidents", driver="pain")


def test_leader_creates_a_need_through_the_form(cast: Cast, goal: BusinessGoal) -> None:
    # given
    kpi = make_kpi("INC", name="Incidents")
    driver = JobRole.objects.create(name="Driver")
    # when
    response = _client(cast.leader).post(
        reverse("strategy:need-create"),
        {"title": "Load securing", "gap_type": "skill", "priority": "high",
         "goal": goal.pk, "kpi": kpi.pk, "job_roles": [driver.pk],
         "org_units": [cast.org.depot.pk], "expected_change": "-0.5",
         "expected_by": "2026-12-31", "evidence": "Incident reviews"},
    )  # fmt: skip
    # then
    need = LearningNeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy:need-detail", args=[need.pk])
    assert (need.goal, need.kpi, need.expected_change) == (goal, kpi, Decimal("-0.5"))
    assert list(need.job_roles.all()) == [driver]
    assert list(need.org_units.all()) == [cast.org.depot]
    assert need.history.first().history_user == cast.leader


def test_not_a_learning_problem_needs_a_reason_next_to_the_field(cast: Cast) -> None:
    response = _client(cast.staff).post(
        reverse("strategy:need-create"),
        {"title": "Broken scanners", "gap_type": GapType.NOT_LEARNING, "priority": "low"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_not_learning_reason_error"' in page
    assert not LearningNeed.objects.exists()


def test_create_need_refuses_not_a_learning_problem_without_reason(db: None) -> None:
    with pytest.raises(actions.Error, match="not a learning problem"):
        actions.create_need(actor=None, title="Scanners", gap_type=GapType.NOT_LEARNING)


def test_leader_edits_a_need(cast: Cast) -> None:
    need = actions.create_need(actor=None, title="Scanning", gap_type="knowledge")
    response = _client(cast.leader).post(
        reverse("strategy:need-edit", args=[need.pk]),
        {"title": "Scanning procedure", "gap_type": "knowledge", "priority": "low",
         "reason": "clearer"},
    )  # fmt: skip
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title, need.priority) == ("Scanning procedure", "low")
    assert need.history.first().history_user == cast.leader


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("leader", 200, 200),
        ("staff", 200, 200),
        ("executive", 200, 403),
        ("stakeholder", 200, 403),
        ("learner", 403, 403),
        ("stranger_learner", 403, 403),
    ],
)
def test_needs_pages_by_role(cast: Cast, role: str, read: int, write: int) -> None:
    need = actions.create_need(actor=None, title="Scanning", gap_type="knowledge")
    client = _client(getattr(cast, role))
    assert client.get(reverse("strategy:need-list")).status_code == read
    assert client.get(reverse("strategy:need-detail", args=[need.pk])).status_code == read
    assert client.get(reverse("strategy:need-create")).status_code == write
    assert client.get(reverse("strategy:need-edit", args=[need.pk])).status_code == write


def test_need_list_shows_gap_and_priority_and_filters_by_goal(
    cast: Cast, goal: BusinessGoal
) -> None:
    actions.create_need(actor=None, title="Load securing", gap_type="skill", goal=goal,
                        priority="high")  # fmt: skip
    actions.create_need(actor=None, title="Privacy basics", gap_type="knowledge")
    client = _client(cast.executive)
    page = client.get(reverse("strategy:need-list")).content.decode()
    assert "Load securing" in page
    assert "Privacy basics" in page
    assert "Skill" in page
    assert "High" in page
    filtered = client.get(reverse("strategy:need-list"), {"goal": goal.pk}).content.decode()
    assert "Load securing" in filtered
    assert "Privacy basics" not in filtered


def test_need_list_empty_state(cast: Cast) -> None:
    page = _client(cast.leader).get(reverse("strategy:need-list")).content.decode()
    assert "No learning needs yet." in page


def test_need_list_query_count_does_not_grow(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    roles = [JobRole.objects.create(name=f"Role {i}") for i in range(3)]
    for i in range(10):
        actions.create_need(actor=None, title=f"Need {i}", gap_type="skill", job_roles=roles,
                            org_units=[cast.org.depot])  # fmt: skip
    client = _client(cast.leader)
    with django_assert_max_num_queries(12):  # type: ignore[operator]  # pytest-django fixture
        assert client.get(reverse("strategy:need-list")).status_code == 200


def test_goal_page_lists_its_needs(cast: Cast, goal: BusinessGoal) -> None:
    actions.create_need(actor=None, title="Load securing", gap_type="skill", goal=goal)
    actions.create_need(actor=None, title="Unrelated need", gap_type="skill")
    page = _client(cast.stakeholder).get(reverse("strategy:goal-detail", args=[goal.pk]))
    html = page.content.decode()
    assert "Load securing" in html
    assert "Unrelated need" not in html


def test_demo_seeding_creates_the_needs(db: None) -> None:
    context = SeedContext(rng=random.Random(1), people=300, seed=42, today=date(2025, 6, 1))
    org.seed(context)
    strategy.seed(context)
    needs = {n.title: n for n in LearningNeed.objects.prefetch_related("job_roles")}
    assert len(needs) == 9
    assert set(context.registry["need_ids"]) == set(needs)
    scanners = needs["Warehouse picking errors at one site: broken scanners"]
    assert scanners.gap_type == GapType.NOT_LEARNING
    assert scanners.not_learning_reason
    assert scanners.org_units.count() == 1
    assert sum(1 for n in needs.values() if n.kpi_id is None) == 1
    gaps = {n.gap_type for n in needs.values()}
    assert gaps == set(GapType.values)
    assert all(n.goal_id and n.job_roles.all() for n in needs.values())
