"""Every change the cmi5 app makes: imports, attaching units, launches, fetches, statement rules.

The LMS side of cmi5 Quartz on top of the records LRS:

- :func:`import_course` reads a course structure or zip package (§13, §14);
- :func:`attach_unit` makes a unit a path step's content and maps its LMS activity id to
  the step (``records.ActivityLink``), so its statements reach the step's progress;
- :func:`launch_unit` creates or reuses the registration, abandons open sessions
  (§9.3.6), writes ``LMS.LaunchData`` (§10) and ``launched`` (§9.3.1), and returns the
  launch URL (§8.1);
- :func:`fetch_token` answers the fetch URL once (§8.2) with the HTTP Basic credentials
  of an LRS client made for the session;
- :func:`check_session_statements` is registered with ``records.hooks``: inside the LRS
  transaction it applies :mod:`mainspring.cmi5.rules` to what a session's credentials
  send, moves the session along, and writes ``satisfied`` for blocks and the course when
  moveOn is met (§9.3.9).

LMS statements go through ``records.lrs.store_statements`` with the LMS's own client,
so they are validated, stored and linked to progress like any other.
"""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mainspring.cmi5 import packages, rules, structure
from mainspring.cmi5 import statements as lms
from mainspring.cmi5 import vocabulary as v
from mainspring.cmi5.models import (
    OPEN_STATES,
    AssignableUnit,
    Block,
    BlockSatisfied,
    Course,
    MoveOn,
    Registration,
    Session,
    SessionState,
    UnitProgress,
)
from mainspring.cmi5.structure import BlockSpec, CourseSpec, StructureError, UnitSpec
from mainspring.experiences.models import Enrolment, EnrolmentStatus, Step
from mainspring.org.models import Person, User
from mainspring.records import documents
from mainspring.records.actions import map_activity, map_actor
from mainspring.records.agents import agent_key
from mainspring.records.documents import DocKey, Preconditions
from mainspring.records.errors import ForbiddenError
from mainspring.records.http import V1, create_client
from mainspring.records.lrs import iso, store_statements
from mainspring.records.models import ActivityLink, ActorLink, DocumentKind, LrsClient

LMS_CLIENT_NAME = "Mainspring cmi5 LMS"
LMS_CLIENT_KEY = "cmi5-lms"
# The unit may write statements, read its own, keep state and read the learner
# preferences agent profile (§11: "On startup, the AU MUST retrieve" it).
SESSION_SCOPES = ("statements/write", "statements/read/mine", "state", "profile")
# Accounts of learners are named by the person's opaque code under this home page (§9.2:
# no sensitive PII); settings.CMI5_ACCOUNT_HOMEPAGE overrides it.
ACCOUNT_HOMEPAGE = "https://mainspring.invalid/people"


class Error(Exception):
    """A cmi5 change that cannot be made, with a message for the user."""


def content_root(course: Course) -> Path:
    """Where a packaged course's files are unpacked."""
    return Path(settings.DATA_DIR) / "cmi5" / str(course.code)


def lms_client() -> LrsClient:
    """The LRS client the LMS writes its own statements with (no usable secret: never remote)."""
    client, _ = LrsClient.objects.get_or_create(
        key=LMS_CLIENT_KEY,
        defaults={"name": LMS_CLIENT_NAME, "secret_hash": make_password(None), "scopes": ["all"]},
    )
    return client


# --------------------------------------------------------------------------- import


def _write_children(
    course: Course,
    children: Sequence[BlockSpec | UnitSpec],
    parent: Block | None,
    units: list[AssignableUnit],
    counter: list[int],
) -> None:
    for child in children:
        counter[0] += 1
        if isinstance(child, UnitSpec):
            units.append(
                AssignableUnit(
                    course=course,
                    block=parent,
                    publisher_id=child.publisher_id,
                    title=child.title[:500],
                    description=child.description,
                    url=child.url,
                    launch_method=child.launch_method,
                    move_on=child.move_on,
                    mastery_score=child.mastery_score,
                    launch_parameters=child.launch_parameters,
                    entitlement_key=child.entitlement_key,
                    activity_type=child.activity_type,
                    position=counter[0],
                )
            )
        else:
            block = Block.objects.create(
                course=course,
                parent=parent,
                publisher_id=child.publisher_id,
                title=child.title[:500],
                description=child.description,
                position=counter[0],
            )
            _write_children(course, child.children, block, units, counter)


def import_course(*, actor: User | None, upload: BinaryIO, filename: str) -> Course:
    """Import a cmi5 course structure (``cmi5.xml``) or zip package (cmi5 §13, §14).

    Raises:
        StructureError: the file is not a course structure this LMS can use, or the course
            is already imported; ``problems`` names each problem.
    """
    package = packages.read_package(upload, filename)
    spec: CourseSpec = structure.read_structure(package.structure, files=package.files)
    existing = Course.objects.filter(publisher_id=spec.publisher_id).first()
    if existing is not None:
        raise StructureError(
            [f"The course {spec.publisher_id!r} is already imported, as '{existing.title}'."]
        )
    course = Course(
        publisher_id=spec.publisher_id,
        title=spec.title[:500],
        description=spec.description,
        structure=package.structure.decode("utf-8", errors="replace"),
        packaged=package.files is not None,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            course.save()
            units: list[AssignableUnit] = []
            _write_children(course, spec.children, None, units, [0])
            AssignableUnit.objects.bulk_create(units, batch_size=500)
            if package.files is not None:
                packages.unpack(upload, content_root(course))
    except IntegrityError as exc:
        raise StructureError([f"The course {spec.publisher_id!r} is already imported."]) from exc
    except BaseException:
        shutil.rmtree(content_root(course), ignore_errors=True)
        raise
    return course


def attach_unit(*, actor: User, unit: AssignableUnit, step: Step | None) -> AssignableUnit:
    """Make the unit a step's content (None: detach it); its statements then count for the step.

    Raises:
        Error: the step already launches another unit.
    """
    with transaction.atomic():
        if step is not None:
            clash = AssignableUnit.objects.filter(step=step).exclude(pk=unit.pk).first()
            if clash is not None:
                raise Error(f"The step '{step}' already launches '{clash}'; detach that first.")
        unit.step = step
        unit.save(update_fields=["step", "updated_at"])
        link, _ = ActivityLink.objects.get_or_create(
            activity=unit.activity_id, defaults={"first_seen": timezone.now()}
        )
        map_activity(actor=actor, link=link, step=step)
    return unit


# --------------------------------------------------------------------------- launch


def _unit_facts(unit: AssignableUnit) -> lms.UnitFacts:
    return lms.UnitFacts(
        activity_id=unit.activity_id,
        publisher_id=unit.publisher_id,
        title=unit.title,
        description=unit.description,
        move_on=unit.move_on,
        mastery_score=unit.mastery_score,
        launch_parameters=unit.launch_parameters,
        entitlement_key=unit.entitlement_key,
        activity_type=unit.activity_type,
    )


def _agent(registration: Registration) -> dict[str, Any]:
    return lms.actor(registration.actor_home, registration.actor_name)


def unit_url(unit: AssignableUnit, base_url: str) -> str:
    """The unit's launch point without the cmi5 parameters (§9.6.3.4 launchURL)."""
    if "://" in unit.url:
        return unit.url
    path, _, query = unit.url.partition("?")
    served = reverse("cmi5:content", args=[unit.course.code, path.lstrip("./")])
    return f"{base_url}{served}" + (f"?{query}" if query else "")


def _registration(course: Course, person: Person) -> tuple[Registration, bool]:
    found = Registration.objects.filter(course=course, person=person).first()
    if found is not None:
        return found, False
    home = getattr(settings, "CMI5_ACCOUNT_HOMEPAGE", ACCOUNT_HOMEPAGE)
    try:
        with transaction.atomic():
            made = Registration.objects.create(
                course=course, person=person, actor_home=home, actor_name=str(person.code)
            )
    except IntegrityError:  # the same learner launched twice at once
        return Registration.objects.get(course=course, person=person), False
    return made, True


def _link_actor(agent: dict[str, Any], person: Person, actor: User) -> None:
    key = agent_key(agent)
    link, created = ActorLink.objects.get_or_create(
        actor_key=key, defaults={"person": person, "first_seen": timezone.now()}
    )
    if not created and link.person_id != person.pk:
        map_actor(actor=actor, link=link, person=person)


def _abandon(session: Session, now: datetime) -> None:
    registration = session.registration
    last = session.last_statement_at or session.launched_at
    statement = lms.abandoned(
        _agent(registration),
        _unit_facts(session.unit),
        registration=str(registration.code),
        session_id=str(session.code),
        duration=last - session.launched_at,
        timestamp=iso(now),
    )
    session.state = SessionState.ABANDONED
    session.ended_at = now
    session.save(update_fields=["state", "ended_at", "updated_at"])
    if session.client_id is not None:
        LrsClient.objects.filter(pk=session.client_id).update(active=False)
    store_statements([statement], client=lms_client(), version=V1)


def launch_unit(*, actor: User, unit: AssignableUnit, base_url: str, return_url: str) -> str:
    """Launch a unit for the signed-in learner; return the URL to send their browser to.

    ``base_url`` is the site's scheme and host (``https://learning.example.com``), for the
    endpoint, fetch and content URLs the unit receives.

    Raises:
        Error: the user is not enrolled on the path of the unit's step.
    """
    person = actor.person
    step = unit.step
    if person is None or step is None:
        raise Error("This unit is not on any of your learning paths.")
    enrolled = (
        Enrolment.objects.filter(person=person, path_id=step.path_id)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .exists()
    )
    if not enrolled:
        raise Error("This unit is not on any of your learning paths.")
    with transaction.atomic():
        now = timezone.now()
        registration, created = _registration(unit.course, person)
        if created:
            _register(registration, now)
        open_sessions = Session.objects.select_for_update(of=("self",)).filter(
            registration=registration, state__in=OPEN_STATES
        )
        for old in open_sessions.select_related("unit", "registration"):
            _abandon(old, now)
        session = Session.objects.create(
            registration=registration,
            unit=unit,
            fetch_token=secrets.token_urlsafe(32),
            move_on=unit.move_on,
            mastery_score=unit.mastery_score,
            launched_at=now,
        )
        agent = _agent(registration)
        _link_actor(agent, person, actor)
        facts = _unit_facts(unit)
        data = lms.launch_data(str(session.code), facts, return_url=return_url)
        documents.put_document(
            DocKey(DocumentKind.STATE, unit.activity_id, agent_key(agent), str(registration.code)),
            v.LAUNCH_DATA,
            json.dumps(data).encode(),
            "application/json",
            Preconditions(),
        )
        plain_url = unit_url(unit, base_url)
        launched = lms.launched(
            agent,
            facts,
            registration=str(registration.code),
            session_id=str(session.code),
            launch_url=plain_url,
            timestamp=iso(now),
        )
        store_statements([launched], client=lms_client(), version=V1)
    return lms.launch_url(
        plain_url,
        endpoint=base_url + reverse("xapi:about").removesuffix("about"),
        fetch=base_url + reverse("cmi5:fetch", args=[session.fetch_token]),
        agent=agent,
        registration=str(registration.code),
        activity_id=unit.activity_id,
    )


def fetch_token(*, token: str) -> dict[str, str]:
    """Answer a POST to a fetch URL (§8.2): the auth-token once, the §8.2.3 error after."""
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(fetch_token=token).first()
        if session is None:
            return {"error-code": "2", "error-text": "This fetch URL is not one the LMS gave out."}
        if session.client_id is not None or session.state not in OPEN_STATES:
            return {
                "error-code": "1",
                "error-text": "The authorization token has already been returned.",
            }
        client, secret = create_client(
            actor=None, name=f"cmi5 session {session.code}", scopes=SESSION_SCOPES
        )
        session.client = client
        session.fetched_at = timezone.now()
        session.save(update_fields=["client", "fetched_at", "updated_at"])
    return {"auth-token": base64.b64encode(f"{client.key}:{secret}".encode()).decode()}


# --------------------------------------------------------------------------- statements


def _register(registration: Registration, now: datetime) -> None:
    """Evaluate moveOn at registration time (§9.6.1): NotApplicable units are satisfied."""
    units = list(
        AssignableUnit.objects.filter(course=registration.course, move_on=MoveOn.NOT_APPLICABLE)
    )
    if not units:
        return
    UnitProgress.objects.bulk_create(
        [UnitProgress(registration=registration, unit=u, satisfied_at=now) for u in units]
    )
    # Satisfied statements outside a launch session get a session id of their own.
    _satisfy_containers(registration, str(uuid.uuid4()), now)


def _satisfy_containers(registration: Registration, session_id: str, now: datetime) -> None:
    """Write ``satisfied`` for blocks and the course that are newly satisfied (§9.3.9)."""
    course = registration.course
    blocks = {b.pk: b for b in Block.objects.filter(course=course)}
    parents = {pk: b.parent_id for pk, b in blocks.items()}
    unit_blocks = dict(AssignableUnit.objects.filter(course=course).values_list("pk", "block_id"))
    done = set(
        UnitProgress.objects.filter(
            registration=registration, satisfied_at__isnull=False
        ).values_list("unit_id", flat=True)
    )
    already = set(
        BlockSatisfied.objects.filter(registration=registration).values_list("block_id", flat=True)
    )
    new_blocks = sorted(rules.satisfied_blocks(parents, unit_blocks, done) - already)
    agent = _agent(registration)
    found = [
        lms.satisfied(
            agent,
            activity_id=blocks[pk].activity_id,
            activity_type=v.TYPE_BLOCK,
            publisher_id=blocks[pk].publisher_id,
            title=blocks[pk].title,
            registration=str(registration.code),
            session_id=session_id,
            timestamp=iso(now),
        )
        # Inner blocks first: a block is satisfied only once all inside it are.
        for pk in sorted(new_blocks, key=lambda b: -_depth(b, parents))
    ]
    BlockSatisfied.objects.bulk_create(
        [BlockSatisfied(registration=registration, block_id=pk) for pk in new_blocks]
    )
    if registration.satisfied_at is None and unit_blocks and set(unit_blocks) <= done:
        registration.satisfied_at = now
        registration.save(update_fields=["satisfied_at", "updated_at"])
        found.append(
            lms.satisfied(
                agent,
                activity_id=course.activity_id,
                activity_type=v.TYPE_COURSE,
                publisher_id=course.publisher_id,
                title=course.title,
                registration=str(registration.code),
                session_id=session_id,
                timestamp=iso(now),
            )
        )
    if found:
        store_statements(found, client=lms_client(), version=V1)


def _depth(block: int, parents: dict[int, int | None]) -> int:
    depth, parent = 0, parents.get(block)
    while parent is not None:
        depth, parent = depth + 1, parents.get(parent)
    return depth


def check_session_statements(client: LrsClient, statements: Sequence[dict[str, Any]]) -> None:
    """Apply the cmi5 rules to statements a session's credentials send (a records hook).

    Runs inside the LRS transaction: a refusal (``records.errors``) rolls back the whole
    batch, and the session's state moves with the statements that were stored.
    Statements of other clients are none of cmi5's business.
    """
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("registration__course", "unit")
        .filter(client=client)
        .first()
    )
    if session is None:
        return
    registration, unit = session.registration, session.unit
    progress, _ = UnitProgress.objects.get_or_create(registration=registration, unit=unit)
    before = rules.SessionFacts(
        session_id=str(session.code),
        registration=str(registration.code),
        activity_id=unit.activity_id,
        publisher_id=unit.publisher_id,
        actor_key=agent_key(_agent(registration)),
        state=session.state,
        verbs=tuple(session.verbs),
        mastery_score=session.mastery_score,
        launch_mode=session.launch_mode,
        completed=progress.completed_at is not None,
        passed=progress.passed_at is not None,
        failed=progress.failed_at is not None,
    )
    after = rules.check_batch(before, statements)
    now = timezone.now()
    session.state, session.verbs, session.last_statement_at = after.state, list(after.verbs), now
    if after.state == SessionState.TERMINATED and session.ended_at is None:
        session.ended_at = now
        # The token lasts as long as the session (§8.2.1).
        LrsClient.objects.filter(pk=client.pk).update(active=False)
    session.save()
    if after.completed and progress.completed_at is None:
        progress.completed_at = now
    if after.passed and progress.passed_at is None:
        progress.passed_at = now
    if after.failed and progress.failed_at is None:
        progress.failed_at = now
    newly = progress.satisfied_at is None and rules.unit_satisfied(
        session.move_on, completed=after.completed, passed=after.passed
    )
    if newly:
        progress.satisfied_at = now
    progress.save()
    if newly:
        _satisfy_containers(registration, str(session.code), now)


def protect_launch_data(
    client: LrsClient, kind: str, activity: str, registration: str, doc_id: str | None
) -> None:
    """Refuse a session's own writes to ``LMS.LaunchData`` (a records hook).

    The LMS writes the launch data; an AU may read it but MUST NOT change or delete it
    (cmi5 §10), so a session's credentials get 403 for PUT, POST or DELETE of that
    document, or for deleting every state document of the unit at once.
    """
    del activity, registration  # the launch data sits under the unit's own keys
    if kind != DocumentKind.STATE or doc_id not in (v.LAUNCH_DATA, None):
        return
    if Session.objects.filter(client=client).exists():
        raise ForbiddenError(
            f"{v.LAUNCH_DATA} is written by the LMS; an assignable unit may read it but not "
            "change or delete it (cmi5 §10)."
        )
