"""The first 60 days of a new learning leader, as a plan made from the data itself.

Four phases of two weeks: listen and learn the business; map goals to KPIs and
baselines; build partnerships at every level; draft the strategy. Most items are
derived from what the system already holds (a goal without a KPI, a key stakeholder
never met, a department nobody speaks for) and tick themselves when the data changes;
a few only a person can judge, and are ticked by hand. Every item has a stable key
(``goal-kpi:12``), so progress can be explained item by item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

PLAN_DAYS = 60
KEY_CATEGORIES = ("senior_leadership", "customer")  # the partners a new leader meets first
DEPARTMENT_KINDS = ("division", "department")


@dataclass(frozen=True, slots=True)
class GoalFact:
    pk: int
    title: str
    kpi_count: int


@dataclass(frozen=True, slots=True)
class KpiFact:
    pk: int
    name: str
    has_baseline: bool


@dataclass(frozen=True, slots=True)
class StakeholderFact:
    pk: int
    name: str
    category: str
    last_engagement: date | None = None


@dataclass(frozen=True, slots=True)
class UnitFact:
    pk: int
    name: str
    kind: str
    has_partner: bool


@dataclass(frozen=True, slots=True)
class PlanFacts:
    start: date
    today: date
    goals: tuple[GoalFact, ...] = ()
    kpis: tuple[KpiFact, ...] = ()
    stakeholders: tuple[StakeholderFact, ...] = ()
    units: tuple[UnitFact, ...] = ()
    has_version: bool = False
    has_approved_version: bool = False
    ticks: Mapping[str, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Link:
    """Where an item is worked on, and the pk where there is one.

    ``kind`` is one of "goal", "kpi", "partner", "partner-create", "goals", "strategy".
    """

    kind: str
    pk: int | None = None


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    title: str
    hint: str
    due: date
    done: bool
    done_on: date | None
    overdue: bool
    by_hand: bool
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    title: str
    weeks: str
    first_day: date
    due: date
    items: tuple[Item, ...]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)


@dataclass(frozen=True, slots=True)
class Plan:
    start: date
    end: date
    today: date
    phases: tuple[Phase, ...]

    @property
    def day(self) -> int:
        """The day of the plan today is (1 on the start date; 0 before it)."""
        return max((self.today - self.start).days + 1, 0)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for p in self.phases for i in p.items)

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)

    @property
    def overdue(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.overdue)


@dataclass(frozen=True, slots=True)
class HandItem:
    key: str
    phase: int
    title: str
    hint: str


# The items only a person can tick, by the phase they belong to.
HAND_ITEMS: tuple[HandItem, ...] = (
    HandItem(
        "read-strategy",
        1,
        "Read the annual report and the company strategy",
        "Vision, mission, objectives: learn the business before designing learning.",
    ),
    HandItem(
        "meet-ld-team",
        1,
        "Meet everyone in the L&D team one to one",
        "What they do, what they are good at, what gets in their way.",
    ),
    HandItem(
        "walk-the-floor",
        1,
        "Spend a day where the work is done",
        "A depot, a store, a call centre: see the job the learning is for.",
    ),
    HandItem(
        "value-exchange",
        3,
        "Agree with each sponsor what learning gives them",
        "What learning provides that they cannot provide for themselves, and what you need back.",
    ),
    HandItem(
        "present-draft",
        4,
        "Present the draft strategy to the leadership team",
        "Briefly, in business terms: the goals, the KPIs, the needs and what it takes.",
    ),
)
HAND_KEYS = frozenset(h.key for h in HAND_ITEMS)

PHASES: tuple[tuple[int, str, str], ...] = (
    (1, "Listen and learn the business", "Weeks 1-2"),
    (2, "Map goals to KPIs and baselines", "Weeks 3-4"),
    (3, "Create partnerships at every level", "Weeks 5-6"),
    (4, "Draft the learning strategy", "Weeks 7-8"),
)
PHASE_DAYS = 14  # the last phase runs to day 60


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def phase_due(start: date, number: int) -> date:
    """Return the last day of phase ``number`` (1-4) of a plan that starts on ``start``."""
    last = PLAN_DAYS if number == len(PHASES) else number * PHASE_DAYS
    return start + timedelta(days=last - 1)


def build_plan(facts: PlanFacts) -> Plan:
    """Return the plan for these facts: phases, items, what is done and what is overdue.

    An item is due on the last day of its phase and overdue once that day has passed
    without it being done. Derived items are done when the data says so (a KPI linked,
    an engagement logged, a partner recorded); hand items when ticked.
    """
    raw: dict[int, list[tuple[str, str, str, bool, date | None, bool, Link | None]]] = {
        n: [] for n, _, _ in PHASES
    }

    def add(
        phase: int,
        key: str,
        title: str,
        hint: str,
        *,
        done: bool,
        done_on: date | None = None,
        link: Link | None = None,
        by_hand: bool = False,
    ) -> None:
        raw[phase].append((key, title, hint, done, done_on if done else None, by_hand, link))

    for hand in HAND_ITEMS:
        ticked = facts.ticks.get(hand.key)
        add(
            hand.phase,
            hand.key,
            hand.title,
            hand.hint,
            done=ticked is not None,
            done_on=ticked,
            by_hand=True,
        )

    add(
        1,
        "goals-recorded",
        "Write down the company's business goals",
        "The pains to reduce and the gains to reach, as leadership states them.",
        done=bool(facts.goals),
        link=Link("goals"),
    )
    for g in facts.goals:
        add(
            2,
            f"goal-kpi:{g.pk}",
            f"Find the KPI for the goal “{g.title}”",
            "The business measure leadership already watches for this goal.",
            done=g.kpi_count > 0,
            link=Link("goal", g.pk),
        )
    for k in facts.kpis:
        add(
            2,
            f"kpi-baseline:{k.pk}",
            f"Record the baseline of “{k.name}”",
            "Where the KPI stands before learning starts.",
            done=k.has_baseline,
            link=Link("kpi", k.pk),
        )
    for s in facts.stakeholders:
        if s.category in KEY_CATEGORIES:
            add(
                3,
                f"meet:{s.pk}",
                f"Meet {s.name}",
                "Log the conversation in the partnership register.",
                done=s.last_engagement is not None,
                done_on=s.last_engagement,
                link=Link("partner", s.pk),
            )
    for u in facts.units:
        if u.kind in DEPARTMENT_KINDS:
            add(
                3,
                f"unit-partner:{u.pk}",
                f"Find a partner in {u.name}",
                "Someone who speaks for this part of the business.",
                done=u.has_partner,
                link=Link("partner-create"),
            )
    add(
        4,
        "strategy-drafted",
        "Draft the learning strategy",
        "Start a draft and write its nine sections.",
        done=facts.has_version,
        link=Link("strategy"),
    )
    add(
        4,
        "strategy-approved",
        "Get the strategy approved",
        "The leadership signs off the version that will be delivered.",
        done=facts.has_approved_version,
        link=Link("strategy"),
    )

    phases = []
    for number, title, weeks in PHASES:
        due = phase_due(facts.start, number)
        items = tuple(
            Item(
                key=key,
                title=text,
                hint=hint,
                due=due,
                done=done,
                done_on=done_on,
                overdue=not done and due < facts.today,
                by_hand=by_hand,
                link=link,
            )
            for key, text, hint, done, done_on, by_hand, link in raw[number]
        )
        first = facts.start + timedelta(days=(number - 1) * PHASE_DAYS)
        phases.append(Phase(number, title, weeks, first, due, items))
    return Plan(facts.start, phase_due(facts.start, len(PHASES)), facts.today, tuple(phases))
