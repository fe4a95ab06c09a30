from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.org.models import OrgUnit, User
from mainspring.strategy import actions, queries
from mainspring.strategy.models import KPI, BusinessGoal, Level, Observation
from tests.conftest import Cast
from tests.strategy.factories import make_kpi


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _observe(kpi: KPI, unit: OrgUnit | None, period: str, value: float) -> None:
    plan = _plan(kpi, unit, period, value)
    assert plan.ok, plan.errors
    actions.apply_observation_plan(plan, actor=None, reason="test")


def _plan(kpi: KPI, unit: OrgUnit | None, period: str, value: float) -> Any:
    return queries.plan_one_observation(
        kpi, unit=unit, person=None, period=period, value=str(value)
    )


@pytest.fixture
def kpi(cast: Cast) -> KPI:
    kpi = make_kpi(
        "INC", name="Incidents", level=Level.SITE, baseline=Decimal(5), target=Decimal(2)
    )
    _observe(kpi, cast.org.depot, "2025-01", 4.0)
    _observe(kpi, cast.org.depot, "2025-02", 3.0)
    _observe(kpi, cast.org.sales, "2025-02", 9.5)
    return kpi


def test_leader_creates_a_goal_and_a_kpi_through_the_forms(cast: Cast) -> None:
    client = _client(cast.leader)
    response = client.post(
        reverse("strategy:kpi-create"),
        {"code": "NPS", "name": "Customer NPS", "direction": "higher", "level": "company",
         "period": "month", "baseline": "12.5", "target": "30", "target_date": "2026-12-31"},
    )  # fmt: skip
    kpi = KPI.objects.get(code="NPS")
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy:kpi-detail", args=[kpi.pk])
    assert kpi.baseline == Decimal("12.5")

    response = client.post(
        reverse("strategy:goal-create"),
        {"title": "Happier customers", "driver": "gain", "kpis": [kpi.pk]},
    )
    goal = BusinessGoal.objects.get()
    assert response["Location"] == reverse("strategy:goal-detail", args=[goal.pk])
    assert list(goal.kpis.all()) == [kpi]
    page = client.get(reverse("strategy:index")).content.decode()
    assert "Happier customers" in page
    assert "Customer NPS" in page


def test_kpi_form_shows_errors_next_to_fields(cast: Cast) -> None:
    response = _client(cast.leader).post(
        reverse("strategy:kpi-create"),
        {"code": "X", "name": "", "direction": "higher", "level": "company",
         "period": "month", "baseline": "a lot", "target_date": "2026-01-01"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in page
    assert 'id="id_baseline_error"' in page
    assert 'id="id_target_date_error"' in page
    assert "needs a target value" in page
    assert not KPI.objects.exists()


def test_goal_form_requires_a_title(cast: Cast) -> None:
    response = _client(cast.staff).post(reverse("strategy:goal-create"), {"driver": "pain"})
    assert 'id="id_title_error"' in response.content.decode()
    assert not BusinessGoal.objects.exists()


def test_leader_edits_a_kpi_and_history_records_it(cast: Cast, kpi: KPI) -> None:
    response = _client(cast.leader).post(
        reverse("strategy:kpi-edit", args=[kpi.pk]),
        {"name": "Incidents per site", "direction": "lower", "level": "site",
         "period": "month", "baseline": "5", "target": "1", "reason": "tighter"},
    )  # fmt: skip
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert (kpi.name, kpi.code, kpi.target) == ("Incidents per site", "INC", Decimal(1))
    assert kpi.history.first().history_user == cast.leader


def test_kpi_page_shows_definition_chart_and_breakdown(cast: Cast, kpi: KPI) -> None:
    page = _client(cast.executive).get(reverse("strategy:kpi-detail", args=[kpi.pk]))
    html = page.content.decode()
    assert 'role="img"' in html
    assert "ms-chart-baseline" in html
    assert "ms-chart-target" in html
    assert "Depot North" in html
    assert "Sales" in html
    assert "Add an observation" not in html  # executives read only


def test_stakeholder_sees_only_their_units_observations(cast: Cast, kpi: KPI) -> None:
    response = _client(cast.stakeholder).get(reverse("strategy:kpi-detail", args=[kpi.pk]))
    assert response.status_code == 200
    by_unit = [(u.unit_name, u.value) for u in response.context["by_unit"]]
    assert by_unit == [("Depot North", 3.0)]
    assert {o.org_unit for o in response.context["page"].object_list} == {cast.org.depot}
    assert "Sales" not in response.content.decode().split("By org unit")[1]


def test_learner_gets_403_on_strategy_pages(cast: Cast, kpi: KPI) -> None:
    client = _client(cast.learner)
    for url in (reverse("strategy:index"), reverse("strategy:kpi-detail", args=[kpi.pk])):
        assert client.get(url).status_code == 403


def test_executive_reads_but_cannot_edit(cast: Cast, kpi: KPI) -> None:
    client = _client(cast.executive)
    assert client.get(reverse("strategy:kpi-list")).status_code == 200
    assert client.get(reverse("strategy:kpi-edit", args=[kpi.pk])).status_code == 403
    response = client.post(reverse("strategy:kpi-edit", args=[kpi.pk]), {"name": "Hacked"})
    assert response.status_code == 403
    response = client.post(
        reverse("strategy:observation-add", args=[kpi.pk]),
        {"org_unit": cast.org.depot.pk, "period": "2025-03", "value": "1"},
    )
    assert response.status_code == 403


def test_staff_adds_an_observation_by_hand(cast: Cast, kpi: KPI) -> None:
    response = _client(cast.staff).post(
        reverse("strategy:observation-add", args=[kpi.pk]),
        {"org_unit": cast.org.depot.pk, "period": "2025-03", "value": "2.5"},
    )
    assert response.status_code == 302
    obs = Observation.objects.get(kpi=kpi, org_unit=cast.org.depot, period=date(2025, 3, 1))
    assert obs.value == 2.5


def test_a_bad_period_is_refused_next_to_the_field(cast: Cast, kpi: KPI) -> None:
    before = Observation.objects.count()
    response = _client(cast.leader).post(
        reverse("strategy:observation-add", args=[kpi.pk]),
        {"org_unit": cast.org.depot.pk, "period": "March", "value": "2.5"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_period_error"' in page
    assert "is not a period" in page
    assert Observation.objects.count() == before


def test_kpi_list_query_count_does_not_grow_with_kpis(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    client = _client(cast.leader)
    make_kpi("A")
    with django_assert_num_queries(4) as few:
        client.get(reverse("strategy:kpi-list"))
    for code in ("B", "C", "D", "E"):
        goal_kpi = make_kpi(code)
        actions.create_goal(actor=None, title=f"Goal {code}", driver="gain", kpis=[goal_kpi])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("strategy:kpi-list"))
