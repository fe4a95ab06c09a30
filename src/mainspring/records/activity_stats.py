"""How each xAPI activity is used: statements, learners, completions, verdicts and scores.

Everything is aggregated in the database, one grouped query for a page of activities,
over the statements whose object is the activity. Voided statements (and the voiding
statements themselves, whose object is a StatementRef) are left out.

The words follow :mod:`mainspring.records.progress`:

- a *completion* is a learner with a ``completed``, ``passed`` or ``satisfied``
  statement, or one whose verb says nothing itself but whose result has
  ``completion: true`` (an ``attended`` virtual class); counted once per learner;
- *passed* and *failed* count attempts: statements with those verbs, or with
  ``result.success`` under a verb that says nothing itself; the pass rate is passed
  over passed plus failed;
- the *score* is ``result.score.scaled`` as a percentage, or ``raw`` within
  ``min``..``max`` when ``scaled`` is missing (unlike progress, not clamped to 0..100:
  the LRS accepts only scores within their range, and scaled scores from -1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Expression,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Floor, Greatest, Least, NullIf

from mainspring.records import progress
from mainspring.records.models import ActivityDefinition, ActivityLink, Statement

DONE_VERBS = [v for v, status in progress.VERB_STATUS.items() if status in progress.DONE]
PASSED_VERBS = [v for v, status in progress.VERB_STATUS.items() if status == progress.PASSED]
FAILED_VERBS = [v for v, status in progress.VERB_STATUS.items() if status == progress.FAILED]
SAYS_NOTHING = ~Q(verb__in=list(progress.VERB_STATUS))  # the result decides

DONE = Q(verb__in=DONE_VERBS) | (SAYS_NOTHING & Q(data__result__completion=True))
PASSED = Q(verb__in=PASSED_VERBS) | (SAYS_NOTHING & Q(data__result__success=True))
FAILED = Q(verb__in=FAILED_VERBS) | (SAYS_NOTHING & Q(data__result__success=False))

# Sort keys offered to the user, each an annotation of :func:`activities`.
SORTS = ("activity", "statements", "learners", "completions", "pass_rate", "average_score", "last")
BUCKETS = 10


def _number(path: str) -> Cast:
    return Cast(KT(f"data__result__score__{path}"), FloatField())


def score_percent() -> Expression:
    """A statement's score in percent, in SQL (NULL when it has none).

    Most statements carry no score; asking first whether the result has one keeps the
    database from reading each statement's JSON eight times over (about two thirds of
    the list's time on SQLite).
    """
    scaled = _number("scaled") * Value(100.0)
    low, high = _number("min"), _number("max")
    from_raw = (_number("raw") - low) * Value(100.0) / NullIf(high - low, Value(0.0))
    return Case(
        When(data__result__has_key="score", then=Coalesce(scaled, from_raw)),
        default=None,
        output_field=FloatField(),
    )


def live_statements() -> QuerySet[Statement]:
    """The statements that count: about an activity, and not voided."""
    return Statement.objects.filter(voided=False).exclude(activity="")


def _aggregates() -> dict[str, Any]:
    return {
        "statements": Count("id"),
        "learners": Count("actor_key", distinct=True),
        "completions": Count("actor_key", distinct=True, filter=DONE),
        "passed": Count("id", filter=PASSED),
        "failed": Count("id", filter=FAILED),
        "average_score": Avg(score_percent()),
        "last": Max("timestamp"),
    }


def _pass_rate() -> Expression:
    verdicts = NullIf(F("passed") + F("failed"), Value(0))
    return Cast(F("passed"), FloatField()) * Value(100.0) / verdicts


def search(text: str) -> Q:
    """Activities whose id, definition, linked step, path or catalogue item mentions ``text``."""
    linked = ActivityLink.objects.filter(
        Q(step__title__icontains=text)
        | Q(step__path__title__icontains=text)
        | Q(catalog_item__title__icontains=text)
        | Q(catalog_item__steps__title__icontains=text)
        | Q(catalog_item__steps__path__title__icontains=text)
    ).values("activity")
    defined = (
        ActivityDefinition.objects.annotate(text=Cast("definition", TextField()))
        .filter(text__icontains=text)
        .values("activity")
    )
    return Q(activity__icontains=text) | Q(activity__in=linked) | Q(activity__in=defined)


def activities(text: str = "", sort: str = "-statements") -> QuerySet[Statement, dict[str, Any]]:
    """One row (a dict) per activity with its figures, searched and sorted.

    ``sort`` is one of :data:`SORTS`, with a leading ``-`` for descending; anything else
    sorts by statements, most first. Ties fall back to the activity id.
    """
    rows = live_statements()
    if text:
        rows = rows.filter(search(text))
    grouped = rows.values("activity").annotate(**_aggregates()).annotate(pass_rate=_pass_rate())
    field = sort.removeprefix("-")
    if field not in SORTS:
        field, sort = "statements", "-statements"
    key = F(field).desc(nulls_last=True) if sort.startswith("-") else F(field).asc(nulls_last=True)
    return grouped.order_by(key, "activity")


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """An activity's figures, with what it is linked to and its name."""

    activity: str
    name: str
    link: ActivityLink | None
    statements: int
    learners: int
    completions: int
    passed: int
    failed: int
    pass_rate: float | None
    average_score: float | None
    last: datetime | None


def _name(definition: Any) -> str:
    names = definition.get("name") if isinstance(definition, dict) else None
    if not isinstance(names, dict) or not names:
        return ""
    return str(names.get("en-US") or names.get("en") or next(iter(names.values())))


def describe(rows: list[dict[str, Any]]) -> list[ActivityRow]:
    """A page of :func:`activities` rows with their links and names (two queries)."""
    ids = [r["activity"] for r in rows]
    links = {
        link.activity: link
        for link in ActivityLink.objects.filter(activity__in=ids).select_related(
            "step__path", "catalog_item"
        )
    }
    names = {
        a: _name(d)
        for a, d in ActivityDefinition.objects.filter(activity__in=ids).values_list(
            "activity", "definition"
        )
    }
    return [
        ActivityRow(
            activity=r["activity"],
            name=names.get(r["activity"], ""),
            link=links.get(r["activity"]),
            statements=r["statements"],
            learners=r["learners"],
            completions=r["completions"],
            passed=r["passed"],
            failed=r["failed"],
            pass_rate=r["pass_rate"],
            average_score=r["average_score"],
            last=r["last"],
        )
        for r in rows
    ]


def summary(activity: str) -> ActivityRow:
    """The figures of one activity (one query; zeros when nothing counts)."""
    found = live_statements().filter(activity=activity).aggregate(**_aggregates())
    verdicts = found["passed"] + found["failed"]
    name = ActivityDefinition.objects.filter(activity=activity).values_list("definition", flat=True)
    return ActivityRow(
        activity=activity,
        name=_name(name.first()),
        link=None,
        statements=found["statements"],
        learners=found["learners"],
        completions=found["completions"],
        passed=found["passed"],
        failed=found["failed"],
        pass_rate=100.0 * found["passed"] / verdicts if verdicts else None,
        average_score=found["average_score"],
        last=found["last"],
    )


@dataclass(frozen=True, slots=True)
class Bar:
    """One band of the score distribution: ``low`` to ``low + 10`` percent."""

    low: int
    count: int
    share: float  # of the tallest band, 0..1 (for drawing)

    @property
    def label(self) -> str:
        return f"{self.low} to {self.low + 100 // BUCKETS}%"


def score_distribution(activity: str) -> list[Bar]:
    """How many scored statements fall in each tenth of the scale (one query)."""
    band = Greatest(
        Least(Floor(F("score") * Value(BUCKETS / 100.0)), Value(BUCKETS - 1.0)), Value(0.0)
    )
    counts = dict(
        live_statements()
        .filter(activity=activity)
        .annotate(score=score_percent())
        .filter(score__isnull=False)
        .annotate(band=band)
        .values("band")
        .annotate(n=Count("id"))
        .values_list("band", "n")
    )
    by_band = {int(b): n for b, n in counts.items()}
    if not by_band:
        return []
    tallest = max(by_band.values())
    step = 100 // BUCKETS
    return [Bar(i * step, by_band.get(i, 0), by_band.get(i, 0) / tallest) for i in range(BUCKETS)]
