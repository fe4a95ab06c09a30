"""Return on investment per Phillips: benefits against fully loaded costs.

Pure arithmetic on plain values (no ORM): the action in :mod:`mainspring.impact.actions`
reads the study, the cost ledger and the survey answers and hands them here.

Formulas (J. J. Phillips & P. P. Phillips, *Return on Investment in Training and
Performance Improvement Programs*, 2nd ed., ch. 9; DOMAIN.md "ROI (Phillips)"):

- BCR = monetary benefits / fully loaded costs;
- ROI % = (benefits - costs) / costs x 100 = (BCR - 1) x 100;
- payback (months) = costs / (annual benefits / 12).

Benefits come from one of two sources:

- **an impact estimate**: effect per unit-period x exposed unit-periods a year x the
  money value of one KPI unit, signed by the KPI's direction (a fall in incidents is a
  benefit), at the point estimate and at both ends of its 95% interval;
- **participants' estimates**: each respondent's claimed annual improvement x the %
  they attribute to the program x their % confidence (Phillips' adjustment for error).

The guiding principles are enforced, not suggested: no isolation method, no ROI; a
refused study gives no ROI; no improvement data means no improvement (non-respondents
and unanswered questions count as zero); extreme claims are excluded (above
``EXTREME_FACTOR`` x the median of the positive claims, or above a cap when one is
given); only first-year benefits are counted (``FIRST_YEAR_PERIODS`` per exposed unit).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MONTHS_PER_YEAR = 12
EXTREME_FACTOR = 3
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Periods in the first year after exposure, by the KPI's period.
FIRST_YEAR_PERIODS = {"month": 12, "quarter": 4, "year": 1}
# The isolation methods that let an ROI be computed (DOMAIN.md "Isolating the effect").
ISOLATION_METHODS = (
    "randomised",
    "comparison_group",
    "trend_line",
    "participant_estimate",
)


@dataclass(frozen=True, slots=True)
class Figures:
    """BCR, ROI % and payback for one amount of benefits."""

    benefits: Decimal
    costs: Decimal
    bcr: float | None
    roi_pct: float | None
    payback_months: float | None


def bcr(benefits: Decimal, costs: Decimal) -> float | None:
    """Benefit-cost ratio; None when there are no costs (a ratio to nothing says nothing)."""
    if costs <= 0:
        return None
    return float(benefits / costs)


def roi_pct(benefits: Decimal, costs: Decimal) -> float | None:
    """ROI % = (benefits - costs) / costs x 100; None when there are no costs."""
    if costs <= 0:
        return None
    return float((benefits - costs) / costs * HUNDRED)


def payback_months(costs: Decimal, annual_benefits: Decimal) -> float | None:
    """Months of benefits that pay the costs back; None when benefits never do (<= 0)."""
    if annual_benefits <= 0 or costs < 0:
        return None
    return float(costs / (annual_benefits / MONTHS_PER_YEAR))


def figures(benefits: Decimal, costs: Decimal) -> Figures:
    """The three ratios for first-year ``benefits`` (so they are annual benefits too)."""
    return Figures(
        benefits=benefits,
        costs=costs,
        bcr=bcr(benefits, costs),
        roi_pct=roi_pct(benefits, costs),
        payback_months=payback_months(costs, benefits),
    )


def _pct(value: float | None) -> str:
    return "none" if value is None else f"{value:,.0f}%"


def money(value: float | Decimal) -> Decimal:
    """A money amount rounded to cents."""
    return Decimal(str(value)).quantize(CENT)


# ----------------------------------------------------------------------------- estimate


@dataclass(frozen=True, slots=True)
class EstimateInputs:
    """What an impact estimate contributes to benefits.

    ``effect``, ``ci_low`` and ``ci_high`` are in KPI units per unit-period as the
    engine reports them (a fall is negative); ``direction`` is the KPI's ("higher" or
    "lower" is better); ``exposed_units`` the units the estimate covers, each counted
    for ``periods_per_year`` periods (first-year benefits only).
    """

    effect: float | None
    ci_low: float | None
    ci_high: float | None
    direction: str
    unit_value: Decimal | None
    exposed_units: int
    periods_per_year: int
    study_refused: bool = False
    isolation_method: str = "comparison_group"


@dataclass(frozen=True, slots=True)
class RoiResult:
    """An ROI at the point estimate and at the interval's bounds, or a refusal.

    ``refused_reason`` is "" when computed; then ``point`` is set. ``principles`` says,
    in words, each guiding principle applied and how; ``working`` the numbers behind
    the benefits, for the page to show.
    """

    point: Figures | None
    low: Figures | None
    high: Figures | None
    refused_reason: str
    principles: tuple[str, ...]
    working: dict[str, Any] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.refused_reason)


def _refuse(reason: str, principles: list[str], working: dict[str, Any]) -> RoiResult:
    return RoiResult(None, None, None, reason, tuple(principles), working)


def benefit_of_effect(
    effect: float, *, direction: str, unit_value: Decimal, unit_periods: float
) -> Decimal:
    """Money a year from an effect: effect x unit-periods x value, signed by direction."""
    sign = -1 if direction == "lower" else 1
    return money(Decimal(str(sign * effect)) * Decimal(str(unit_periods)) * unit_value)


def roi_from_estimate(inputs: EstimateInputs, costs: Decimal) -> RoiResult:
    """Phillips' ROI with benefits from an impact estimate (see the module docstring).

    Refused (no number) when: no isolation method; the study refused or gave no
    estimate; the KPI has no money value per unit; there are no costs.
    """
    unit_periods = inputs.exposed_units * inputs.periods_per_year
    working: dict[str, Any] = {
        "effect": inputs.effect,
        "ci_low": inputs.ci_low,
        "ci_high": inputs.ci_high,
        "direction": inputs.direction,
        "unit_value": None if inputs.unit_value is None else str(inputs.unit_value),
        "exposed_units": inputs.exposed_units,
        "periods_per_year": inputs.periods_per_year,
        "exposed_unit_periods_per_year": unit_periods,
        "costs": str(costs),
    }
    principles: list[str] = []
    if inputs.isolation_method not in ISOLATION_METHODS:
        return _refuse(
            "No isolation method: an ROI needs the program's effect separated from everything "
            "else that changed (a comparison group, a trend line or adjusted estimates).",
            principles,
            working,
        )
    principles.append(f"Effect isolated by: {inputs.isolation_method.replace('_', ' ')}.")
    if inputs.study_refused or inputs.effect is None:
        return _refuse(
            "The impact study gave no estimate (the data could not answer), so there is no "
            "benefit to value and no ROI.",
            principles,
            working,
        )
    if inputs.unit_value is None:
        return _refuse(
            "The KPI has no money value for one unit: set it on the KPI (with its source), "
            "or list the KPI among the intangibles.",
            principles,
            working,
        )
    if costs <= 0:
        return _refuse(
            "No costs are recorded for the program in this period: fully loaded costs come "
            "first (the cost ledger).",
            principles,
            working,
        )
    principles.append(
        f"First-year benefits only: each of the {inputs.exposed_units:,} exposed units counted "
        f"for {inputs.periods_per_year} periods."
    )
    principles.append("Fully loaded costs: every cost category, participants' time included.")

    def value(effect: float) -> Decimal:
        return benefit_of_effect(
            effect,
            direction=inputs.direction,
            unit_value=inputs.unit_value or Decimal(0),
            unit_periods=unit_periods,
        )

    point = figures(value(inputs.effect), costs)
    low = high = None
    if inputs.ci_low is not None and inputs.ci_high is not None:
        bounds = sorted([value(inputs.ci_low), value(inputs.ci_high)])
        low, high = figures(bounds[0], costs), figures(bounds[1], costs)
        principles.append(
            "Most conservative alternative: the ROI is also given at the interval's "
            "less favourable end."
        )
        if inputs.ci_low <= 0 <= inputs.ci_high:
            working["includes_zero"] = True
            principles.append(
                "The effect's 95% interval includes zero: the program may have had no effect "
                "at all, so the ROI at the interval's less favourable end "
                f"({_pct(low.roi_pct)}) is the figure to rely on, not the point estimate."
            )
    else:
        principles.append("No interval could be given, so no conservative bound either.")
    working["benefits"] = str(point.benefits)
    return RoiResult(point, low, high, "", tuple(principles), working)


# ----------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Claim:
    """One invited participant's estimate (the evaluation app's ParticipantEstimate)."""

    person_id: int
    responded: bool
    annual_improvement: Decimal | None
    attribution_pct: float | None
    confidence_pct: float | None


@dataclass(frozen=True, slots=True)
class ClaimsBenefits:
    """Adjusted participant estimates: the total and what happened to each claim."""

    total: Decimal
    invited: int
    responded: int
    counted: int  # claims that entered the total with a value
    no_data: int  # respondents without an improvement, an attribution or a confidence
    excluded: tuple[Decimal, ...]  # the claims left out as extreme, largest first
    threshold: Decimal | None  # claims above it were excluded
    rule: str


def extreme_threshold(
    claims: Sequence[Decimal], *, factor: int = EXTREME_FACTOR, cap: Decimal | None = None
) -> Decimal | None:
    """The largest believable claim: ``factor`` x the median positive claim, or ``cap``.

    The lower of the two when both apply; None when there is no positive claim and no
    cap.
    """
    positive = [c for c in claims if c > 0]
    limits = [] if cap is None else [cap]
    if positive:
        limits.append(Decimal(str(statistics.median(positive))) * factor)
    return min(limits) if limits else None


def adjusted_claims(
    claims: Sequence[Claim], *, factor: int = EXTREME_FACTOR, cap: Decimal | None = None
) -> ClaimsBenefits:
    """Sum the participants' adjusted annual improvements, Phillips' way.

    Each claim counts ``improvement x attribution% x confidence%``; a non-respondent or
    a respondent who left any of the three unanswered counts zero; a claim above
    :func:`extreme_threshold` is excluded (zero) and listed. Only a year's improvement
    is asked for, so the total is first-year benefits.
    """
    answered = [
        c
        for c in claims
        if c.responded
        and c.annual_improvement is not None
        and c.attribution_pct is not None
        and c.confidence_pct is not None
    ]
    threshold = extreme_threshold(
        [c.annual_improvement for c in answered if c.annual_improvement is not None],
        factor=factor,
        cap=cap,
    )
    total = Decimal(0)
    excluded: list[Decimal] = []
    for claim in answered:
        improvement = claim.annual_improvement or Decimal(0)
        if threshold is not None and improvement > threshold:
            excluded.append(improvement)
            continue
        attribution = Decimal(str(min(max(claim.attribution_pct or 0.0, 0.0), 100.0)))
        confidence = Decimal(str(min(max(claim.confidence_pct or 0.0, 0.0), 100.0)))
        total += improvement * attribution / HUNDRED * confidence / HUNDRED
    responded = sum(1 for c in claims if c.responded)
    rule = f"claims above {factor}x the median of the positive claims"
    if cap is not None:
        rule += f" or above {cap:,}"
    return ClaimsBenefits(
        total=money(total),
        invited=len(claims),
        responded=responded,
        counted=len(answered) - len(excluded),
        no_data=responded - len(answered),
        excluded=tuple(sorted(excluded, reverse=True)),
        threshold=threshold,
        rule=rule,
    )


def roi_from_claims(
    claims: Sequence[Claim],
    costs: Decimal,
    *,
    factor: int = EXTREME_FACTOR,
    cap: Decimal | None = None,
) -> RoiResult:
    """Phillips' ROI with benefits from participants' adjusted estimates.

    Refused when no one answered the attribution question (no isolation), or when there
    are no costs. Adjusted estimates carry no interval, so ``low`` and ``high`` are None.
    """
    adjusted = adjusted_claims(claims, factor=factor, cap=cap)
    working: dict[str, Any] = {
        "invited": adjusted.invited,
        "responded": adjusted.responded,
        "counted": adjusted.counted,
        "no_data": adjusted.no_data,
        # Amounts only: who claimed what is personal data and stays in the survey answers.
        "excluded": [str(amount) for amount in adjusted.excluded],
        "threshold": None if adjusted.threshold is None else str(money(adjusted.threshold)),
        "rule": adjusted.rule,
        "benefits": str(adjusted.total),
        "costs": str(costs),
    }
    principles: list[str] = []
    if adjusted.counted + len(adjusted.excluded) == 0:
        return _refuse(
            "No participant gave an improvement with the share due to the program and their "
            "confidence, so nothing isolates the program's effect: no ROI.",
            principles,
            working,
        )
    principles += [
        "Effect isolated by: participants' estimates, adjusted by the share they attribute "
        "to the program and their confidence (grade E, the weakest).",
        f"No data, no improvement: non-respondents ({adjusted.invited - adjusted.responded:,}) "
        f"and incomplete answers ({adjusted.no_data:,}) count as zero.",
        f"Extremes excluded: {adjusted.rule}"
        + (
            f" ({len(adjusted.excluded):,} excluded)."
            if adjusted.excluded
            else " (none was excluded)."
        ),
        "First-year benefits only: participants were asked for a year's improvement.",
        "Fully loaded costs: every cost category, participants' time included.",
    ]
    if costs <= 0:
        return _refuse(
            "No costs are recorded for the program in this period: fully loaded costs come "
            "first (the cost ledger).",
            principles,
            working,
        )
    return RoiResult(figures(adjusted.total, costs), None, None, "", tuple(principles), working)
