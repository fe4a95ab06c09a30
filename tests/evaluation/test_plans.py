"""The evaluation plan page: KPIs from the program's needs, top-down, status on the list."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mainspring.evaluation.models import EvaluationPlan
from mainspring.strategy import actions as strategy_actions
from tests.conftest import Cast
from tests.experiences.factories import make_program
from tests.strategy.factories import make_kpi

FULL = {
    "kpi_target": "2.5",
    "leading_indicators": "Near-miss reports filed",
    "critical_behaviours": "Walk round the vehicle before every shift\nSecure every load",
    "required_drivers": "Depot lead checks one load a week",
    "learning_objectives": "Name the five load-securing checks",
    "reaction_focus": "Relevance to the daily route",
    "isolation_method": "comparison_group",
    "roi_in_scope": "on",
    "intangibles": "Drivers feel safer",
    "data_sources": "Incident system, LMS scores, surveys",
    "timing": "L1 on the day, L3 at 90 days, incidents monthly",
}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a User
    return client


def test_plan_offers_the_kpis_of_the_programs_needs(cast: Cast) -> None:
    program = make_program("Safe Driver")
    incidents = make_kpi("incidents", name="Incidents per 100 drivers")
    make_kpi("revenue", name="Revenue per rep")
    need = strategy_actions.create_need(
        actor=None, title="Load securing", gap_type="skill", kpi=incidents
    )
    program.needs.add(need)

    page = _client(cast.staff).get(reverse("evaluation:plan-edit", args=[program.pk]))

    assert page.status_code == 200
    assert "Incidents per 100 drivers" in page.text
    assert "Revenue per rep" not in page.text
    assert "serves no learning need tied to a KPI" not in page.text
    # designed backwards: level 4 comes before level 1 on the page
    assert page.text.index("Level 4") < page.text.index("Level 3") < page.text.index("Level 1")


def test_plan_without_a_kpi_need_shows_a_hint(cast: Cast) -> None:
    program = make_program("Compliance")
    page = _client(cast.staff).get(reverse("evaluation:plan-edit", args=[program.pk]))
    assert "serves no learning need tied to a KPI" in page.text


def test_saving_a_full_plan_makes_it_complete(cast: Cast) -> None:
    program = make_program("Safe Driver")
    kpi = make_kpi("incidents", name="Incidents per 100 drivers")
    program.needs.add(
        strategy_actions.create_need(actor=None, title="Load", gap_type="skill", kpi=kpi)
    )
    client = _client(cast.leader)

    response = client.post(
        reverse("evaluation:plan-edit", args=[program.pk]), {**FULL, "kpi": kpi.pk}
    )

    assert response.status_code == 302
    plan = EvaluationPlan.objects.get(program=program)
    assert plan.missing == []
    assert plan.roi_in_scope
    assert plan.isolation_method == "comparison_group"
    assert plan.history.count() == 1
    listing = client.get(reverse("evaluation:program-list"))
    assert "Complete" in listing.text


def test_a_target_without_a_kpi_is_refused_next_to_the_field(cast: Cast) -> None:
    program = make_program("Safe Driver")
    response = _client(cast.staff).post(
        reverse("evaluation:plan-edit", args=[program.pk]), {**FULL, "kpi": ""}
    )
    assert response.status_code == 400
    assert "Choose the KPI this target is for." in response.text
    assert not EvaluationPlan.objects.exists()


def test_a_partial_plan_is_a_draft_listing_what_is_missing(cast: Cast) -> None:
    program = make_program("Compliance")
    _client(cast.staff).post(
        reverse("evaluation:plan-edit", args=[program.pk]),
        {"learning_objectives": "Spot a phishing e-mail", "isolation_method": "none"},
    )
    listing = _client(cast.staff).get(reverse("evaluation:program-list"))
    assert "Draft" in listing.text
    assert "the KPI, the KPI target, critical behaviours" in listing.text
