"""The simulation study: bias and interval coverage over repeated draws.

Quick by default (about 100 draws per design). For the full study set
``MAINSPRING_IMPACT_DRAWS`` (e.g. 2000): the same assertions then hold with tighter
Monte Carlo error.

Truth in each draw is the draw's own average effect over its exposed unit-periods (the
estimand), so coverage is about the estimator, not about sampling new units.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from mainspring.impact.estimators import estimate_impact
from tests.impact.simulate import inside, staggered_panel

DRAWS = int(os.environ.get("MAINSPRING_IMPACT_DRAWS", "100"))


@dataclass
class Study:
    errors: np.ndarray
    std_errors: np.ndarray
    covered: np.ndarray
    pre_trend_rejected: np.ndarray
    horizon_covered: np.ndarray
    truth: float

    @property
    def bias(self) -> float:
        return float(self.errors.mean())

    @property
    def bias_mc_error(self) -> float:
        return float(self.errors.std(ddof=1) / math.sqrt(len(self.errors)))

    @property
    def coverage(self) -> float:
        return float(self.covered.mean())

    def coverage_bounds(self, nominal: float = 0.95) -> tuple[float, float]:
        """Nominal coverage +- 3.5 Monte Carlo standard errors (and 1 at most)."""
        spread = 3.5 * math.sqrt(nominal * (1 - nominal) / len(self.covered))
        return nominal - spread, min(1.0, nominal + spread)


def run_study(seed: int, draws: int, **design: Any) -> Study:
    rng = np.random.default_rng(seed)
    errors, ses, covered, rejected, horizons, truths = [], [], [], [], [], []
    for _ in range(draws):
        draw = staggered_panel(rng, **design)
        result = estimate_impact(draw.panel)
        assert result.estimate is not None
        errors.append(result.estimate - draw.true_att)
        ses.append(result.std_error)
        covered.append(inside(result.ci_low, draw.true_att, result.ci_high))
        rejected.append(result.pre_trend_p_value is not None and result.pre_trend_p_value < 0.05)
        horizons += [
            inside(p.ci_low, draw.true_by_horizon[p.relative_period], p.ci_high)
            for p in result.event_study
            if p.relative_period >= 0
        ]
        truths.append(draw.true_att)
    return Study(
        np.array(errors),
        np.array(ses),
        np.array(covered),
        np.array(rejected),
        np.array(horizons),
        float(np.mean(truths)),
    )


STAGGERED = {
    "n_units": 150,
    "n_periods": 20,
    "cohorts": (6, 10, 14),
    "share_never": 0.3,
    "growth": 0.15,
    "cohort_effect": -0.3,
    "confound": 2.0,
}


def assert_sound(study: Study) -> None:
    low, high = study.coverage_bounds()
    assert abs(study.bias) < max(0.02 * abs(study.truth), 3.5 * study.bias_mc_error)
    assert low <= study.coverage <= high
    # the standard error matches the spread of the estimates (not just wide enough)
    assert 0.8 < study.std_errors.mean() / study.errors.std(ddof=1) < 1.25


def test_staggered_growing_heterogeneous_effects_with_confounded_selection():
    study = run_study(seed=100, draws=DRAWS, **STAGGERED)

    assert_sound(study)
    # event-study intervals, pooled over horizons
    assert study.horizon_covered.mean() >= study.coverage_bounds()[0]
    # the pre-trend test rejects at about its nominal 5% when trends are parallel
    assert study.pre_trend_rejected.mean() <= 0.05 + 3.5 * math.sqrt(0.05 * 0.95 / DRAWS)


def test_null_effect_intervals_cover_zero_at_the_nominal_rate():
    design = {**STAGGERED, "effect": 0.0, "growth": 0.0, "cohort_effect": 0.0}
    study = run_study(seed=200, draws=DRAWS, **design)

    assert study.truth == 0.0
    assert_sound(study)


def test_few_sites_with_noisy_counts_keep_their_coverage():
    # thirty sites, as for incidents by depot: few clusters, t intervals
    design = {"n_units": 30, "n_periods": 24, "cohorts": (10, 16), "noise": 2.0}
    study = run_study(seed=300, draws=DRAWS, **design)

    low, high = study.coverage_bounds()
    assert low <= study.coverage <= high
    assert abs(study.bias) < 3.5 * study.bias_mc_error


@pytest.mark.parametrize("heterogeneity", [0.0, 1.0])
def test_covariate_cells_with_selection_on_trending_cells(heterogeneity):
    # with unit-level effect heterogeneity the variance is conservative by design (BJS),
    # so coverage may exceed the nominal rate but must not fall below it
    design = {
        **STAGGERED,
        "cells": 3,
        "cell_trend": 2.0,
        "select_on_cell": 0.3,  # every cell keeps never-exposed units
        "unit_effect_sd": heterogeneity,
    }
    study = run_study(seed=400, draws=DRAWS, **design)

    low, high = study.coverage_bounds()
    assert abs(study.bias) < max(0.02 * abs(study.truth), 3.5 * study.bias_mc_error)
    assert study.coverage >= low
    if not heterogeneity:
        assert study.coverage <= high
