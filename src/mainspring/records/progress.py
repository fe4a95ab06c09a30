"""What an xAPI statement says about a learner's progress on a step: plain values only.

A statement's verb and result decide a step status (the words of
:class:`mainspring.experiences.models.ProgressStatus`) and a score in percent:

- ``completed`` and ``satisfied`` complete a step, ``passed`` passes it, ``failed`` fails
  it, ``waived`` waives it (the ADL verbs and the cmi5 ones);
- ``launched``, ``initialized``, ``attempted``, ``progressed`` and ``resumed`` start it;
- ``scored`` and any other verb count only through the result: ``success`` passes or
  fails, ``completion`` completes; without either a ``scored`` statement starts the step
  and other verbs say nothing;
- the score is ``result.score.scaled`` as a percentage (negative scores count as 0), or
  ``raw`` within ``min``..``max`` when ``scaled`` is missing.

Several statements about one person and activity are folded in time order: a later
statement replaces the status, except that a step once done (completed, passed,
waived) is not undone by a later launch, progress report or failed retake (a later
score without a verdict still updates the score).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_W3ID = "https://w3id.org/xapi/adl/verbs/"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
PASSED = "passed"
FAILED = "failed"
WAIVED = "waived"
DONE = frozenset({COMPLETED, PASSED, WAIVED})

VERB_STATUS: dict[str, str] = {
    ADL + "completed": COMPLETED,
    ADL + "passed": PASSED,
    ADL + "failed": FAILED,
    ADL + "waived": WAIVED,
    ADL_W3ID + "satisfied": COMPLETED,
    ADL + "launched": IN_PROGRESS,
    ADL + "initialized": IN_PROGRESS,
    ADL + "attempted": IN_PROGRESS,
    ADL + "progressed": IN_PROGRESS,
    ADL + "resumed": IN_PROGRESS,
}
SCORED = ADL + "scored"
VOIDED = ADL + "voided"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The progress one statement (or a fold of several) reports."""

    status: str
    score: float | None = None
    on: date | None = None


def score_percent(result: Mapping[str, Any]) -> float | None:
    """The result's score as a percentage from 0 to 100, or None when it has none."""
    score = result.get("score")
    if not isinstance(score, Mapping):
        return None
    scaled = _number(score.get("scaled"))
    if scaled is not None:
        return round(min(max(scaled, 0.0), 1.0) * 100, 1)
    raw, low, high = (_number(score.get(k)) for k in ("raw", "min", "max"))
    if raw is None or low is None or high is None or high <= low:
        return None
    return round(min(max((raw - low) / (high - low), 0.0), 1.0) * 100, 1)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _status_from_result(verb: str, result: Mapping[str, Any]) -> str | None:
    success = result.get("success")
    if success is True:
        return PASSED
    if success is False:
        return FAILED
    if result.get("completion") is True:
        return COMPLETED
    return IN_PROGRESS if verb == SCORED else None


def outcome_of(statement: Mapping[str, Any], on: date | None = None) -> Outcome | None:
    """What one statement says about progress, or None when it says nothing."""
    verb_part = statement.get("verb")
    verb = str(verb_part.get("id", "")) if isinstance(verb_part, Mapping) else ""
    if verb == VOIDED:
        return None
    result = statement.get("result")
    result = result if isinstance(result, Mapping) else {}
    status = VERB_STATUS.get(verb) or _status_from_result(verb, result)
    if status is None:
        return None
    return Outcome(status, score_percent(result), on)


def replaces(old: str, new: str) -> bool:
    """Tell whether a later status may replace an earlier one (never undo a done step)."""
    return not (old in DONE and new not in DONE)


def fold(outcomes: Iterable[Outcome]) -> Outcome | None:
    """The status a series of outcomes (oldest first) leaves, with the latest score."""
    current: Outcome | None = None
    for outcome in outcomes:
        if current is None:
            current = outcome
        elif replaces(current.status, outcome.status):
            score = outcome.score if outcome.score is not None else current.score
            current = Outcome(outcome.status, score, outcome.on)
        elif outcome.status == IN_PROGRESS and outcome.score is not None:
            current = Outcome(current.status, outcome.score, current.on)
    return current
