"""Who should be on which path, and how far they are: plain values in, plain values out.

The rules of audiences, as the enrolment actions apply them:

- A person matches an :class:`RuleFacts` when they are active and meet every condition
  the rule sets (job role among the rule's roles, org unit in the rule's subtree, hired
  at most ``hired_within_days`` ago, same location). Conditions left empty do not
  restrict.
- Matching people get an enrolment on the rule's path, due ``due_days`` after the day
  they are enrolled. When several rules of a path match, the one with the earliest due
  date wins (ties: the oldest rule), so nobody gets more time than their strictest rule.
- Rules only manage enrolments they made (source "rule"). Enrolments made or withdrawn
  by hand (source "manual") are a person's decision and are never touched by a sync.
- A rule enrolment is withdrawn when its person matches none of the path's rules any
  more: they moved, changed role or left. The hire-date window is ignored for this:
  the days passing do not take a new starter off their onboarding path.
- Completed enrolments stay completed; withdrawn ones come back (reactivated, with a
  new due date) when the person matches again.
- People who leave (inactive) have every active enrolment withdrawn, whatever its
  source: there is nobody left to learn.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# The values of the models' choices; this module does not import models (a test checks
# they agree).
RULE, MANUAL = "rule", "manual"
ACTIVE, COMPLETED, WITHDRAWN = "active", "completed", "withdrawn"
DONE = frozenset({"completed", "passed", "waived"})


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the rules look at in a person."""

    id: int
    job_role_id: int | None
    unit_path: str
    hire_date: date | None
    location: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class RuleFacts:
    """One audience rule; ``unit_path`` is the materialised path of its org unit, or ""."""

    id: int
    path_id: int
    job_role_ids: frozenset[int] = frozenset()
    unit_path: str = ""
    hired_within_days: int | None = None
    location: str = ""
    due_days: int = 30
    active: bool = True


@dataclass(frozen=True, slots=True)
class Desired:
    """An enrolment the rules ask for."""

    person_id: int
    path_id: int
    rule_id: int
    due_date: date


@dataclass(frozen=True, slots=True)
class CurrentEnrolment:
    """An enrolment as it is stored."""

    id: int
    person_id: int
    path_id: int
    rule_id: int | None
    source: str
    status: str


@dataclass(slots=True)
class SyncPlan:
    """What a sync changes: enrolments to create, reactivate and withdraw."""

    create: list[Desired] = field(default_factory=list)
    reactivate: list[tuple[int, Desired]] = field(default_factory=list)
    withdraw: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan."""
        return {
            "enrolled": len(self.create),
            "reactivated": len(self.reactivate),
            "withdrawn": len(self.withdraw),
        }


def matches(  # noqa: PLR0911  (one early exit per condition)
    rule: RuleFacts, person: PersonFacts, today: date, *, timeless: bool = False
) -> bool:
    """Tell whether a person meets every condition of a rule.

    With ``timeless`` the hire-date window is not checked (used to decide withdrawals).
    """
    if not (rule.active and person.active):
        return False
    if rule.job_role_ids and person.job_role_id not in rule.job_role_ids:
        return False
    if rule.unit_path and not person.unit_path.startswith(rule.unit_path):
        return False
    if rule.location and person.location.strip().lower() != rule.location.strip().lower():
        return False
    if rule.hired_within_days is not None and not timeless:
        if person.hire_date is None:
            return False
        if not today - timedelta(days=rule.hired_within_days) <= person.hire_date <= today:
            return False
    return True


def desired_enrolments(
    people: Iterable[PersonFacts], rules: Sequence[RuleFacts], today: date
) -> dict[tuple[int, int], Desired]:
    """Return the enrolments the rules ask for, keyed by (person id, path id)."""
    # Earliest due first, then the oldest rule: the first match per path wins.
    ordered = sorted((r for r in rules if r.active), key=lambda r: (r.due_days, r.id))
    wanted: dict[tuple[int, int], Desired] = {}
    for person in people:
        if not person.active:
            continue
        for rule in ordered:
            key = (person.id, rule.path_id)
            if key not in wanted and matches(rule, person, today):
                wanted[key] = Desired(
                    person.id, rule.path_id, rule.id, today + timedelta(days=rule.due_days)
                )
    return wanted


def plan_sync(
    people: Collection[PersonFacts],
    rules: Sequence[RuleFacts],
    current: Iterable[CurrentEnrolment],
    today: date,
) -> SyncPlan:
    """Compare what the rules ask for with the stored enrolments of ``people``.

    ``rules`` are every rule of the paths in question (inactive ones included, they
    simply match nobody); ``current`` the stored enrolments of these people on those
    paths.
    """
    by_id = {p.id: p for p in people}
    wanted = desired_enrolments(people, rules, today)
    rules_of_path: dict[int, list[RuleFacts]] = {}
    for rule in rules:
        rules_of_path.setdefault(rule.path_id, []).append(rule)
    plan = SyncPlan()
    stored: set[tuple[int, int]] = set()
    for enrolment in current:
        key = (enrolment.person_id, enrolment.path_id)
        stored.add(key)
        person = by_id.get(enrolment.person_id)
        if person is None:
            continue
        if not person.active:
            if enrolment.status == ACTIVE:
                plan.withdraw.append(enrolment.id)
            continue
        if enrolment.source != RULE:
            continue
        desired = wanted.get(key)
        if enrolment.status == WITHDRAWN:
            if desired is not None:
                plan.reactivate.append((enrolment.id, desired))
        elif enrolment.status == ACTIVE and desired is None:
            still = any(
                matches(r, person, today, timeless=True) for r in rules_of_path.get(key[1], [])
            )
            if not still:
                plan.withdraw.append(enrolment.id)
    plan.create = [d for key, d in wanted.items() if key not in stored]
    return plan


# ----------------------------------------------------------------------------- progress


@dataclass(frozen=True, slots=True)
class StepFacts:
    """A step of a path, as progress sees it."""

    id: int
    position: int
    title: str
    required: bool = True
    due_days: int | None = None
    prerequisite_ids: frozenset[int] = frozenset()


def is_overdue(due: date | None, today: date, *, done: bool) -> bool:
    """Tell whether something with this due date is late: due before today and not done."""
    return due is not None and due < today and not done


def step_due(enrolled_on: date, step: StepFacts) -> date | None:
    """Return the day a step is due: ``due_days`` after enrolment, when it has one."""
    return enrolled_on + timedelta(days=step.due_days) if step.due_days is not None else None


def next_step(steps: Sequence[StepFacts], statuses: Mapping[int, str]) -> StepFacts | None:
    """Return the first step not done whose prerequisites are all done, in path order."""
    done = {sid for sid, status in statuses.items() if status in DONE}
    for step in sorted(steps, key=lambda s: (s.position, s.id)):
        if step.id not in done and step.prerequisite_ids <= done:
            return step
    return None


def percent_done(steps: Sequence[StepFacts], statuses: Mapping[int, str]) -> int:
    """Return the share of required steps done, 0 to 100 (all steps if none is required)."""
    counted = [s for s in steps if s.required] or list(steps)
    if not counted:
        return 0
    done = sum(1 for s in counted if statuses.get(s.id) in DONE)
    return 100 * done // len(counted)


def is_complete(steps: Sequence[StepFacts], statuses: Mapping[int, str]) -> bool:
    """Tell whether every required step (every step, if none is required) is done."""
    counted = [s for s in steps if s.required] or list(steps)
    return bool(counted) and all(statuses.get(s.id) in DONE for s in counted)


# ----------------------------------------------------------------------------- why


@dataclass(frozen=True, slots=True)
class NeedFacts:
    """A learning need a program serves, with the goal and KPI it ties to."""

    title: str
    goal: str = ""
    kpi: str = ""
    job_role_ids: frozenset[int] = frozenset()


def why_it_matters(
    program: str, needs: Sequence[NeedFacts], role_id: int | None, role_name: str = ""
) -> str:
    """Say in a sentence or two why a path matters, from its program's needs.

    Needs aimed at the person's job role come first; a need without roles counts for
    everyone.
    """
    if not program:
        return ""
    if not needs:
        return f"Part of the program {program}."
    mine = [n for n in needs if role_id is not None and role_id in n.job_role_ids]
    chosen = mine or [n for n in needs if not n.job_role_ids] or list(needs)
    need = chosen[0]
    who = f" for your role ({role_name})" if mine and role_name else ""
    text = f"Part of the program {program}, which closes the gap '{need.title}'{who}."
    if need.goal and need.kpi:
        text += f" It serves the goal '{need.goal}', measured by {need.kpi}."
    elif need.goal:
        text += f" It serves the goal '{need.goal}'."
    elif need.kpi:
        text += f" It is meant to move {need.kpi}."
    return text
