"""The report arithmetic, without a database: YTD, plan to date, forecasts, % of plan."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.reports.tdrp import (
    Aggregation,
    Amount,
    ForecastRule,
    Status,
    combine,
    forecast,
    line,
    pct_of,
    plan_figures,
    spread_evenly,
    status,
)

SUM, RATIO, LATEST = Aggregation.SUM, Aggregation.RATIO, Aggregation.LATEST


def test_rates_combine_from_numerators_not_by_averaging_months() -> None:
    # January 9 of 10 completed (90%), February 10 of 100 (10%): the quarter is 19/110,
    # not the 50% an average of the two monthly rates would say.
    months = [Amount(9, 10, 100), Amount(10, 100, 100)]
    assert combine(months).value == pytest.approx(19 / 110 * 100)
    assert combine(months).value != pytest.approx(50)


def test_sums_combine_by_adding() -> None:
    assert combine([Amount(3), Amount(4.5)]).value == 7.5
    assert combine([]).value == 0


def test_a_ratio_over_nothing_has_no_value() -> None:
    assert Amount(0, 0, 100).value is None


def test_monthly_plans_add_up_for_sums() -> None:
    plan = plan_figures({1: 10, 2: 20, 3: 30, 4: 40}, None, 2, SUM)
    assert plan is not None
    assert (plan.year, plan.to_date, plan.rest) == (100, 30, 70)


def test_an_annual_sum_plan_is_due_pro_rata() -> None:
    plan = plan_figures({}, 1200, 3, SUM)
    assert plan is not None
    assert (plan.year, plan.to_date, plan.rest) == (1200, 300, 900)


def test_monthly_targets_of_a_rate_are_averaged_not_added() -> None:
    plan = plan_figures({1: 80, 2: 90, 3: 70}, None, 2, RATIO)
    assert plan is not None
    assert plan.year == pytest.approx(80)
    assert plan.to_date == pytest.approx(85)
    assert plan.rest == pytest.approx(70)


def test_monthly_entries_win_over_an_annual_one() -> None:
    plan = plan_figures({1: 5}, 999, 1, SUM)
    assert plan is not None
    assert plan.year == 5


def test_no_plan_at_all_is_none() -> None:
    assert plan_figures({}, None, 6, SUM) is None


def test_month_must_be_1_to_12() -> None:
    with pytest.raises(ValueError, match="1-12"):
        plan_figures({}, 10, 13, SUM)


def test_forecast_is_ytd_plus_plan_for_the_rest_of_the_year() -> None:
    plan = plan_figures({}, 1200, 3, SUM)
    # 400 by March against 300 planned: on plan from here, the year ends at 400 + 900.
    assert forecast(400, 3, plan, SUM) == (1300, ForecastRule.PLAN)


def test_without_a_plan_the_forecast_is_the_run_rate() -> None:
    assert forecast(400, 3, None, SUM) == (1600, ForecastRule.RUN_RATE)


def test_a_rate_forecast_blends_ytd_and_plan_by_months() -> None:
    plan = plan_figures({}, 90, 3, RATIO)
    value, rule = forecast(70, 3, plan, RATIO)
    assert value == pytest.approx((70 * 3 + 90 * 9) / 12)
    assert rule is ForecastRule.PLAN


def test_a_rate_without_plan_carries_on() -> None:
    assert forecast(70, 3, None, RATIO) == (70, ForecastRule.RUN_RATE)


def test_in_december_the_forecast_is_the_actual() -> None:
    plan = plan_figures({}, 1200, 12, SUM)
    assert forecast(1100, 12, plan, SUM) == (1100, ForecastRule.PLAN)


def test_latest_values_are_not_extrapolated() -> None:
    assert forecast(76.0, 2, None, LATEST) == (76.0, ForecastRule.LATEST)


def test_no_actual_no_forecast() -> None:
    assert forecast(None, 5, None, SUM) == (None, ForecastRule.NONE)


def test_pct_of_plan() -> None:
    assert pct_of(450, 300) == 150
    assert pct_of(-0.46, -0.5) == pytest.approx(92)
    assert pct_of(1, 0) is None
    assert pct_of(None, 10) is None
    assert pct_of(-30, 25) is None  # opposite signs: no meaningful share


def test_status_follows_the_direction_of_good() -> None:
    assert status(110, 100, higher_is_better=True) is Status.AHEAD
    assert status(110, 100, higher_is_better=False) is Status.BEHIND
    assert status(101, 100, higher_is_better=True) is Status.ON_PLAN
    assert status(None, 100, higher_is_better=True) is Status.UNKNOWN
    assert status(5, None, higher_is_better=True) is Status.UNKNOWN


def test_status_of_signed_effects_reads_the_direction() -> None:
    # a fall in incidents (lower is better) smaller than planned, or a rise, is behind
    assert status(-0.46, -0.5, higher_is_better=False) is Status.BEHIND
    assert status(0.29, -0.6, higher_is_better=False) is Status.BEHIND
    assert status(-0.8, -0.5, higher_is_better=False) is Status.AHEAD
    assert status(-375, 5500, higher_is_better=True) is Status.BEHIND


def test_opposite_signs_leave_the_percentage_empty_with_the_reason() -> None:
    row = line(
        last_year=None, ytd=-30.0, plan=plan_figures({}, 25, 6, LATEST), month=6,
        aggregation=LATEST, higher_is_better=True,
    )  # fmt: skip
    assert row.ytd_pct is None
    assert row.reasons["ytd_pct"] == "Actual and plan have opposite signs: compare the figures"
    assert row.status is Status.BEHIND


def test_a_line_compares_ytd_with_the_plan_for_the_same_months() -> None:
    row = line(
        last_year=1000.0,
        ytd=400.0,
        plan=plan_figures({}, 1200, 3, SUM),
        month=3,
        aggregation=SUM,
        higher_is_better=True,
    )
    assert row.plan == 1200
    assert row.ytd_plan == 300
    assert row.ytd_pct == pytest.approx(400 / 300 * 100)
    assert row.forecast == 1300
    assert row.forecast_pct == pytest.approx(1300 / 1200 * 100)
    assert row.status is Status.AHEAD
    assert row.reasons == {}


def test_a_line_without_plan_says_why_its_cells_are_empty() -> None:
    row = line(last_year=None, ytd=40.0, plan=None, month=4, aggregation=SUM, higher_is_better=True)
    assert row.reasons["plan"] == "No plan entered for this year"
    assert row.reasons["ytd_pct"] == "No plan entered for this year"
    assert row.reasons["forecast_pct"] == "No plan entered for this year"
    assert row.reasons["last_year"] == "No data for this period"
    assert row.forecast == 120
    assert row.rule is ForecastRule.RUN_RATE


def test_spreading_a_rate_repeats_the_target() -> None:
    assert set(spread_evenly(85, RATIO).values()) == {85}


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_spreading_a_sum_keeps_the_total(total: float) -> None:
    months = spread_evenly(total, SUM)
    assert sorted(months) == list(range(1, 13))
    assert sum(months.values()) == pytest.approx(round(total, 2), abs=0.011)


def test_a_known_reason_for_a_missing_actual_carries_to_the_columns_after_it() -> None:
    row = line(
        last_year=None, ytd=None, plan=plan_figures({}, 50, 4, RATIO), month=4,
        aggregation=RATIO, higher_is_better=True, ytd_reason="No responses in this period",
    )  # fmt: skip
    assert row.reasons["ytd"] == "No responses in this period"
    assert row.reasons["ytd_pct"] == "No responses in this period"
    assert row.reasons["forecast"] == "No responses in this period"
    assert row.reasons["last_year"] == "No data for this period"
