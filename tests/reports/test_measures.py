"""Each measure against values counted by hand on the small history of ``factories``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mainspring.impact.models import ImpactStudy, RoiAnalysis
from mainspring.reports import measures
from mainspring.reports.measures import Query, Scope
from tests.conftest import Org
from tests.reports.factories import History, make_history

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def history(org: Org) -> History:
    return make_history(org)


def value(
    code: str, scope: Scope, span: tuple[date, date] = Q1, kpi: object = None
) -> float | None:
    return measures.get(code).compute(Query(scope, span[0], span[1], kpi)).value  # type: ignore[arg-type]


def test_efficiency_for_the_company(history: History) -> None:
    company = Scope.company()
    assert value("participants", company) == 4  # Lea, Liam, Dan, Sara
    assert value("unique_participants", company) == 4
    assert value("completions", company) == 2  # Lea in February, Liam in March
    # due in Q1: Lea, Liam, Dan; completed by 31 March: Lea and Liam; on time: Lea only
    assert value("completion_rate", company) == pytest.approx(2 / 3 * 100)
    assert value("on_time_rate", company) == pytest.approx(1 / 3 * 100)
    assert value("reach", company) == pytest.approx(4 / 6 * 100)  # six people, all active
    assert value("learning_hours", company) == pytest.approx(2.5)  # 3 + 2 steps of 30 min
    assert value("spend", company) == 1000  # cash: delivery and overhead, not people's time
    assert value("cost_per_learner", company) == 250
    assert value("cost_per_hour", company) == 400


def test_efficiency_for_a_program_reads_its_audience(history: History) -> None:
    scope = Scope.of_program(history.program)
    assert value("participants", scope) == 3
    assert value("reach", scope) == pytest.approx(3 / 4 * 100)  # Operations has 4 people
    assert value("spend", scope) == 600  # the shared overhead is not the program's
    assert value("cost_per_learner", scope) == 200


def test_efficiency_for_a_unit_counts_its_subtree(history: History, org: Org) -> None:
    depot = Scope.of_unit(org.depot)
    assert value("participants", depot) == 3
    assert value("reach", depot) == 100
    result = measures.get("spend").compute(Query(depot, *Q1))
    assert result.value is None
    assert result.reason == measures.NO_DEPARTMENT
    assert not measures.get("spend").supports(depot)


def test_last_year_is_its_own_range(history: History) -> None:
    year = (date(2025, 1, 1), date(2025, 12, 31))
    assert value("participants", Scope.company(), year) == 1
    assert value("completion_rate", Scope.company(), year) == 100
    assert value("learning_hours", Scope.company(), year) == pytest.approx(1.5)


def test_a_rate_with_nothing_due_says_so(history: History) -> None:
    result = measures.get("completion_rate").compute(
        Query(Scope.company(), date(2024, 1, 1), date(2024, 12, 31))
    )
    assert result.value is None
    assert result.reason == "No enrolment was due in this period"


def test_l2_is_the_mean_score_from_the_evaluation_app(history: History) -> None:
    assert value("l2_score", Scope.of_program(history.program)) == 80


def test_kpi_value_is_the_mean_at_the_most_aggregate_level(history: History, org: Org) -> None:
    assert value("kpi_value", Scope.company(), kpi=history.kpi) == 4  # (2 + 4 + 6) / 3
    assert value("kpi_value", Scope.of_unit(org.depot), kpi=history.kpi) == 3


def test_company_level_values_win_when_recorded(history: History) -> None:
    history.kpi.observations.create(period=date(2026, 2, 1), value=10.0)
    assert value("kpi_value", Scope.company(), kpi=history.kpi) == 10


def test_contribution_and_roi_come_from_the_latest_analyses(history: History) -> None:
    scope = Scope.of_program(history.program)
    assert value("contribution", scope, kpi=history.kpi) is None
    common = {"program": history.program, "kpi": history.kpi, "level": "unit", "status": "done"}
    ImpactStudy.objects.create(**common, estimate=-0.5)
    ImpactStudy.objects.create(**common, estimate=-0.8)
    assert value("contribution", scope, kpi=history.kpi) == pytest.approx(-0.8)
    assert value("contribution", Scope.company(), kpi=history.kpi) == pytest.approx(-0.8)
    RoiAnalysis.objects.create(
        program=history.program, basis="estimate", period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31), benefits=Decimal(750_000), costs=Decimal(425_000),
        roi_pct=76.47,
    )  # fmt: skip
    assert value("roi", scope) == pytest.approx(76.47)
    assert value("roi", Scope.company()) == pytest.approx(325_000 / 425_000 * 100)


def test_a_refused_roi_gives_its_reason(history: History) -> None:
    RoiAnalysis.objects.create(
        program=history.program, basis="estimate", period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31), refused_reason="No isolation method.",
    )  # fmt: skip
    result = measures.get("roi").compute(Query(Scope.of_program(history.program), *Q1))
    assert result.value is None
    assert "No isolation method." in result.reason


def test_every_measure_has_a_unique_code_and_a_description() -> None:
    codes = [m.code for m in measures.MEASURES]
    assert len(codes) == len(set(codes))
    assert all(m.description for m in measures.MEASURES)
    kinds = {m.kind for m in measures.MEASURES}
    assert kinds == set(measures.Kind)
