from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mainspring.demo.seed import SeedContext
from mainspring.demo.seeders import org, partnerships, strategy
from mainspring.org import actions, queries
from mainspring.org.models import (
    Engagement,
    RelationshipHealth,
    Stakeholder,
    StakeholderCategory,
)
from tests.conftest import Cast

TODAY = date(2025, 6, 16)


@pytest.fixture
def partner(cast: Cast) -> Stakeholder:
    return actions.create_stakeholder(
        actor=cast.leader,
        data=actions.StakeholderData(
            category=StakeholderCategory.SENIOR_LEADERSHIP,
            person=cast.org.olivia,
            org_unit=cast.org.ops,
            value_to_them="Safer depots.",
            health=RelationshipHealth.AT_RISK,
            owner=cast.staff,
        ),
    )


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("leader", 200),
        ("staff", 200),
        ("stakeholder", 403),
        ("executive", 403),
        ("learner", 403),
        ("manager", 403),
    ],
)
def test_only_the_learning_team_sees_the_register(cast: Cast, partner, role, status):
    client = _client(cast.by_role()[role])

    assert client.get(reverse("org:partner-list")).status_code == status
    assert client.get(reverse("org:partner-detail", args=[partner.pk])).status_code == status
    assert queries.stakeholders_visible_to(cast.by_role()[role]).exists() == (status == 200)


def test_register_filters_by_category_and_health(cast: Cast, partner):
    actions.create_stakeholder(
        actor=cast.leader,
        data=actions.StakeholderData(
            category=StakeholderCategory.CUSTOMER, name="Ann Buyer", organisation="Baltic Retail"
        ),
    )
    client = _client(cast.staff)

    at_risk = client.get(reverse("org:partner-list"), {"health": "at_risk"})
    customers = client.get(reverse("org:partner-list"), {"category": "customer"})

    assert list(at_risk.context["stakeholders"]) == [partner]
    assert [s.name for s in customers.context["stakeholders"]] == ["Ann Buyer"]


def test_register_is_one_query_however_many_stakeholders(
    cast: Cast, partner, django_assert_num_queries
):
    for n in range(5):
        s = actions.create_stakeholder(
            actor=None, data=actions.StakeholderData(category="customer", name=f"C{n}")
        )
        actions.log_engagement(actor=None, stakeholder=s, on=TODAY, next_step="x")
    client = _client(cast.staff)
    client.get(reverse("org:partner-list"))  # warm the session and user lookups

    with django_assert_num_queries(3):  # session, user, stakeholders
        response = client.get(reverse("org:partner-list"))

    assert len(response.context["stakeholders"]) == 6


def test_empty_register_invites_the_first_partnership(cast: Cast):
    response = _client(cast.leader).get(reverse("org:partner-list"))

    assert b"No stakeholders here yet" in response.content


def test_logging_an_engagement_adds_it_to_the_log(cast: Cast, partner):
    # given
    client = _client(cast.staff)
    url = reverse("org:partner-detail", args=[partner.pk])
    # when
    response = client.post(
        url,
        {
            "date": "2025-06-10",
            "kind": "meeting",
            "notes": "Walked the depot.",
            "next_step": "Send the pilot plan",
            "next_step_due": "2025-06-20",
        },
    )
    # then
    assert response.status_code == 302
    engagement = partner.engagements.get()
    assert engagement.created_by == cast.staff
    assert engagement.next_step_due == date(2025, 6, 20)
    assert engagement.history.first().history_user == cast.staff
    assert b"Send the pilot plan" in client.get(url).content


def test_a_due_date_needs_a_next_step(cast: Cast, partner):
    response = _client(cast.staff).post(
        reverse("org:partner-detail", args=[partner.pk]),
        {"date": "2025-06-10", "kind": "call", "next_step_due": "2025-06-20"},
    )

    assert response.status_code == 200
    assert not partner.engagements.exists()


def test_creating_a_stakeholder_needs_a_person_or_a_name(cast: Cast):
    client = _client(cast.leader)
    url = reverse("org:partner-create")
    base = {"category": "peer", "health": "good"}

    assert client.post(url, base).status_code == 200
    response = client.post(url, {**base, "person_hris_id": cast.org.sam.hris_id})

    assert response.status_code == 302
    assert Stakeholder.objects.get().person == cast.org.sam


def test_editing_changes_the_health_with_history(cast: Cast, partner):
    response = _client(cast.staff).post(
        reverse("org:partner-edit", args=[partner.pk]),
        {
            "category": "senior_leadership",
            "health": "strong",
            "name": "",
            "person_hris_id": "P-OLIVIA",
        },
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.health == RelationshipHealth.STRONG
    assert partner.history.count() == 2


def test_completing_a_next_step_takes_it_off_the_overdue_list(cast: Cast, partner):
    engagement = actions.log_engagement(
        actor=cast.staff,
        stakeholder=partner,
        on=TODAY - timedelta(days=20),
        next_step="Call back",
        next_step_due=TODAY - timedelta(days=2),
    )
    assert list(queries.overdue_follow_ups(cast.staff, TODAY)) == [engagement]

    _client(cast.staff).post(reverse("org:engagement-done", args=[engagement.pk]))

    assert not queries.overdue_follow_ups(cast.staff, TODAY).exists()


def test_a_step_without_a_next_step_cannot_be_completed(cast: Cast, partner):
    engagement = actions.log_engagement(actor=None, stakeholder=partner, on=TODAY)

    with pytest.raises(actions.NoNextStepError):
        actions.complete_next_step(actor=None, engagement=engagement)


@time_machine.travel(TODAY)
def test_home_lists_overdue_follow_ups_for_the_learning_team(cast: Cast, partner):
    # given
    actions.log_engagement(
        actor=None,
        stakeholder=partner,
        on=TODAY - timedelta(days=30),
        next_step="Send the safety one-pager",
        next_step_due=TODAY - timedelta(days=1),
    )
    actions.log_engagement(
        actor=None,
        stakeholder=partner,
        on=TODAY - timedelta(days=3),
        next_step="Book the workshop",
        next_step_due=TODAY,  # due today is not overdue yet
    )
    # when
    staff_home = _client(cast.staff).get(reverse("web:home"))
    executive_home = _client(cast.executive).get(reverse("web:home"))
    # then
    assert [e.next_step for e in staff_home.context["follow_ups"]] == ["Send the safety one-pager"]
    assert b"Overdue follow-ups" in staff_home.content
    assert reverse("org:partner-detail", args=[partner.pk]).encode() in staff_home.content
    assert b"Overdue follow-ups" not in executive_home.content


def test_home_says_when_nothing_is_overdue(cast: Cast):
    response = _client(cast.leader).get(reverse("web:home"))

    assert b"No overdue follow-ups" in response.content


def test_demo_seed_creates_a_register_at_every_level(db: None):
    # given
    today = date(2025, 6, 1)
    ctx = SeedContext(rng=random.Random(1), people=300, seed=42, today=today)
    # when
    org.seed(ctx)
    strategy.seed(ctx)
    partnerships.seed(ctx)
    # then
    stakeholders = list(Stakeholder.objects.all())
    assert 12 <= len(stakeholders) <= 18
    assert {s.category for s in stakeholders} == set(StakeholderCategory.values)
    assert len({s.health for s in stakeholders}) == 4
    for s in stakeholders:
        assert 1 <= s.engagements.count() <= 5
        assert s.engagements.filter(date__lt=today - timedelta(days=190)).count() == 0
    overdue = Engagement.objects.filter(done=False, next_step_due__lt=today)
    assert overdue.count() == 3
