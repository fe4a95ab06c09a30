"""Every change the records app makes outside the LRS transaction: links and progress.

:func:`link_statements` runs after statements are stored (and can be run again for a
backlog): it finds or creates the :class:`ActorLink` and :class:`ActivityLink` of each
statement, then recomputes the xAPI progress of every (person, step) the statements
touch from all the non-voided statements of that actor and activity. Running it twice
changes nothing. :func:`map_actor` and :func:`map_activity` are L&D's hand mapping of
what could not be matched; they relink the statements concerned.

Progress written here has ``source=xapi``. A step done by hand or by an LMS import is
never undone by statements; a step whose progress came from statements is recomputed
(so voiding the statement that completed it reopens it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mainspring.experiences.actions.enrolments import refresh_completion
from mainspring.experiences.models import (
    CatalogItem,
    Enrolment,
    EnrolmentStatus,
    ProgressSource,
    ProgressStatus,
    Step,
    StepProgress,
)
from mainspring.org.models import Person, User
from mainspring.records import progress
from mainspring.records.agents import mbox_sha1
from mainspring.records.models import ActivityLink, ActorLink, Statement

CHUNK = 500
STEP_REF = re.compile(r"step:(\d+)", re.IGNORECASE)
REASON = "xAPI statements"


class Error(Exception):
    """A change that cannot be made, with a message for the user."""


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def match_people(actor_keys: Iterable[str]) -> dict[str, int]:
    """The person each actor key names, where one matches (e-mail, its SHA-1, HRIS id)."""
    emails: dict[str, str] = {}
    sha1s: dict[str, str] = {}
    accounts: dict[str, str] = {}
    for key in actor_keys:
        kind, _, value = key.partition(":")
        if kind == "mbox":
            emails[value.removeprefix("mailto:").lower()] = key
        elif kind == "mbox_sha1sum":
            sha1s[value.lower()] = key
        elif kind == "account":
            accounts[value.rpartition("|")[2]] = key
    found: dict[str, int] = {}
    if emails:
        people = Person.objects.exclude(email="").filter(
            Q.create([("email__iexact", e) for e in emails], connector=Q.OR)
        )
        for pk, email in people.values_list("pk", "email"):
            found[emails[email.lower()]] = pk
    if sha1s:
        for pk, email in Person.objects.exclude(email="").values_list("pk", "email").iterator():
            for variant in {email.lower(), email}:
                if mbox_sha1(variant) in sha1s:
                    found[sha1s[mbox_sha1(variant)]] = pk
    if accounts:
        for pk, hris_id in Person.objects.filter(hris_id__in=accounts).values_list("pk", "hris_id"):
            found[accounts[hris_id]] = pk
    return found


def match_activities(activities: Iterable[str]) -> dict[str, tuple[int | None, int | None]]:
    """The (step, catalogue item) each activity id names, where one matches."""
    step_refs: dict[int, str] = {}
    others: list[str] = []
    for activity in activities:
        ref = STEP_REF.fullmatch(activity)
        if ref:
            step_refs[int(ref.group(1))] = activity
        else:
            others.append(activity)
    found: dict[str, tuple[int | None, int | None]] = {}
    for pk in Step.objects.filter(pk__in=step_refs).values_list("pk", flat=True):
        found[step_refs[pk]] = (pk, None)
    for pk, xapi in CatalogItem.objects.filter(xapi_activity_id__in=others).values_list(
        "pk", "xapi_activity_id"
    ):
        found[xapi] = (None, pk)
    return found


def _actor_name(data: Any) -> str:
    actor = data.get("actor") if isinstance(data, dict) else None
    name = actor.get("name") if isinstance(actor, dict) else None
    return str(name)[:400] if name else ""


def _ensure_links(rows: list[tuple[UUID, Any, str, str]]) -> None:
    """Create the missing links of these statements; recount actors and unmapped activities."""
    now = timezone.now()
    names = {key: _actor_name(data) for _, data, key, _ in rows}
    activities = {activity for *_, activity in rows if activity}
    actor_counts = dict(
        Statement.objects.filter(actor_key__in=names)
        .values_list("actor_key")
        .annotate(n=Count("id"))
        .values_list("actor_key", "n")
    )
    known_actors = dict(
        ActorLink.objects.filter(actor_key__in=names).values_list("actor_key", "statements")
    )
    new_actors = [k for k in names if k not in known_actors]
    people = match_people(new_actors)
    ActorLink.objects.bulk_create(
        [
            ActorLink(
                actor_key=k,
                name=names[k],
                person_id=people.get(k),
                first_seen=now,
                statements=actor_counts.get(k, 0),
            )
            for k in new_actors
        ],
        ignore_conflicts=True,
    )
    links = ActivityLink.objects.filter(activity__in=activities)
    known = dict(links.values_list("activity", "statements"))
    waiting = set(
        links.filter(step__isnull=True, catalog_item__isnull=True).values_list(
            "activity", flat=True
        )
    )
    new_activities = [a for a in activities if a not in known]
    # Only links waiting to be mapped keep counting (the Unmatched page ranks by it): a
    # linked course can hold most of the LRS, and recounting it for every batch made
    # linking a backlog quadratic. Activity statistics count from the statements.
    activity_counts = dict(
        Statement.objects.filter(activity__in=[*new_activities, *waiting])
        .values_list("activity")
        .annotate(n=Count("id"))
        .values_list("activity", "n")
    )
    targets = match_activities(new_activities)
    ActivityLink.objects.bulk_create(
        [
            ActivityLink(
                activity=a,
                step_id=targets.get(a, (None, None))[0],
                catalog_item_id=targets.get(a, (None, None))[1],
                first_seen=now,
                statements=activity_counts.get(a, 0),
            )
            for a in new_activities
        ],
        ignore_conflicts=True,
    )
    for key, n in known_actors.items():
        if actor_counts.get(key, 0) != n:
            ActorLink.objects.filter(actor_key=key).update(statements=actor_counts.get(key, 0))
    for activity in waiting:
        if activity_counts.get(activity, 0) != known[activity]:
            ActivityLink.objects.filter(activity=activity).update(
                statements=activity_counts.get(activity, 0)
            )


def _live_statements(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list[progress.Outcome]]:
    """The outcomes of the non-voided statements of each (actor, activity), oldest first."""
    outcomes: dict[tuple[str, str], list[progress.Outcome]] = defaultdict(list)
    voided_ids = Statement.objects.filter(voided_statement__isnull=False).values("voided_statement")
    actors = sorted({a for a, _ in pairs})
    for chunk in _chunks(actors):
        # By actor only: with the activities in the query too, databases pick the activity
        # index and read every statement of a popular course for a handful of learners.
        rows = (
            Statement.objects.filter(actor_key__in=chunk, voided=False)
            .exclude(id__in=voided_ids)
            .order_by("timestamp", "stored", "id")
            .values_list("actor_key", "activity", "data", "timestamp")
        )
        for actor_key, activity, data, timestamp in rows:
            if (actor_key, activity) not in pairs:
                continue
            outcome = progress.outcome_of(data, timezone.localdate(timestamp))
            if outcome is not None:
                outcomes[(actor_key, activity)].append(outcome)
    return outcomes


def _steps_of(links: Iterable[ActivityLink]) -> dict[str, list[int]]:
    """The steps each linked activity stands for (its step, or the steps delivering its item)."""
    steps: dict[str, list[int]] = defaultdict(list)
    items: dict[int, list[str]] = defaultdict(list)
    for link in links:
        if link.step_id is not None:
            steps[link.activity].append(link.step_id)
        elif link.catalog_item_id is not None:
            items[link.catalog_item_id].append(link.activity)
    for step_id, item_id in Step.objects.filter(catalog_item_id__in=items).values_list(
        "pk", "catalog_item_id"
    ):
        for activity in items[item_id]:
            steps[activity].append(step_id)
    return steps


def _wanted(
    pairs: set[tuple[str, str]],
) -> dict[tuple[int, int], progress.Outcome | None]:
    """The xAPI outcome each (enrolment, step) touched by these pairs should show."""
    person_of = dict(
        ActorLink.objects.filter(
            actor_key__in={a for a, _ in pairs}, person__isnull=False
        ).values_list("actor_key", "person_id")
    )
    steps_of = _steps_of(ActivityLink.objects.filter(activity__in={act for _, act in pairs}))
    linked = {(a, act) for a, act in pairs if a in person_of and steps_of.get(act)}
    if not linked:
        return {}
    step_path = dict(
        Step.objects.filter(pk__in={s for _, act in linked for s in steps_of[act]}).values_list(
            "pk", "path_id"
        )
    )
    enrolment_of = {
        (person, path): pk
        for pk, person, path in Enrolment.objects.filter(
            person_id__in={person_of[a] for a, _ in linked},
            path_id__in=set(step_path.values()),
        )
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("pk", "person_id", "path_id")
    }
    outcomes = _live_statements(linked)
    per_step: dict[tuple[int, int], list[progress.Outcome]] = {}
    for actor_key, activity in linked:
        for step_id in steps_of[activity]:
            enrolment = enrolment_of.get((person_of[actor_key], step_path[step_id]))
            if enrolment is not None:
                per_step.setdefault((enrolment, step_id), []).extend(
                    outcomes.get((actor_key, activity), [])
                )
    return {
        key: progress.fold(sorted(found, key=lambda o: o.on or date.min))
        for key, found in per_step.items()
    }


def _dates(status: str, on: date, started: date | None) -> tuple[date | None, date | None]:
    if status == ProgressStatus.NOT_STARTED:
        return None, None
    started = min(started or on, on)
    return (started, None) if status == ProgressStatus.IN_PROGRESS else (started, on)


def _apply(
    wanted: dict[tuple[int, int], progress.Outcome | None], actor: User | None = None
) -> int:
    """Write the wanted xAPI progress where it changes something; return rows written."""
    existing: dict[tuple[int, int], StepProgress] = {}
    step_ids = {s for _, s in wanted}
    for chunk in _chunks(sorted({e for e, _ in wanted})):
        for found in StepProgress.objects.filter(enrolment_id__in=chunk, step_id__in=step_ids):
            existing[(found.enrolment_id, found.step_id)] = found
    now, today = timezone.now(), timezone.localdate()
    new: list[StepProgress] = []
    changed: list[StepProgress] = []
    for (enrolment_id, step_id), outcome in wanted.items():
        row = existing.get((enrolment_id, step_id))
        if (
            row is not None
            and row.source != ProgressSource.XAPI
            and (outcome is None or not progress.replaces(row.status, outcome.status))
        ):
            continue  # set by hand or by import: only a step forward from statements
        if outcome is None:
            if row is None:
                continue
            status, score, on = str(ProgressStatus.NOT_STARTED), None, today
        else:
            status, score, on = outcome.status, outcome.score, outcome.on or today
        if row is None:
            row = StepProgress(enrolment_id=enrolment_id, step_id=step_id)
            new.append(row)
        elif (row.status, row.score, row.source) == (status, score, ProgressSource.XAPI):
            continue
        else:
            changed.append(row)
        row.status, row.score, row.source, row.updated_at = status, score, ProgressSource.XAPI, now
        row.started_on, row.completed_on = _dates(status, on, row.started_on)
    bulk_create_with_history(new, StepProgress, default_user=actor, default_change_reason=REASON)
    _update(changed, now)
    # No fields: the rows are written above, this records their history only.
    bulk_update_with_history(
        changed, StepProgress, [], default_user=actor, default_change_reason=REASON
    )
    touched = sorted({row.enrolment_id for row in [*new, *changed]})
    if touched:
        refresh_completion(touched, actor=actor, reason=REASON)
    return len(new) + len(changed)


def _update(changed: list[StepProgress], now: datetime) -> None:
    """Write changed progress rows, one UPDATE per set of new values.

    Rows moving together share values (a status, a score, the same days), and Django's
    ``bulk_update`` builds a CASE per field and row, which costs milliseconds a row in
    Python: a backlog of thousands of statements spent most of its time there.
    """
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for row in changed:
        groups[(row.status, row.score, row.started_on, row.completed_on)].append(row.pk)
    for (status, score, started_on, completed_on), pks in groups.items():
        for chunk in _chunks(pks):
            StepProgress.objects.filter(pk__in=chunk).update(
                status=status,
                score=score,
                source=ProgressSource.XAPI,
                started_on=started_on,
                completed_on=completed_on,
                updated_at=now,
            )


def link_statements(statement_ids: Sequence[UUID | str]) -> int:
    """Link stored statements to people and steps and bring their progress up to date.

    Call it after the statements' transaction has committed, or for a backlog. Voiding
    statements recompute the progress their voided statement counted for. Returns how
    many progress rows were written (0 when run again).
    """
    written = 0
    for chunk in _chunks(list(statement_ids)):
        with transaction.atomic():
            rows = list(
                Statement.objects.filter(id__in=chunk).values_list(
                    "id", "data", "actor_key", "activity"
                )
            )
            voided = Statement.objects.filter(id__in=chunk, voided_statement__isnull=False)
            targets = list(
                Statement.objects.filter(id__in=voided.values("voided_statement")).values_list(
                    "id", "data", "actor_key", "activity"
                )
            )
            _ensure_links(rows)
            pairs = {(key, act) for _, _, key, act in [*rows, *targets] if act}
            written += _apply(_wanted(pairs))
    return written


def _pairs_for(q: Q) -> set[tuple[str, str]]:
    return set(
        Statement.objects.filter(q)
        .exclude(activity="")
        .values_list("actor_key", "activity")
        .distinct()
    )


def map_actor(*, actor: User, link: ActorLink, person: Person | None) -> ActorLink:
    """Say which person an xAPI actor is (None to unlink) and recompute their progress."""
    with transaction.atomic():
        old = link.person_id
        link.person = person
        link.save(update_fields=["person"])
        pairs = _pairs_for(Q(actor_key=link.actor_key))
        if old is not None and old != link.person_id:
            _clear_person(old, pairs, actor)
        _apply(_wanted(pairs), actor)
    return link


def _clear_person(person_id: int, pairs: set[tuple[str, str]], actor: User) -> None:
    """Undo the xAPI progress an actor gave a person it no longer stands for."""
    steps_of = _steps_of(ActivityLink.objects.filter(activity__in={a for _, a in pairs}))
    step_ids = {s for found in steps_of.values() for s in found}
    rows = StepProgress.objects.filter(
        enrolment__person_id=person_id, step_id__in=step_ids, source=ProgressSource.XAPI
    ).values_list("enrolment_id", "step_id")
    _apply(dict.fromkeys(rows), actor)


def map_activity(
    *, actor: User, link: ActivityLink, step: Step | None = None, item: CatalogItem | None = None
) -> ActivityLink:
    """Say which step or catalogue item an activity is (neither to unlink); recompute progress.

    Raises:
        Error: when both a step and a catalogue item are given.
    """
    if step is not None and item is not None:
        raise Error("Choose a step or a catalogue item, not both.")
    with transaction.atomic():
        old_steps = _steps_of([link]).get(link.activity, [])
        link.step, link.catalog_item = step, item
        link.save(update_fields=["step", "catalog_item"])
        pairs = _pairs_for(Q(activity=link.activity))
        wanted = _wanted(pairs)
        stale = StepProgress.objects.filter(
            step_id__in=old_steps, source=ProgressSource.XAPI
        ).values_list("enrolment_id", "step_id")
        _apply({**dict.fromkeys(k for k in stale if k not in wanted), **wanted}, actor)
    return link
