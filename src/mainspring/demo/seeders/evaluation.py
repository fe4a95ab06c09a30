"""The evaluation seeder: plans, surveys sent after sessions, answers and comments.

It runs after the experiences and records seeders. For the six programs the impact demo
follows, it writes an evaluation plan (complete for five, partial for compliance) and a
level 1 survey; completers of the last 12 months are grouped into deliveries (a
classroom session at their site in their month, or the e-learning completers of a
month), each tied to the step it followed, so results differ by delivery method.
Between 40% and 70% answer, classroom and coaching rated higher than the compliance
e-learning. Deliveries old enough get level 3 follow-ups 60-90 days later, for the
learners (with Phillips estimates, a few of them extreme) and their managers. Hand-
written comments, some quotable with consent and some critical, go to respondents.

Everything is written with ``bulk_create``: the actions send e-mail and check one
person at a time, and the demo's history happened on other days.

It leaves ``ctx.registry["evaluation"]``: ``plan_ids`` (program key -> plan pk),
``survey_ids`` (program key -> {"l1", "l3_learner", "l3_manager"} -> survey pk).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from mainspring.evaluation import actions, demo_text
from mainspring.evaluation.models import (
    Answer,
    Audience,
    Invitation,
    QuoteConsent,
    Survey,
    SurveyItem,
    SurveyLevel,
    SurveySession,
)
from mainspring.evaluation.queries import program_kpis
from mainspring.experiences.models import Program, Step
from mainspring.org.models import Person, UnitKind, User
from mainspring.strategy.models import Direction

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

BATCH = 2000
DAYS = 365


@dataclass(frozen=True, slots=True)
class Anchor:
    """A step deliveries follow, and how people rate it (mean on 1-5)."""

    title_start: str
    mean: float
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Profile:
    anchors: tuple[Anchor, ...]
    l1_rate: float  # share of invited people who answer level 1
    l3_rate: float
    manager_rate: float
    claim: float  # median yearly improvement a respondent claims, in money
    enablers: float  # mean agreement that the manager supports application
    follow_up: bool = True


PROFILES: dict[str, Profile] = {
    "safe_driver": Profile(
        (Anchor("Hazard perception", 4.2, 0.6), Anchor("In-cab coaching", 4.35, 0.4)),
        0.65, 0.5, 0.6, 2400, 3.9,
    ),
    "sales_academy": Profile(
        (Anchor("Regional role-play", 4.05, 0.6), Anchor("Discovery questions", 3.45, 0.4)),
        0.5, 0.4, 0.45, 9000, 3.0,
    ),
    "service": Profile(
        (Anchor("Recovery workshop", 4.1, 0.6), Anchor("Call listening", 4.25, 0.4)),
        0.6, 0.5, 0.55, 1800, 3.5,
    ),
    "new_manager": Profile(
        (Anchor("The manager's role", 3.95, 0.5), Anchor("Coaching on a real case", 4.45, 0.5)),
        0.7, 0.55, 0.6, 4500, 3.7,
    ),
    "warehouse_quality": Profile(
        (Anchor("Scanning procedure check", 3.8),), 0.45, 0.4, 0.5, 1200, 3.4
    ),
    "compliance": Profile(
        (Anchor("Data protection essentials", 3.4),), 0.4, 0.0, 0.0, 0, 3.0, follow_up=False
    ),
}  # fmt: skip

# Items shift a person's mean a little: confidence trails relevance, as it usually does.
L1_OFFSETS = {
    "l1-relevance": 0.1,
    "l1-engagement": 0.0,
    "l1-satisfaction": 0.05,
    "l1-confidence": -0.25,
    "l1-commitment": 0.1,
}
COMPLIANCE_OFFSETS = {"l1-relevance": -0.4, "l1-engagement": -0.5}
# Deliveries of these methods happen at a site; the others are cohorts of a month.
AT_A_SITE = {"classroom", "coaching"}


def seed(ctx: SeedContext) -> None:
    """Write the evaluation plans, surveys, deliveries, invitations and answers."""
    rng = ctx.rng_for("evaluation")
    actions.ensure_item_bank()
    staff = User.objects.get(username="staff")
    program_ids: dict[str, int] = ctx.registry["experience_program_ids"]
    programs = Program.objects.in_bulk(list(program_ids.values()))
    items = {i.code: i for i in SurveyItem.objects.exclude(code="")}
    enrolled: dict[str, dict[int, tuple[date, date | None]]] = ctx.registry["enrolments"]
    people = _people({p for by in enrolled.values() for p in by})
    people.update(_people({f.manager_id for f in people.values() if f.manager_id} - set(people)))
    leave: dict[int, date] = ctx.registry.get("leave_dates", {})

    plan_ids: dict[str, int] = {}
    survey_ids: dict[str, dict[str, int]] = {}
    writer = _Writer(rng, items, ctx.today)
    for key, profile in PROFILES.items():
        if key not in program_ids:
            continue
        program = programs[program_ids[key]]
        plan_ids[key] = _plan(staff, program, key).pk
        surveys = _surveys(staff, program, profile)
        survey_ids[key] = {name: s.pk for name, s in surveys.items()}
        completers = {
            pk: done
            for pk, (_, done) in enrolled.get(key, {}).items()
            if done is not None and ctx.today - timedelta(days=DAYS) <= done < ctx.today
        }
        anchors = _anchors(program, profile)
        if not anchors:
            continue
        for group in _deliveries(rng, completers, anchors, people):
            writer.deliver(
                key=key,
                profile=profile,
                surveys=surveys,
                delivery=group,
                people=people,
                leave=leave,
            )
    writer.flush()
    writer.comments()
    _waiting_for_demo_logins(enrolled, program_ids)

    ctx.registry["evaluation"] = {"plan_ids": plan_ids, "survey_ids": survey_ids}
    ctx.counts.update(
        evaluation_plans=len(plan_ids),
        survey_sessions=SurveySession.objects.count(),
        survey_invitations=Invitation.objects.count(),
        survey_answers=Answer.objects.count(),
    )


def _waiting_for_demo_logins(
    enrolled: dict[str, dict[int, tuple[date, date | None]]], program_ids: dict[str, int]
) -> None:
    """Leave the demo learner and manager one survey to answer, so the demo shows it.

    Each gets an open invitation to the latest level-1 delivery of a program they completed
    that has not asked them yet; someone who already has one open keeps it.
    """
    people = User.objects.filter(
        username__in=("learner", "manager"), person__isnull=False
    ).values_list("person_id", flat=True)
    for person in people:
        if Invitation.objects.filter(
            person_id=person, submitted_at__isnull=True, session__closes_on__isnull=True
        ).exists():
            continue
        programs = [  # those they completed: reaction surveys go to completers
            program_ids[key]
            for key, by in enrolled.items()
            if key in program_ids and by.get(person, (None, None))[1] is not None
        ]
        session = (
            SurveySession.objects.filter(
                survey__program_id__in=programs, survey__level=1, sent_at__isnull=False
            )
            .exclude(invitations__person_id=person)
            .order_by("-held_on", "-pk")
            .first()
        )
        if session is not None:
            # still open on the day the demo is seen, whatever its planned closing day
            SurveySession.objects.filter(pk=session.pk).update(closes_on=None)
            Invitation.objects.create(session=session, person_id=person, emailed_at=session.sent_at)


# --------------------------------------------------------------------------- plans and surveys


def _plan(actor: User, program: Program, key: str) -> Any:
    text = demo_text.PLANS[key]
    kpi = program_kpis(program).first()
    target = None
    if kpi is not None and text.with_target:
        target = kpi.target
        if target is None and kpi.baseline is not None:
            # The KPI has no company target yet: the program's own aim is a 10% move.
            better = Decimal("0.9") if kpi.direction == Direction.LOWER else Decimal("1.1")
            target = (kpi.baseline * better).quantize(Decimal("0.01"))
    data = actions.PlanData(
        kpi=kpi,
        kpi_target=target,
        leading_indicators=text.leading_indicators,
        critical_behaviours=text.critical_behaviours,
        required_drivers=text.required_drivers,
        learning_objectives=text.learning_objectives,
        reaction_focus=text.reaction_focus,
        isolation_method=text.isolation_method,
        roi_in_scope=text.roi_in_scope,
        intangibles=text.intangibles,
        data_sources=text.data_sources,
        timing=text.timing,
    )
    return actions.save_plan(actor=actor, program=program, data=data)


def _surveys(actor: User, program: Program, profile: Profile) -> dict[str, Survey]:
    found = {
        "l1": actions.create_survey(
            actor=actor,
            program=program,
            level=SurveyLevel.REACTION,
            audience=Audience.LEARNER,
            title=f"{program.title}: how was it?",
            introduction="Five minutes, straight after the session, while it is fresh.",
        )
    }
    if profile.follow_up:
        found["l3_learner"] = actions.create_survey(
            actor=actor,
            program=program,
            level=SurveyLevel.APPLICATION,
            audience=Audience.LEARNER,
            title=f"{program.title}: three months on",
            introduction="What you use from the program now, and what it is worth.",
        )
        found["l3_manager"] = actions.create_survey(
            actor=actor,
            program=program,
            level=SurveyLevel.APPLICATION,
            audience=Audience.MANAGER,
            title=f"{program.title}: what do you see in your team?",
        )
    return found


@dataclass(frozen=True, slots=True)
class PersonFacts:
    manager_id: int | None
    site: str  # the site of their team, or their unit
    active: bool


def _people(person_ids: set[int]) -> dict[int, PersonFacts]:
    rows = Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "manager_id", "org_unit__name", "org_unit__kind", "org_unit__parent__name", "active"
    )
    return {
        pk: PersonFacts(m, parent if kind == UnitKind.TEAM and parent else unit, active)
        for pk, m, unit, kind, parent, active in rows
    }


def _anchors(program: Program, profile: Profile) -> list[tuple[Anchor, Step]]:
    steps = list(Step.objects.filter(path__program=program).select_related("method"))
    found = []
    for anchor in profile.anchors:
        step = next((s for s in steps if s.title.startswith(anchor.title_start)), None)
        if step is not None:
            found.append((anchor, step))
    return found


@dataclass(slots=True)
class Delivery:
    anchor: Anchor
    step: Step
    held_on: date
    label: str
    people: list[int]


def _deliveries(
    rng: random.Random,
    completers: dict[int, date],
    anchors: list[tuple[Anchor, Step]],
    people: dict[int, PersonFacts],
) -> list[Delivery]:
    """Group completers into deliveries: a session per site and month, or a month online."""
    weights = [a.weight for a, _ in anchors]
    groups: dict[tuple[int, str, date], list[tuple[int, date]]] = defaultdict(list)
    for pk, done in sorted(completers.items()):
        at = rng.choices(range(len(anchors)), weights)[0]
        step = anchors[at][1]
        place = people[pk].site if step.method.code in AT_A_SITE and pk in people else ""
        groups[(at, place, done.replace(day=1))].append((pk, done))
    found = []
    for (at, place, month), members in sorted(groups.items(), key=lambda kv: kv[0][2]):
        anchor, step = anchors[at]
        held = min(d for _, d in members)
        if place:
            label = f"{step.method.name}, {place}, {held:%-d %B %Y}"
        else:
            label = f"{step.method.name}: {month:%B %Y} cohort"
        found.append(Delivery(anchor, step, held, label, [pk for pk, _ in members]))
    return found


# --------------------------------------------------------------------------- answers


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


class _Writer:
    """Collects sessions, invitations and answers, and writes them in bulk."""

    def __init__(self, rng: random.Random, items: dict[str, SurveyItem], today: date) -> None:
        self.rng = rng
        self.items = items
        self.today = today
        self.sessions: list[SurveySession] = []
        # per session (by list index): (person, subject, submitted at, answers by item code)
        self.invites: list[list[tuple[int, int | None, datetime | None, dict[str, Any]]]] = []
        # per session: (program key, level, asks managers), for placing the comments
        self.where: list[tuple[str, int, bool]] = []
        self.written: list[tuple[Invitation, tuple[str, int, bool]]] = []

    def _session(self, key: str, survey: Survey, step: Step, held: date, label: str) -> int:
        self.where.append((key, survey.level, survey.audience == Audience.MANAGER))
        self.sessions.append(
            SurveySession(
                survey=survey,
                step=step,
                held_on=held,
                label=label,
                closes_on=held + timedelta(days=21),
                sent_at=_at(held, 17),
            )
        )
        self.invites.append([])
        return len(self.sessions) - 1

    def deliver(
        self,
        *,
        key: str,
        profile: Profile,
        surveys: dict[str, Survey],
        delivery: Delivery,
        people: dict[int, PersonFacts],
        leave: dict[int, date],
    ) -> None:
        rng = self.rng
        at = self._session(key, surveys["l1"], delivery.step, delivery.held_on, delivery.label)
        moods: dict[int, float] = {}
        for pk in delivery.people:
            mood = delivery.anchor.mean + rng.gauss(0, 0.45)
            moods[pk] = mood
            answered = rng.random() < profile.l1_rate
            submitted = _at(
                delivery.held_on + timedelta(days=rng.randint(0, 6)), 9 + rng.randint(0, 8)
            )
            values = self._l1(key, mood) if answered else {}
            self.invites[at].append((pk, None, submitted if answered else None, values))
        if not profile.follow_up:
            return
        follow = delivery.held_on + timedelta(days=rng.randint(60, 90))
        if follow + timedelta(days=7) > self.today:
            return
        learners = [p for p in delivery.people if p not in leave or leave[p] > follow]
        label = f"Follow-up: {delivery.label}"
        mine = self._session(key, surveys["l3_learner"], delivery.step, follow, label)
        theirs = self._session(key, surveys["l3_manager"], delivery.step, follow, label)
        for pk in learners:
            answered = rng.random() < profile.l3_rate
            values = self._l3(key, profile, moods[pk]) if answered else {}
            when = _at(follow + timedelta(days=rng.randint(0, 10)), 10 + rng.randint(0, 7))
            self.invites[mine].append((pk, None, when if answered else None, values))
            manager = people[pk].manager_id if pk in people else None
            if manager is None or manager not in people or not people[manager].active:
                continue
            answered = rng.random() < profile.manager_rate
            values = self._l3_manager(profile, moods[pk]) if answered else {}
            when = _at(follow + timedelta(days=rng.randint(1, 14)), 11 + rng.randint(0, 6))
            self.invites[theirs].append((manager, pk, when if answered else None, values))

    def _l1(self, key: str, mood: float) -> dict[str, Any]:
        offsets = {**L1_OFFSETS, **(COMPLIANCE_OFFSETS if key == "compliance" else {})}
        values: dict[str, Any] = {
            code: _clip(mood + offset + self.rng.gauss(0, 0.55), 1, 5)
            for code, offset in offsets.items()
        }
        values["l1-nps"] = _clip((mood - 1) / 4 * 10 + 0.6 + self.rng.gauss(0, 1.3), 0, 10)
        return values

    def _l3(self, key: str, profile: Profile, mood: float) -> dict[str, Any]:
        rng = self.rng
        applied = mood - 0.35
        values: dict[str, Any] = {
            "l3-application": _clip(applied + rng.gauss(0, 0.6), 1, 5),
            "l3-frequency": _clip(applied - 0.2 + rng.gauss(0, 0.6), 1, 5),
            "l3-enablers": _clip(profile.enablers + rng.gauss(0, 0.8), 1, 5),
        }
        if rng.random() < 0.75:  # noqa: PLR2004  (a quarter cannot put a figure on it)
            claim = profile.claim * rng.lognormvariate(0, 0.6)
            if rng.random() < 0.03:  # noqa: PLR2004  (the odd extreme claim)
                claim *= 10
            values["l3-improvement"] = Decimal(round(claim, -2))
            values["l3-attribution"] = Decimal(rng.choice(range(20, 85, 5)))
            values["l3-confidence-estimate"] = Decimal(rng.choice(range(40, 100, 10)))
        if rng.random() < 0.12 and key in demo_text.BARRIERS:  # noqa: PLR2004
            values["l3-barriers"] = rng.choice(demo_text.BARRIERS[key])
        return values

    def _l3_manager(self, profile: Profile, mood: float) -> dict[str, Any]:
        rng = self.rng
        seen = mood - 0.5
        return {
            "l3m-application": _clip(seen + rng.gauss(0, 0.7), 1, 5),
            "l3m-improved": _clip(seen - 0.1 + rng.gauss(0, 0.7), 1, 5),
            "l3m-enablers": _clip(profile.enablers - 0.2 + rng.gauss(0, 0.8), 1, 5),
        }

    def flush(self) -> None:
        SurveySession.objects.bulk_create(self.sessions, batch_size=BATCH)
        invitations: list[Invitation] = []
        planned: list[dict[str, Any]] = []
        wheres: list[tuple[str, int, bool]] = []
        for session, rows, where in zip(self.sessions, self.invites, self.where, strict=True):
            for person, subject, submitted, values in rows:
                invitations.append(
                    Invitation(
                        session=session,
                        person_id=person,
                        subject_id=subject,
                        emailed_at=session.sent_at,
                        submitted_at=submitted,
                    )
                )
                planned.append(values)
                wheres.append(where)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        _insert_answers(
            [
                (invitation.pk, self.items[code].pk, value)
                for invitation, values in zip(invitations, planned, strict=True)
                for code, value in values.items()
            ]
        )
        self.written = list(zip(invitations, wheres, strict=True))

    def comments(self) -> None:
        """Give the hand-written comments to respondents of the right program and level."""
        pools: dict[tuple[str, int, bool], list[Invitation]] = defaultdict(list)
        for invitation, where in self.written:
            if invitation.submitted_at is not None:
                pools[where].append(invitation)
        code = {(1, False): "l1-comment", (3, False): "l3-comment", (3, True): "l3m-comment"}
        answers = []
        for comment in demo_text.COMMENTS:
            pool = pools.get((comment.program, comment.level, comment.manager), [])
            if not pool:
                continue
            invitation = pool.pop(self.rng.randrange(len(pool)))
            answers.append(
                Answer(
                    invitation=invitation,
                    item=self.items[code[(comment.level, comment.manager)]],
                    text=comment.text,
                    consent=comment.consent or QuoteConsent.NONE,
                )
            )
        Answer.objects.bulk_create(answers)


def _insert_answers(rows: list[tuple[int, int, Any]]) -> None:
    """Insert (invitation, item, number or text) answers with one ``executemany``.

    Plain SQL rather than ``bulk_create``: compiling each value took most of the seeder's
    time (ten thousand answers at 2,000 people). Values go through the connection's own
    adapters, so the rows are what the ORM would write (as ``records.lrs`` does).
    """
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(Answer._meta.db_table)
    sql = (
        f"INSERT INTO {table} (invitation_id, item_id, number, text, consent, created_at,"  # noqa: S608  (our table)
        " updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    params = [
        (
            invitation_id,
            item_id,
            None if isinstance(value, str) else Decimal(value),
            value if isinstance(value, str) else "",
            "",
            stamp,
            stamp,
        )
        for invitation_id, item_id, value in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
