"""The L&D team: members, the competency model, ratings and development plans.

Every function is atomic, takes the acting user and records history where the model
keeps it. Refusals raise :class:`~mainspring.factory.actions.Error` in words for the
user; who may rate whom is decided here too (:func:`save_ratings`), by
:func:`mainspring.factory.queries.team.rating_rights`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from mainspring.factory.actions import Error
from mainspring.factory.models import (
    Competency,
    CompetencyRating,
    DevelopmentAction,
    DevelopmentStatus,
    TeamMember,
    TeamRole,
)
from mainspring.factory.queries.team import rating_rights
from mainspring.org.models import Person, User

MAX_CAPACITY = Decimal(80)
LEVEL_RANGE = range(1, 6)


def capacity_problem(hours: Decimal | None) -> str | None:
    """What is wrong with a weekly capacity, in words (None when it is fine)."""
    if hours is None:
        return "Enter the hours a week left for project work (0 to 80)."
    if hours < 0 or hours > MAX_CAPACITY:
        return "Enter between 0 and 80 hours a week."
    if hours != hours.quantize(Decimal("0.1")):
        return "Use at most one decimal, e.g. 22.5 hours."
    return None


def _check_member(
    member: TeamMember | None, role: str, weekly_capacity: Decimal, manager: TeamMember | None
) -> None:
    if role not in TeamRole.values:
        raise Error("Choose a role from the list.")
    if problem := capacity_problem(weekly_capacity):
        raise Error(problem)
    if manager is None or member is None:
        return
    # Walk up from the new manager: meeting the member means a loop of managers.
    seen: set[int] = set()
    current: TeamMember | None = manager
    while current is not None and current.pk not in seen:
        if current.pk == member.pk:
            raise Error("A member cannot be managed by themself or by someone who reports to them.")
        seen.add(current.pk)
        current = current.manager


@transaction.atomic
def add_member(
    *,
    actor: User | None,
    person: Person,
    role: str,
    weekly_capacity: Decimal,
    manager: TeamMember | None = None,
    active: bool = True,
) -> TeamMember:
    """Put a person from the directory on the L&D team.

    Raises:
        Error: the person is on the team already, the role is unknown or the capacity
            is outside 0-80 hours a week.
    """
    _check_member(None, role, weekly_capacity, manager)
    if TeamMember.objects.filter(person=person).exists():
        raise Error(f"{person.full_name} is on the team already.")
    member = TeamMember(
        person=person, role=role, weekly_capacity=weekly_capacity, manager=manager, active=active
    )
    member._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    member.save()
    return member


@transaction.atomic
def update_member(
    *,
    actor: User | None,
    member: TeamMember,
    role: str,
    weekly_capacity: Decimal,
    manager: TeamMember | None,
    active: bool,
) -> TeamMember:
    """Change a member's role, capacity, manager or whether they are on the team now.

    Raises:
        Error: as :func:`add_member`, or a manager who is the member or reports to them.
    """
    _check_member(member, role, weekly_capacity, manager)
    member.role, member.weekly_capacity = role, weekly_capacity
    member.manager, member.active = manager, active
    member._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    member.save()
    return member


# --- the competency model ---------------------------------------------------------------


def _clean_competency(name: str, area: str) -> tuple[str, str]:
    name, area = " ".join(name.split()), " ".join(area.split())
    if not name:
        raise Error("A competency needs a name.")
    if not area:
        raise Error("Name the area it belongs to (it groups the heat map), e.g. Design.")
    return name, area


@transaction.atomic
def create_competency(
    *,
    actor: User | None,  # noqa: ARG001  (competencies keep no history; kept for one signature)
    name: str,
    area: str,
    description: str = "",
    leadership: bool = False,
    code: str = "",
) -> Competency:
    """Add a competency at the end of the model; ``code`` defaults to the name, slugified.

    Raises:
        Error: no name or area, or the code is taken.
    """
    name, area = _clean_competency(name, area)
    code = slugify(code or name)[:40].strip("-")
    if not code:
        raise Error("Give the competency a code of letters and digits, e.g. storytelling.")
    if Competency.objects.filter(code=code).exists():
        raise Error(f'The code "{code}" is taken by another competency; choose another.')
    last = Competency.objects.aggregate(last=Max("order"))["last"]
    return Competency.objects.create(
        code=code,
        name=name,
        area=area,
        description=description.strip(),
        leadership=leadership,
        order=0 if last is None else last + 1,
    )


@transaction.atomic
def update_competency(
    *,
    actor: User | None,  # noqa: ARG001  (competencies keep no history; kept for one signature)
    competency: Competency,
    name: str,
    area: str,
    description: str = "",
    leadership: bool = False,
) -> Competency:
    """Rename or regroup a competency; its code stays (tasks name it as their skill).

    Raises:
        Error: no name or area.
    """
    competency.name, competency.area = _clean_competency(name, area)
    competency.description, competency.leadership = description.strip(), leadership
    competency.save()
    return competency


@transaction.atomic
def move_competency(
    *,
    actor: User | None,  # noqa: ARG001  (competencies keep no history; kept for one signature)
    competency: Competency,
    up: bool,
) -> None:
    """Move a competency one place up or down the model (at the ends, nothing moves)."""
    rows = list(Competency.objects.select_for_update().order_by("order", "name", "pk"))
    at = next(n for n, c in enumerate(rows) if c.pk == competency.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(rows):
        return
    rows[at], rows[other] = rows[other], rows[at]
    for n, c in enumerate(rows):
        if c.order != n:
            c.order = n
            c.save(update_fields=["order"])


@transaction.atomic
def delete_competency(
    *,
    actor: User | None,  # noqa: ARG001  (competencies keep no history; kept for one signature)
    competency: Competency,
) -> None:
    """Take a competency out of the model; refused while anyone is rated on it.

    Development actions aimed at it stay on the plans, no longer tied to a competency.

    Raises:
        Error: members have ratings on it (the message says how many).
    """
    rated = competency.ratings.count()
    if rated:
        raise Error(
            f"{competency.name} cannot be deleted: "
            f"{rated} rating{'s' if rated != 1 else ''} of team members "
            f"{'uses' if rated == 1 else 'use'} it. "
            "Rename it instead, or clear those ratings first."
        )
    competency.delete()


# --- ratings --------------------------------------------------------------------------------


Levels = Mapping[int, int | None]  # competency id -> level 1-5, None to clear


@transaction.atomic
def save_ratings(
    *,
    actor: User,
    member: TeamMember,
    own: Levels | None = None,
    manager: Levels | None = None,
    targets: Levels | None = None,
) -> int:
    """Store a member's levels on the competencies given; returns how many rows changed.

    ``own`` is the member's self rating (only the member gives it), ``manager`` the
    manager's rating (their manager on the team or the learning leader, never the
    member), ``targets`` the level to reach (either of them). None leaves that column
    as it is.

    Raises:
        Error: the actor may not set a column they sent, a level is outside 1-5, or a
            competency is not in the model.
    """
    rights = rating_rights(actor, member)
    if own is not None and not rights.own:
        raise Error("Only the member rates themself.")
    if manager is not None and not rights.manager:
        raise Error("Only their manager or the learning leader gives the manager's rating.")
    if targets is not None and not rights.target:
        raise Error("Only the member, their manager or the learning leader sets targets.")
    columns = {
        "self_level": own or {},
        "manager_level": manager or {},
        "target_level": targets or {},
    }
    ids = {pk for levels in columns.values() for pk in levels}
    known = set(Competency.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if ids - known:
        raise Error("A competency was deleted meanwhile: reload the page and rate again.")
    for levels in columns.values():
        if any(v is not None and v not in LEVEL_RANGE for v in levels.values()):
            raise Error("Levels go from 1 to 5.")
    existing = {r.competency_id: r for r in member.ratings.select_for_update()}
    changed = 0
    for pk in sorted(ids):
        rating = existing.get(pk) or CompetencyRating(member=member, competency_id=pk)
        before = (rating.self_level, rating.manager_level, rating.target_level)
        for column, levels in columns.items():
            if pk in levels:
                setattr(rating, column, levels[pk])
        after = (rating.self_level, rating.manager_level, rating.target_level)
        if after == before:
            continue
        changed += 1
        rating._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        if rating.pk and after == (None, None, None):
            rating.delete()
        elif after != (None, None, None):
            rating.save()
    return changed


# --- development plans -----------------------------------------------------------------------


def _clean_action(action: str, status: str) -> str:
    action = " ".join(action.split())
    if not action:
        raise Error("Say what the development action is: a course, a stretch task, coaching.")
    if status not in DevelopmentStatus.values:
        raise Error("Choose a status from the list.")
    return action


@transaction.atomic
def add_development_action(
    *,
    actor: User | None,
    member: TeamMember,
    action: str,
    competency: Competency | None = None,
    due: date | None = None,
    status: str = DevelopmentStatus.PLANNED,
    notes: str = "",
) -> DevelopmentAction:
    """Add a line to a member's development plan.

    Raises:
        Error: no action text or an unknown status.
    """
    item = DevelopmentAction(
        member=member,
        competency=competency,
        action=_clean_action(action, status),
        due=due,
        status=status,
        notes=notes.strip(),
    )
    item._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    item.save()
    return item


@transaction.atomic
def update_development_action(
    *,
    actor: User | None,
    item: DevelopmentAction,
    action: str,
    competency: Competency | None,
    due: date | None,
    status: str,
    notes: str = "",
) -> DevelopmentAction:
    """Change a development action: its progress, due date or wording.

    Raises:
        Error: as :func:`add_development_action`.
    """
    item.action = _clean_action(action, status)
    item.competency, item.due, item.status, item.notes = competency, due, status, notes.strip()
    item._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    item.save()
    return item
