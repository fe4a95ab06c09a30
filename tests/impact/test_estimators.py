"""The estimators on panels with known effects, and against textbook computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from mainspring.impact.estimators import (
    IMPUTATION,
    TREND,
    estimate_from_frames,
    estimate_impact,
    twfe_estimate,
)
from mainspring.impact.panel import Panel
from tests.impact.simulate import inside, known, staggered_panel, without_cells


def make_panel(
    values: np.ndarray, first_exposed: list[int], cell: list[int] | None = None
) -> Panel:
    """A balanced panel from a units x periods array of values."""
    n_units, n_periods = values.shape
    return Panel(
        unit=np.repeat(np.arange(n_units), n_periods).astype(np.int64),
        period=np.tile(np.arange(n_periods), n_units).astype(np.int64),
        value=values.reshape(-1).astype(np.float64),
        unit_ids=tuple(f"u{i}" for i in range(n_units)),
        period_labels=tuple(f"p{t}" for t in range(n_periods)),
        first_exposed=np.array(first_exposed, dtype=np.int64),
        cell=np.array(cell or [0] * n_units, dtype=np.int64),
        cell_labels=tuple(f"c{c}" for c in range(max(cell or [0]) + 1)),
        notes=(),
    )


def covers(estimate, truth: float) -> bool:
    return inside(estimate.ci_low, truth, estimate.ci_high)


def test_recovers_a_staggered_effect_that_grows_and_differs_by_cohort_where_twfe_fails():
    # given: early, middle and late cohorts, few never-exposed units, effects growing 0.2
    # a period and smaller for later cohorts
    draw = staggered_panel(
        np.random.default_rng(0),
        n_units=300,
        cohorts=(4, 10, 16),
        share_never=0.1,
        growth=0.2,
        cohort_effect=-0.3,
    )

    # when
    ours = estimate_impact(draw.panel)
    twfe, twfe_se = twfe_estimate(draw.panel)

    # then
    assert ours.method == IMPUTATION
    assert ours.evidence_grade == "B"
    assert covers(ours, draw.true_att)
    assert abs(known(ours.estimate) - draw.true_att) < 0.05 * draw.true_att
    # TWFE uses exposed units as comparisons and lands far below the truth
    assert (twfe - draw.true_att) / draw.true_att < -0.3
    assert twfe + 1.96 * twfe_se < draw.true_att


def test_the_event_study_follows_the_true_effect_by_period_since_exposure():
    draw = staggered_panel(np.random.default_rng(1), n_units=400, growth=0.2)

    result = estimate_impact(draw.panel)

    post = {p.relative_period: p for p in result.event_study if p.relative_period >= 0}
    assert set(post) == set(draw.true_by_horizon)
    # horizons share each unit's estimated level, so their errors move together: the
    # coverage of each horizon's interval is checked over many draws in test_simulation
    for h, point in post.items():
        assert abs(point.estimate - draw.true_by_horizon[h]) < 4 * known(point.std_error)
    horizons = sorted(post)
    slope = np.polyfit(horizons, [post[h].estimate for h in horizons], 1)[0]
    true_slope = np.polyfit(horizons, [draw.true_by_horizon[h] for h in horizons], 1)[0]
    assert slope == pytest.approx(true_slope, abs=0.03)
    leads = [p for p in result.event_study if p.relative_period < 0]
    assert [p.relative_period for p in leads] == [-6, -5, -4, -3, -2, -1]
    assert result.pre_trend_p_value is not None
    assert result.pre_trend_p_value > 0.05


def test_a_program_without_effect_gets_an_interval_around_zero():
    draw = staggered_panel(np.random.default_rng(2), effect=0.0, growth=0.0, cohort_effect=0.0)

    result = estimate_impact(draw.panel)

    assert covers(result, 0.0)
    assert known(result.p_value) > 0.05


def test_confounded_selection_gives_the_naive_gap_the_wrong_sign_but_not_the_estimate():
    # struggling units (3 points lower) are the ones sent to training; it helps by ~1 point
    draw = staggered_panel(
        np.random.default_rng(3), effect=1.0, growth=0.0, cohort_effect=0.0, confound=3.0
    )

    result = estimate_impact(draw.panel)

    assert known(result.naive_estimate) < 0 < draw.true_att
    assert "naive" in result.naive_description
    assert covers(result, draw.true_att)


def test_covariates_compare_within_cells_when_exposure_follows_a_trending_cell():
    # regions trend differently and the fast-rising region is trained more
    draw = staggered_panel(
        np.random.default_rng(5), cells=3, cell_trend=2.0, select_on_cell=0.6, growth=0.0
    )

    ignoring = estimate_impact(without_cells(draw.panel))
    within = estimate_impact(draw.panel)

    assert not covers(ignoring, draw.true_att)
    assert known(ignoring.pre_trend_p_value) < 0.05
    assert any("pre-trend test fails" in w for w in ignoring.warnings)
    assert covers(within, draw.true_att)
    assert known(within.pre_trend_p_value) > 0.05


def test_point_estimate_equals_the_two_step_regression_with_explicit_dummies():
    draw = staggered_panel(np.random.default_rng(6), n_units=40, n_periods=10, cohorts=(4, 6))
    panel = draw.panel
    frame = pd.DataFrame({"y": panel.value, "u": panel.unit, "t": panel.period})
    first = panel.first_exposed[panel.unit]
    exposed = (first >= 0) & (panel.period >= first)

    first_stage = smf.ols("y ~ C(u) + C(t)", data=frame[~exposed]).fit()
    gaps = frame.y[exposed] - first_stage.predict(frame[exposed])

    assert estimate_impact(panel).estimate == pytest.approx(gaps.mean(), abs=1e-9)


def test_standard_error_is_bjs_conservative_variance_computed_with_dense_matrices():
    draw = staggered_panel(np.random.default_rng(7), n_units=60, n_periods=10, cohorts=(4, 6))
    panel = draw.panel
    result = estimate_impact(panel)

    # the same variance from its definition, with dense design matrices
    n, t = panel.n_units, panel.n_periods
    first = panel.first_exposed[panel.unit]
    exposed = (first >= 0) & (panel.period >= first)
    z = np.zeros((len(panel.unit), n + t))
    z[np.arange(len(panel.unit)), panel.unit] = 1
    z[np.arange(len(panel.unit)), n + panel.period] = 1
    z0, z1 = z[~exposed], z[exposed]
    y0, y1 = panel.value[~exposed], panel.value[exposed]
    gamma = np.linalg.lstsq(z0, y0, rcond=None)[0]
    tau = y1 - z1 @ gamma
    w1 = np.full(len(tau), 1 / len(tau))
    v0 = -z0 @ np.linalg.pinv(z0.T @ z0) @ z1.T @ w1
    hat = z0 @ np.linalg.pinv(z0.T @ z0) @ z0.T
    resid0 = (y0 - z0 @ gamma) / np.sqrt(1 - np.diag(hat))  # HC2-style rescaling
    gaps = pd.DataFrame(
        {"tau": tau, "g": first[exposed], "h": panel.period[exposed] - first[exposed]}
    )
    group = gaps.groupby(["g", "h"]).tau
    leave_out = (group.transform("sum") - gaps.tau) / (group.transform("count") - 1)
    resid1 = (gaps.tau - leave_out).to_numpy()
    per_unit = np.bincount(panel.unit[~exposed], v0 * resid0, minlength=n) + np.bincount(
        panel.unit[exposed], w1 * resid1, minlength=n
    )

    assert result.std_error == pytest.approx(math.sqrt(per_unit @ per_unit), rel=1e-9)


def test_pre_trend_leads_match_the_full_regression_in_statsmodels():
    draw = staggered_panel(np.random.default_rng(8), n_units=50, n_periods=12, cohorts=(6, 8))
    panel = draw.panel
    result = estimate_impact(panel, max_leads=3)

    first = panel.first_exposed[panel.unit]
    relative = panel.period - first
    frame = pd.DataFrame({"y": panel.value, "u": panel.unit, "t": panel.period})
    for k in (1, 2, 3):
        frame[f"lead{k}"] = ((first >= 0) & (relative == -k)).astype(float)
    untreated = frame[~((first >= 0) & (relative >= 0))]
    full = smf.ols("y ~ C(u) + C(t) + lead1 + lead2 + lead3", data=untreated).fit(
        cov_type="cluster", cov_kwds={"groups": untreated.u}
    )

    leads = {p.relative_period: p for p in result.event_study if p.relative_period < 0}
    for k in (1, 2, 3):
        assert leads[-k].estimate == pytest.approx(full.params[f"lead{k}"], abs=1e-9)
        # the unit effects are nested in the clusters, so the small-sample correction
        # counts only the leads (as reghdfe and fixest do); statsmodels counts every dummy
        n_obs = len(untreated)
        ratio = math.sqrt((n_obs - full.df_model - 1) / (n_obs - 3))
        assert leads[-k].std_error == pytest.approx(full.bse[f"lead{k}"] * ratio, rel=1e-6)


def test_bjs_two_unit_example_twfe_weights_and_what_imputation_can_identify():
    """BJS (2024) section 4.1: units A (exposed in period 2) and B (period 3), 3 periods.

    Static TWFE estimates tau_A2 + tau_B3 / 2 - tau_A3 / 2, a negative weight on the
    long-run effect; without never-exposed units only tau_A2 is identified.
    """
    tau_a2, tau_a3, tau_b3 = 1.0, 3.0, 2.0
    level = np.array([[5.0], [2.0]]) + np.array([[0.0, 1.0, -1.0]])  # unit + period effects
    values = level + np.array([[0.0, tau_a2, tau_a3], [0.0, 0.0, tau_b3]])
    panel = make_panel(values, [1, 2])

    twfe, _ = twfe_estimate(panel)
    ours = estimate_impact(panel, min_pre_periods=1)

    assert twfe == pytest.approx(tau_a2 + tau_b3 / 2 - tau_a3 / 2)
    assert ours.estimate == pytest.approx(tau_a2)
    assert any("2 exposed unit-periods" in w for w in ours.warnings)


def test_reproduces_the_did2s_example_design():
    """The heterogeneous-effects example of did2s (Butts & Gardner, R Journal 2022).

    Their ``gen_data``: 1,000 units in 40 states, 1990-2020, exposed in 2000 or 2010 or
    never, effects 2 + 0.05 and 2 + 0.15 per year since exposure, unit effects around
    state / 5, year shocks N(0, 1). Generated again here (their draw is R's); the
    estimate must recover the draw's true average effect, and TWFE must not.
    """
    rng = np.random.default_rng(2021)
    n, years = 1000, np.arange(1990, 2021)
    state = rng.integers(1, 41, n)
    unit_fe = rng.normal(state / 5, 1)
    group = rng.random(n)
    g = np.where(group < 0.33, 2000, np.where(group < 0.66, 2010, 0))
    slope = np.where(g == 2000, 0.05, np.where(g == 2010, 0.15, 0))
    year_fe = rng.normal(0, 1, len(years))
    exposed = (g[:, None] > 0) & (years[None, :] >= g[:, None])
    effect = np.where(exposed, 2 + slope[:, None] * (years[None, :] - g[:, None]), 0.0)
    values = unit_fe[:, None] + year_fe[None, :] + effect + rng.normal(0, 1, (n, len(years)))
    first = np.where(g > 0, g - 1990, -1)
    panel = make_panel(values, first.tolist())
    truth = effect[exposed].mean()

    result = estimate_impact(panel)
    twfe, twfe_se = twfe_estimate(panel)

    assert truth == pytest.approx(2.59, abs=0.02)  # 2.5 over 21 years, 2.75 over 11
    assert covers(result, truth)
    assert known(result.std_error) < 0.05
    assert abs(twfe - truth) > 4 * twfe_se


def test_no_exposed_unit_is_refused():
    panel = make_panel(np.ones((3, 6)), [-1, -1, -1])

    result = estimate_impact(panel)

    assert result.refused
    assert result.evidence_grade is None
    assert "No unit was exposed" in result.warnings[-1]


def test_too_few_periods_before_exposure_is_refused_and_short_units_are_left_out():
    values = np.random.default_rng(9).normal(size=(4, 8))

    refused = estimate_impact(make_panel(values, [2, 1, -1, -1]))
    partial = estimate_impact(make_panel(values, [2, 4, -1, -1]))

    assert refused.refused
    assert "Too few periods before exposure" in refused.warnings[-1]
    assert partial.n_units_exposed == 1
    assert any("fewer than 3 periods" in w for w in partial.warnings)


def test_no_overlap_within_cells_is_refused():
    # the exposed units are all in cell 1, which has no unexposed unit
    values = np.random.default_rng(10).normal(size=(4, 8))

    result = estimate_impact(make_panel(values, [4, 4, -1, -1], cell=[1, 1, 0, 0]))

    assert result.refused
    assert "No overlap" in result.warnings[-1]
    assert "fewer covariates" in result.warnings[-1]


def test_when_everyone_is_exposed_at_once_auto_falls_back_to_a_labelled_trend_line():
    # 10 units on a common linear trend, all exposed in period 6, effect 2
    rng = np.random.default_rng(11)
    trend = 0.5 * np.arange(12)
    values = rng.normal(0, 1, (10, 1)) + trend + np.where(np.arange(12) >= 6, 2.0, 0.0)
    values = values + rng.normal(0, 0.2, values.shape)
    panel = make_panel(values, [6] * 10)

    fallback = estimate_impact(panel)
    refused = estimate_impact(panel, method="imputation")

    assert fallback.method == TREND
    assert fallback.evidence_grade == "D"
    assert fallback.warnings[0].startswith("TREND-LINE ESTIMATE (grade D)")
    assert any("Falling back to the trend line" in w for w in fallback.warnings)
    assert covers(fallback, 2.0)
    assert fallback.n_units_comparison == 0
    assert refused.refused
    assert "No comparison" in refused.warnings[-1]


def test_the_trend_line_runs_only_when_asked_if_comparisons_exist():
    draw = staggered_panel(np.random.default_rng(12))

    assert estimate_impact(draw.panel).method == IMPUTATION
    assert estimate_impact(draw.panel, method="trend").evidence_grade == "D"


def test_without_never_exposed_units_late_periods_are_left_out_and_said_so():
    draw = staggered_panel(np.random.default_rng(13), share_never=0.0, cohorts=(6, 12))

    result = estimate_impact(draw.panel)

    assert not result.refused
    assert any("No unit stayed unexposed" in w for w in result.warnings)
    assert any("were left out" in w for w in result.warnings)
    assert max(p.relative_period for p in result.event_study) == 5


def test_site_level_count_kpi_with_few_sites():
    # 30 sites, monthly incident counts (Poisson around 12), half trained in month 12 or 18,
    # training removes 3 incidents a month
    rng = np.random.default_rng(14)
    sites, months = 30, 24
    base = rng.uniform(8, 16, (sites, 1)) + np.sin(np.arange(months) / 2)[None, :]
    first = np.array([12] * 8 + [18] * 7 + [-1] * 15)
    exposed = (first[:, None] >= 0) & (np.arange(months)[None, :] >= first[:, None])
    counts = rng.poisson(np.clip(base - 3.0 * exposed, 0.5, None)).astype(float)

    result = estimate_impact(make_panel(counts, first.tolist()))

    assert result.n_units_exposed == 15
    assert covers(result, -3.0)
    assert known(result.ci_high) < 0


def test_estimate_from_frames_builds_the_panel_first():
    kpi = pd.DataFrame(
        [
            (u, f"2024-{m:02d}", float(m + (2 if u == "a" and m >= 5 else 0)))
            for u in "abc"
            for m in range(1, 9)
        ],
        columns=["unit_id", "period", "value"],
    )
    exposures = pd.DataFrame({"unit_id": ["a"], "exposed_on": ["2024-04-20"]})

    result = estimate_from_frames(kpi, exposures)

    assert result.estimate == pytest.approx(2.0)
    assert result.n_units_exposed == 1
    assert result.n_units_comparison == 2
    assert [p.newly_exposed for p in result.series] == [0, 0, 0, 0, 1, 0, 0, 0]


def test_one_exposed_unit_gets_an_estimate_but_no_interval():
    # given: two units (two departments, say), one exposed from period 8 with effect -1;
    # its leave-out residuals have no other exposed unit, so a variance would be ~0
    rng = np.random.default_rng(3)
    values = 5 + rng.normal(0, 0.3, size=(2, 14))
    values[0, 8:] -= 1.0

    # when
    result = estimate_impact(make_panel(values, [8, -1]))

    # then: the point estimate, but no zero-width interval passed off as certainty
    assert result.estimate is not None
    assert result.estimate < 0
    assert result.std_error is None
    assert result.ci_low is None
    assert result.ci_high is None
    assert all(
        point.std_error is None for point in result.event_study if point.relative_period >= 0
    )
    assert any("One exposed unit" in warning for warning in result.warnings)


def _half_width_in_se(values: np.ndarray, first_exposed: list[int]) -> tuple[float, int]:
    result = estimate_impact(make_panel(values, first_exposed))
    assert result.std_error is not None
    assert result.ci_high is not None
    assert result.estimate is not None
    n_units = values.shape[0]
    return (result.ci_high - result.estimate) / result.std_error, n_units


def test_interval_widens_when_one_comparison_unit_carries_the_late_periods():
    # Seven sites, six trained within a few months at the end, one never: the last
    # periods are compared with that one site alone, so the variance rests on few
    # clusters and t with (clusters - 1) df would be too narrow (about 77% coverage in
    # simulation); the effective number of clusters widens the interval.
    rng = np.random.default_rng(3)
    values = rng.normal(1.0, 0.1, size=(7, 36))
    first = [-1, 32, 32, 33, 33, 34, 34]

    half, n_units = _half_width_in_se(values, first)

    assert half > float(stats.t.ppf(0.975, n_units - 1)) + 1.0


def test_interval_keeps_clusters_minus_one_df_on_a_balanced_design():
    rng = np.random.default_rng(4)
    values = rng.normal(1.0, 0.1, size=(40, 24))
    first = [-1] * 16 + [10 + (u % 6) for u in range(24)]

    half, n_units = _half_width_in_se(values, first)

    assert half == pytest.approx(float(stats.t.ppf(0.975, n_units - 1)), rel=0.02)
