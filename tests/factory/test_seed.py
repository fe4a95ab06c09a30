"""The factory's part of the demo: rates, two years of budgets and costs, one overrun."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import factory
from mainspring.factory import ledger
from mainspring.factory.models import BudgetLine, CostCategory, CostEntry, LoadedRate

TODAY = date(2026, 11, 1)
PEOPLE = 300


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    kept: dict[str, Any] = {}
    original = factory.seed

    def keep(ctx: SeedContext) -> None:
        original(ctx)
        kept.update(ctx.registry)

    at = seed_module.SEEDERS.index(original)
    seed_module.SEEDERS[at] = keep
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            seed_demo(PEOPLE, 42, today=TODAY)
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
