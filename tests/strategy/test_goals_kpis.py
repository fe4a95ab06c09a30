from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mainspring.strategy import actions, imports
from mainspring.strategy.models import KPI, BusinessGoal, Direction, Driver, Level, Period
from tests.conftest import Cast, Org
from tests.strategy.factories import make_kpi


def test_kpi_is_created_with_history_of_its_author(cast: Cast):
    kpi = actions.create_kpi(
        actor=cast.leader,
        code="SAFETY-INC",
        name="Safety incidents",
        unit="incidents per 100 drivers",
        direction=Direction.LOWER,
        level=Level.SITE,
        baseline=Decimal("4.2"),
        baseline_period=date(2024, 6, 17),
        target=Decimal("3.0"),
        target_date=date(2025, 12, 31),
        unit_value=Decimal("1850.00"),
        unit_value_source="Finance: average claim cost 2024",
        data_source="HSE monthly report",
        reason="first KPI",
    )
    assert kpi.period == Period.MONTH
    assert kpi.baseline_period == date(2024, 6, 1)
    record = kpi.history.get()
    assert record.history_user == cast.leader
    assert record.history_change_reason == "first KPI"


@pytest.mark.parametrize("code", ["safety inc", "", "ünïcode"])
def test_kpi_code_must_be_slug_like(db, code):
    with pytest.raises(actions.Error, match="cannot be a KPI code"):
        make_kpi(code)


def test_kpi_code_is_unique_in_any_letter_case(db):
    make_kpi("INC")
    with pytest.raises(actions.Error, match="already has the code"):
        make_kpi("inc")


def test_kpi_with_an_unknown_level_is_refused(db):
    with pytest.raises(ValidationError):
        make_kpi("X", level="galaxy")
    assert not KPI.objects.exists()


def test_goal_links_kpis_and_people_with_history(cast: Cast, org: Org):
    inc, turn = make_kpi("INC"), make_kpi("TURN")
    goal = actions.create_goal(
        actor=cast.leader,
        title="Fewer accidents at the depots",
        driver=Driver.PAIN,
        sponsor=org.olivia,
        owner=org.dan,
        horizon_start=date(2025, 1, 1),
        horizon_end=date(2026, 12, 31),
        kpis=[inc, turn],
    )
    assert set(goal.kpis.all()) == {inc, turn}
    assert list(inc.goals.all()) == [goal]
    assert goal.history.get().history_user == cast.leader
    assert list(BusinessGoal.objects.filter(sponsor=org.olivia)) == [goal]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "needs a title"),
        ({"driver": "fun"}, "choose pain or gain"),
        ({"horizon_start": date(2026, 1, 1), "horizon_end": date(2025, 1, 1)}, "ends before"),
    ],
)
def test_goal_values_are_checked(db, fields, message):
    values = {"title": "Grow", "driver": Driver.GAIN, **fields}
    with pytest.raises(actions.Error, match=message):
        actions.create_goal(actor=None, **values)
    assert not BusinessGoal.objects.exists()


def test_erasing_a_sponsor_keeps_the_goal(cast: Cast, org: Org):
    from mainspring.org import actions as org_actions  # noqa: PLC0415

    goal = actions.create_goal(actor=None, title="Grow", driver=Driver.GAIN, sponsor=org.sam)
    org_actions.erase_person(actor=cast.leader, person=org.sam)
    goal.refresh_from_db()
    assert goal.sponsor is None


def test_import_module_names_agree_with_the_model_choices():
    assert set(Level.values) == {
        imports.PERSON_LEVEL,
        imports.COMPANY_LEVEL,
        "team",
        "site",
        "department",
    }
    assert set(Period.values) == {imports.MONTH, imports.QUARTER, imports.YEAR}
