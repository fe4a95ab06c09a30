"""Reads of plans, surveys and results, scoped to what each user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from mainspring.evaluation import measures, scoring
from mainspring.evaluation.models import (
    Answer,
    Audience,
    Construct,
    EvaluationPlan,
    Invitation,
    ItemKind,
    QuoteConsent,
    Survey,
    SurveyItem,
    SurveyQuestion,
    SurveySession,
)
from mainspring.experiences.models import Program, Step
from mainspring.org.models import Person, Role
from mainspring.org.permissions import role_of
from mainspring.org.queries import scope_units_of, subtree_q
from mainspring.strategy.models import KPI

# ----------------------------------------------------------------------------- programs


def programs_visible_to(user: Any) -> QuerySet[Program]:
    """Programs whose results the user may read (stakeholders: audience in their units)."""
    role = role_of(user)
    if role in (Role.LEADER, Role.STAFF, Role.EXECUTIVE):
        return Program.objects.all()
    if role == Role.STAKEHOLDER:
        units = subtree_q(scope_units_of(user), "org_units__")
        return Program.objects.filter(pk__in=Program.objects.filter(units).values("pk"))
    return Program.objects.none()


def get_program_for(user: Any, pk: int) -> Program:
    """Return a program whose results the user may read.

    Raises:
        Http404: when the program does not exist or is not the user's to see.
    """
    try:
        return programs_visible_to(user).get(pk=pk)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


def get_program(pk: int) -> Program:
    """Return a program for L&D's pages (the view has checked the role)."""
    try:
        return Program.objects.get(pk=pk)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


@dataclass(frozen=True, slots=True)
class PlanRow:
    program: Program
    plan: EvaluationPlan | None
    surveys: int

    @property
    def status(self) -> str:
        if self.plan is None:
            return "none"
        return "draft" if self.plan.missing else "complete"


def plan_rows() -> list[PlanRow]:
    """Every program with its plan (or none) and how many surveys it has."""
    programs = Program.objects.annotate(survey_count=Count("surveys")).order_by("title", "pk")
    plans = {p.program_id: p for p in EvaluationPlan.objects.select_related("kpi")}
    return [PlanRow(p, plans.get(p.pk), p.survey_count) for p in programs]


def program_kpis(program: Program) -> QuerySet[KPI]:
    """KPIs the program's learning needs name: the ones its plan should choose from."""
    return KPI.objects.filter(needs__programs=program).distinct().order_by("name")


def plan_of(program: Program) -> EvaluationPlan | None:
    """The program's plan, or None."""
    return EvaluationPlan.objects.filter(program=program).select_related("kpi").first()


# ----------------------------------------------------------------------------- surveys


def surveys_of(program: Program) -> QuerySet[Survey]:
    """The program's surveys, with their question and session counts."""
    return (
        Survey.objects.filter(program=program)
        .annotate(
            question_count=Count("questions", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("level", "audience", "pk")
    )


def all_surveys() -> QuerySet[Survey]:
    """Every survey, with its program and counts, for the surveys list."""
    return (
        Survey.objects.select_related("program")
        .annotate(
            question_count=Count("questions", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("program__title", "level", "audience", "pk")
    )


def get_survey(pk: int) -> Survey:
    """Return a survey with its program (L&D pages).

    Raises:
        Http404: when there is no such survey.
    """
    try:
        return Survey.objects.select_related("program").get(pk=pk)
    except Survey.DoesNotExist:
        raise Http404("No such survey.") from None


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    """The survey's questions in order, with their items."""
    return list(survey.questions.select_related("item").order_by("position", "pk"))


def items_to_add(survey: Survey) -> QuerySet[SurveyItem]:
    """Bank items of the survey's level and audience not in it yet."""
    return (
        SurveyItem.objects.filter(active=True, level=survey.level, audience=survey.audience)
        .exclude(pk__in=survey.questions.values("item_id"))
        .order_by("construct", "pk")
    )


def get_question(pk: int) -> SurveyQuestion:
    """Return a survey question (L&D pages).

    Raises:
        Http404: when there is no such question.
    """
    try:
        return SurveyQuestion.objects.select_related("survey").get(pk=pk)
    except SurveyQuestion.DoesNotExist:
        raise Http404("No such question.") from None


def sessions_of(survey: Survey) -> QuerySet[SurveySession]:
    """The survey's deliveries, newest first, with invitation and response counts."""
    return (
        survey.sessions.select_related("step__method")
        .annotate(
            invited=Count("invitations"),
            responded=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("-held_on", "-pk")
    )


def is_sent(survey: Survey) -> bool:
    """Whether anyone has been invited to the survey (its questions are then fixed)."""
    return Invitation.objects.filter(session__survey=survey).exists()


def get_session(pk: int) -> SurveySession:
    """Return a survey session with its survey and program.

    Raises:
        Http404: when there is no such session.
    """
    try:
        return SurveySession.objects.select_related("survey__program", "step__method").get(pk=pk)
    except SurveySession.DoesNotExist:
        raise Http404("No such survey session.") from None


def program_steps(program: Program) -> QuerySet[Step]:
    """Steps of the program's paths, for choosing which one a session followed."""
    return Step.objects.filter(path__program=program).select_related("path", "method")


def bank_items() -> QuerySet[SurveyItem]:
    """The item bank, by level and audience, with how many surveys use each item."""
    return SurveyItem.objects.annotate(used=Count("questions")).order_by(
        "level", "audience", "construct", "pk"
    )


# ----------------------------------------------------------------------------- answering


def my_invitations(person: Person) -> QuerySet[Invitation]:
    """A person's invitations, open ones first, with what the survey is about."""
    return (
        Invitation.objects.filter(person=person)
        .select_related("session__survey__program", "subject")
        .order_by("-session__held_on", "pk")
    )


def open_invitations(person: Person, today: date) -> QuerySet[Invitation]:
    """A person's invitations still to answer: not submitted, and the survey not closed."""
    return my_invitations(person).filter(
        Q(session__closes_on__isnull=True) | Q(session__closes_on__gte=today),
        submitted_at__isnull=True,
    )


def get_invitation_for(user: Any, token: str) -> Invitation:
    """Return the user's own invitation with this token.

    Raises:
        Http404: when no such invitation exists or it is someone else's.
    """
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        raise Http404("No such survey invitation.")
    found = (
        Invitation.objects.select_related("session__survey__program", "subject")
        .filter(token=token, person_id=person_id)
        .first()
    )
    if found is None:
        raise Http404("No such survey invitation.")
    return found


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ConstructRow:
    construct: str
    label: str
    audience: str
    result: scoring.ScaleResult


@dataclass(frozen=True, slots=True)
class GroupRow:
    label: str
    detail: str
    invited: int
    responded: int
    favourable_pct: float | None
    mean: float | None
    nps: float | None
    answers: int
    pk: int | None = None

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited * 100 if self.invited else None

    @property
    def too_few(self) -> bool:
        return self.responded < scoring.MIN_ANSWERS


@dataclass(frozen=True, slots=True)
class StepScore:
    step: str
    method: str
    scores: int
    mean: float | None


@dataclass(frozen=True, slots=True)
class LearningResult:
    summary: measures.LevelSummary
    bars: tuple[scoring.Bar, ...]  # by score band: 0-49, 50-59, ... 90-100
    steps: tuple[StepScore, ...]


@dataclass(frozen=True, slots=True)
class ProgramResults:
    level: int
    invited: int
    responded: int
    overall: GroupRow
    constructs: tuple[ConstructRow, ...]
    nps: float | None
    nps_result: scoring.ScaleResult
    sessions: tuple[GroupRow, ...]  # the latest SESSION_ROWS
    session_total: int
    methods: tuple[GroupRow, ...]
    claims: scoring.Claims | None
    learning: LearningResult | None

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited * 100 if self.invited else None


NPS_VALUES = tuple(range(11))
SESSION_ROWS = 30
SCORE_BANDS = ((0, 49), (50, 59), (60, 69), (70, 79), (80, 89), (90, 100))


def _invitations(
    level: int, start: date, end: date, *, program: Program | None = None, session_pk: int = 0
) -> QuerySet[Invitation]:
    found = Invitation.objects.filter(session__survey__level=level)
    if session_pk:
        return found.filter(session_id=session_pk)
    assert program is not None
    return found.filter(
        session__survey__program=program, session__held_on__gte=start, session__held_on__lte=end
    )


def _distributions(
    invitations: QuerySet[Invitation], group: str | None = None
) -> dict[tuple[Any, str, str, str], dict[int, int]]:
    """Answer counts by (group, construct, audience, kind) and value, for scale items."""
    keys = ["item__construct", "item__audience", "item__kind", "number"]
    rows = (
        Answer.objects.filter(
            invitation__in=invitations.filter(submitted_at__isnull=False),
            item__kind__in=[ItemKind.LIKERT, ItemKind.NPS],
            number__isnull=False,
        )
        .values(*([group] if group else []), *keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[tuple[Any, str, str, str], dict[int, int]] = defaultdict(dict)
    for row in rows:
        key = (
            row[group] if group else None,
            row["item__construct"],
            row["item__audience"],
            row["item__kind"],
        )
        value = int(row["number"])
        found[key][value] = found[key].get(value, 0) + row["n"]
    return found


def _merge(
    dists: dict[tuple[Any, str, str, str], dict[int, int]], group: Any, kind: str
) -> dict[int, int]:
    merged: dict[int, int] = defaultdict(int)
    for (g, _construct, _audience, k), dist in dists.items():
        if g == group and k == kind:
            for value, n in dist.items():
                merged[value] += n
    return merged


def _group_row(
    dists: dict[tuple[Any, str, str, str], dict[int, int]],
    group: Any,
    *,
    label: str,
    detail: str,
    invited: int,
    responded: int,
    pk: int | None = None,
) -> GroupRow:
    likert = _merge(dists, group, ItemKind.LIKERT)
    recommend = _merge(dists, group, ItemKind.NPS)
    enough = responded >= scoring.MIN_ANSWERS
    return GroupRow(
        label=label,
        detail=detail,
        invited=invited,
        responded=responded,
        favourable_pct=scoring.favourable_pct(likert) if enough else None,
        mean=scoring.mean(likert) if enough else None,
        nps=scoring.nps(recommend) if enough else None,
        answers=scoring.total(likert),
        pk=pk,
    )


CONSTRUCT_LABELS = dict(Construct.choices)


def _constructs(
    dists: dict[tuple[Any, str, str, str], dict[int, int]],
) -> tuple[ConstructRow, ...]:
    order = {c: n for n, c in enumerate(Construct.values)}
    # Several items may measure one construct (two application items): pool them.
    pooled: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (_, construct, audience, kind), dist in dists.items():
        if kind == ItemKind.LIKERT:
            for value, n in dist.items():
                pooled[(construct, audience)][value] += n
    return tuple(
        ConstructRow(
            construct,
            CONSTRUCT_LABELS.get(construct, construct),
            audience,
            scoring.scale_result(dist),
        )
        for (construct, audience), dist in sorted(
            pooled.items(), key=lambda kv: (kv[0][1] != Audience.LEARNER, order.get(kv[0][0], 99))
        )
    )


def program_results(program: Program, level: int, start: date, end: date) -> ProgramResults:
    """A program's level 1 or 3 results in a period: by construct, session and method.

    Level 1 results carry the program's level 2 (assessment scores) too; level 3 results
    carry the participants' estimates of the value of their improvement.
    """
    invitations = _invitations(level, start, end, program=program)
    counts = invitations.aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    overall = _distributions(invitations)
    recommend = _merge(overall, None, ItemKind.NPS)
    session_total = SurveySession.objects.filter(pk__in=invitations.values("session_id")).count()
    sessions = _session_rows(invitations)
    methods = _method_rows(invitations)
    return ProgramResults(
        level=level,
        invited=counts["invited"],
        responded=counts["responded"],
        overall=_group_row(
            overall,
            None,
            label="All",
            detail="",
            invited=counts["invited"],
            responded=counts["responded"],
        ),
        constructs=_constructs(overall),
        nps=scoring.shown(scoring.nps(recommend), scoring.total(recommend)),
        nps_result=scoring.scale_result(recommend, NPS_VALUES),
        sessions=sessions,
        session_total=session_total,
        methods=methods,
        claims=_claims(program, start, end) if level == 3 else None,  # noqa: PLR2004
        learning=learning_result(program, start, end) if level == 1 else None,
    )


def _session_rows(invitations: QuerySet[Invitation]) -> tuple[GroupRow, ...]:
    """The latest deliveries' rows (only their answers are counted)."""
    latest = list(
        SurveySession.objects.filter(pk__in=invitations.values("session_id"))
        .order_by("-held_on", "-pk")
        .values_list("pk", flat=True)[:SESSION_ROWS]
    )
    dists = _distributions(invitations.filter(session_id__in=latest), "invitation__session_id")
    sessions = (
        SurveySession.objects.filter(pk__in=latest)
        .select_related("step__method", "survey")
        .annotate(
            invited=Count("invitations"),
            responded=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("-held_on", "-pk")
    )
    return tuple(
        _group_row(
            dists,
            s.pk,
            label=s.label,
            detail=f"{s.held_on:%d %b %Y} · {s.step.method.name if s.step else 'no step'}"
            f" · {s.survey.get_audience_display().lower()}",
            invited=s.invited,
            responded=s.responded,
            pk=s.pk,
        )
        for s in sessions
    )


def _method_rows(invitations: QuerySet[Invitation]) -> tuple[GroupRow, ...]:
    dists = _distributions(invitations, "invitation__session__step__method__name")
    counts = (
        invitations.values("session__step__method__name")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(submitted_at__isnull=False)))
        .order_by("session__step__method__name")
    )
    return tuple(
        _group_row(
            dists,
            row["session__step__method__name"],
            label=row["session__step__method__name"] or "Not tied to a step",
            detail="",
            invited=row["invited"],
            responded=row["responded"],
        )
        for row in counts
    )


def session_results(session: SurveySession) -> ProgramResults:
    """One delivery's results, by construct."""
    invitations = _invitations(session.survey.level, date.min, date.max, session_pk=session.pk)
    counts = invitations.aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    overall = _distributions(invitations)
    recommend = _merge(overall, None, ItemKind.NPS)
    return ProgramResults(
        level=session.survey.level,
        invited=counts["invited"],
        responded=counts["responded"],
        overall=_group_row(
            overall,
            None,
            label="All",
            detail="",
            invited=counts["invited"],
            responded=counts["responded"],
        ),
        constructs=_constructs(overall),
        nps=scoring.shown(scoring.nps(recommend), scoring.total(recommend)),
        nps_result=scoring.scale_result(recommend, NPS_VALUES),
        sessions=(),
        session_total=0,
        methods=(),
        claims=None,
        learning=None,
    )


def _claims(program: Program, start: date, end: date) -> scoring.Claims:
    rows = measures.participant_estimates(program.pk, start, end).rows
    return scoring.claims(
        [
            (r.annual_improvement, r.attribution_pct, r.confidence_pct)
            for r in rows
            if r.annual_improvement is not None
        ]
    )


def learning_result(program: Program, start: date, end: date) -> LearningResult:
    """Level 2: the mean score, its distribution by band and the mean by step."""
    progress = measures.assessed_progress([program.pk], start, end).filter(score__isnull=False)
    bands = progress.aggregate(
        **{
            f"b{low}": Count("pk", filter=Q(score__gte=low, score__lte=high + 0.999))
            for low, high in SCORE_BANDS
        }
    )
    n = sum(bands.values())
    bars = tuple(
        scoring.Bar(low, bands[f"b{low}"], bands[f"b{low}"] / n * 100 if n else 0.0)
        for low, _ in SCORE_BANDS
    )
    by_step = (
        progress.values("step__title", "step__method__name", "step__position", "step_id")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by("step__position", "step_id")
    )
    steps = tuple(
        StepScore(
            r["step__title"], r["step__method__name"], r["n"], scoring.shown(r["mean"], r["n"])
        )
        for r in by_step
    )
    return LearningResult(
        summary=measures.learning([program.pk], start, end),
        bars=bars if n >= scoring.MIN_ANSWERS else (),
        steps=steps,
    )


# ----------------------------------------------------------------------------- comments


@dataclass(frozen=True, slots=True)
class CommentFilters:
    testimonials: bool = False
    session_pk: int | None = None


def comments_of(program: Program, filters: CommentFilters) -> QuerySet[Answer]:
    """Free-text answers of the program's surveys, newest first."""
    found = (
        Answer.objects.filter(
            invitation__session__survey__program=program,
            item__kind=ItemKind.TEXT,
            invitation__submitted_at__isnull=False,
        )
        .exclude(text="")
        .select_related("item", "invitation__person", "invitation__session__step__method")
        .order_by("-invitation__submitted_at", "-pk")
    )
    if filters.testimonials:
        found = found.filter(item__construct=Construct.COMMENT).exclude(consent=QuoteConsent.NONE)
    if filters.session_pk:
        found = found.filter(invitation__session_id=filters.session_pk)
    return found


def testimonial_count(program: Program) -> int:
    """How many comments of the program may be quoted."""
    return comments_of(program, CommentFilters(testimonials=True)).count()
