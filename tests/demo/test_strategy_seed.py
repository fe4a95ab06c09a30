import random
from datetime import date
from statistics import mean

import pytest

from mainspring.demo import blueprint
from mainspring.demo.seed import SeedContext
from mainspring.demo.seeders import org, strategy
from mainspring.org.models import Person
from mainspring.strategy.models import KPI, BusinessGoal, Observation

TODAY = date(2025, 6, 1)
PEOPLE = 300


@pytest.fixture
def ctx(db: None) -> SeedContext:
    context = SeedContext(rng=random.Random(1), people=PEOPLE, seed=42, today=TODAY)
    org.seed(context)
    strategy.seed(context)
    return context


def _months(first: date, count: int) -> list[date]:
    return [strategy.add_months(first, i) for i in range(count)]


def test_every_kpi_has_three_years_of_values_up_to_last_month(ctx):
    kpis = {k.code: k for k in KPI.objects.all()}

    assert set(kpis) == {spec.code for spec in strategy.KPIS}
    assert ctx.registry["kpi_ids"] == {code: k.pk for code, k in kpis.items()}
    for kpi in kpis.values():
        periods = list(kpi.observations.values_list("period", flat=True))
        assert periods, kpi.code
        assert max(periods) < TODAY
        assert min(periods) >= date(2022, 6, 1)
    assert ctx.registry["kpi_months"] == (date(2022, 6, 1), date(2025, 5, 1))
    monthly = Observation.objects.filter(kpi__code=strategy.SAFETY_KPI)
    assert monthly.filter(period=date(2025, 5, 1)).exists()


def test_observations_belong_to_the_units_the_kpi_is_measured_by(ctx):
    registry = ctx.registry
    depots = set(registry["depot_codes"])
    by_code = {
        code: set(
            Observation.objects.filter(kpi__code=code).values_list("org_unit__code", flat=True)
        )
        for code in (strategy.SAFETY_KPI, strategy.PICKING_KPI, strategy.COMPLAINTS_KPI)
    }
    assert by_code[strategy.SAFETY_KPI] == depots
    assert by_code[strategy.PICKING_KPI] == set(registry["warehouse_codes"])
    # complaints are counted per customer-service agent team, each inside a service department
    teams = by_code[strategy.COMPLAINTS_KPI]
    assert teams == set(strategy.service_teams(registry["org"]))
    assert len(teams) >= 2
    assert all(code.rsplit("-T", 1)[0] in strategy.SERVICE_DEPARTMENTS for code in teams)

    reps = Observation.objects.filter(kpi__code=strategy.REVENUE_KPI)
    assert not reps.filter(person__isnull=True).exists()
    assert set(reps.values_list("person__job_role__name", flat=True)) == {
        blueprint.ACCOUNT_EXECUTIVE
    }
    audit = Observation.objects.filter(kpi__code=strategy.AUDIT_KPI)
    assert not audit.filter(org_unit__isnull=False).exists()
    assert {p.month for p in audit.values_list("period", flat=True)} <= {1, 4, 7, 10}


def test_values_stay_in_a_believable_range(ctx):
    ranges = {
        strategy.SAFETY_KPI: (0.3, 4.0),
        strategy.PICKING_KPI: (0.2, 2.5),
        strategy.REVENUE_KPI: (10_000, 150_000),
        strategy.FCR_KPI: (55.0, 85.0),
        strategy.AUDIT_KPI: (2, 20),
    }
    for code, (low, high) in ranges.items():
        values = list(Observation.objects.filter(kpi__code=code).values_list("value", flat=True))
        assert low <= min(values), code
        assert max(values) <= high, code


def test_the_new_site_reports_nothing_before_it_opened(ctx):
    site = ctx.registry["new_site_code"]
    opened = strategy.first_full_month(ctx.registry["new_site_opened"])
    values = Observation.objects.filter(org_unit__code=site)

    assert values.exists()
    assert not values.filter(period__lt=opened).exists()
    assert values.filter(kpi__code=strategy.SAFETY_KPI).count() >= 12


def test_a_few_months_are_missing(ctx):
    safety = Observation.objects.filter(kpi__code=strategy.SAFETY_KPI)
    old_depots = len(ctx.registry["depot_codes"]) - 1
    new_months = blueprint.NEW_SITE_AGE_MONTHS

    assert safety.count() < old_depots * strategy.HISTORY_MONTHS + new_months
    assert safety.count() > 0.9 * (old_depots * strategy.HISTORY_MONTHS + new_months)


def test_kpis_leave_findings_for_the_strategy_checks(ctx):
    assert list(KPI.objects.filter(unit_value__isnull=True).values_list("code", flat=True)) == [
        strategy.FCR_KPI
    ]
    assert list(KPI.objects.filter(target__isnull=True).values_list("code", flat=True)) == [
        strategy.TURNOVER_KPI
    ]
    for kpi in KPI.objects.exclude(code=strategy.FCR_KPI):
        assert kpi.unit_value_source
        assert kpi.data_source
        assert kpi.baseline is not None
        assert kpi.baseline_period is not None


def test_goals_are_linked_to_kpis_and_sponsored_but_one(ctx):
    goals = BusinessGoal.objects.prefetch_related("kpis")

    assert goals.count() == 6
    assert set(ctx.registry["goal_ids"].values()) == {g.pk for g in goals}
    assert all(g.kpis.exists() and g.owner_id for g in goals)
    unsponsored = goals.filter(sponsor__isnull=True).get()
    assert unsponsored.pk == ctx.registry["goal_ids"][strategy.COMPLIANCE_GOAL]
    safety = BusinessGoal.objects.get(pk=ctx.registry["goal_ids"][strategy.SAFETY_GOAL])
    assert [k.code for k in safety.kpis.all()] == [strategy.SAFETY_KPI]
    assert safety.sponsor == Person.objects.get(hris_id=ctx.registry["org"].key_people.coo)
    assert set(KPI.objects.filter(goals__isnull=False).values_list("code", flat=True)) == {
        spec.code for spec in strategy.KPIS
    }


def test_a_series_is_the_same_for_the_same_seed():
    months = _months(date(2022, 1, 1), 36)
    shape = strategy.INCIDENTS.shape

    first = strategy.monthly_series(shape, months, random.Random(7))
    again = strategy.monthly_series(shape, months, random.Random(7))
    other = strategy.monthly_series(shape, months, random.Random(8))

    assert first == again
    assert first != other


def test_incidents_peak_before_year_end():
    months = _months(date(2022, 1, 1), 36)
    rng = random.Random(3)
    values = [
        v
        for _ in range(10)
        for v in strategy.monthly_series(strategy.INCIDENTS.shape, months, rng, missing=0.0)
    ]

    peak = [v for month, v in values if month.month in (11, 12)]
    assert mean(peak) > 1.1 * mean(v for _, v in values)


def test_a_series_skips_a_few_months_when_asked():
    months = _months(date(2022, 1, 1), 36)
    rng = random.Random(5)

    series = strategy.monthly_series(strategy.INCIDENTS.shape, months, rng, missing=0.5)

    assert 0 < len(series) < len(months)
