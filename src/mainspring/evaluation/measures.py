"""Level 1 to 3 measures for other apps (impact, reports): the evaluation app's interface.

Definitions (Kirkpatrick and Phillips, as ``design/DOMAIN.md`` "Measuring impact" uses them):

- Level 1 (reaction) and level 3 (application): answers to the 1-5 agreement items of
  submitted invitations. *% favourable* is the share of those answers that are 4 or 5;
  the mean is on the 1-5 scale. A session counts when its date (``held_on``) is in the
  period. *Invited* counts invitations (a manager asked about two learners counts twice),
  *responses* the submitted ones.
- Level 2 (learning): assessment scores (0-100) recorded on step progress, for steps of
  the program's paths completed in the period. A step counts as assessed when anyone has
  a score on it; *invited* counts the completions of assessed steps in the period (passed
  and failed included), *responses* the scores among them.
- Net promoter score: % of 9-10 answers minus % of 0-6 answers on the 0-10 item.
- Participant estimates (Phillips): the level 3 learner follow-up's three estimate items,
  one row per person invited. Adjusting and excluding extremes is the ROI's job.

Periods are inclusive ``date`` s; ``program_ids=None`` means every program.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from mainspring.evaluation.models import (
    Answer,
    Audience,
    Construct,
    EvaluationPlan,
    Invitation,
    ItemKind,
    SurveyLevel,
)
from mainspring.experiences.models import ProgressStatus, StepProgress

FAVOURABLE = 4  # on the 1-5 scale, 4 (agree) and 5 (strongly agree) are favourable
PROMOTER, DETRACTOR = 9, 6  # 9-10 promote, 0-6 detract


@dataclass(frozen=True, slots=True)
class LevelSummary:
    """One level's headline: score (0-100), mean, and how many answered of how many asked."""

    score: float | None
    mean: float | None
    responses: int
    invited: int

    @property
    def response_rate(self) -> float | None:
        """Responses as a percentage of those invited, or None when nobody was."""
        if not self.invited:
            return None
        return self.responses / self.invited * 100


@dataclass(frozen=True, slots=True)
class ParticipantEstimate:
    person_id: int
    responded: bool
    annual_improvement: Decimal | None
    attribution_pct: float | None
    confidence_pct: float | None


@dataclass(frozen=True, slots=True)
class ParticipantEstimates:
    invited: int
    rows: tuple[ParticipantEstimate, ...]


def _invitations(
    program_ids: Collection[int] | None, start: date, end: date, level: int
) -> QuerySet[Invitation]:
    found = Invitation.objects.filter(
        session__survey__level=level, session__held_on__gte=start, session__held_on__lte=end
    )
    if program_ids is not None:
        found = found.filter(session__survey__program_id__in=list(program_ids))
    return found


def _likert_summary(invitations: QuerySet[Invitation]) -> LevelSummary:
    counts = invitations.aggregate(
        invited=Count("pk"), responses=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    answers = Answer.objects.filter(
        invitation__in=invitations.filter(submitted_at__isnull=False),
        item__kind=ItemKind.LIKERT,
        number__isnull=False,
    ).aggregate(
        n=Count("pk"), favourable=Count("pk", filter=Q(number__gte=FAVOURABLE)), mean=Avg("number")
    )
    n = answers["n"]
    return LevelSummary(
        score=answers["favourable"] / n * 100 if n else None,
        mean=float(answers["mean"]) if n else None,
        responses=counts["responses"],
        invited=counts["invited"],
    )


def reaction(program_ids: Collection[int] | None, start: date, end: date) -> LevelSummary:
    """Level 1: % favourable and mean of the reaction surveys of sessions in the period."""
    return _likert_summary(_invitations(program_ids, start, end, SurveyLevel.REACTION))


def application(program_ids: Collection[int] | None, start: date, end: date) -> LevelSummary:
    """Level 3: % favourable and mean of the learner and manager follow-ups in the period."""
    return _likert_summary(_invitations(program_ids, start, end, SurveyLevel.APPLICATION))


def assessed_progress(
    program_ids: Collection[int] | None, start: date, end: date
) -> QuerySet[StepProgress]:
    """Completions in the period of steps that carry an assessment score (for level 2)."""
    progress = StepProgress.objects.filter(
        completed_on__gte=start,
        completed_on__lte=end,
        status__in=[ProgressStatus.COMPLETED, ProgressStatus.PASSED, ProgressStatus.FAILED],
    )
    if program_ids is not None:
        progress = progress.filter(step__path__program_id__in=list(program_ids))
    scored_steps = StepProgress.objects.filter(score__isnull=False).values("step_id")
    return progress.filter(step_id__in=scored_steps)


def learning(program_ids: Collection[int] | None, start: date, end: date) -> LevelSummary:
    """Level 2: the mean assessment score (0-100) of steps completed in the period."""
    found = assessed_progress(program_ids, start, end).aggregate(
        invited=Count("pk"), responses=Count("score"), mean=Avg("score")
    )
    mean = float(found["mean"]) if found["responses"] else None
    return LevelSummary(
        score=mean, mean=mean, responses=found["responses"], invited=found["invited"]
    )


def nps_of(answers: QuerySet[Answer]) -> float | None:
    """The net promoter score of 0-10 answers, or None when there are none."""
    found = answers.filter(number__isnull=False).aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(number__gte=PROMOTER)),
        detractors=Count("pk", filter=Q(number__lte=DETRACTOR)),
    )
    if not found["n"]:
        return None
    return float((found["promoters"] - found["detractors"]) / found["n"] * 100)


def net_promoter(program_ids: Collection[int] | None, start: date, end: date) -> float | None:
    """Net promoter score (-100 to 100) of the 0-10 answers of sessions in the period."""
    invitations = Invitation.objects.filter(
        session__held_on__gte=start, session__held_on__lte=end, submitted_at__isnull=False
    )
    if program_ids is not None:
        invitations = invitations.filter(session__survey__program_id__in=list(program_ids))
    return nps_of(Answer.objects.filter(invitation__in=invitations, item__kind=ItemKind.NPS))


ESTIMATE_CONSTRUCTS = (
    Construct.IMPROVEMENT,
    Construct.ATTRIBUTION,
    Construct.CONFIDENCE_IN_ESTIMATE,
)


def participant_estimates(program_id: int, start: date, end: date) -> ParticipantEstimates:
    """Phillips estimates of the program's learners, from level 3 learner follow-ups.

    One row per person invited to a learner follow-up whose session is in the period.
    A person asked more than once counts once, with their latest submitted answers.
    Non-respondents have ``responded=False`` and no values (they count as zero benefit).
    """
    invitations = list(
        _invitations([program_id], start, end, SurveyLevel.APPLICATION)
        .filter(session__survey__audience=Audience.LEARNER)
        .order_by("person_id", "session__held_on", "pk")
        .values_list("pk", "person_id", "submitted_at")
    )
    latest: dict[int, int | None] = {}
    for invitation_pk, person_id, submitted_at in invitations:
        if submitted_at is not None:
            latest[person_id] = invitation_pk
        else:
            latest.setdefault(person_id, None)
    values: dict[int, dict[str, Decimal]] = {}
    answered = Answer.objects.filter(
        invitation_id__in=[pk for pk in latest.values() if pk is not None],
        item__construct__in=ESTIMATE_CONSTRUCTS,
        number__isnull=False,
    ).values_list("invitation_id", "item__construct", "number")
    for invitation_id, construct, number in answered:
        if number is not None:
            values.setdefault(invitation_id, {})[construct] = number
    rows = []
    for person_id, answered_pk in sorted(latest.items()):
        got = values.get(answered_pk, {}) if answered_pk is not None else {}
        attribution = got.get(Construct.ATTRIBUTION)
        confidence = got.get(Construct.CONFIDENCE_IN_ESTIMATE)
        rows.append(
            ParticipantEstimate(
                person_id=person_id,
                responded=answered_pk is not None,
                annual_improvement=got.get(Construct.IMPROVEMENT),
                attribution_pct=float(attribution) if attribution is not None else None,
                confidence_pct=float(confidence) if confidence is not None else None,
            )
        )
    return ParticipantEstimates(invited=len(latest), rows=tuple(rows))


def evaluation_plan(program_id: int) -> EvaluationPlan | None:
    """The program's evaluation plan, with its KPI, or None when it has none yet."""
    return (
        EvaluationPlan.objects.select_related("program", "kpi")
        .filter(program_id=program_id)
        .first()
    )
