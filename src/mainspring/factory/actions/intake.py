"""Requests for learning: submitted by the business, triaged, decided, prioritised.

A request's life is a list of :class:`RequestEvent` rows its author reads: submitted,
in triage, then one decision (accepted, merged, deferred, declined) with the reason in
words. Triage is a performance-consulting conversation: :func:`triage_request` saves
the diagnosis, the ratings and (optionally) the decision in one transaction, so a
refused decision leaves nothing half-written. Ratings changes are logged as
:class:`PriorityChange` rows, weights as :class:`PriorityWeights` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mainspring.experiences.models import Program
from mainspring.factory import prioritisation
from mainspring.factory.actions import Error
from mainspring.factory.actions.projects import log_change, start_project
from mainspring.factory.models import (
    LEARNING_DIAGNOSES,
    OPEN_REQUEST_STATUSES,
    Acceptance,
    ChangeKind,
    Diagnosis,
    PriorityChange,
    PriorityWeights,
    ProcessTemplate,
    Project,
    ProjectStatus,
    Request,
    RequestEvent,
    RequestStatus,
)
from mainspring.org.models import OrgUnit, Person, User
from mainspring.org.queries import units_visible_to
from mainspring.strategy.models import KPI, LearningNeed

CRITERIA_CODES = tuple(c.code for c in prioritisation.CRITERIA)
FIRST_RATING_REASON = "First rated at triage."
# Triage may reopen these (a deferred request is decided again).
DECIDABLE = (RequestStatus.IN_TRIAGE, RequestStatus.DEFERRED)
# Who can fix a gap that is not a learning problem: offered when declining one.
WHO_CAN_FIX: dict[str, str] = {
    Diagnosis.PROCESS: "the process owner",
    Diagnosis.TOOLS: "IT or facilities (whoever provides the tools)",
    Diagnosis.INCENTIVES: "HR and the managers who set targets and rewards",
}


# --- the decisions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewProject:
    """Accept into a new project started from a process template."""

    title: str
    template: ProcessTemplate | None
    start: date
    program: Program | None = None


@dataclass(frozen=True, slots=True)
class Accept:
    """Accept into exactly one of: a new project, a project, a program, a learning need."""

    new_project: NewProject | None = None
    project: Project | None = None
    program: Program | None = None
    need: LearningNeed | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    into: Request


@dataclass(frozen=True, slots=True)
class Defer:
    until: date


@dataclass(frozen=True, slots=True)
class Decline:
    pass


Decision = Accept | Merge | Defer | Decline


def _event(request: Request, status: str, message: str, actor: User | None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, status=status, message=message.strip(), actor=actor, at=timezone.now()
    )


def _lock(request: Request) -> None:
    """Lock the request's row until the transaction ends, and read it afresh."""
    Request.objects.select_for_update().values_list("pk").get(pk=request.pk)
    request.refresh_from_db()


# --- submitting ---------------------------------------------------------------------------


@transaction.atomic
def submit_request(
    *,
    actor: User,
    title: str,
    problem: str,
    audience: str,
    audience_size: int,
    unit: OrgUnit,
    today: date,
    kpi: KPI | None = None,
    kpi_gap: Decimal | None = None,
    deadline: date | None = None,
    sponsor: Person | None = None,
) -> Request:
    """Record a request from the business (status submitted, with its first event).

    Raises:
        Error: a blank title, problem or audience; an audience under one; a gap without
            its KPI; a deadline already past; a department outside the actor's scope.
    """
    title, problem, audience = title.strip(), problem.strip(), audience.strip()
    if not (title and problem and audience):
        raise Error("A request needs a title, the business problem and the audience.")
    if audience_size < 1:
        raise Error("The audience is at least one person.")
    if kpi_gap is not None and kpi is None:
        raise Error("Choose the KPI the gap is measured on, or leave the gap empty.")
    if deadline is not None and deadline < today:
        raise Error("The deadline has already passed: choose today or a later date.")
    if not units_visible_to(actor).filter(pk=unit.pk).exists():
        raise Error("You can only submit requests for departments within your scope.")
    request = Request.objects.create(
        title=title,
        problem=problem,
        kpi=kpi,
        kpi_gap=kpi_gap,
        audience=audience,
        audience_size=audience_size,
        deadline=deadline,
        sponsor=sponsor,
        unit=unit,
        requester=actor,
        submitted_at=timezone.now(),
    )
    _event(request, RequestStatus.SUBMITTED, "", actor)
    return request


# --- triage -------------------------------------------------------------------------------


@transaction.atomic
def start_triage(*, actor: User | None, request: Request) -> Request:
    """Take up a submitted (or deferred) request: status in triage, and an event.

    Raises:
        Error: the request is already in triage or decided.
    """
    _lock(request)
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.DEFERRED):
        raise Error(f"This request is {request.get_status_display().lower()}: nothing to start.")
    request.status = RequestStatus.IN_TRIAGE
    request.triaged_by = actor
    request.save(update_fields=["status", "triaged_by", "updated_at"])
    _event(
        request,
        RequestStatus.IN_TRIAGE,
        "The learning team has started to look into your request.",
        actor,
    )
    return request


@transaction.atomic
def rate_request(
    *,
    actor: User | None,
    request: Request,
    ratings: Mapping[str, int | None],
    reason: str,
) -> PriorityChange | None:
    """Set a request's six priority ratings (0-5, None = not rated), logged with why.

    First ratings (where none was set) may come without a reason; changing a rating
    already given needs one. Nothing is logged when nothing changed.

    Returns:
        The logged change, or None when the ratings are as they were.

    Raises:
        Error: the request is closed, a rating is outside 0-5 or an unknown criterion,
            or a given rating changes without a reason.
    """
    _lock(request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise Error("Only open requests (submitted, in triage or deferred) are rated.")
    unknown = sorted(set(ratings) - set(CRITERIA_CODES))
    if unknown:
        raise Error(f"Unknown criteria: {', '.join(unknown)}.")
    before = {c: getattr(request, f"rating_{c}") for c in CRITERIA_CODES}
    after = {c: ratings.get(c, before[c]) for c in CRITERIA_CODES}
    for value in after.values():
        if value is not None and not 0 <= value <= prioritisation.SCALE_MAX:
            raise Error("A rating is between 0 and 5.")
    if after == before:
        return None
    reason = reason.strip()
    changed_given = any(before[c] is not None and after[c] != before[c] for c in before)
    if changed_given and not reason:
        raise Error("Say why the ratings change: the priority history keeps it.")
    for code, value in after.items():
        setattr(request, f"rating_{code}", value)
    request.save(update_fields=[f"rating_{c}" for c in CRITERIA_CODES] + ["updated_at"])
    return PriorityChange.objects.create(
        request=request,
        before=before,
        after=after,
        reason=reason or FIRST_RATING_REASON,
        actor=actor,
        at=timezone.now(),
    )


def _check_acceptable(request: Request) -> None:
    if not request.diagnosis:
        raise Error(
            "Diagnose the request before accepting it: is it a gap in knowledge, skill or "
            "motivation, or not a learning problem?"
        )
    if request.diagnosis not in LEARNING_DIAGNOSES:
        label = Diagnosis(request.diagnosis).label.split(": ", 1)[-1]
        raise Error(
            f"Only a gap in knowledge, skill or motivation can be accepted: the diagnosis "
            f"says this is not a learning problem ({label}). Training will not fix it; "
            "decline it and say who can, or change the diagnosis."
        )


def _accept(actor: User | None, request: Request, accept: Accept) -> str:
    """Link the request to what it was accepted into; return a line for the timeline."""
    _check_acceptable(request)
    targets = [accept.new_project, accept.project, accept.program, accept.need]
    if sum(t is not None for t in targets) != 1:
        raise Error("Accept into one thing: a new project, a project, a program or a need.")
    request.project = request.program = request.need = None
    if accept.new_project is not None:
        new = accept.new_project
        # A deadline already past would be refused as before the start: the project
        # then runs without one and the request keeps the date the business asked for.
        deadline = request.deadline if request.deadline and request.deadline >= new.start else None
        request.project = start_project(
            actor=actor,
            title=new.title,
            template=new.template,
            start=new.start,
            program=new.program,
            sponsor=request.sponsor,
            deadline=deadline,
            description=request.problem,
        )
        request.accepted_as = Acceptance.PROJECT
        return f"Accepted into a new project: {request.project.title}."
    if accept.project is not None:
        if accept.project.status in (ProjectStatus.DONE, ProjectStatus.CANCELLED):
            raise Error("That project is closed: choose a live one or start a new project.")
        request.project, request.accepted_as = accept.project, Acceptance.PROJECT
        # Another request's audience and problem widen the project: its change log says so.
        log_change(
            actor=actor,
            project=accept.project,
            kind=ChangeKind.SCOPE,
            before="",
            after=f"Request #{request.pk} “{request.title}” joined the project.",
            reason=request.decision_reason,
        )
        return f"Accepted into the project {accept.project.title}."
    if accept.program is not None:
        request.program, request.accepted_as = accept.program, Acceptance.PROGRAM
        return f"Accepted into the program {accept.program.title}."
    assert accept.need is not None
    request.need, request.accepted_as = accept.need, Acceptance.NEED
    return f"Accepted as part of the learning need {accept.need.title}."


def _merge(actor: User | None, request: Request, into: Request) -> None:
    if into.pk == request.pk:
        raise Error("A request cannot be merged into itself.")
    target = Request.objects.select_for_update().get(pk=into.pk)
    if target.status not in OPEN_REQUEST_STATUSES:
        raise Error(
            f"“{target.title}” is {target.get_status_display().lower()}: merge only into "
            "an open request."
        )
    request.merged_into = target
    unit = f" ({request.unit.name})" if request.unit else ""
    _event(
        target,
        target.status,
        f"The request “{request.title}”{unit} was merged into this one: {request.decision_reason}",
        actor,
    )


@transaction.atomic
def decide_request(
    *, actor: User | None, request: Request, decision: Decision, reason: str, today: date
) -> Request:
    """Accept, merge, defer or decline a request in triage (or deferred), with the reason.

    The reason is the message the requester reads on the request's timeline.

    Raises:
        Error: no reason; the request is not in triage or deferred; accepting without a
            learning diagnosis; merging into itself or a closed request; deferring to a
            date that is not in the future; a new project that cannot be started.
    """
    _lock(request)
    if request.status not in DECIDABLE:
        if request.status == RequestStatus.SUBMITTED:
            raise Error("Start the triage before deciding.")
        raise Error(f"This request was already {request.get_status_display().lower()}.")
    reason = reason.strip()
    if not reason:
        raise Error("Write the reason for the decision: it is the message the requester reads.")
    request.decision_reason = reason
    message = reason
    match decision:
        case Accept():
            line = _accept(actor, request, decision)
            request.status = RequestStatus.ACCEPTED
            message = f"{line}\n{reason}"
        case Merge(into=into):
            _merge(actor, request, into)
            request.status = RequestStatus.MERGED
        case Defer(until=until):
            if until <= today:
                raise Error("Defer until a date in the future.")
            request.defer_until = until
            request.status = RequestStatus.DEFERRED
        case Decline():
            request.status = RequestStatus.DECLINED
    request.triaged_by = actor
    request.save()
    _event(request, request.status, message, actor)
    return request


@transaction.atomic
def triage_request(
    *,
    actor: User | None,
    request: Request,
    diagnosis: str,
    notes: str,
    ratings: Mapping[str, int | None],
    rating_reason: str,
    decision: Decision | None,
    reason: str,
    today: date,
) -> Request:
    """Save the triage conversation (diagnosis, notes, ratings) and any decision, at once.

    Raises:
        Error: as :func:`rate_request` and :func:`decide_request`; nothing is saved then.
    """
    _lock(request)
    if request.status not in DECIDABLE:
        raise Error("Only a request in triage or deferred can be triaged.")
    if diagnosis and diagnosis not in Diagnosis.values:
        raise Error("Choose one of the diagnoses offered.")
    request.diagnosis, request.triage_notes = diagnosis, notes.strip()
    request.triaged_by = actor
    request.save(update_fields=["diagnosis", "triage_notes", "triaged_by", "updated_at"])
    rate_request(actor=actor, request=request, ratings=ratings, reason=rating_reason)
    if decision is not None:
        decide_request(actor=actor, request=request, decision=decision, reason=reason, today=today)
    return request


# --- weights ------------------------------------------------------------------------------


@transaction.atomic
def save_priority_weights(
    *, actor: User | None, weights: Mapping[str, float], reason: str
) -> PriorityWeights:
    """Put new criterion weights in force; the previous ones stay as history.

    Raises:
        Error: no reason, or weights that cannot rank (negative, unknown, all zero).
    """
    reason = reason.strip()
    if not reason:
        raise Error("Say why the weights change: everyone can read the history.")
    try:
        prioritisation.normalise(weights)
    except prioritisation.WeightError as error:
        raise Error(str(error)) from error
    return PriorityWeights.objects.create(
        weights={c: float(weights.get(c, 0.0)) for c in CRITERIA_CODES},
        reason=reason,
        actor=actor,
        at=timezone.now(),
    )
