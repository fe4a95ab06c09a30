"""What a learning program did to a KPI: the imputation estimator and its fallbacks.

**The estimand.** The average effect on the exposed over their exposed periods, in KPI
units per unit-period: the mean over exposed unit-periods of ``Y_it(1) - Y_it(0)``.

**The estimator** (:func:`estimate_impact`) is the imputation, or two-stage,
difference-in-differences of Borusyak, Jaravel & Spiess, "Revisiting Event-Study
Designs: Robust and Efficient Estimation", Review of Economic Studies 91 (2024)
(equivalent in its point estimate to Gardner's two-stage DiD):

1. fit ``Y_it = a_i + b_{c(i),t} + e_it`` on the *unexposed* observations only (never
   exposed units, and exposed units before exposure), with the unit effects absorbed
   (:mod:`mainspring.impact.absorb`). ``c(i)`` is the unit's covariate cell, so the
   counterfactual trend of an exposed unit is the trend of unexposed units with the same
   role, region ...; without covariates there is one cell;
2. impute ``Y_it(0) = a_i + b_{c(i),t}`` for each exposed observation and take the gap
   ``tau_it = Y_it - Y_it(0)``;
3. average the gaps (all of them for the estimate, by months since exposure for the
   event study).

Unlike a two-way fixed-effects regression of ``Y`` on an exposure dummy, no exposed
observation is ever used as a comparison, so effects that grow with time since exposure
or differ by cohort do not bias it (TWFE puts negative weights on long-run effects in
staggered rollouts: BJS section 3, Goodman-Bacon 2021).

**Assumptions**: parallel trends (without the program, exposed units would have moved
like unexposed units of the same cell, up to a unit constant) and no anticipation (the
KPI does not move before exposure). The pre-trend test checks the testable part.

**Uncertainty**: BJS's conservative cluster-robust variance (their Theorem 3 with the
leave-out refinement of their appendix A.6), clustered by unit:
``sum_i (sum_t v_it e~_it)^2``, where ``v`` are the weights the estimator puts on each
observation (``1/N1`` on the exposed ones; on the unexposed ones, minus the influence of
each observation on the imputed values, computed exactly with the absorbed projections)
and ``e~`` are the model residuals on unexposed observations and, on exposed ones, the
gap minus the average gap of *other* units of the same cohort and month since exposure.
One refinement of ours: the unexposed residuals are divided by ``sqrt(1 - h)``, ``h``
their leverage (as HC2 does), because a residual understates its error where the
observation pulls the fit towards itself (small covariate cells, units with few
periods); in the simulation study this took coverage with covariate cells from 92.6% to
93.9% and the ratio of standard error to actual spread from 0.95 to 1.00. Intervals use
Student's t with (units - 1) degrees of freedom, which matters only for site-level
panels with tens of units.

**Pre-trend test**: BJS's test (their section 4.4): on the unexposed observations only,
add indicators for the last ``K`` periods before exposure (``K`` up to 6) to the
model, fit it with statsmodels (cluster-robust by unit) and test them jointly; the Wald
statistic is referred to Hotelling's ``F(K, G - K)`` rather than chi-squared, which
over-rejected (12% at 5%) with 30 sites in the simulation study. Their coefficients are
the pre-period points of the event study.

**Count KPIs** (incidents per site and month): the model is linear in the KPI, so the
effect is in incidents per site-month; with cluster-robust errors this needs no
distributional assumption, only that effects add up rather than multiply.

Grades follow the domain (DOMAIN.md "Measuring impact"): B for this DiD design; D for the
trend-line (interrupted time series) fallback, used only when asked or when no
comparison exists; no grade and no number when the data cannot answer.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from warnings import catch_warnings, simplefilter

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.sm_exceptions import ValueWarning

from mainspring.impact.absorb import TwoWayDesign, weighted_sums
from mainspring.impact.panel import Panel, build_panel

Method = Literal["auto", "imputation", "trend"]
METHODS: tuple[Method, ...] = ("auto", "imputation", "trend")
IMPUTATION = "imputation"
TREND = "trend-line"
MIN_PRE_PERIODS = 3
MAX_LEADS = 6
PRE_TREND_ALPHA = 0.05
FEW_UNITS = 10
CONFIDENCE = 0.95
# An observation that fits itself almost entirely carries a residual of about 0 anyway.
MAX_LEVERAGE = 0.99

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class EventPoint:
    """The effect at one period relative to exposure (negative: the pre-trend leads)."""

    relative_period: int
    estimate: float
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    n_units: int


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One period of the KPI chart: mean KPI of exposed and comparison units."""

    period: str
    exposed_mean: float | None
    comparison_mean: float | None
    newly_exposed: int


@dataclass(frozen=True, slots=True)
class Estimate:
    """An impact estimate, or a refusal (``estimate is None``, the reason in ``warnings``)."""

    method: str
    estimate: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_units_exposed: int
    n_units_comparison: int
    n_periods: int
    pre_trend_p_value: float | None
    naive_estimate: float | None
    evidence_grade: str | None
    warnings: tuple[str, ...]
    naive_description: str = ""
    event_study: tuple[EventPoint, ...] = ()
    series: tuple[SeriesPoint, ...] = field(default=())

    @property
    def refused(self) -> bool:
        return self.estimate is None

    def as_dict(self) -> dict[str, Any]:
        """The estimate as JSON-ready plain values."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Rows:
    """Row-level arrays and the exposure bookkeeping shared by the estimators."""

    unit: IntArray
    period: IntArray
    value: FloatArray
    exposed: BoolArray  # the observation is in an exposed period
    target: BoolArray  # ... of a unit with enough pre-periods: in the estimand
    first: IntArray  # first exposed period of the row's unit (-1: never)
    eligible_unit: BoolArray
    never_unit: BoolArray


def estimate_from_frames(
    kpi: pd.DataFrame,
    exposures: pd.DataFrame,
    units: pd.DataFrame | None = None,
    *,
    method: Method = "auto",
) -> Estimate:
    """Build the panel from plain tables and estimate (see :func:`estimate_impact`).

    Raises:
        PanelError: when the tables are not valid.
    """
    return estimate_impact(build_panel(kpi, exposures, units), method=method)


def estimate_impact(
    panel: Panel,
    *,
    method: Method = "auto",
    min_pre_periods: int = MIN_PRE_PERIODS,
    max_leads: int = MAX_LEADS,
) -> Estimate:
    """Estimate the average effect on the exposed over their exposed periods.

    Args:
        panel: the KPI panel with exposures and covariate cells.
        method: ``imputation`` (DiD, grade B), ``trend`` (trend-line, grade D) or
            ``auto``: imputation when comparison units exist, else the trend line.
        min_pre_periods: exposed units with fewer observed periods before exposure are
            left out of the estimate (their unexposed periods still serve as
            comparisons); when none has enough, the estimate is refused.
        max_leads: periods before exposure tested in the pre-trend test.

    Returns:
        The estimate; when the data cannot answer, an estimate of ``None`` with the
        reason in ``warnings``.
    """
    warnings = list(panel.notes)
    rows, refusal = _rows(panel, min_pre_periods, warnings)
    attempted = TREND if method == "trend" else IMPUTATION
    if refusal:
        return _refuse(attempted, panel, [*warnings, refusal])
    has_comparison = _comparison_exists(rows, panel.n_periods)
    if method == "trend":
        return _trend_line(panel, rows, warnings)
    if not has_comparison:
        reason = (
            "No comparison: in the periods after exposure no unit was still unexposed "
            "(every unit was exposed at the same time), so nothing shows what would have "
            "happened without the program."
        )
        if method == "imputation":
            return _refuse(IMPUTATION, panel, [*warnings, reason])
        warnings.append(reason + " Falling back to the trend line (grade D).")
        return _trend_line(panel, rows, warnings)
    return _imputation(panel, rows, warnings, max_leads)


def _rows(panel: Panel, min_pre: int, warnings: list[str]) -> tuple[_Rows, str | None]:
    unit, period = panel.unit, panel.period
    first = panel.first_exposed[unit]
    exposed = (first >= 0) & (period >= first)
    n = panel.n_units
    pre = np.bincount(unit[(first >= 0) & (period < first)], minlength=n)
    ever = np.bincount(unit[exposed], minlength=n) > 0
    eligible = ever & (pre >= min_pre)
    present = np.bincount(unit, minlength=n) > 0
    never = present & ~ever & (panel.first_exposed < 0)
    rows = _Rows(
        unit=unit,
        period=period,
        value=panel.value,
        exposed=exposed,
        target=exposed & eligible[unit],
        first=first,
        eligible_unit=eligible,
        never_unit=never,
    )
    if not ever.any():
        return rows, (
            "No unit was exposed within the periods of the KPI data, so there is nothing "
            "to estimate."
        )
    short = int((ever & ~eligible).sum())
    if short and not eligible.any():
        return rows, (
            f"Too few periods before exposure: every exposed unit has fewer than {min_pre} "
            "periods of KPI data before it was exposed, so its usual level cannot be "
            "told apart from the program's effect."
        )
    if short:
        warnings.append(
            f"{short:,} exposed units have fewer than {min_pre} periods of KPI data before "
            "exposure and were left out of the estimate."
        )
    return rows, None


def _comparison_exists(rows: _Rows, n_periods: int) -> bool:
    target_periods = np.bincount(rows.period[rows.target], minlength=n_periods) > 0
    unexposed_periods = np.bincount(rows.period[~rows.exposed], minlength=n_periods) > 0
    return bool((target_periods & unexposed_periods).any())


def _refuse(method: str, panel: Panel, warnings: list[str]) -> Estimate:
    return Estimate(
        method=method,
        estimate=None,
        std_error=None,
        ci_low=None,
        ci_high=None,
        p_value=None,
        n_units_exposed=0,
        n_units_comparison=0,
        n_periods=panel.n_periods,
        pre_trend_p_value=None,
        naive_estimate=None,
        evidence_grade=None,
        warnings=tuple(warnings),
    )


# ----------------------------------------------------------------------------- inference


@dataclass(frozen=True, slots=True)
class _Inference:
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None


@dataclass(frozen=True, slots=True)
class _Variance:
    """A cluster-robust variance and the effective number of clusters behind it."""

    value: float
    effective_clusters: float


def _infer(estimate: float, variance: float | None, n_clusters: float) -> _Inference:
    """Standard error, 95% interval (t with ``n_clusters - 1`` df) and p-value."""
    if variance is None or n_clusters < 2 or not math.isfinite(variance):  # noqa: PLR2004
        return _Inference(None, None, None, None)
    se = math.sqrt(max(variance, 0.0))
    df = round(n_clusters - 1, 2)
    critical = _critical_value(df)
    p = float(2 * stats.t.sf(abs(estimate) / se, df)) if se > 0 else None
    return _Inference(se, estimate - critical * se, estimate + critical * se, p)


def _infer_clustered(estimate: float, variance: _Variance | None, n_clusters: int) -> _Inference:
    """As :func:`_infer`, with the effective number of clusters when it is smaller.

    When a few clusters carry most of the estimate's weight (late periods compared with
    one unit that is never exposed, say), the variance rests on those few, and a t with
    ``clusters - 1`` df gives intervals that are too narrow: the Satterthwaite count
    ``(sum a_g)^2 / sum a_g^2`` of the clusters' weights ``a_g`` is used instead.
    """
    if variance is None or n_clusters < 2:  # noqa: PLR2004
        return _Inference(None, None, None, None)
    # at least one degree of freedom: a very wide interval, not none
    return _infer(estimate, variance.value, max(2.0, min(n_clusters, variance.effective_clusters)))


@functools.lru_cache(maxsize=1024)
def _critical_value(df: float) -> float:
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, df))


def _leave_out_residuals(
    tau: FloatArray, unit: IntArray, cohort: IntArray, horizon: IntArray
) -> FloatArray:
    """``tau`` minus the mean gap of *other* units in the same cohort and horizon.

    Groups with one unit fall back to the other units at the same horizon, then to all
    other exposed observations (BJS appendix A.6 leave-out averages).
    """
    n = len(tau)

    def loo(keys: IntArray) -> tuple[FloatArray, BoolArray]:
        codes, inverse = np.unique(keys, return_inverse=True)
        sums = weighted_sums(inverse, tau, len(codes))
        counts = np.bincount(inverse, minlength=len(codes)).astype(np.float64)
        others = counts[inverse] - 1
        ok = others > 0
        mean = np.divide(sums[inverse] - tau, others, out=np.zeros(n), where=ok)
        return mean, ok

    span = int(horizon.max()) + 1 if n else 1
    by_group, ok_group = loo(cohort * span + horizon)
    by_horizon, ok_horizon = loo(horizon)
    unit_sum = weighted_sums(unit, tau, int(unit.max()) + 1)[unit]
    unit_count = np.bincount(unit).astype(np.float64)[unit]
    rest = n - unit_count
    overall = np.divide(tau.sum() - unit_sum, rest, out=tau.copy(), where=rest > 0)
    centre = np.where(ok_group, by_group, np.where(ok_horizon, by_horizon, overall))
    result: FloatArray = tau - centre
    return result


def _cluster_variance(
    *,
    influence: Callable[[FloatArray], tuple[FloatArray, FloatArray]],
    weights: FloatArray,
    unit1: IntArray,
    eps1: FloatArray,
    unit0: IntArray,
    eps0: FloatArray,
    n_units: int,
) -> _Variance:
    """``sum_i (sum_t v_it e~_it)^2`` with ``v = w`` on exposed rows, given on the others.

    The effective number of clusters weighs unit ``i`` by ``a_i = sum_t v_it^2``, its
    share of the variance were the errors alike and independent.
    """
    v0, _ = influence(weights)
    sums = weighted_sums(unit0, v0 * eps0, n_units) + weighted_sums(unit1, weights * eps1, n_units)
    shares = weighted_sums(unit0, v0 * v0, n_units) + weighted_sums(
        unit1, weights * weights, n_units
    )
    total, spread = float(shares.sum()), float(shares @ shares)
    effective = total * total / spread if spread > 0 else 0.0
    return _Variance(float(sums @ sums), effective)


# ----------------------------------------------------------------------------- imputation


def _imputation(panel: Panel, rows: _Rows, warnings: list[str], max_leads: int) -> Estimate:
    n_units, n_periods = panel.n_units, panel.n_periods
    n_cells = len(panel.cell_labels)
    column = panel.cell[rows.unit] * n_periods + rows.period
    untreated = ~rows.exposed
    unit0, column0, y0 = rows.unit[untreated], column[untreated], rows.value[untreated]
    design = TwoWayDesign(unit0, column0, n_units, n_periods, n_cells)

    target = rows.target.copy()
    estimable = design.estimable(rows.unit[target], column[target])
    if not estimable.all():
        lost = np.flatnonzero(target)[~estimable]
        target[lost] = False
        lost_units = len(np.unique(rows.unit[lost]))
        where = " and covariate cell" if n_cells > 1 else ""
        if not target.any():
            return _refuse(
                IMPUTATION,
                panel,
                [
                    *warnings,
                    "No overlap: no exposed unit-period has an unexposed unit in the same "
                    f"period{where} to compare with"
                    + (" (try fewer covariates)" if n_cells > 1 else "")
                    + ".",
                ],
            )
        warnings.append(
            f"{len(lost):,} exposed unit-periods (of {lost_units:,} units) have no unexposed "
            f"unit in the same period{where} to compare with and were left out; usually the "
            "last periods, once every unit had been exposed."
        )

    alpha, theta = design.project(y0)
    eps0 = y0 - alpha[unit0] - theta[column0]
    unit1, column1 = rows.unit[target], column[target]
    tau = rows.value[target] - alpha[unit1] - theta[column1]
    cohort = rows.first[target]
    horizon = rows.period[target] - cohort
    eps1 = _leave_out_residuals(tau, unit1, cohort, horizon)
    # Residuals of a fitted model understate the errors where an observation pulls the fit
    # towards itself (a small cell, a unit with few periods): rescale them as HC2 does.
    leverage = np.clip(design.leverage(), 0.0, MAX_LEVERAGE)
    eps0_scaled = eps0 / np.sqrt(1.0 - leverage)

    def influence(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        b_unit = weighted_sums(unit1, w, n_units)
        b_column = weighted_sums(column1, w, n_periods * n_cells)
        a_w, t_w = design.solve(b_unit, b_column)
        return -(a_w[unit0] + t_w[column0]), a_w

    one_exposed = _one_exposed(unit1, n_units, warnings)

    def variance(w: FloatArray) -> _Variance | None:
        if one_exposed:
            return None
        return _cluster_variance(
            influence=influence,
            weights=w,
            unit1=unit1,
            eps1=eps1,
            unit0=unit0,
            eps0=eps0_scaled,
            n_units=n_units,
        )

    n_clusters = int((np.bincount(np.concatenate([unit0, unit1]), minlength=n_units) > 0).sum())
    att = float(tau.mean())
    overall = _infer_clustered(att, variance(np.full(len(tau), 1.0 / len(tau))), n_clusters)

    post = _event_study_post(tau, horizon, variance, n_clusters)
    leads, pre_p = _pre_trend(
        design=design,
        rows=rows,
        untreated=untreated,
        eps0=eps0,
        unit0=unit0,
        max_leads=max_leads,
        n_clusters=n_clusters,
    )
    if pre_p is None:
        warnings.append(
            "The pre-trend test could not be run (too few periods before exposure or too few "
            "exposed units)."
        )
    elif pre_p < PRE_TREND_ALPHA:
        warnings.append(
            f"The pre-trend test fails (p = {pre_p:.3f}): before exposure, exposed units were "
            "already moving differently from the comparison units, so parallel trends are "
            "doubtful and the estimate may be biased. Treat it with caution."
        )

    comparison_columns = np.zeros(n_periods * n_cells, dtype=bool)
    comparison_columns[column1] = True
    comparison = _distinct(unit0[comparison_columns[column0]], n_units)
    exposed_units = _distinct(unit1, n_units)
    n_exposed = len(exposed_units)
    if not rows.never_unit.any():
        warnings.append(
            "No unit stayed unexposed: the comparisons come from units exposed later, "
            "before their exposure."
        )
    if n_exposed < FEW_UNITS or len(comparison) < FEW_UNITS:
        warnings.append(
            f"Few units ({n_exposed} exposed, {len(comparison)} comparison): the standard "
            "error rests on few clusters, so read the interval as rough."
        )
    naive, naive_text = _naive(rows, target, panel.n_periods)
    return Estimate(
        method=IMPUTATION,
        estimate=att,
        std_error=overall.std_error,
        ci_low=overall.ci_low,
        ci_high=overall.ci_high,
        p_value=overall.p_value,
        n_units_exposed=n_exposed,
        n_units_comparison=len(comparison),
        n_periods=n_periods,
        pre_trend_p_value=pre_p,
        naive_estimate=naive,
        evidence_grade="B",
        warnings=tuple(warnings),
        naive_description=naive_text,
        event_study=(*leads, *post),
        series=_series(panel, rows, exposed_units),
    )


def _one_exposed(unit1: IntArray, n_units: int, warnings: list[str]) -> bool:
    """Whether one unit is exposed, which leaves the estimate without a standard error.

    Its leave-out residuals are all zero (no other exposed unit to compare its gaps
    with), so the variance would come out about 0: a false certainty.
    """
    if len(_distinct(unit1, n_units)) >= 2:  # noqa: PLR2004
        return False
    warnings.append("One exposed unit: no standard error or interval can be given.")
    return True


def _distinct(codes: IntArray, n_codes: int) -> IntArray:
    """The distinct codes, sorted (a bincount: much faster than ``np.unique`` on millions)."""
    return np.flatnonzero(np.bincount(codes, minlength=n_codes)).astype(np.int64)


def _event_study_post(
    tau: FloatArray,
    horizon: IntArray,
    variance: Callable[[FloatArray], _Variance | None],
    n_clusters: int,
) -> list[EventPoint]:
    points = []
    for h in np.unique(horizon):
        at = horizon == h
        w = np.where(at, 1.0 / at.sum(), 0.0)
        value = float(tau[at].mean())
        inference = _infer_clustered(value, variance(w), n_clusters)
        points.append(
            EventPoint(
                relative_period=int(h),
                estimate=value,
                std_error=inference.std_error,
                ci_low=inference.ci_low,
                ci_high=inference.ci_high,
                n_units=int(at.sum()),  # a unit has one observation per horizon
            )
        )
    return points


def _pre_trend(
    *,
    design: TwoWayDesign,
    rows: _Rows,
    untreated: BoolArray,
    eps0: FloatArray,
    unit0: IntArray,
    max_leads: int,
    n_clusters: int,
) -> tuple[list[EventPoint], float | None]:
    """BJS's pre-trend test: lead indicators added to the model of unexposed observations."""
    first0 = rows.first[untreated]
    relative = rows.period[untreated] - first0
    of_exposed = (first0 >= 0) & rows.eligible_unit[unit0]
    pre_counts = np.bincount(unit0[of_exposed], minlength=len(rows.eligible_unit))
    leads = min(max_leads, int(pre_counts.max()) - 1)
    if leads < 1:
        return [], None
    columns, kept = [], []
    scale = math.sqrt(len(eps0))
    for k in range(1, leads + 1):
        indicator = (of_exposed & (relative == -k)).astype(np.float64)
        residual = design.residualise(indicator)
        if np.linalg.norm(residual) > 1e-8 * scale:
            columns.append(residual)
            kept.append(k)
    if not columns:
        return [], None
    exog = np.column_stack(columns)
    fit = OLS(eps0, exog, hasconst=False).fit(
        method="qr", cov_type="cluster", cov_kwds={"groups": unit0}
    )
    with catch_warnings():
        # With few exposed units the clustered covariance of the leads is singular:
        # statsmodels warns, and the test cannot be trusted.
        simplefilter("error", ValueWarning)
        try:
            wald = float(fit.wald_test(np.eye(len(kept)), use_f=False, scalar=True).statistic)
        except ValueWarning:
            wald = None
    p_value = _hotelling_p_value(wald, len(kept), n_clusters)
    points = []
    for i, k in enumerate(kept):
        value = float(fit.params[i])
        inference = _infer(value, float(fit.cov_params()[i, i]), n_clusters)
        points.append(
            EventPoint(
                relative_period=-k,
                estimate=value,
                std_error=inference.std_error,
                ci_low=inference.ci_low,
                ci_high=inference.ci_high,
                n_units=int((of_exposed & (relative == -k)).sum()),
            )
        )
    points.sort(key=lambda point: point.relative_period)
    return points, p_value


def _hotelling_p_value(wald: float | None, n_tests: int, n_clusters: int) -> float | None:
    """The p-value of a cluster-robust Wald statistic, Hotelling's T-squared style.

    ``W (G - K) / (K (G - 1))`` against ``F(K, G - K)``: the chi-squared (or ``W / K``
    against ``F(K, G - 1)``) over-rejects with tens of clusters; this does not grow
    lenient with many (Cameron & Miller 2015, section VII).
    """
    if wald is None or n_clusters <= n_tests:
        return None
    scaled = wald * (n_clusters - n_tests) / (n_tests * (n_clusters - 1))
    return float(stats.f.sf(scaled, n_tests, n_clusters - n_tests))


def _naive(rows: _Rows, target: BoolArray, n_periods: int) -> tuple[float | None, str]:
    """The gap a naive comparison would report: never a measure of impact."""
    exposed_mean = float(rows.value[target].mean())
    periods = np.zeros(n_periods, dtype=bool)
    periods[rows.period[target]] = True
    never_rows = rows.never_unit[rows.unit] & periods[rows.period]
    if never_rows.any():
        return exposed_mean - float(rows.value[never_rows].mean()), (
            "naive: mean KPI of exposed units after exposure minus mean KPI of never-exposed "
            "units over the same periods"
        )
    units = np.zeros(len(rows.eligible_unit), dtype=bool)
    units[rows.unit[target]] = True
    before = units[rows.unit] & ~rows.exposed
    if not before.any():
        return None, ""
    return exposed_mean - float(rows.value[before].mean()), (
        "naive: mean KPI of exposed units after exposure minus before"
    )


def _series(panel: Panel, rows: _Rows, exposed_units: IntArray) -> tuple[SeriesPoint, ...]:
    n = panel.n_periods
    in_exposed = np.zeros(panel.n_units, dtype=bool)
    in_exposed[exposed_units] = True
    exposed_rows = in_exposed[rows.unit]
    never_rows = rows.never_unit[rows.unit]

    def means(mask: BoolArray) -> list[float | None]:
        sums = weighted_sums(rows.period[mask], rows.value[mask], n)
        counts = np.bincount(rows.period[mask], minlength=n)
        return [float(s / c) if c else None for s, c in zip(sums, counts, strict=True)]

    cohorts = panel.first_exposed[exposed_units]
    newly = np.bincount(cohorts[cohorts >= 0], minlength=n)
    return tuple(
        SeriesPoint(label, exposed, comparison, int(count))
        for label, exposed, comparison, count in zip(
            panel.period_labels, means(exposed_rows), means(never_rows), newly, strict=True
        )
    )


# ----------------------------------------------------------------------------- trend line


def _trend_line(panel: Panel, rows: _Rows, warnings: list[str]) -> Estimate:
    """Interrupted time series: each exposed unit's pre-exposure line, extrapolated.

    Fits ``Y_it = a_i + b t`` (unit intercepts, one common slope) on the exposed units'
    periods before exposure and takes the gap after. It cannot separate the program from
    anything else that changed at the same time (grade D).
    """
    warnings.insert(
        0,
        "TREND-LINE ESTIMATE (grade D), NOT A COMPARISON: it assumes each exposed unit's "
        "pre-exposure trend would have continued, and credits the program with anything "
        "else that changed at the same time (seasons, markets, other initiatives).",
    )
    if len(panel.cell_labels) > 1:
        warnings.append("The trend line compares each unit with itself: covariates are not used.")
    n_units = panel.n_units
    units = rows.eligible_unit[rows.unit]
    pre = units & ~rows.exposed
    unit0, t0, y0 = rows.unit[pre], rows.period[pre].astype(np.float64), rows.value[pre]
    count = np.bincount(unit0, minlength=n_units).astype(np.float64)
    safe = np.maximum(count, 1.0)
    t_mean = weighted_sums(unit0, t0, n_units) / safe
    y_mean = weighted_sums(unit0, y0, n_units) / safe
    t_within = t0 - t_mean[unit0]
    fit = OLS(y0 - y_mean[unit0], t_within).fit()
    slope = float(fit.params[0])
    spread = float(t_within @ t_within)
    intercept = y_mean - slope * t_mean
    eps0 = y0 - intercept[unit0] - slope * t0

    target = rows.target
    unit1, t1 = rows.unit[target], rows.period[target].astype(np.float64)
    tau = rows.value[target] - intercept[unit1] - slope * t1
    cohort = rows.first[target]
    horizon = rows.period[target] - cohort
    eps1 = _leave_out_residuals(tau, unit1, cohort, horizon)

    def influence(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        per_unit = weighted_sums(unit1, w, n_units)
        lever = float(w @ (t1 - t_mean[unit1]))
        v0 = -(per_unit[unit0] / safe[unit0] + t_within * lever / spread)
        return v0, per_unit

    def variance(w: FloatArray) -> _Variance:
        return _cluster_variance(
            influence=influence,
            weights=w,
            unit1=unit1,
            eps1=eps1,
            unit0=unit0,
            eps0=eps0,
            n_units=n_units,
        )

    exposed_units = _distinct(unit1, n_units)
    n_clusters = len(exposed_units)
    att = float(tau.mean())
    overall = _infer_clustered(att, variance(np.full(len(tau), 1.0 / len(tau))), n_clusters)
    if n_clusters < 2:  # noqa: PLR2004
        warnings.append("One exposed unit: no standard error can be given.")
    naive, naive_text = _naive(rows, target, panel.n_periods)
    return Estimate(
        method=TREND,
        estimate=att,
        std_error=overall.std_error,
        ci_low=overall.ci_low,
        ci_high=overall.ci_high,
        p_value=overall.p_value,
        n_units_exposed=n_clusters,
        n_units_comparison=0,
        n_periods=panel.n_periods,
        pre_trend_p_value=None,
        naive_estimate=naive,
        evidence_grade="D",
        warnings=tuple(warnings),
        naive_description=naive_text,
        event_study=tuple(_event_study_post(tau, horizon, variance, n_clusters)),
        series=_series(panel, rows, exposed_units),
    )


# ----------------------------------------------------------------------------- contrast


def twfe_estimate(panel: Panel) -> tuple[float, float]:
    """The plain two-way fixed-effects regression, for contrast only.

    ``Y_it = a_i + b_t + beta D_it``, clustered by unit. Biased under staggered rollouts
    whose effects grow or differ by cohort (it uses already-exposed units as comparisons);
    kept to show that bias, never reported as impact.

    Returns:
        ``beta`` and its cluster-robust standard error.
    """
    first = panel.first_exposed[panel.unit]
    exposed = ((first >= 0) & (panel.period >= first)).astype(np.float64)
    design = TwoWayDesign(panel.unit, panel.period, panel.n_units, panel.n_periods, 1)
    fit = OLS(design.residualise(panel.value), design.residualise(exposed)).fit(
        cov_type="cluster", cov_kwds={"groups": panel.unit}
    )
    return float(fit.params[0]), float(fit.bse[0])
