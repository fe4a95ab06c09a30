"""The absorbed two-way design against the same regressions with explicit dummies."""

from __future__ import annotations

import numpy as np

from mainspring.impact.absorb import TwoWayDesign


def unbalanced_panel(seed: int, n_units: int = 40, n_periods: int = 10, n_cells: int = 3):
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    keep = rng.random(len(unit)) > 0.25
    unit, period = unit[keep], period[keep]
    cell = rng.integers(0, n_cells, n_units)
    value = rng.normal(size=len(unit)) + unit * 0.1 + period * cell[unit]
    return unit, period, cell, value


def test_fitted_values_match_ols_with_unit_and_cell_by_period_dummies():
    unit, period, cell, value = unbalanced_panel(seed=1)
    design = TwoWayDesign(unit, cell[unit] * 10 + period, 40, 10, 3)

    alpha, theta = design.project(value)

    # the dummies are collinear (one per cell), so a minimum-norm dense least squares
    dense = np.zeros((len(unit), 40 + 30))
    dense[np.arange(len(unit)), unit] = 1
    dense[np.arange(len(unit)), 40 + cell[unit] * 10 + period] = 1
    coef = np.linalg.lstsq(dense, value, rcond=None)[0]
    fitted = alpha[unit] + theta[cell[unit] * 10 + period]
    np.testing.assert_allclose(fitted, dense @ coef, atol=1e-9)


def test_solve_gives_the_normal_equations_solution_for_any_right_hand_side():
    unit, period, cell, _ = unbalanced_panel(seed=2)
    column = cell[unit] * 10 + period
    design = TwoWayDesign(unit, column, 40, 10, 3)
    dense = np.zeros((len(unit), 40 + 30))
    dense[np.arange(len(unit)), unit] = 1
    dense[np.arange(len(unit)), 40 + column] = 1
    # a right-hand side of the form Z'w, as the variance weights use
    weights = np.random.default_rng(3).normal(size=len(unit))
    rhs = dense.T @ weights

    alpha, theta = design.solve(rhs[:40], rhs[40:])

    gamma = np.concatenate([alpha, theta])
    np.testing.assert_allclose(dense.T @ dense @ gamma, rhs, atol=1e-9)


def test_a_cell_period_nobody_unexposed_was_observed_in_is_not_estimable():
    # units 0-1 observed in periods 0-2; unit 2 (another cell) only in period 0
    unit = np.array([0, 0, 0, 1, 1, 1, 2])
    period = np.array([0, 1, 2, 0, 1, 2, 0])
    cell = np.array([0, 0, 1])
    design = TwoWayDesign(unit, cell[unit] * 3 + period, 3, 3, 2)

    asked_unit = np.array([0, 2, 2])
    asked_column = np.array([2, 3 + 0, 3 + 2])

    assert design.estimable(asked_unit, asked_column).tolist() == [True, True, False]


def test_leverage_is_the_diagonal_of_the_hat_matrix():
    unit, period, cell, _ = unbalanced_panel(seed=4)
    column = cell[unit] * 10 + period
    design = TwoWayDesign(unit, column, 40, 10, 3)
    dense = np.zeros((len(unit), 40 + 30))
    dense[np.arange(len(unit)), unit] = 1
    dense[np.arange(len(unit)), 40 + column] = 1
    hat = dense @ np.linalg.pinv(dense.T @ dense) @ dense.T

    np.testing.assert_allclose(design.leverage(), np.diag(hat), atol=1e-9)
