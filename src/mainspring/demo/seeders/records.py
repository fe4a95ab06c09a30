"""The records seeder: what Northwind's LMS reported to the LRS about the online steps.

It runs after the experiences seeder. For every step delivered online (the methods in
:data:`TRACKED`) and every learner the history shows starting it, the "Northwind LMS"
client sends the statements a real LMS would have sent on the seeded days: launched,
initialized, progressed and terminated around a session, then completed, or passed or
failed with the seeded score for an assessed step (some learners failed a first attempt
before they passed). Videos and podcasts are played, readings experienced, virtual
classrooms registered for and attended.

Learners are identified the way LMSs do it: by the mailbox of their work e-mail, and by
an ``account`` on the LMS named by their HRIS id when the HRIS holds no e-mail for them.
A step's activity is its catalogue item's xAPI id when one delivers it (the LRS links it
to the item, and through it to the step); the LMS's own courses are mapped to their steps
by L&D with :func:`mainspring.records.actions.map_activity`, as on the Unmatched page.

The statements go through :func:`mainspring.records.lrs.store_statements` in batches and
are then linked in-process with :func:`mainspring.records.actions.link_statements` (in
production the worker does it). Since the statements say what the history says, linking
leaves every step's status, score and dates as the experiences seeder wrote them; the
progress it touches becomes ``source=xapi``.

Texture for the records pages: an LMS administrator's mistaken completions, voided the
next day; contractors (by outside e-mail, or ``ext-`` accounts) taking the compliance
course, whom nobody can match to a person; and one vendor course nobody has mapped yet.

``ctx.counts`` gains ``xapi_statements`` (stored, voiding ones included),
``xapi_voided``, ``xapi_unmatched_actors`` and ``xapi_unmatched_activities``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mainspring.demo import blueprint as bp
from mainspring.experiences.models import ProgressStatus, Step, StepProgress
from mainspring.org.models import Person, User
from mainspring.records import actions, lrs
from mainspring.records.http import create_client
from mainspring.records.models import ActivityLink, ActorLink, Statement

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

LMS_NAME = "Northwind LMS"
LMS_HOME = "https://lms.northwind.example"
VERSION = "1.0.3"
BATCH = 1000  # statements per store_statements call
# Delivery methods whose steps an LMS or a content player tracks. The live and social
# methods (classroom, coaching, on-the-job...) are recorded by LMS imports or by hand.
TRACKED = ("elearning", "video", "podcast", "reading", "virtual_classroom")
# Sessions told in full, statement by statement, across the company: at the default
# 2,000 people a learner's cap (this over the headcount) is 30 and almost nobody reaches
# it; a 20,000-person demo gets launch-and-verdict sessions (3), which keeps its seeding
# to minutes rather than a quarter of an hour.
FULL_DETAIL = 60_000
LONGEST_SESSION = 8  # statements in a full e-learning session with a failed first attempt
RETAKE_SHARE = 0.15  # of the passed assessments, the share failed once before
VOIDED_COMPLETIONS = 3
CONTRACTORS = (
    ("mbox", "dan.kowalski@swiftstaff.example", "Dan Kowalski"),
    ("mbox", "amira.haddad@swiftstaff.example", "Amira Haddad"),
    ("mbox", "tom.reilly@peakdrivers.example", "Tom Reilly"),
    ("account", "ext-0417", "Contractor 0417"),
    ("account", "ext-0562", ""),
)
VENDOR_COURSE = "https://content.liftsafe.example/xapi/courses/forklift-awareness-2"
VENDOR_TITLE = "Forklift awareness (refresher)"
VENDOR_LEARNERS = 18

ADL = "http://adlnet.gov/expapi/verbs/"
VIDEO_PLAYED = "https://w3id.org/xapi/video/verbs/played"
VERB_NAMES = {
    ADL + "launched": "launched",
    ADL + "initialized": "initialized",
    ADL + "progressed": "progressed",
    ADL + "completed": "completed",
    ADL + "passed": "passed",
    ADL + "failed": "failed",
    ADL + "terminated": "terminated",
    ADL + "experienced": "experienced",
    ADL + "registered": "registered",
    ADL + "attended": "attended",
    ADL + "voided": "voided",
    VIDEO_PLAYED: "played",
}
ACTIVITY_TYPES = {
    "elearning": "http://adlnet.gov/expapi/activities/course",
    "video": "https://w3id.org/xapi/video/activity-type/video",
    "podcast": "https://w3id.org/xapi/audio/activity-type/audio",
    "reading": "http://id.tincanapi.com/activitytype/document",
    "virtual_classroom": "http://adlnet.gov/expapi/activities/meeting",
}
PROGRESS_EXTENSION = "https://w3id.org/xapi/cmi5/result/extensions/progress"


@dataclass(frozen=True, slots=True)
class Tracked:
    """A step the LMS tracks: its activity and how the content reports."""

    step: int
    method: str
    activity: str
    title: str
    path_id: int
    path: str  # the LMS's id for the path, the statements' parent activity
    minutes: int
    mapped_by_item: bool  # the activity is its catalogue item's xAPI id


@dataclass(slots=True)
class Writer:
    """Statements about to be sent, with the clock and the ids drawn from one generator."""

    rng: random.Random
    statements: list[dict[str, Any]] = field(default_factory=list)

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(
        self,
        actor: dict[str, Any],
        verb: str,
        obj: dict[str, Any],
        at: datetime,
        *,
        result: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
    ) -> str:
        statement: dict[str, Any] = {
            "id": self.new_id(),
            "actor": actor,
            "verb": {"id": verb, "display": {"en-US": VERB_NAMES[verb]}},
            "object": obj,
            "timestamp": at.isoformat(),
        }
        if result:
            statement["result"] = result
        if context:
            statement["context"] = context
        self.statements.append(statement)
        return str(statement["id"])


def seed(ctx: SeedContext) -> None:
    """Send the LMS's statements to the LRS, link them, and add the texture."""
    rng = ctx.rng_for("records")
    leader = User.objects.get(username="leader")
    staff = User.objects.get(username="staff")
    client, _ = create_client(
        actor=leader, name=LMS_NAME, scopes=["statements/write", "statements/read/mine"]
    )
    tracked = tracked_steps()
    people = _actors()
    writer = Writer(rng)
    cap = statement_cap(ctx.people)
    per_person = _learner_statements(writer, tracked, people, ctx.today, cap)
    voided = _mistaken_completions(writer, tracked, people, ctx)
    _contractors(writer, tracked, ctx)
    _vendor_course(writer, people, rng, ctx.today)
    ids = _store(writer.statements, client)
    # Linked learner by learner (their statements are together), so each (person, step)
    # is folded once; the voiding statements come last, after what they void. No
    # ctx.report here: the demo's progress counts people (tests/demo/test_seed.py).
    actions.link_statements(ids)
    for link in ActivityLink.objects.filter(
        activity__in=[t.activity for t in tracked.values() if not t.mapped_by_item]
    ):
        step = Step.objects.get(pk=_step_of(tracked, link.activity))
        actions.map_activity(actor=staff, link=link, step=step)
    ctx.counts.update(
        xapi_statements=Statement.objects.count(),
        xapi_statements_per_learner_max=max(per_person.values(), default=0),
        xapi_statement_cap=cap,
        xapi_voided=voided,
        xapi_unmatched_actors=ActorLink.objects.filter(person__isnull=True).count(),
        xapi_unmatched_activities=ActivityLink.objects.filter(
            step__isnull=True, catalog_item__isnull=True
        ).count(),
    )


def _step_of(tracked: dict[int, Tracked], activity: str) -> int:
    return next(t.step for t in tracked.values() if t.activity == activity)


def tracked_steps() -> dict[int, Tracked]:
    """The steps of the demo's paths (not the templates) that the LMS tracks, by step id.

    A step whose catalogue item has an xAPI id reports under it; another's activity is the
    LMS's own course id. Two steps sharing an item would share an activity (the LRS
    counts a statement for every step delivering the item), so only the first keeps it.
    """
    found: dict[int, Tracked] = {}
    taken: set[str] = set()
    steps = (
        Step.objects.filter(method__code__in=TRACKED, path__template_kind="")
        .select_related("method", "catalog_item", "path")
        .order_by("path_id", "position", "pk")
    )
    for step in steps:
        item_id = step.catalog_item.xapi_activity_id if step.catalog_item else ""
        by_item = bool(item_id) and item_id not in taken
        own = f"{LMS_HOME}/courses/{step.path_id}/{slugify(step.title)[:80]}"
        activity = item_id if by_item else own
        taken.add(activity)
        found[step.pk] = Tracked(
            step.pk,
            step.method.code,
            activity,
            step.title,
            step.path_id,
            f"{LMS_HOME}/paths/{step.path_id}",
            step.duration_minutes,
            by_item,
        )
    return found


@dataclass(frozen=True, slots=True)
class Learner:
    actor: dict[str, Any]
    email: str


def _actors() -> dict[int, Learner]:
    """Each person as the LMS names them: work e-mail, or an LMS account by HRIS id."""
    found = {}
    for pk, hris_id, email, first, last in Person.objects.values_list(
        "pk", "hris_id", "email", "first_name", "last_name"
    ).iterator(chunk_size=5000):
        name = f"{first} {last}"
        actor: dict[str, Any]
        if email:
            actor = {"objectType": "Agent", "name": name, "mbox": f"mailto:{email}"}
        else:
            actor = {
                "objectType": "Agent",
                "name": name,
                "account": {"homePage": LMS_HOME, "name": hris_id},
            }
        found[pk] = Learner(actor, email)
    return found


def _activity(t: Tracked) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": t.activity,
        "definition": {
            "name": {"en-US": t.title},
            "type": ACTIVITY_TYPES[t.method],
        },
    }


def _context(t: Tracked, registration: str) -> dict[str, Any]:
    return {
        "registration": registration,
        "platform": LMS_NAME,
        "contextActivities": {"parent": [{"objectType": "Activity", "id": t.path}]},
    }


class Clock:
    """Moments in working hours on the seeded days, always moving forward."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now: datetime | None = None

    def on(self, day: date) -> datetime:
        """A moment on ``day``, after the last one."""
        start = timezone.make_aware(
            datetime.combine(day, time(7, 30)) + timedelta(minutes=self.rng.randint(0, 540))
        )
        if self.now is not None and self.now >= start:
            start = self.now + timedelta(minutes=self.rng.randint(2, 30))
        self.now = start
        return start

    def later(self, minutes: int) -> datetime:
        assert self.now is not None
        self.now += timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))
        return self.now


def _duration(minutes: int) -> str:
    return f"PT{max(1, minutes)}M"


def _score(score: float) -> dict[str, Any]:
    raw = round(score)
    return {"scaled": round(score / 100, 2), "raw": raw, "min": 0, "max": 100}


def _learner_statements(
    writer: Writer,
    tracked: dict[int, Tracked],
    people: dict[int, Learner],
    today: date,
    cap: int,
) -> dict[int, int]:
    """Each learner's statements on the tracked steps, learner by learner; counts by person.

    Sessions are told in full while the learner has had fewer than ``cap`` statements,
    and cut to the launch and verdict after that.
    """
    rows = (
        StepProgress.objects.filter(step_id__in=list(tracked))
        .exclude(status=ProgressStatus.NOT_STARTED)
        .order_by("enrolment__person_id", "enrolment_id", "step__position", "pk")
        .values_list(
            "enrolment__person_id", "step_id", "status", "score", "started_on", "completed_on"
        )
    )
    counts: dict[int, int] = {}
    for person, step, status, score, started, completed in rows.iterator(chunk_size=5000):
        if started is None:
            continue
        seen = Seen(status, started, completed, score)
        actor, done = people[person].actor, counts.get(person, 0)
        if done + LONGEST_SESSION <= cap:
            sent = _session(writer, tracked[step], actor, seen, today)
        else:
            sent = _brief(writer, tracked[step], actor, seen)
        counts[person] = done + len(sent)
    return counts


def statement_cap(people: int) -> int:
    """Statements a learner gets before their sessions shrink to the launch and verdict."""
    return max(2, FULL_DETAIL // max(people, 1))


def _brief(writer: Writer, t: Tracked, actor: dict[str, Any], seen: Seen) -> list[dict[str, Any]]:
    """A session cut to what decides the step: the launch and, when done, the verdict."""
    before = len(writer.statements)
    obj, clock = _activity(t), Clock(writer.rng)
    context = _context(t, writer.new_id())
    writer.add(actor, ADL + "launched", obj, clock.on(seen.started), context=context)
    if seen.status != ProgressStatus.IN_PROGRESS and seen.completed is not None:
        at = clock.on(seen.completed)
        if seen.score is not None:
            success = seen.status == ProgressStatus.PASSED
            verdict = {"score": _score(seen.score), "success": success, "completion": True}
            verb = ADL + ("passed" if success else "failed")
            writer.add(actor, verb, obj, at, result=verdict, context=context)
        else:
            writer.add(
                actor, ADL + "completed", obj, at, result={"completion": True}, context=context
            )
    return writer.statements[before:]


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a learner stands on a step, as the history has it."""

    status: str
    started: date
    completed: date | None = None
    score: float | None = None


def _session(
    writer: Writer, t: Tracked, actor: dict[str, Any], seen: Seen, today: date
) -> list[dict[str, Any]]:
    """The statements of one learner on one step, ending with the one that sets its status.

    Returns the statements added (also kept in the writer), in time order.
    """
    status, score, started, completed = seen.status, seen.score, seen.started, seen.completed
    before = len(writer.statements)
    rng, obj = writer.rng, _activity(t)
    clock = Clock(rng)
    context = _context(t, writer.new_id())

    def say(verb: str, at: datetime, result: dict[str, Any] | None = None) -> None:
        writer.add(actor, verb, obj, at, result=result, context=context)

    done = completed if status != ProgressStatus.IN_PROGRESS else None
    if t.method == "virtual_classroom":
        say(ADL + "registered", clock.on(started))
        if done is not None:
            say(
                ADL + "attended",
                clock.on(done),
                {"completion": True, "duration": _duration(t.minutes)},
            )
        return writer.statements[before:]
    if t.method in ("video", "podcast", "reading"):
        say(ADL + "initialized" if t.method != "reading" else ADL + "launched", clock.on(started))
        played = VIDEO_PLAYED if t.method != "reading" else ADL + "experienced"
        say(played, clock.later(rng.randint(1, 4)))
        if done is not None:
            when = clock.on(done) if done > started else clock.later(t.minutes)
            say(ADL + "completed", when, {"completion": True, "duration": _duration(t.minutes)})
        elif started < today - timedelta(days=1):
            say(ADL + "progressed", clock.later(rng.randint(2, 10)))
        return writer.statements[before:]
    # e-learning: an LMS launch, the content's session, its verdict, its end
    say(ADL + "launched", clock.on(started))
    say(ADL + "initialized", clock.later(0))
    first = round(t.minutes * rng.uniform(0.3, 0.7))
    say(ADL + "progressed", clock.later(first), {"extensions": {PROGRESS_EXTENSION: 50}})
    if done is None:
        say(ADL + "terminated", clock.later(1), {"duration": _duration(first)})
        return writer.statements[before:]
    if status == ProgressStatus.PASSED and score is not None and rng.random() < RETAKE_SHARE:
        low = float(rng.randint(35, 59))
        say(
            ADL + "failed",
            clock.later(5),
            {"score": _score(low), "success": False, "completion": True},
        )
        say(ADL + "terminated", clock.later(1), {"duration": _duration(first + 5)})
        say(ADL + "launched", clock.on(done))
        say(ADL + "initialized", clock.later(0))
    elif done > started:
        say(ADL + "terminated", clock.later(1), {"duration": _duration(first)})
        say(ADL + "launched", clock.on(done))
        say(ADL + "initialized", clock.later(0))
    rest = max(1, t.minutes - first)
    if status in (ProgressStatus.PASSED, ProgressStatus.FAILED) and score is not None:
        success = status == ProgressStatus.PASSED
        verb = ADL + ("passed" if success else "failed")
        verdict = {"score": _score(score), "success": success, "completion": True}
        say(verb, clock.later(rest), verdict)
    else:
        say(ADL + "completed", clock.later(rest), {"completion": True})
    say(ADL + "terminated", clock.later(1), {"duration": _duration(rest)})
    return writer.statements[before:]


def _mistaken_completions(
    writer: Writer, tracked: dict[int, Tracked], people: dict[int, Learner], ctx: SeedContext
) -> int:
    """Completions an LMS administrator recorded for the wrong learners, voided next day."""
    admins = ctx.registry.get("learning_team", {}).get(bp.LMS_ADMINISTRATOR, [])
    admin = Person.objects.filter(hris_id__in=admins).exclude(email="").first()
    if admin is None:
        return 0
    elearning = [s for s, t in tracked.items() if t.method == "elearning"]
    latest = ctx.today - timedelta(days=3)
    candidates = list(
        StepProgress.objects.filter(
            step_id__in=elearning,
            status=ProgressStatus.IN_PROGRESS,
            started_on__lte=latest,
        )
        .order_by("pk")
        .values_list("enrolment__person_id", "step_id", "started_on")[:200]
    )
    chosen = writer.rng.sample(candidates, min(VOIDED_COMPLETIONS, len(candidates)))
    voiding: list[tuple[str, date]] = []
    for person, step, started in chosen:
        assert started is not None  # in progress: started
        t = tracked[step]
        day = writer.rng.choice([d for d in (started + timedelta(days=1), latest) if d <= latest])
        clock = Clock(writer.rng)
        target = writer.add(
            people[person].actor,
            ADL + "completed",
            _activity(t),
            clock.on(day),
            result={"completion": True},
            context={"platform": LMS_NAME, "instructor": people[admin.pk].actor},
        )
        voiding.append((target, day + timedelta(days=1)))
    for target, day in voiding:
        writer.add(
            people[admin.pk].actor,
            ADL + "voided",
            {"objectType": "StatementRef", "id": target},
            Clock(writer.rng).on(day),
        )
    return len(voiding)


def _contractors(writer: Writer, tracked: dict[int, Tracked], ctx: SeedContext) -> None:
    """Agency staff taking the compliance e-learning: nobody in the HRIS to match."""
    path = ctx.registry.get("experience_path_ids", {}).get("compliance")
    compliance = [t for t in tracked.values() if t.method == "elearning" and t.path_id == path]
    if not compliance:
        return
    course, rng, today = compliance[0], writer.rng, ctx.today
    for kind, ident, name in CONTRACTORS:
        if kind == "mbox":
            actor: dict[str, Any] = {"objectType": "Agent", "mbox": f"mailto:{ident}"}
        else:
            actor = {"objectType": "Agent", "account": {"homePage": LMS_HOME, "name": ident}}
        if name:
            actor["name"] = name
        day = today - timedelta(days=rng.randint(5, 60))
        status = ProgressStatus.COMPLETED if rng.random() < 0.8 else ProgressStatus.IN_PROGRESS  # noqa: PLR2004
        _session(writer, course, actor, Seen(status, day, day), today)


def _vendor_course(
    writer: Writer, people: dict[int, Learner], rng: random.Random, today: date
) -> None:
    """A vendor's course pickers started on, which nobody has mapped to a step yet."""
    pickers = list(
        Person.objects.filter(job_role__name=bp.PICKER, active=True)
        .order_by("hris_id")
        .values_list("pk", flat=True)[: VENDOR_LEARNERS * 3]
    )
    catalog = VENDOR_COURSE.rsplit("/", 1)[0]
    course = Tracked(0, "elearning", VENDOR_COURSE, VENDOR_TITLE, 0, catalog, 25, False)
    for pk in sorted(rng.sample(pickers, min(VENDOR_LEARNERS, len(pickers)))):
        day = today - timedelta(days=rng.randint(3, 45))
        status = ProgressStatus.COMPLETED if rng.random() < 0.7 else ProgressStatus.IN_PROGRESS  # noqa: PLR2004
        _session(writer, course, people[pk].actor, Seen(status, day, day), today)


def _batches(items: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _store(statements: list[dict[str, Any]], client: Any) -> list[str]:
    """Store the statements in batches; return their ids in the order sent."""
    connection = transaction.get_connection()
    pending = len(connection.run_on_commit)
    ids: list[str] = []
    for batch in _batches(statements):
        ids.extend(str(i) for i in lrs.store_statements(batch, client=client, version=VERSION))
    # store_statements asks the worker to link each batch once the seeder's transaction
    # commits; the seeder links them itself below, so those requests would only make the
    # worker repeat the work (idempotently) after the demo starts. Django's own
    # captureOnCommitCallbacks reads this list the same way.
    del connection.run_on_commit[pending:]
    return ids
