"""The learning manager's board: what needs attention today, in four panels.

Intake waiting for triage, projects at risk, people booked over their hours in the
coming weeks, and the year's budget burn. Each panel is read from where its data lives
(requests, :mod:`mainspring.factory.planning`, :mod:`mainspring.factory.queries.team`,
:mod:`mainspring.factory.ledger`) in a handful of queries whatever the size of the team
or the number of projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from mainspring.factory import capacity, ledger, planning
from mainspring.factory.models import Project, Request, RequestStatus, TaskStatus, TeamMember
from mainspring.factory.queries.team import live_plans, team_load
from mainspring.org.models import Role
from mainspring.org.permissions import has_role

WAITING_SHOWN = 5
LOAD_WEEKS = 4
LONG_WAIT_DAYS = 14  # a request waiting longer than this for triage is flagged


def is_sent_to_requests(user: Any) -> bool:
    """Stakeholders have no board: the factory's root takes them to their requests."""
    return has_role(user, Role.STAKEHOLDER)


# --- 1. intake ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Waiting:
    request: Request
    days: int  # since it was submitted

    @property
    def long(self) -> bool:
        return self.days > LONG_WAIT_DAYS


@dataclass(frozen=True, slots=True)
class Intake:
    submitted: int  # waiting for triage
    in_triage: int
    oldest: list[Waiting]  # the longest waiting first, at most WAITING_SHOWN

    @property
    def oldest_days(self) -> int | None:
        return self.oldest[0].days if self.oldest else None


def intake_waiting(today: date) -> Intake:
    """Requests waiting for triage, the longest waiting first (two queries)."""
    counts = Request.objects.aggregate(
        submitted=Count("pk", filter=Q(status=RequestStatus.SUBMITTED)),
        in_triage=Count("pk", filter=Q(status=RequestStatus.IN_TRIAGE)),
    )
    rows = (
        Request.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related("unit")
        .order_by("submitted_at", "pk")[:WAITING_SHOWN]
    )
    return Intake(
        counts["submitted"],
        counts["in_triage"],
        [Waiting(r, max((today - r.submitted_at.date()).days, 0)) for r in rows],
    )


# --- 2. projects at risk ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Risk:
    project: Project
    finish: date | None  # forecast
    slip_days: int
    reasons: list[str]


def _days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def risk_of(plan: planning.ProjectPlan, today: date) -> Risk | None:
    """Why a project is at risk, in words for the board; None when it is on track.

    Slippage (with the new finish), a finish after the deadline, review gates overdue
    (with the date they were promised) and vendor tasks past their baseline finish.
    """
    project = plan.project
    reasons = [plan.error] if plan.error else []
    if plan.slip_days > 0 and plan.finish and project.baseline_finish:
        reasons.append(
            f"Slipped {_days(plan.slip_days)}: now finishes {plan.finish:%d %b %Y} "
            f"instead of {project.baseline_finish:%d %b %Y}."
        )
    if plan.late_for_deadline and project.deadline:
        reasons.append(f"Finishes after its deadline of {project.deadline:%d %b %Y}.")
    reasons.extend(
        f"{item.task.name} is overdue: due {item.due:%d %b %Y}, not done."
        for item in plan.overdue_gates
    )
    for item in plan.tasks:
        t = item.task
        if (
            t.vendor is not None
            and t.status != TaskStatus.DONE
            and t.baseline_finish
            and t.baseline_finish < today
            and not (item.is_gate and item.overdue)  # said above
        ):
            reasons.append(
                f"{t.vendor.name} is late with {t.name}: due {t.baseline_finish:%d %b %Y}."
            )
    if not reasons:
        return None
    return Risk(project, plan.finish, plan.slip_days, reasons)


def projects_at_risk(plans: list[planning.ProjectPlan], today: date) -> list[Risk]:
    """The live projects at risk, the most slipped first."""
    risks = [r for r in (risk_of(p, today) for p in plans) if r is not None]
    return sorted(risks, key=lambda r: (-r.slip_days, -len(r.reasons), r.project.title))


# --- 3. team load -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overload:
    member: TeamMember
    weeks: list[capacity.WeekLoad]  # the weeks over capacity, in order

    @property
    def worst(self) -> capacity.WeekLoad:
        return max(self.weeks, key=lambda w: (w.over, w.hours))


# --- 4. budget burn -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overrun:
    program_id: int | None  # None: the shared pot
    title: str
    category: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Burn:
    year: int
    months_to_date: int
    budget: Decimal  # the year's plan
    plan_ytd: Decimal
    actual_ytd: Decimal
    overruns: list[Overrun] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.budget and not self.actual_ytd

    @property
    def spent_pct(self) -> int | None:
        """Actual to date as a percentage of the year's budget."""
        return round(self.actual_ytd / self.budget * 100) if self.budget else None

    @property
    def plan_pct(self) -> int | None:
        """Plan to date as a percentage of the year's budget."""
        return round(self.plan_ytd / self.budget * 100) if self.budget else None

    @property
    def over_plan(self) -> Decimal:
        return max(self.actual_ytd - self.plan_ytd, Decimal(0))

    def _bar(self, value: Decimal) -> int:
        scale = max(self.budget, self.actual_ytd)
        return int(value / scale * 100) if scale else 0

    @property
    def plan_bar(self) -> int:
        """Plan to date as a width out of 100 (the longer of budget and actual is 100)."""
        return self._bar(self.plan_ytd)

    @property
    def actual_bar(self) -> int:
        """Actual to date as a width out of 100."""
        return self._bar(self.actual_ytd)


def budget_burn(year: int, today: date) -> Burn:
    """The year's budget against actual costs to date, and every line over its plan."""
    grid = ledger.budget_grid(year, today=today)
    return Burn(
        year=year,
        months_to_date=grid.months_to_date,
        budget=grid.total.plan,
        plan_ytd=grid.total.plan_ytd,
        actual_ytd=grid.total.actual_ytd,
        overruns=[
            Overrun(row.program_id, row.title, label, amount)
            for row in grid.rows
            for label, amount in row.overruns
        ],
    )


# --- the board --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Board:
    today: date
    intake: Intake
    live_projects: int
    risks: list[Risk]
    team_size: int
    weeks: list[date]  # the Mondays the load covers
    overloads: list[Overload]
    burn: Burn


def board_for(today: date) -> Board:
    """Everything the board shows, as seen on ``today``."""
    plans = live_plans(today)
    load = team_load(today, weeks=LOAD_WEEKS, plans=plans)
    return Board(
        today=today,
        intake=intake_waiting(today),
        live_projects=len(plans),
        risks=projects_at_risk(plans, today),
        team_size=len(load.members),
        weeks=load.weeks,
        overloads=[Overload(m.member, m.over_weeks) for m in load.over_allocated],
        burn=budget_burn(today.year, today),
    )


__all__ = [
    "Board",
    "Burn",
    "Intake",
    "Overload",
    "Overrun",
    "Risk",
    "Waiting",
    "board_for",
    "budget_burn",
    "intake_waiting",
    "is_sent_to_requests",
    "projects_at_risk",
    "risk_of",
]
