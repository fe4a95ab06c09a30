"""Unit fixed effects plus cell-by-period effects, absorbed rather than expanded.

The imputation estimator fits ``y_it = a_i + b_{c(i),t}`` on the unexposed
observations (unit effects ``a``; period effects ``b`` per covariate cell ``c``, one
cell when there are no covariates). With 100,000 people a design matrix of unit
dummies does not fit in memory (pyfixest's two-stage DiD ran out of memory there), so
the unit effects are eliminated exactly instead (Frisch-Waugh-Lovell, a Schur
complement): with ``U`` the unit incidence and ``X`` the cell-period incidence, the
normal equations ::

    [U'U  U'X] [a]   [bu]
    [X'U  X'X] [b] = [bx]

give ``(X'X - X'U (U'U)^-1 U'X) b = bx - X'U (U'U)^-1 bu`` and then
``a = (U'U)^-1 (bu - U'X b)``. The matrix on the left is block-diagonal, one
``T x T`` block per cell (a unit belongs to one cell), built once with scipy's sparse
products and pseudo-inverted per block with NumPy; each later solve is a few sparse
products over the observations. That solves the normal equations for *any* right-hand
side, which the imputation estimator needs twice: ``bu, bx = Z'y`` fits the model, and
``bu, bx = Z1'w`` gives the weights that Borusyak, Jaravel & Spiess's variance puts on
the unexposed observations (their Stata ``did_imputation`` gets the same weights by
iterating; here they are exact).

The pseudo-inverse picks one solution where the effects are not separately
identified (a constant can move between ``a`` and ``b``); fitted values ``a_i + b_ct``
are unique wherever they are estimable, which :meth:`TwoWayDesign.estimable` checks
through the connected components of the unit-period graph.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import csgraph

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Relative cut-off for the pseudo-inverse of the per-cell blocks: their null space is
# exact (one dimension per connected component), the rest is well above this.
PINV_RCOND = 1e-10


def weighted_sums(codes: IntArray, weights: FloatArray, length: int) -> FloatArray:
    """Sum of ``weights`` by code (``np.bincount`` with weights, typed as floats)."""
    return np.bincount(codes, weights=weights, minlength=length).astype(np.float64, copy=False)


class TwoWayDesign:
    """Unit effects plus cell-by-period effects on a set of observations.

    Args:
        unit: unit code of each observation (0 .. n_units-1).
        column: cell-by-period column of each observation, ``cell * n_periods + period``.
        n_units: number of unit codes.
        n_periods: periods per cell.
        n_cells: number of cells.
    """

    def __init__(
        self, unit: IntArray, column: IntArray, n_units: int, n_periods: int, n_cells: int
    ) -> None:
        self.unit = unit
        self.column = column
        self.n_units = n_units
        self.n_periods = n_periods
        self.n_cells = n_cells
        n_columns = n_periods * n_cells
        self.unit_count = np.bincount(unit, minlength=n_units).astype(np.float64)
        self.column_count = np.bincount(column, minlength=n_columns).astype(np.float64)
        self.inv_unit_count = np.divide(
            1.0,
            self.unit_count,
            out=np.zeros(n_units, dtype=np.float64),
            where=self.unit_count > 0,
        )
        ones = np.ones(len(unit), dtype=np.float64)
        # U'X: which cell-periods each unit is observed in (0/1, one row per unit).
        self.incidence = sparse.csr_matrix((ones, (unit, column)), shape=(n_units, n_columns))
        scaled = sparse.diags(np.sqrt(self.inv_unit_count)) @ self.incidence
        schur = sparse.diags(self.column_count) - (scaled.T @ scaled)
        coo = schur.tocoo()
        blocks = np.zeros((n_cells, n_periods, n_periods), dtype=np.float64)
        rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
        np.add.at(blocks, (rows // n_periods, rows % n_periods, cols % n_periods), coo.data)
        self._block_inverse = np.linalg.pinv(blocks, rcond=PINV_RCOND, hermitian=True)
        self._components: IntArray | None = None

    def solve(self, b_unit: FloatArray, b_column: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Solve the normal equations for the right-hand side ``(bu, bx)``.

        Returns:
            The unit effects and the cell-by-period effects.
        """
        rhs = b_column - self.incidence.T @ (b_unit * self.inv_unit_count)
        theta = np.einsum(
            "kij,kj->ki", self._block_inverse, rhs.reshape(self.n_cells, self.n_periods)
        ).reshape(-1)
        alpha = (b_unit - self.incidence @ theta) * self.inv_unit_count
        return alpha, theta

    def project(self, values: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Least-squares fit of ``values`` (one per observation) on the effects."""
        n_columns = self.n_periods * self.n_cells
        return self.solve(
            weighted_sums(self.unit, values, self.n_units),
            weighted_sums(self.column, values, n_columns),
        )

    def residualise(self, values: FloatArray) -> FloatArray:
        """``values`` minus their fit on the effects (the within transformation)."""
        alpha, theta = self.project(values)
        fitted: FloatArray = alpha[self.unit] + theta[self.column]
        return values - fitted

    def leverage(self) -> FloatArray:
        """The diagonal of the hat matrix: how much each observation fits itself.

        For observation ``(i, c)`` with ``u = e_c - m_i / n_i`` (``m_i`` the unit's
        cell-periods): ``h = 1 / n_i + u' S^+ u``, with ``S`` the Schur complement above;
        one pass over the units of each cell, never a dense hat matrix.
        """
        n_periods = self.n_periods
        unit_cell = np.zeros(self.n_units, dtype=np.int64)
        unit_cell[self.unit] = self.column // n_periods
        period = self.column % n_periods
        seen = np.zeros((self.n_units, n_periods), dtype=np.float64)
        seen[self.unit, period] = 1.0
        spread = np.empty_like(seen)  # S^+ m_i, within the unit's cell
        for cell in range(self.n_cells):
            members = np.flatnonzero(unit_cell == cell)
            spread[members] = seen[members] @ self._block_inverse[cell]
        own = np.einsum("ij,ij->i", seen, spread)  # m_i' S^+ m_i
        inv_n = self.inv_unit_count[self.unit]
        diagonal = self._block_inverse[self.column // n_periods, period, period]
        result: FloatArray = (
            inv_n
            + diagonal
            - 2 * spread[self.unit, period] * inv_n
            + own[self.unit] * inv_n * inv_n
        )
        return result

    def estimable(self, unit: IntArray, column: IntArray) -> BoolArray:
        """Whether ``a_i + b_ct`` is identified for these (unit, column) pairs.

        It is when the unit and the cell-period are both observed and connected through
        observed unit-periods (the bipartite graph of units and cell-periods).
        """
        if self._components is None:
            graph = sparse.bmat([[None, self.incidence], [self.incidence.T, None]]).tocsr()
            _, labels = csgraph.connected_components(graph, directed=False)
            self._components = labels.astype(np.int64)
        labels = self._components
        observed = (self.unit_count[unit] > 0) & (self.column_count[column] > 0)
        same: BoolArray = labels[unit] == labels[self.n_units + column]
        return observed & same
