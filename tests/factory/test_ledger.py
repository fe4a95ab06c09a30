"""The ledger's numbers, checked against sums done by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from mainspring.experiences.models import Program, ProgressStatus
from mainspring.factory import ledger
from mainspring.factory.actions import costs as actions
from mainspring.factory.models import CostCategory as C
from mainspring.org.models import JobRole
from tests.factory.factories import book, complete, make_program, make_worker

JAN, MAR = date(2026, 1, 1), date(2026, 3, 31)


@dataclass
class World:
    safe: Program
    sales: Program


@pytest.fixture
def world(db: None) -> World:
    driver = JobRole.objects.create(name="Driver")
    manager = JobRole.objects.create(name="Manager")
    actions.set_loaded_rate(actor=None, job_role=driver, hourly_rate=Decimal(28))
    actions.set_loaded_rate(actor=None, job_role=manager, hourly_rate=Decimal(55))
    actions.set_loaded_rate(actor=None, job_role=None, hourly_rate=Decimal(40))
    safe, (s60, s90) = make_program("Safe Driver", [60, 90])
    sales, (t60,) = make_program("Sales Academy", [60])
    ann = make_worker("Ann", driver)
    bob = make_worker("Bob", manager)
    cat = make_worker("Cat", None)
    # Safe Driver in the quarter: Ann 60+90 min, Bob 60, Cat 90 = 5 h
    complete(ann, s60, date(2026, 1, 10))
    complete(ann, s90, date(2026, 2, 10), status=ProgressStatus.PASSED, path_done=True)
    complete(bob, s60, date(2026, 3, 31))
    complete(cat, s90, date(2026, 1, 1))
    # Not counted: outside the quarter, waived, failed
    complete(bob, s90, date(2026, 4, 1))
    complete(make_worker("Dee", driver), s60, date(2026, 2, 1), status=ProgressStatus.WAIVED)
    complete(make_worker("Eve", driver), s90, date(2026, 2, 1), status=ProgressStatus.FAILED)
    # Sales Academy in the quarter: Ann 60 min = 1 h
    complete(ann, t60, date(2026, 2, 2), path_done=True)
    return World(safe=safe, sales=sales)


def test_participant_time_is_hours_at_each_roles_loaded_rate(
    world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        time = ledger.participant_time(world.safe.pk, JAN, MAR)
    # Ann 2.5 h x 28 = 70; Bob 1 h x 55 = 55; Cat (no role) 1.5 h x default 40 = 60
    assert time.hours == Decimal("5.00")
    assert time.value == Decimal("185.00")
    by_role = {r.job_role: (r.people, r.hours, r.value, r.default_rate) for r in time.roles}
    assert by_role == {
        "Driver": (1, Decimal("2.50"), Decimal("70.00"), False),
        "Manager": (1, Decimal("1.00"), Decimal("55.00"), False),
        "(no job role)": (1, Decimal("1.50"), Decimal("60.00"), True),
    }


def test_participant_time_uses_the_setting_when_no_default_rate_is_set(
    world: World, settings: Any
) -> None:
    actions.set_loaded_rate(actor=None, job_role=None, hourly_rate=None)
    settings.MAINSPRING_DEFAULT_LOADED_RATE = "30"
    # Cat's 1.5 h at 30 = 45 instead of 60
    assert ledger.participant_time(world.safe.pk, JAN, MAR).value == Decimal("170.00")


def test_program_costs_add_direct_entries_time_and_a_share_of_shared_costs(world: World) -> None:
    book(date(2026, 1, 5), C.DESIGN, "1000", world.safe)
    book(date(2026, 2, 5), C.DELIVERY, "250.50", world.safe)
    book(date(2026, 4, 5), C.DELIVERY, "999", world.safe)  # after the period
    book(date(2026, 2, 5), C.DELIVERY, "777", world.sales)  # another program
    book(date(2026, 1, 20), C.OVERHEAD, "600")  # shared: prorated
    book(date(2026, 3, 20), C.NEEDS_ASSESSMENT, "120")  # shared: prorated
    book(date(2026, 3, 20), C.ACQUISITION, "5000")  # shared, stays shared
    costs = ledger.program_costs(world.safe.pk, JAN, MAR)
    # Safe Driver has 5 of the 6 participant hours: 5/6 of 600 and of 120
    assert costs.by_category == {
        C.NEEDS_ASSESSMENT: Decimal("100.00"),
        C.DESIGN: Decimal("1000.00"),
        C.ACQUISITION: Decimal("0.00"),
        C.DELIVERY: Decimal("250.50"),
        C.PARTICIPANT_TIME: Decimal("185.00"),
        C.MAINTENANCE: Decimal("0.00"),
        C.EVALUATION: Decimal("0.00"),
        C.OVERHEAD: Decimal("500.00"),
    }
    assert costs.allocated == Decimal("600.00")
    assert costs.participant_hours == Decimal("5.00")
    assert costs.total == Decimal("2035.50")
    other = ledger.program_costs(world.sales.pk, JAN, MAR)
    assert other.allocated == Decimal("120.00")  # 1/6 of 720
    assert other.total == Decimal(777) + Decimal(28) + Decimal(120)


def test_a_program_without_hours_gets_no_share_of_shared_costs(world: World) -> None:
    idle, _ = make_program("Idle", [30])
    book(date(2026, 1, 20), C.OVERHEAD, "600")
    costs = ledger.program_costs(idle.pk, JAN, MAR)
    assert costs.allocated == Decimal("0.00")
    assert costs.total == Decimal("0.00")
    assert set(costs.by_category) == set(C.values)


def test_spend_counts_ledger_entries_and_optionally_participant_time(world: World) -> None:
    book(date(2026, 1, 5), C.DESIGN, "1000", world.safe)
    book(date(2026, 1, 6), C.PARTICIPANT_TIME, "15", world.safe)  # travel time, by hand
    book(date(2026, 2, 5), C.DELIVERY, "777", world.sales)
    book(date(2026, 1, 20), C.OVERHEAD, "600")
    book(date(2025, 12, 31), C.OVERHEAD, "1")
    assert ledger.spend(JAN, MAR) == Decimal("2377.00")
    assert ledger.spend(JAN, MAR, program_ids=[world.safe.pk]) == Decimal("1000.00")
    assert ledger.spend(JAN, MAR, program_ids=[]) == Decimal("0.00")
    # 15 by hand + 185 computed
    assert ledger.spend(
        JAN, MAR, program_ids=[world.safe.pk], include_participant_time=True
    ) == Decimal("1200.00")
    # everything: the 2,377 of entries, 15 by hand, 185 and 28 computed
    assert ledger.spend(JAN, MAR, include_participant_time=True) == Decimal("2605.00")


def test_budget_total_by_year_and_programs(world: World) -> None:
    for program, amount in ((world.safe, "1000"), (world.sales, "500"), (None, "250")):
        actions.save_budget_line(
            actor=None, year=2026, program=program, category=C.DELIVERY, amount=Decimal(amount)
        )
    actions.save_budget_line(
        actor=None, year=2025, program=None, category=C.DELIVERY, amount=Decimal(9)
    )
    assert ledger.budget_total(2026) == Decimal("1750.00")
    assert ledger.budget_total(2026, program_ids=[world.safe.pk, world.sales.pk]) == Decimal(
        "1500.00"
    )
    assert ledger.budget_total(2024) == Decimal("0.00")


def test_cost_per_learner_counts_unique_completers(world: World) -> None:
    assert ledger.unique_completers(world.safe.pk, JAN, MAR) == 1  # Ann
    assert ledger.unique_completers(world.sales.pk, JAN, MAR) == 1


def test_even_phasing_puts_the_cents_in_december() -> None:
    months = ledger.month_amounts(Decimal(100), [])
    assert months[:11] == [Decimal("8.33")] * 11
    assert months[11] == Decimal("8.37")
    assert sum(months) == Decimal(100)


def test_monthly_plan_actual_flags_overruns_to_date_only(world: World) -> None:
    phasing = [Decimal(0)] * 12
    phasing[0], phasing[5] = Decimal(100), Decimal(100)
    actions.save_budget_line(
        actor=None,
        year=2026,
        program=world.sales,
        category=C.DELIVERY,
        amount=Decimal(200),
        phasing=phasing,
    )
    book(date(2026, 1, 9), C.DELIVERY, "150", world.sales)
    book(date(2026, 6, 9), C.DELIVERY, "400", world.sales)
    months = ledger.monthly_plan_actual(2026, world.sales.pk, today=date(2026, 3, 15))
    assert [m.plan for m in months[:2]] == [Decimal("100.00"), Decimal("0.00")]
    assert months[0].overrun == Decimal("50.00")
    # February: Ann's hour at 28 with no plan is an overrun too
    assert months[1].actual == Decimal("28.00")
    assert months[1].overrun == Decimal("28.00")
    assert months[5].overrun == Decimal("0.00")  # June is not to date yet
    assert months[5].actual == Decimal("400.00")
