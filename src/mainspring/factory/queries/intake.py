"""Requests and the backlog: who sees which request, the ranked backlog, the weights.

L&D (leader, staff) see every request. The business follows its own: a stakeholder sees
the requests they submitted or sponsor and those of the departments in their scope; an
executive those they submitted or sponsor. Anyone else sees none. Access helpers raise
``Http404`` for both "missing" and "not yours".

:func:`backlog` ranks the open requests with :mod:`mainspring.factory.prioritisation`:
with the weights in force, and, for a what-if, with other weights beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from mainspring.experiences.models import Program, ProgramStatus
from mainspring.factory import planning, prioritisation
from mainspring.factory.models import (
    OPEN_REQUEST_STATUSES,
    PriorityChange,
    PriorityWeights,
    ProcessTemplate,
    Project,
    ProjectStatus,
    Request,
    RequestEvent,
    RequestStatus,
)
from mainspring.factory.permissions import can_edit_factory, can_submit_request
from mainspring.org.models import OrgUnit, Person, Role
from mainspring.org.permissions import role_of
from mainspring.org.queries import (
    find_person,
    scope_units_of,
    subtree_q,
    units_visible_to,
)
from mainspring.strategy.models import LearningNeed

# --- who may do what ----------------------------------------------------------------------


def can_follow_requests(user: Any) -> bool:
    """The request pages: whoever may submit a request follows their own."""
    return can_submit_request(user)


def can_see_all_requests(user: Any) -> bool:
    """Every request, triage notes and priority changes: L&D."""
    return can_edit_factory(user)


# --- requests -----------------------------------------------------------------------------


def requests_visible_to(user: Any) -> QuerySet[Request]:
    """The requests a user may open, with what their lists show joined in."""
    base = Request.objects.select_related("unit", "requester", "sponsor", "kpi")
    if can_see_all_requests(user):
        return base
    if not can_follow_requests(user):
        return base.none()
    mine = Q(requester=user)
    if user.person_id is not None:
        mine |= Q(sponsor_id=user.person_id)
    if role_of(user) == Role.STAKEHOLDER:
        mine |= subtree_q(scope_units_of(user), "unit__")
    return base.filter(mine)


def get_request_for(user: Any, pk: int) -> Request:
    """A request the user may see.

    Raises:
        Http404: it does not exist or is not theirs to see.
    """
    try:
        return requests_visible_to(user).get(pk=pk)
    except Request.DoesNotExist:
        raise Http404("No such request.") from None


# Waiting for triage first, then the rest of the open ones, then the decided.
_QUEUE = Case(
    When(status=RequestStatus.SUBMITTED, then=Value(0)),
    When(status=RequestStatus.IN_TRIAGE, then=Value(1)),
    When(status=RequestStatus.DEFERRED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def search_requests(
    requests: QuerySet[Request], *, status: str = "", unit: OrgUnit | None = None, text: str = ""
) -> QuerySet[Request]:
    """Filter by status, department (with its subtree) and words; waiting ones first."""
    if status:
        requests = requests.filter(status=status)
    if unit is not None:
        requests = requests.filter(unit__path__startswith=unit.path)
    for word in text.split()[:5]:
        requests = requests.filter(
            Q(title__icontains=word) | Q(problem__icontains=word) | Q(audience__icontains=word)
        )
    return requests.annotate(queue=_QUEUE).order_by("queue", "-submitted_at", "-pk")


def status_counts(requests: QuerySet[Request]) -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every status, zero counts included."""
    counts = dict(
        requests.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in RequestStatus]


def units_to_filter_by(user: Any) -> QuerySet[OrgUnit]:
    """The departments the user sees that have requests, for the list's filter."""
    return units_visible_to(user).filter(requests__isnull=False).distinct().order_by("name")


def timeline(request: Request) -> QuerySet[RequestEvent]:
    """The request's events, oldest first."""
    return request.events.select_related("actor")


def priority_changes(request: Request) -> QuerySet[PriorityChange]:
    """The request's ratings changes, newest first."""
    return request.priority_changes.select_related("actor")


def merged_into_this(request: Request) -> QuerySet[Request]:
    """The requests merged into this one."""
    return request.merged.select_related("unit", "requester")


# --- sponsors -----------------------------------------------------------------------------


def find_sponsor(text: str) -> Person:
    """The active person an e-mail address, HRIS id or "First Last" names.

    Raises:
        PersonLookupError: nobody matches, or several people do (with what to type instead).
    """
    return find_person(text)


def sponsor_label(person: Person | None) -> str:
    """What the sponsor field shows for a person (their e-mail, else their HRIS id)."""
    if person is None:
        return ""
    return person.email or person.hris_id


# --- triage -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImpactSuggestion:
    rating: float | None
    money: Decimal | None  # at stake a year: the KPI gap times the value of one unit
    why: str


def suggest_impact(request: Request) -> ImpactSuggestion:
    """The business-impact rating the KPI gap and its money value suggest, and why."""
    kpi = request.kpi
    if kpi is None:
        return ImpactSuggestion(None, None, "No suggestion: the request names no KPI.")
    if request.kpi_gap is None:
        return ImpactSuggestion(None, None, f"No suggestion: no gap on {kpi.name} was given.")
    if kpi.unit_value is None:
        return ImpactSuggestion(
            None,
            None,
            f"No suggestion: {kpi.name} has no money value of a unit yet (set it on the KPI).",
        )
    money = abs(request.kpi_gap * kpi.unit_value)
    rating = prioritisation.impact_rating(float(money))
    unit = f" {kpi.unit}" if kpi.unit else ""
    return ImpactSuggestion(
        rating,
        money,
        f"Suggested {rating:g} of 5: a gap of {request.kpi_gap.normalize():,f}{unit} a year "
        f"at {kpi.unit_value:,.2f} a unit puts {money:,.0f} a year at stake on {kpi.name}.",
    )


def request_to_triage(pk: int) -> Request:
    """Any request, for L&D's triage (404 when missing)."""
    try:
        return Request.objects.select_related(
            "unit", "requester", "sponsor", "kpi", "triaged_by", "merged_into", "project"
        ).get(pk=pk)
    except Request.DoesNotExist:
        raise Http404("No such request.") from None


def merge_targets(request: Request) -> QuerySet[Request]:
    """The open requests this one could be merged into."""
    return (
        Request.objects.filter(status__in=OPEN_REQUEST_STATUSES)
        .exclude(pk=request.pk)
        .select_related("unit")
        .order_by("title", "pk")
    )


def live_projects() -> QuerySet[Project]:
    """Projects a request can join: planned, active or on hold."""
    return Project.objects.exclude(
        status__in=(ProjectStatus.DONE, ProjectStatus.CANCELLED)
    ).order_by("title", "pk")


def programs_to_accept_into() -> QuerySet[Program]:
    """Programs that are not retired."""
    return Program.objects.exclude(status=ProgramStatus.RETIRED).order_by("title", "pk")


def needs_to_accept_into() -> QuerySet[LearningNeed]:
    """Learning needs in the strategy."""
    return LearningNeed.objects.order_by("title", "pk")


def templates_to_start_from() -> QuerySet[ProcessTemplate]:
    """Active process templates (call ``defaults.ensure_defaults()`` first)."""
    return ProcessTemplate.objects.filter(active=True).order_by("name")


@dataclass(frozen=True, slots=True)
class Forecast:
    project: Project
    finish: date | None
    error: str


def forecast_of(project: Project, today: date) -> Forecast:
    """When the project a request was accepted into is forecast to finish."""
    plan = planning.plan_of(project, today=today)
    return Forecast(project, plan.finish, plan.error)


# --- the backlog --------------------------------------------------------------------------

COLOURS: dict[str, str] = {
    "impact": "#0b6e69",
    "alignment": "#3f6fb5",
    "urgency": "#c07a12",
    "reach": "#7a5aa6",
    "risk": "#b02a37",
    "effort": "#5f6b76",
}
NAMES = {c.code: c.name for c in prioritisation.CRITERIA}


def weights_in_force() -> dict[str, float]:
    """The latest saved weights, else the defaults."""
    latest = PriorityWeights.objects.order_by("-at", "-pk").first()
    if latest is None:
        return dict(prioritisation.DEFAULT_WEIGHTS)
    return {c.code: float(latest.weights.get(c.code, 0)) for c in prioritisation.CRITERIA}


def weights_history() -> QuerySet[PriorityWeights]:
    """Every saved set of weights, newest (the one in force) first."""
    return PriorityWeights.objects.select_related("actor").order_by("-at", "-pk")


@dataclass(frozen=True, slots=True)
class Bar:
    code: str
    name: str
    x: float
    width: float
    colour: str
    assumed: bool


@dataclass(frozen=True, slots=True)
class BacklogRow:
    request: Request
    scored: prioritisation.Scored
    moved: int | None = None  # places up (+) or down (-) under the what-if weights

    @property
    def bars(self) -> list[Bar]:
        """Each criterion's points as a segment of a 0-100 bar."""
        out, x = [], 0.0
        for part in self.scored.parts:
            name = NAMES[part.code]
            out.append(Bar(part.code, name, x, part.points, COLOURS[part.code], part.assumed))
            x += part.points
        return out

    @property
    def places(self) -> int:
        return abs(self.moved or 0)

    @property
    def unrated(self) -> list[str]:
        return [NAMES[p.code] for p in self.scored.parts if p.assumed]


@dataclass(frozen=True, slots=True)
class Backlog:
    rows: list[BacklogRow]
    weights: dict[str, float]  # as ranked (what-if or in force), normalised to sum to 1
    whatif: bool


def open_requests() -> QuerySet[Request]:
    """Submitted, in triage or deferred: what the backlog ranks, oldest first."""
    return (
        Request.objects.filter(status__in=OPEN_REQUEST_STATUSES)
        .select_related("unit")
        .order_by("submitted_at", "pk")
    )


def backlog(in_force: Mapping[str, float], whatif: Mapping[str, float] | None = None) -> Backlog:
    """The open requests ranked; with ``whatif``, by those weights, moves against in force.

    Raises:
        prioritisation.WeightError: weights that cannot rank.
    """
    requests = list(open_requests())
    by_pk = {r.pk: r for r in requests}
    items = [(r.pk, r.ratings()) for r in requests]
    current = prioritisation.rank(items, in_force)
    if whatif is None:
        rows = [BacklogRow(by_pk[s.key], s) for s in current]
        return Backlog(rows, prioritisation.normalise(in_force), whatif=False)
    other = prioritisation.rank(items, whatif)
    moved = prioritisation.moves(current, other)
    rows = [BacklogRow(by_pk[s.key], s, moved.get(s.key, 0)) for s in other]
    return Backlog(rows, prioritisation.normalise(whatif), whatif=True)
