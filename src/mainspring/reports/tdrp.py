"""The arithmetic of a TDRp management report: plain values in, plain values out, no ORM.

Talent Development Reporting principles (Barnett and Vance, *Measurement Demystified*,
2nd ed., ch. 9-10): every row shows last year's actual, this year's plan, the year to
date (YTD) actual, YTD as a % of plan, a forecast for the whole year and the forecast as
a % of plan.

How a measure adds up over months decides the arithmetic (:class:`Aggregation`):

- ``SUM`` (counts, money, hours): the year is the sum of its months. A plan entered per
  month adds up; an annual plan alone is spread evenly (``month / 12`` of it is due by
  the end of ``month``). Forecast: YTD actual plus the plan for the months left (the
  TDRp default, "on plan for the rest of the year"); without a plan, the run rate
  (YTD ÷ months elapsed x 12).
- ``RATIO`` (rates, means, scores): never an average of monthly rates; the actual is
  recomputed from numerator and denominator over the whole range
  (:func:`combine`). The plan is the target rate: the annual entry, or the mean of the
  monthly targets. Forecast: the YTD rate for the months elapsed blended with the
  planned rate for the months left, weighted by months; without a plan, the YTD rate
  carries on unchanged.
- ``LATEST`` (ROI, an effect estimate): the most recent analysis; it is not cumulative,
  so the forecast is the latest value.

"YTD % of plan" compares the YTD actual with the plan *for the same months* (which is
why plans are stored per month), not with the whole year's plan. Ahead or behind is the
gap between actual and plan relative to the plan's size, read in the measure's direction
of good (so a smaller fall in incidents than planned is behind); within 2% is on plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

MONTHS = 12


class Aggregation(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    LATEST = "latest"


class ForecastRule(StrEnum):
    PLAN = "plan"  # YTD actual plus plan for the months left
    RUN_RATE = "run_rate"  # YTD carried on at its pace
    LATEST = "latest"  # the latest value stands
    NONE = "none"  # nothing to forecast from


FORECAST_RULE_TEXT = {
    ForecastRule.PLAN: "YTD actual plus plan for the remaining months",
    ForecastRule.RUN_RATE: "No plan: YTD pace carried to year end (run rate)",
    ForecastRule.LATEST: "Latest analysis; not cumulative",
    ForecastRule.NONE: "Nothing to forecast from yet",
}


@dataclass(frozen=True, slots=True)
class Amount:
    """A measured value as numerator and denominator, so ranges combine correctly.

    ``den`` is None for plain sums and latest values; ``scale`` multiplies the ratio
    (100 for a percentage, 1 for a mean).
    """

    num: float
    den: float | None = None
    scale: float = 1.0

    @property
    def value(self) -> float | None:
        """The figure to show: the sum, or the ratio (None when the denominator is 0)."""
        if self.den is None:
            return self.num
        if self.den == 0:
            return None
        return self.num / self.den * self.scale


def combine(amounts: Iterable[Amount]) -> Amount:
    """Add amounts up: numerators and denominators separately (rates are not averaged).

    >>> combine([Amount(9, 10, 100), Amount(1, 10, 100)]).value
    50.0
    """
    items = list(amounts)
    if not items:
        return Amount(0.0)
    num = sum(a.num for a in items)
    dens = [a.den for a in items]
    den = None if any(d is None for d in dens) else sum(d for d in dens if d is not None)
    return Amount(num, den, items[0].scale)


@dataclass(frozen=True, slots=True)
class PlanFigures:
    """A year's plan seen from the end of one month."""

    year: float  # the whole year's plan
    to_date: float  # what the plan expected by the end of the month
    rest: float | None  # SUM: the plan for the months left; RATIO: their mean target
    monthly: bool  # built from monthly entries (False: from one annual entry)


def plan_figures(
    monthly: Mapping[int, float], annual: float | None, month: int, aggregation: Aggregation
) -> PlanFigures | None:
    """Work out the year's, the year-to-date and the remaining plan.

    Args:
        monthly: planned values by month (1-12); months may be missing.
        annual: the plan entered for the whole year, if any.
        month: the last month of the report (1-12).
        aggregation: how the measure adds up over months.

    Returns:
        None when there is no plan at all. Monthly entries win over an annual one; for
        ``SUM`` a month without an entry counts as 0 once any month has one.
    """
    if not 1 <= month <= MONTHS:
        raise ValueError(f"month must be 1-12, not {month}")
    if monthly:
        done = [v for m, v in monthly.items() if m <= month]
        left = [v for m, v in monthly.items() if m > month]
        if aggregation is Aggregation.SUM:
            return PlanFigures(sum(monthly.values()), sum(done), sum(left), monthly=True)
        year = sum(monthly.values()) / len(monthly)
        return PlanFigures(
            year,
            sum(done) / len(done) if done else year,
            sum(left) / len(left) if left else None,
            monthly=True,
        )
    if annual is None:
        return None
    if aggregation is Aggregation.SUM:
        share = month / MONTHS
        return PlanFigures(annual, annual * share, annual * (1 - share), monthly=False)
    return PlanFigures(annual, annual, annual if month < MONTHS else None, monthly=False)


def pct_of(actual: float | None, plan: float | None) -> float | None:
    """Return actual as a percentage of plan.

    None when either is missing, the plan is 0, or the two have opposite signs (an ROI
    of -30% is not "-120% of" a 25% plan; an effect in the wrong direction is not a
    negative share of the planned one): compare the figures themselves then.
    """
    if actual is None or plan is None or plan == 0 or actual * plan < 0:
        return None
    return actual / plan * 100


def forecast(
    ytd: float | None, month: int, plan: PlanFigures | None, aggregation: Aggregation
) -> tuple[float | None, ForecastRule]:
    """Forecast the year's actual from the YTD actual (see the module docstring for the rules).

    Args:
        ytd: the YTD actual (a sum, a rate or the latest value).
        month: months elapsed (1-12).
        plan: the plan, if any.
        aggregation: how the measure adds up over months.
    """
    if ytd is None:
        return None, ForecastRule.NONE
    if aggregation is Aggregation.LATEST:
        return ytd, ForecastRule.LATEST
    rest = plan.rest if plan is not None and month < MONTHS else None
    if month >= MONTHS:
        value = ytd
    elif rest is None:
        value = ytd / month * MONTHS if aggregation is Aggregation.SUM else ytd
    elif aggregation is Aggregation.SUM:
        value = ytd + rest
    else:
        value = (ytd * month + rest * (MONTHS - month)) / MONTHS
    return value, ForecastRule.PLAN if plan is not None and (
        rest is not None or month >= MONTHS
    ) else ForecastRule.RUN_RATE


class Status(StrEnum):
    AHEAD = "ahead"
    ON_PLAN = "on_plan"
    BEHIND = "behind"
    UNKNOWN = "unknown"


def status(
    actual: float | None, plan: float | None, *, higher_is_better: bool, tolerance: float = 2.0
) -> Status:
    """Say whether an actual is ahead of plan, on plan (within ``tolerance`` %) or behind.

    The gap is relative to the plan's size, so it holds for signed figures too: with
    lower is better, -0.46 against a planned -0.50 is behind (less of a fall than
    planned), and +0.29 against -0.60 is behind (the wrong way).
    """
    if actual is None or plan is None or plan == 0:
        return Status.UNKNOWN
    gap = (actual - plan) / abs(plan) * 100
    if not higher_is_better:
        gap = -gap
    if abs(gap) <= tolerance:
        return Status.ON_PLAN
    return Status.AHEAD if gap > 0 else Status.BEHIND


def _no_ratio(plan: float | None) -> str:
    if not plan:
        return "The plan is 0"
    return "Actual and plan have opposite signs: compare the figures"


@dataclass(frozen=True, slots=True)
class Line:
    """The six TDRp columns of one row, with why a cell is empty."""

    last_year: float | None
    plan: float | None
    ytd_plan: float | None
    ytd: float | None
    ytd_pct: float | None
    forecast: float | None
    forecast_pct: float | None
    rule: ForecastRule
    status: Status
    reasons: dict[str, str]


def line(
    *,
    last_year: float | None,
    ytd: float | None,
    plan: PlanFigures | None,
    month: int,
    aggregation: Aggregation,
    higher_is_better: bool,
    no_data: str = "No data for this period",
    last_year_reason: str = "",
    ytd_reason: str = "",
) -> Line:
    """Assemble one report row from the actuals and the plan.

    Args:
        last_year: last year's actual for the whole year.
        ytd: this year's actual from January to the end of ``month``.
        plan: the plan (:func:`plan_figures`), if any.
        month: the report's month (1-12).
        aggregation: how the measure adds up over months.
        higher_is_better: the direction of good.
        no_data: the reason shown where an actual is missing.
        last_year_reason: why last year's actual is missing, if known.
        ytd_reason: why the YTD actual is missing, if known.
    """
    reasons: dict[str, str] = {}
    if last_year is None:
        reasons["last_year"] = last_year_reason or no_data
    if ytd is None:
        reasons["ytd"] = ytd_reason or no_data
    if plan is None:
        reasons["plan"] = "No plan entered for this year"
    ytd_plan = plan.to_date if plan else None
    ytd_pct = pct_of(ytd, ytd_plan)
    if ytd_pct is None:
        reasons["ytd_pct"] = reasons.get("plan") or reasons.get("ytd") or _no_ratio(ytd_plan)
    value, rule = forecast(ytd, month, plan, aggregation)
    if value is None:
        reasons["forecast"] = reasons.get("ytd") or FORECAST_RULE_TEXT[rule]
    forecast_pct = pct_of(value, plan.year if plan else None)
    if forecast_pct is None:
        reasons["forecast_pct"] = (
            reasons.get("plan") or reasons.get("forecast") or _no_ratio(plan.year if plan else None)
        )
    return Line(
        last_year=last_year,
        plan=plan.year if plan else None,
        ytd_plan=ytd_plan,
        ytd=ytd,
        ytd_pct=ytd_pct,
        forecast=value,
        forecast_pct=forecast_pct,
        rule=rule,
        status=status(ytd, ytd_plan, higher_is_better=higher_is_better),
        reasons=reasons,
    )


def spread_evenly(total: float, aggregation: Aggregation) -> dict[int, float]:
    """Split an annual plan into twelve monthly plans.

    Sums are divided by 12 (rounded to 2 places, the remainder on December so the months
    add up to the total); rates and means repeat the same target every month.
    """
    if aggregation is not Aggregation.SUM:
        return dict.fromkeys(range(1, MONTHS + 1), total)
    share = round(total / MONTHS, 2)
    months = dict.fromkeys(range(1, MONTHS), share)
    months[MONTHS] = round(total - share * (MONTHS - 1), 2)
    return months
