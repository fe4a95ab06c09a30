"""The arithmetic of survey results, on counts of answers by value: no ORM.

A *distribution* maps an answer value to how many gave it. Agreement items run 1-5
(4 and 5 are favourable); the recommend item runs 0-10 (net promoter score = % of 9-10
minus % of 0-6, Reichheld 2003). A group with fewer than :data:`MIN_ANSWERS` answers is
not shown as a percentage: with one or two people a percentage says more about who they
are than about the program.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

MIN_ANSWERS = 3
FAVOURABLE = 4
PROMOTER, DETRACTOR = 9, 6
EXTREME_FACTOR = 3  # a claim above 3x the median claim is flagged as extreme

Distribution = Mapping[int, int]


@dataclass(frozen=True, slots=True)
class Bar:
    value: int
    count: int
    pct: float  # of all answers in the group, for the bar's width


@dataclass(frozen=True, slots=True)
class ScaleResult:
    """One group's answers to scale items: counts, and figures when there are enough."""

    answers: int
    favourable_pct: float | None  # None when fewer than MIN_ANSWERS
    mean: float | None
    bars: tuple[Bar, ...]

    @property
    def too_few(self) -> bool:
        return 0 < self.answers < MIN_ANSWERS


def total(distribution: Distribution) -> int:
    """How many answers a distribution holds."""
    return sum(distribution.values())


def favourable_pct(distribution: Distribution) -> float | None:
    """% of 1-5 answers that are 4 or 5, or None when there are none."""
    n = total(distribution)
    if not n:
        return None
    return sum(c for v, c in distribution.items() if v >= FAVOURABLE) / n * 100


def mean(distribution: Distribution) -> float | None:
    """The mean answer, or None when there are none."""
    n = total(distribution)
    if not n:
        return None
    return sum(v * c for v, c in distribution.items()) / n


def nps(distribution: Distribution) -> float | None:
    """Net promoter score (-100 to 100) of 0-10 answers, or None when there are none."""
    n = total(distribution)
    if not n:
        return None
    promoters = sum(c for v, c in distribution.items() if v >= PROMOTER)
    detractors = sum(c for v, c in distribution.items() if v <= DETRACTOR)
    return (promoters - detractors) / n * 100


def shown(value: float | None, answers: int) -> float | None:
    """The value, or None when it rests on fewer than :data:`MIN_ANSWERS` answers."""
    return value if answers >= MIN_ANSWERS else None


def scale_result(
    distribution: Distribution, values: Sequence[int] = (1, 2, 3, 4, 5)
) -> ScaleResult:
    """Figures and bars for one group; percentages only from three answers up."""
    n = total(distribution)
    bars = tuple(
        Bar(v, distribution.get(v, 0), distribution.get(v, 0) / n * 100 if n else 0.0)
        for v in values
    )
    return ScaleResult(
        answers=n,
        favourable_pct=shown(favourable_pct(distribution), n),
        mean=shown(mean(distribution), n),
        bars=bars if n >= MIN_ANSWERS else (),
    )


@dataclass(frozen=True, slots=True)
class Claims:
    """Participants' estimates of the value of their improvement, as a reader sees them."""

    respondents: int  # people who gave an amount
    median: Decimal | None
    extreme: int  # claims above EXTREME_FACTOR x the median
    adjusted_total: Decimal  # sum of amount x attribution x confidence, extremes left out


def claims(rows: Sequence[tuple[Decimal, float | None, float | None]]) -> Claims:
    """Summarise (amount, % attributed, % confidence) claims the Phillips way.

    Each claim is adjusted by the share attributed to the program and the confidence in
    it (a missing percentage counts as 0: no data, no improvement); claims above three
    times the median are flagged and left out of the adjusted total.
    """
    amounts = [a for a, _, _ in rows]
    if not amounts:
        return Claims(0, None, 0, Decimal(0))
    mid = Decimal(median(amounts))
    limit = mid * EXTREME_FACTOR
    kept = [(a, p, c) for a, p, c in rows if mid <= 0 or a <= limit]
    adjusted = sum(
        (a * Decimal(str(p or 0)) / 100 * Decimal(str(c or 0)) / 100 for a, p, c in kept),
        Decimal(0),
    )
    return Claims(len(amounts), mid, len(rows) - len(kept), adjusted.quantize(Decimal(1)))
