"""Impact results in plain words, for people who do not read regression tables.

Pure text from plain values: the pages, the PDF and the other apps' reports say the
same thing the same way.
"""

from __future__ import annotations

import math
from decimal import Decimal

METHOD_WORDS = {
    "imputation": "difference-in-differences",
    "trend-line": "a trend line (each unit against its own past, no comparison group)",
}
GRADE_WORDS = {
    "A": "A (randomised rollout)",
    "B": "B (comparison groups: difference-in-differences)",
    "C": "C (matching or weighting)",
    "D": "D (trend line or forecast, no comparison group)",
    "E": "E (adjusted participant estimates)",
}
PERIOD_WORDS = {"month": "month", "quarter": "quarter", "year": "year"}


def number(value: float | None, digits: int = 3) -> str:
    """A number to ``digits`` significant figures, with thousands separators; "—" for None."""
    if value is None or not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def amount(value: Decimal | float | None) -> str:
    """Money shown plainly, in whole units of the company's currency (e.g. "425,000")."""
    if value is None:
        return "—"
    return f"{round(float(value)):,}"


def unit_period(level: str, kpi_level_label: str, kpi_period: str) -> str:
    """What one unit-period is called: "person-month", "site-month" ..."""
    unit = "person" if level == "person" else kpi_level_label.lower()
    return f"{unit}-{PERIOD_WORDS.get(kpi_period, kpi_period)}"


def units_word(level: str, kpi_level_label: str, count: int) -> str:
    """The units of a study, counted: "14 sites", "1 person"."""
    unit = "person" if level == "person" else kpi_level_label.lower()
    if count == 1:
        return f"1 {unit}"
    plural = "people" if unit == "person" else f"{unit}s"
    return f"{count:,} {plural}"


def interval_words(low: float | None, high: float | None) -> str:
    """The 95% interval as changes: "a fall of 0.8 to 1.6", or saying it spans zero."""
    if low is None or high is None:
        return "no interval could be given"
    if high < 0:
        return f"95% interval: a fall of {number(-high)} to {number(-low)}"
    if low > 0:
        return f"95% interval: a rise of {number(low)} to {number(high)}"
    return (
        f"95% interval: from a fall of {number(-low)} to a rise of {number(high)}, "
        "so no effect at all is possible"
    )


def headline(
    *,
    program: str,
    kpi: str,
    estimate: float,
    ci_low: float | None,
    ci_high: float | None,
    grade: str,
    method: str,
    per: str,
    exposed: str,
    comparison: str,
) -> str:
    """The estimate in one sentence, e.g. "Safe Driver reduced Incidents by 1.2 per ..."."""
    verb = "reduced" if estimate < 0 else "increased" if estimate > 0 else "did not change"
    size = "" if estimate == 0 else f" by {number(abs(estimate))} per {per}"
    how = METHOD_WORDS.get(method, method)
    where = f"{exposed} exposed and {comparison} for comparison"
    if method == "trend-line":
        where = f"{exposed} exposed, each against its own trend"
    return (
        f"{program} {verb} {kpi}{size} ({interval_words(ci_low, ci_high)}), "
        f"grade {grade or '—'}: {how} on {where}."
    )


def pre_trend_words(p_value: float | None) -> str:
    """What the pre-trend test says, in words."""
    if p_value is None:
        return "No pre-trend test could be run (too few periods before exposure)."
    shown = "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"  # noqa: PLR2004
    if p_value >= 0.05:  # noqa: PLR2004
        return (
            f"Passes (p = {shown}): before exposure, exposed and comparison units moved "
            "alike, as the method assumes."
        )
    return (
        f"FAILS (p = {shown}): exposed units already moved differently before exposure, "
        "so the estimate may be biased. Treat it with caution."
    )
