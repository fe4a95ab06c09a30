from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.org import actions as org_actions
from mainspring.org.models import UnitKind
from mainspring.strategy import actions, first_days, queries
from mainspring.strategy.first_days import (
    GoalFact,
    KpiFact,
    PlanFacts,
    StakeholderFact,
    UnitFact,
    build_plan,
)
from mainspring.strategy.models import FirstDaysPlan, FirstDaysTick
from tests.conftest import Cast
from tests.org.factories import make_unit
from tests.strategy.factories import make_kpi

START = date(2025, 3, 3)


def plan_for(**fields) -> first_days.Plan:
    return build_plan(PlanFacts(start=START, today=START, **fields))


def item(plan: first_days.Plan, key: str) -> first_days.Item:
    return next(i for i in plan.items if i.key == key)


# ----------------------------------------------------------------------------- the plan itself


def test_an_empty_company_gets_the_hand_items_and_the_strategy_items():
    plan = plan_for()
    keys = [i.key for i in plan.items]
    assert set(first_days.HAND_KEYS) <= set(keys)
    assert {"goals-recorded", "strategy-drafted", "strategy-approved"} <= set(keys)
    assert plan.done == 0
    assert [p.weeks for p in plan.phases] == ["Weeks 1-2", "Weeks 3-4", "Weeks 5-6", "Weeks 7-8"]


def test_each_goal_gets_a_kpi_item_done_once_a_kpi_is_linked():
    plan = plan_for(goals=(GoalFact(4, "Grow", 0), GoalFact(5, "Safer", 2)))
    assert item(plan, "goal-kpi:4").done is False
    assert item(plan, "goal-kpi:5").done is True
    assert item(plan, "goal-kpi:4").link == first_days.Link("goal", 4)
    assert plan.phases[1].done == 1


def test_each_kpi_gets_a_baseline_item():
    plan = plan_for(kpis=(KpiFact(1, "Incidents", False), KpiFact(2, "NPS", True)))
    assert (item(plan, "kpi-baseline:1").done, item(plan, "kpi-baseline:2").done) == (False, True)


def test_key_stakeholders_are_to_be_met_and_peers_are_not_listed():
    met = date(2025, 3, 10)
    plan = plan_for(
        stakeholders=(
            StakeholderFact(1, "Ceo Chief", "senior_leadership", met),
            StakeholderFact(2, "Big Customer", "customer"),
            StakeholderFact(3, "Peer Person", "peer"),
        )
    )
    assert item(plan, "meet:1").title == "Meet Ceo Chief"
    assert (item(plan, "meet:1").done, item(plan, "meet:1").done_on) == (True, met)
    assert item(plan, "meet:2").done is False
    assert "meet:3" not in {i.key for i in plan.items}


def test_departments_and_divisions_without_a_partner_are_to_be_partnered():
    plan = plan_for(
        units=(
            UnitFact(1, "Sales", "division", True),
            UnitFact(2, "Finance", "department", False),
            UnitFact(3, "Depot", "site", False),
        )
    )
    assert item(plan, "unit-partner:1").done is True
    assert item(plan, "unit-partner:2").done is False
    assert "unit-partner:3" not in {i.key for i in plan.items}


def test_strategy_items_follow_the_versions():
    drafted = plan_for(has_version=True)
    assert item(drafted, "strategy-drafted").done
    assert not item(drafted, "strategy-approved").done
    assert item(plan_for(has_version=True, has_approved_version=True), "strategy-approved").done


def test_hand_items_are_done_when_ticked_with_the_date():
    on = date(2025, 3, 5)
    plan = plan_for(ticks={"read-strategy": on})
    assert (item(plan, "read-strategy").done, item(plan, "read-strategy").done_on) == (True, on)
    assert item(plan, "read-strategy").by_hand
    assert not item(plan, "goals-recorded").by_hand


def test_items_are_due_at_the_end_of_their_phase_and_overdue_after():
    facts = PlanFacts(start=START, today=START + timedelta(days=14))
    plan = build_plan(facts)
    assert plan.phases[0].due == START + timedelta(days=13)
    assert plan.phases[3].due == START + timedelta(days=59)
    assert item(plan, "read-strategy").overdue
    assert not item(plan, "strategy-drafted").overdue
    on_time = build_plan(PlanFacts(start=START, today=START + timedelta(days=13)))
    assert not on_time.overdue


def test_progress_counts_done_items_overall_and_per_phase():
    plan = plan_for(
        goals=(GoalFact(1, "Grow", 1), GoalFact(2, "Safer", 0)),
        ticks={"read-strategy": START, "meet-ld-team": START},
    )
    assert (plan.phases[0].done, plan.phases[0].total) == (3, 4)  # 3 hand + goals recorded
    assert plan.done == 4
    assert plan.percent == round(100 * 4 / plan.total)
    assert plan.day == 1


def test_done_items_keep_their_key_when_the_data_is_fixed():
    before = plan_for(goals=(GoalFact(1, "Grow", 0),))
    after = plan_for(goals=(GoalFact(1, "Grow", 1),))
    assert [i.key for i in before.items] == [i.key for i in after.items]
    assert after.done == before.done + 1


# ----------------------------------------------------------------------------- through the web


def test_a_leader_starts_a_plan_and_sees_items_made_from_the_data(cast: Cast):
    actions.create_goal(actor=cast.leader, title="Fewer incidents", driver="pain")
    client = Client()
    client.force_login(cast.leader)
    page = client.get(reverse("strategy:first-days"))
    assert b"Start my plan" in page.content

    response = client.post(reverse("strategy:first-days-start"), {"start_date": "2025-03-03"})

    assert response.status_code == 302
    plan = FirstDaysPlan.objects.get(user=cast.leader)
    assert plan.start_date == date(2025, 3, 3)
    page = client.get(reverse("strategy:first-days"))
    assert "Find the KPI for the goal “Fewer incidents”".encode() in page.content
    assert b"Find a partner in Operations" in page.content


def test_a_bad_start_date_is_shown_next_to_the_field_and_nothing_is_saved(cast: Cast):
    client = Client()
    client.force_login(cast.leader)
    response = client.post(reverse("strategy:first-days-start"), {"start_date": "soon"})
    assert response.status_code == 400
    assert b"Enter a valid date" in response.content
    assert not FirstDaysPlan.objects.exists()


def test_a_second_plan_is_refused(cast: Cast):
    actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    with pytest.raises(actions.Error):
        actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)


def test_ticking_a_hand_item_over_htmx_returns_the_updated_plan(cast: Cast):
    plan = actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    client = Client()
    client.force_login(cast.leader)
    url = reverse("strategy:first-days-tick")

    response = client.post(url, {"key": "meet-ld-team", "done": "1"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert b'id="plan"' in response.content
    assert b"<html" not in response.content
    assert FirstDaysTick.objects.filter(plan=plan, item_key="meet-ld-team").exists()
    client.post(url, {"key": "meet-ld-team", "done": "0"})
    assert not FirstDaysTick.objects.filter(plan=plan).exists()


def test_items_derived_from_data_cannot_be_ticked_by_hand(cast: Cast):
    plan = actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    client = Client()
    client.force_login(cast.leader)
    response = client.post(
        reverse("strategy:first-days-tick"),
        {"key": "strategy-drafted", "done": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert not FirstDaysTick.objects.filter(plan=plan).exists()


def test_each_person_sees_and_ticks_only_their_own_plan(cast: Cast):
    leader_plan = actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    client = Client()
    client.force_login(cast.staff)
    assert b"Start my plan" in client.get(reverse("strategy:first-days")).content
    response = client.post(
        reverse("strategy:first-days-tick"), {"key": "read-strategy", "done": "1"}
    )
    assert response.status_code == 404
    assert not leader_plan.ticks.exists()


@pytest.mark.parametrize("role", ["stakeholder", "executive", "learner"])
def test_only_ld_may_start_a_plan(cast: Cast, role: str):
    client = Client()
    client.force_login(cast.by_role()[role])
    response = client.post(reverse("strategy:first-days-start"), {"start_date": "2025-03-03"})
    assert response.status_code == 403
    assert not FirstDaysPlan.objects.exists()


def test_meeting_a_stakeholder_ticks_their_item(cast: Cast):
    plan = actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    partner = org_actions.create_stakeholder(
        actor=cast.leader,
        data=org_actions.StakeholderData(
            category="senior_leadership", person=cast.org.sam, org_unit=cast.org.sales
        ),
    )
    client = Client()
    client.force_login(cast.leader)
    assert "Meet Sam Sales" in client.get(reverse("strategy:first-days")).content.decode()
    org_actions.log_engagement(actor=cast.leader, stakeholder=partner, on=START)
    built = build_plan(queries.first_days_facts(plan, START))
    assert item(built, f"meet:{partner.pk}").done
    assert item(built, f"unit-partner:{cast.org.sales.pk}").done
    assert not item(built, f"unit-partner:{cast.org.ops.pk}").done


def test_plan_page_queries_do_not_grow_with_the_data(cast: Cast, django_assert_num_queries):
    actions.start_first_days(actor=cast.leader, user=cast.leader, start_date=START)
    client = Client()
    client.force_login(cast.leader)
    url = reverse("strategy:first-days")
    client.get(url)
    # session, user, plan, goals, KPIs, stakeholders, units, versions, ticks
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for i in range(10):
        kpi = make_kpi(f"K{i}")
        actions.create_goal(actor=None, title=f"Goal {i}", driver="gain", kpis=[kpi])
        make_unit(f"D{i}", f"Dept {i}", cast.org.company, UnitKind.DEPARTMENT)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
