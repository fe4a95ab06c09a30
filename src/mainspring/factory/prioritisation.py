"""Prioritising requests across departments: weighted criteria, explained, re-weightable.

Each request is rated on a few criteria, each on a 0-5 scale (business impact, strategic
alignment, urgency, reach, risk/compliance, effort). A criterion's weight says how much
it counts; effort counts *against* a request (the scale is inverted). The score is the
weighted mean on a 0-100 scale, and :func:`explain` gives every criterion's part in it,
so the ranked backlog can say why a request sits where it does and the shared service can
say no with reasons. What-if re-weighting is :func:`rank` with other weights: nothing is
stored until someone saves new weights.

Ratings may be missing (not yet assessed): a missing rating counts as the scale's middle
and the explanation says so, rather than silently favouring unrated requests.

Pure: plain values in and out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCALE_MAX = 5
MIDDLE = SCALE_MAX / 2


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    name: str
    question: str
    inverted: bool = False  # more is worse (effort)


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "impact",
        "Business impact",
        "How much money is at stake on the linked KPI (its gap times the value of a unit)?",
    ),
    Criterion("alignment", "Strategic alignment", "Does it serve a need in the approved strategy?"),
    Criterion("urgency", "Urgency", "How soon must people be able to do it?"),
    Criterion("reach", "Reach", "How many people does it concern?"),
    Criterion("risk", "Risk and compliance", "Is it required by law, a regulator or safety?"),
    Criterion("effort", "Effort", "How much work for the L&D team and vendors?", inverted=True),
)
DEFAULT_WEIGHTS: dict[str, float] = {
    "impact": 30,
    "alignment": 20,
    "urgency": 15,
    "reach": 10,
    "risk": 15,
    "effort": 10,
}


class WeightError(ValueError):
    """Weights that cannot rank anything (negative, unknown or all zero)."""


@dataclass(frozen=True, slots=True)
class Part:
    """One criterion's contribution to a request's score."""

    code: str
    rating: float | None  # as given; None when not rated
    weight: float  # the normalised weight, summing to 1 over the criteria
    points: float  # its share of the 0-100 score

    @property
    def assumed(self) -> bool:
        return self.rating is None


@dataclass(frozen=True, slots=True)
class Scored:
    key: int
    score: float  # 0-100
    parts: tuple[Part, ...]
    rank: int = 0

    def explain(self) -> str:
        """The score in words, largest contributions first."""
        names = {c.code: c for c in CRITERIA}
        bits = []
        for part in sorted(self.parts, key=lambda p: -p.points):
            criterion = names[part.code]
            rating = "not rated, taken as 2.5" if part.rating is None else f"{part.rating:g}/5"
            note = " (less effort scores higher)" if criterion.inverted else ""
            bits.append(f"{criterion.name} {rating}{note}: {part.points:.1f} points")
        return f"{self.score:.1f} of 100 = " + "; ".join(bits) + "."


def normalise(weights: Mapping[str, float]) -> dict[str, float]:
    """Return weights summing to 1 over the known criteria.

    Raises:
        WeightError: on an unknown criterion, a negative weight or all weights zero.
    """
    known = {c.code for c in CRITERIA}
    unknown = sorted(set(weights) - known)
    if unknown:
        raise WeightError(f"Unknown criteria: {', '.join(unknown)}.")
    if any(w < 0 for w in weights.values()):
        raise WeightError("A weight cannot be negative.")
    total = sum(weights.get(c, 0.0) for c in known)
    if total <= 0:
        raise WeightError("At least one criterion needs a weight above zero.")
    return {c.code: weights.get(c.code, 0.0) / total for c in CRITERIA}


def score(key: int, ratings: Mapping[str, float | None], weights: Mapping[str, float]) -> Scored:
    """Score one request; ``ratings`` on 0-5 (missing or None: not rated).

    Raises:
        WeightError: see :func:`normalise`.
        ValueError: a rating outside 0-5.
    """
    normal = normalise(weights)
    parts = []
    for criterion in CRITERIA:
        rating = ratings.get(criterion.code)
        if rating is not None and not 0 <= rating <= SCALE_MAX:
            raise ValueError(f"{criterion.name}: a rating is between 0 and {SCALE_MAX}.")
        value = MIDDLE if rating is None else float(rating)
        if criterion.inverted:
            value = SCALE_MAX - value
        weight = normal[criterion.code]
        parts.append(Part(criterion.code, rating, weight, 100 * weight * value / SCALE_MAX))
    return Scored(key, sum(p.points for p in parts), tuple(parts))


def rank(
    requests: Sequence[tuple[int, Mapping[str, float | None]]], weights: Mapping[str, float]
) -> list[Scored]:
    """Score and rank requests, highest first; ties keep the order given (older first).

    Ranks are 1-based; equal scores share a rank ("1, 2, 2, 4").
    """
    scored = [score(key, ratings, weights) for key, ratings in requests]
    ordered = sorted(enumerate(scored), key=lambda pair: (-round(pair[1].score, 9), pair[0]))
    result: list[Scored] = []
    previous: float | None = None
    current = 0
    for position, (_, s) in enumerate(ordered, start=1):
        if previous is None or round(s.score, 9) != previous:
            current = position
            previous = round(s.score, 9)
        result.append(Scored(s.key, s.score, s.parts, current))
    return result


def moves(before: Sequence[Scored], after: Sequence[Scored]) -> dict[int, int]:
    """How many places each request moved between two rankings (positive: up)."""
    was = {s.key: s.rank for s in before}
    return {s.key: was[s.key] - s.rank for s in after if s.key in was}


# Money at stake a year (the KPI gap times the value of one KPI unit) to a 0-5 impact
# rating: each step up is several times the one before, as budgets are.
IMPACT_STEPS: tuple[float, ...] = (10_000, 50_000, 200_000, 500_000, 1_000_000)


def impact_rating(money_at_stake: float | None) -> float | None:
    """Rate business impact 0-5 from the money at stake a year; None when unknown."""
    if money_at_stake is None:
        return None
    return float(sum(1 for step in IMPACT_STEPS if abs(money_at_stake) >= step))
