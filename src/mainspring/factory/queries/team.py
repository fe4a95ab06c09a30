"""The team: load, who could take a task, who may see whose ratings, the gap heat map.

:func:`team_load` is what the team page and the board show; :func:`suggestions_for` is
what a task's page offers when it needs an owner. Both use the forecast dates of every
active project's plan (:mod:`mainspring.factory.planning`) and
:mod:`mainspring.factory.capacity`'s arithmetic. :func:`member_work` breaks one member's
load down into the tasks that make it up.

Competency ratings and development plans are personal: :func:`can_see_personal` lets
the member, the managers above them on the team and the learning leader see them;
other L&D staff and executives do not (the heat map shows them the team's average
gaps only, and only over at least :data:`MIN_GROUP` rated people).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from mainspring.factory import capacity, planning
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import (
    Competency,
    CompetencyRating,
    DevelopmentAction,
    DevelopmentStatus,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
    TeamMember,
)
from mainspring.factory.permissions import can_edit_factory
from mainspring.org.permissions import is_leader

LIVE = (ProjectStatus.PLANNED, ProjectStatus.ACTIVE)


@dataclass(frozen=True, slots=True)
class MemberLoad:
    member: TeamMember
    weeks: list[capacity.WeekLoad]  # one per week asked for, zero hours included
    tasks: list[planning.TaskPlan] = field(default_factory=list)  # open tasks in the weeks

    @property
    def over_weeks(self) -> list[capacity.WeekLoad]:
        return [w for w in self.weeks if w.over > 0]

    @property
    def peak(self) -> capacity.WeekLoad | None:
        return max(self.weeks, key=lambda w: (w.share or 0, w.hours), default=None)


@dataclass(frozen=True, slots=True)
class TeamLoad:
    weeks: list[date]  # Mondays
    members: list[MemberLoad]

    @property
    def over_allocated(self) -> list[MemberLoad]:
        return [m for m in self.members if m.over_weeks]


def live_plans(today: date) -> list[planning.ProjectPlan]:
    """The plans of every planned or active project, as forecast today."""
    return planning.plans_of(Project.objects.filter(status__in=LIVE), today=today)


def _assignments(
    plans: list[planning.ProjectPlan],
) -> list[tuple[capacity.Assignment, planning.TaskPlan]]:
    out = []
    for plan in plans:
        for item in plan.tasks:
            t = item.task
            if t.owner_id is None or t.status == TaskStatus.DONE:
                continue
            hours = float(t.estimate_hours)
            if t.status == TaskStatus.DOING and t.duration_days:
                # What is left of the estimate, in proportion to the days left.
                left = t.remaining_days if t.remaining_days is not None else t.duration_days
                hours *= min(1.0, left / t.duration_days)
            out.append(
                (capacity.Assignment(t.pk, t.owner_id, item.start, item.finish, hours), item)
            )
    return out


def team_load(
    today: date, weeks: int = 8, plans: list[planning.ProjectPlan] | None = None
) -> TeamLoad:
    """Each active member's hours per week from ``today``'s week on, against capacity."""
    plans = live_plans(today) if plans is None else plans
    first = capacity.monday(today)
    mondays = [first + timedelta(weeks=n) for n in range(weeks)]
    members = list(TeamMember.objects.filter(active=True).select_related("person"))
    cap = {m.pk: float(m.weekly_capacity) for m in members}
    pairs = _assignments(plans)
    loads = capacity.weekly_load([a for a, _ in pairs], cap)
    by_key = {(w.person, w.week): w for w in loads}
    open_tasks: dict[int, list[planning.TaskPlan]] = defaultdict(list)
    last = mondays[-1] + timedelta(days=6)
    for a, item in pairs:
        if a.finish >= first and a.start <= last:
            open_tasks[a.person].append(item)
    return TeamLoad(
        mondays,
        [
            MemberLoad(
                m,
                [
                    by_key.get((m.pk, w), capacity.WeekLoad(m.pk, w, 0.0, cap[m.pk]))
                    for w in mondays
                ],
                sorted(open_tasks[m.pk], key=lambda i: (i.start, i.task.pk)),
            )
            for m in members
        ],
    )


@dataclass(frozen=True, slots=True)
class Suggestion:
    member: TeamMember
    candidate: capacity.Candidate


def suggestions_for(task: Task, today: date, limit: int = 5) -> list[Suggestion]:
    """Who could take ``task``: the skill it needs at its level, then free hours in its weeks."""
    plans = live_plans(today)
    item = next((i for p in plans for i in p.tasks if i.task.pk == task.pk), None)
    if item is None:
        plan = planning.plan_of(task.project, today=today)
        item = next((i for i in plan.tasks if i.task.pk == task.pk), None)
    members = {m.pk: m for m in TeamMember.objects.filter(active=True).select_related("person")}
    levels: dict[int, dict[str, int]] = {pk: {} for pk in members}
    for r in CompetencyRating.objects.filter(member__in=members.keys()).select_related(
        "competency"
    ):
        if r.level is not None:
            levels[r.member_id][r.competency.code] = r.level
    weeks: list[date] = []
    if item is not None:
        week = capacity.monday(item.start)
        while week <= item.finish:
            weeks.append(week)
            week += timedelta(weeks=1)
    pairs = _assignments(plans)
    cap = {pk: float(m.weekly_capacity) for pk, m in members.items()}
    loads = capacity.weekly_load([a for a, _ in pairs if a.task != task.pk], cap)
    ranked = capacity.candidates(
        needs={task.skill: task.skill_level} if task.skill else {},
        levels=levels,
        weeks=weeks,
        loads=loads,
        capacity=cap,
    )
    return [Suggestion(members[c.person], c) for c in ranked[:limit]]


# --- one member's work --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskHours:
    """An open task of a member: its plan and the hours left on it (in one week, or all)."""

    plan: planning.TaskPlan
    hours: float


@dataclass(frozen=True, slots=True)
class WeekWork:
    load: capacity.WeekLoad
    tasks: list[TaskHours]  # what makes up the week's hours, biggest first


@dataclass(frozen=True, slots=True)
class MemberWork:
    member: TeamMember
    open_tasks: list[TaskHours]  # every open task on a live project, soonest first
    weeks: list[WeekWork]

    @property
    def over_weeks(self) -> list[WeekWork]:
        return [w for w in self.weeks if w.load.over > 0]


def member_work(
    member: TeamMember, today: date, weeks: int = 8, plans: list[planning.ProjectPlan] | None = None
) -> MemberWork:
    """One member's open tasks and, week by week from ``today``'s, the tasks behind the load."""
    plans = live_plans(today) if plans is None else plans
    first = capacity.monday(today)
    mondays = [first + timedelta(weeks=n) for n in range(weeks)]
    cap = float(member.weekly_capacity)
    mine = [(a, item) for a, item in _assignments(plans) if a.person == member.pk]
    by_week: dict[date, list[TaskHours]] = defaultdict(list)
    for a, item in mine:
        for load in capacity.weekly_load([a], {a.person: cap}):
            by_week[load.week].append(TaskHours(item, load.hours))
    out = []
    for week in mondays:
        tasks = sorted(by_week[week], key=lambda t: (-t.hours, t.plan.task.pk))
        hours = sum(t.hours for t in tasks)
        out.append(WeekWork(capacity.WeekLoad(member.pk, week, hours, cap), tasks))
    open_tasks = [TaskHours(item, a.hours) for a, item in mine]
    open_tasks.sort(key=lambda t: (t.plan.start, t.plan.task.pk))
    return MemberWork(member, open_tasks, out)


# --- members and people ---------------------------------------------------------------


def get_member(pk: int) -> TeamMember:
    """The member with ``pk`` (any L&D reader may open a member's page).

    Raises:
        Http404: no such member.
    """
    try:
        return TeamMember.objects.select_related("person", "manager__person").get(pk=pk)
    except TeamMember.DoesNotExist:
        raise Http404("No such team member.") from None


def members_for_choice(exclude: TeamMember | None = None) -> QuerySet[TeamMember]:
    """Active members to pick a manager from (``exclude`` left out)."""
    rows = TeamMember.objects.filter(active=True).select_related("person")
    return rows.exclude(pk=exclude.pk) if exclude is not None else rows


def inactive_members() -> QuerySet[TeamMember]:
    """Members who have left the team or are paused (not in the load grid)."""
    return TeamMember.objects.filter(active=False).select_related("person")


# --- who may see and change ratings and development plans ---------------------------------


def can_edit_competency_model(user: Any) -> bool:
    """The team's competency model is the learning leader's to shape."""
    return is_leader(user)


def _member_graph() -> dict[int, tuple[int | None, int]]:
    """Member id -> (manager's member id, person id), for walking the team's chain."""
    return {
        pk: (manager_id, person_id)
        for pk, manager_id, person_id in TeamMember.objects.values_list(
            "pk", "manager_id", "person_id"
        )
    }


def _manager_person_ids(member: TeamMember, graph: dict[int, tuple[int | None, int]]) -> set[int]:
    out: set[int] = set()
    seen = {member.pk}
    current = member.manager_id
    while current is not None and current not in seen and current in graph:
        seen.add(current)
        manager_id, person_id = graph[current]
        out.add(person_id)
        current = manager_id
    return out


def can_see_personal(user: Any, member: TeamMember) -> bool:
    """Ratings and the development plan: the member, their managers up the team, the leader."""
    if not can_edit_factory(user):
        return False
    if is_leader(user):
        return True
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    return member.person_id == person_id or person_id in _manager_person_ids(
        member, _member_graph()
    )


def get_member_personal_for(user: Any, pk: int) -> TeamMember:
    """The member, if ``user`` may see their ratings and development plan.

    Raises:
        Http404: no such member, or not one whose personal records ``user`` may see.
    """
    member = get_member(pk)
    if not can_see_personal(user, member):
        raise Http404("No such team member.")
    return member


def get_development_action_for(user: Any, pk: int) -> DevelopmentAction:
    """A line of a development plan ``user`` may change (see :func:`can_see_personal`).

    Raises:
        Http404: missing, or on the plan of someone else.
    """
    try:
        item = DevelopmentAction.objects.select_related(
            "member__person", "member__manager__person", "competency"
        ).get(pk=pk)
    except DevelopmentAction.DoesNotExist:
        raise Http404("No such development action.") from None
    if not can_see_personal(user, item.member):
        raise Http404("No such development action.")
    return item


@dataclass(frozen=True, slots=True)
class RatingRights:
    """Which levels of a member's ratings a user may set."""

    own: bool  # the self rating: the member themself
    manager: bool  # the manager's rating: their manager on the team, or the leader

    @property
    def target(self) -> bool:
        return self.own or self.manager

    @property
    def any(self) -> bool:
        return self.own or self.manager


def rating_rights(user: Any, member: TeamMember) -> RatingRights:
    """What ``user`` may rate of ``member``: nobody gives themself the manager's rating."""
    if not can_edit_factory(user):
        return RatingRights(own=False, manager=False)
    person_id = getattr(user, "person_id", None)
    own = person_id is not None and person_id == member.person_id
    direct = (
        person_id is not None
        and member.manager_id is not None
        and TeamMember.objects.filter(pk=member.manager_id, person_id=person_id).exists()
    )
    return RatingRights(own=own, manager=not own and (is_leader(user) or direct))


def reports_of(user: Any) -> set[int]:
    """Ids of the members at or below ``user``'s own place on the team (empty if none)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return set()
    graph = _member_graph()
    below: dict[int | None, list[int]] = defaultdict(list)
    for pk, (manager_id, _) in graph.items():
        below[manager_id].append(pk)
    start = [pk for pk, (_, p) in graph.items() if p == person_id]
    out: set[int] = set()
    while start:
        pk = start.pop()
        if pk not in out:
            out.add(pk)
            start.extend(below[pk])
    return out


# --- the competency model, ratings and the gap heat map ------------------------------


DEFAULT_TARGET = 3  # where a member should be on a competency nobody set a target for
MIN_GROUP = 3  # team averages over fewer rated people would show individual ratings
LEVELS = (
    (1, "Foundation"),
    (2, "Developing"),
    (3, "Proficient"),
    (4, "Advanced"),
    (5, "Expert"),
)


def competency_model() -> list[Competency]:
    """The team's competencies in order; an empty model is filled with the standard one.

    Only an empty model is filled, so a competency the leader deleted stays deleted.
    """
    rows = list(Competency.objects.all())
    if not rows:
        ensure_defaults()
        rows = list(Competency.objects.all())
    return rows


def rating_counts() -> dict[int, int]:
    """How many members are rated on each competency, by competency id."""
    return dict(
        CompetencyRating.objects.values("competency_id")
        .annotate(n=Count("pk"))
        .values_list("competency_id", "n")
    )


def get_competency(pk: int) -> Competency:
    """The competency with ``pk``.

    Raises:
        Http404: no such competency.
    """
    try:
        return Competency.objects.get(pk=pk)
    except Competency.DoesNotExist:
        raise Http404("No such competency.") from None


@dataclass(frozen=True, slots=True)
class Gap:
    """Where a member stands on one competency against where they should be."""

    level: int | None  # the manager's rating, else the member's own; None = not rated
    target: int
    assumed: bool  # no target was set: DEFAULT_TARGET stands in
    rating: CompetencyRating | None = None

    @property
    def value(self) -> int | None:
        """Levels short of the target (0 when met), None when not rated."""
        return None if self.level is None else max(0, self.target - self.level)


def gap_of(rating: CompetencyRating | None) -> Gap:
    """The gap a rating shows (not rated when ``rating`` is None or has no level)."""
    if rating is None:
        return Gap(None, DEFAULT_TARGET, assumed=True)
    target = rating.target_level
    return Gap(rating.level, target or DEFAULT_TARGET, assumed=target is None, rating=rating)


def member_competencies(member: TeamMember) -> list[tuple[Competency, Gap]]:
    """Every competency of the model with the member's rating and gap on it."""
    ratings = {r.competency_id: r for r in member.ratings.all()}
    return [(c, gap_of(ratings.get(c.pk))) for c in competency_model()]


@dataclass(frozen=True, slots=True)
class HeatGroup:
    name: str
    leadership: bool
    competencies: list[Competency]


@dataclass(frozen=True, slots=True)
class HeatRow:
    member: TeamMember
    gaps: list[Gap]  # one per column


@dataclass(frozen=True, slots=True)
class HeatMap:
    groups: list[HeatGroup]
    rows: list[HeatRow]  # the members the user may see
    averages: list[float | None]  # per column, over all rated members (None below MIN_GROUP)
    rated: list[int]  # per column: how many members have a level

    @property
    def columns(self) -> list[Competency]:
        return [c for g in self.groups for c in g.competencies]


def heat_map(user: Any) -> HeatMap:
    """Active members x competencies, gaps in the cells, grouped by area.

    The leader sees every member's row; a member sees their own and their reports'
    rows (down the team); others (executives) see only the team averages. The learning
    leader's own (leadership) competencies come last, in a group of their own.
    """
    model = competency_model()
    team = [c for c in model if not c.leadership]
    groups: dict[str, list[Competency]] = {}
    for c in team:
        groups.setdefault(c.area, []).append(c)
    heat_groups = [HeatGroup(area, False, cs) for area, cs in groups.items()]
    leading = [c for c in model if c.leadership]
    if leading:
        heat_groups.append(HeatGroup("The learning leader's own", True, leading))
    columns = [c for g in heat_groups for c in g.competencies]
    members = list(
        TeamMember.objects.filter(active=True).select_related("person").prefetch_related("ratings")
    )
    if is_leader(user):
        allowed = {m.pk for m in members}
    else:
        allowed = reports_of(user) if can_edit_factory(user) else set()
    gaps_of = {m.pk: [gap_of(r) for r in _ratings_by_column(m, columns)] for m in members}
    averages: list[float | None] = []
    rated: list[int] = []
    for n in range(len(columns)):
        values = [v for g in gaps_of.values() if (v := g[n].value) is not None]
        rated.append(len(values))
        averages.append(sum(values) / len(values) if len(values) >= MIN_GROUP else None)
    rows = [HeatRow(m, gaps_of[m.pk]) for m in members if m.pk in allowed]
    return HeatMap(heat_groups, rows, averages, rated)


def _ratings_by_column(
    member: TeamMember, columns: list[Competency]
) -> list[CompetencyRating | None]:
    by_competency = {r.competency_id: r for r in member.ratings.all()}
    return [by_competency.get(c.pk) for c in columns]


# --- development plans -----------------------------------------------------------------


OPEN_DEVELOPMENT = (DevelopmentStatus.PLANNED, DevelopmentStatus.UNDER_WAY)


@dataclass(frozen=True, slots=True)
class PlanLine:
    action: DevelopmentAction
    overdue: bool  # still open and past its due date


def development_plan(member: TeamMember, today: date) -> list[PlanLine]:
    """The member's development actions, open ones first, overdue ones flagged."""
    rows = member.development_actions.select_related("competency")
    lines = [
        PlanLine(a, bool(a.due and a.due < today and a.status in OPEN_DEVELOPMENT)) for a in rows
    ]
    return sorted(lines, key=lambda line: line.action.status not in OPEN_DEVELOPMENT)
