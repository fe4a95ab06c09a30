"""Audience rules, enrolments and progress: every change, atomic, with an actor, audited.

Step progress rows are created lazily, when something is first recorded for a step
(by hand, by an import, later by xAPI): a missing row means "not started". Creating
them on enrolment would write a row per person and step up front (a million rows for
100,000 people on a ten-step path), and every step added to a path later would need
back-filling; the lazy rows cost nothing and say the same.

The rules of who is enrolled live in :mod:`mainspring.experiences.audiences`; this
module loads plain values, asks it for a plan and writes the plan in bulk.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mainspring.experiences import audiences, completion_imports
from mainspring.experiences.actions import Error
from mainspring.experiences.models import (
    DONE_STATUSES,
    AudienceRule,
    CatalogItem,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LearningPath,
    ProgressSource,
    ProgressStatus,
    Step,
    StepProgress,
)
from mainspring.org.models import JobRole, OrgUnit, Person, User

BATCH = 2000
# Above this many people, reading everyone once beats thousands of IN (...) lookups.
READ_ALL_ABOVE = 20_000
MAX_DUE_DAYS = 3650


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class RuleData:
    """The editable fields of an audience rule."""

    name: str
    job_roles: Sequence[JobRole] = ()
    org_unit: OrgUnit | None = None
    hired_within_days: int | None = None
    location: str = ""
    due_days: int = 30
    active: bool = True


def save_rule(
    *,
    actor: User | None,
    path: LearningPath,
    data: RuleData,
    rule: AudienceRule | None = None,
    sync: bool = True,
) -> tuple[AudienceRule, dict[str, int]]:
    """Create (``rule`` None) or change an audience rule, then sync the path's enrolments.

    ``sync=False`` leaves the sync to the caller, who saves several rules of a path and
    then calls :func:`sync_enrolments` once (the counts are then empty).

    Returns:
        The rule and the counts of the sync (enrolled, reactivated, withdrawn).

    Raises:
        Error: when the rule has no name, or a number is out of range.
    """
    name = data.name.strip()
    if not name:
        raise Error("Give the rule a name, such as 'New drivers in the North'.")
    if data.due_days > MAX_DUE_DAYS:
        raise Error(f"Give people at most {MAX_DUE_DAYS} days to finish.")
    if rule is not None and rule.path_id != path.pk:
        raise Error("This rule belongs to another path.")
    with transaction.atomic():
        rule = rule or AudienceRule(path=path)
        rule.name, rule.org_unit = name, data.org_unit
        rule.hired_within_days, rule.location = data.hired_within_days, data.location.strip()
        rule.due_days, rule.active = data.due_days, data.active
        rule._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        rule.save()
        rule.job_roles.set(list(data.job_roles))
        counts: dict[str, int] = {}
        if sync:
            counts = sync_enrolments(
                actor=actor, path=path, reason=f"Audience rule '{name}' of '{path.title}' saved"
            )
    return rule, counts


# ----------------------------------------------------------------------------- sync


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _rule_facts(path: LearningPath | None) -> list[audiences.RuleFacts]:
    rules = AudienceRule.objects.all()
    if path is not None:
        rules = rules.filter(path=path)
    rows = list(
        rules.values_list(
            "pk", "path_id", "org_unit__path", "hired_within_days", "location", "due_days", "active"
        )
    )
    if not rows:
        return []
    roles: dict[int, set[int]] = {}
    through = AudienceRule.job_roles.through.objects.filter(
        audiencerule_id__in=[r[0] for r in rows]
    )
    for rule_id, role_id in through.values_list("audiencerule_id", "jobrole_id"):
        roles.setdefault(rule_id, set()).add(role_id)
    return [
        audiences.RuleFacts(
            id=pk,
            path_id=path_id,
            job_role_ids=frozenset(roles.get(pk, ())),
            unit_path=unit_path or "",
            hired_within_days=within,
            location=location,
            due_days=due,
            active=active,
        )
        for pk, path_id, unit_path, within, location, due, active in rows
    ]


def _people_facts(person_ids: Collection[int] | None) -> list[audiences.PersonFacts]:
    fields = ("pk", "job_role_id", "org_unit__path", "hire_date", "location", "active")
    if person_ids is None or len(person_ids) > READ_ALL_ABOVE:
        wanted = None if person_ids is None else set(person_ids)
        every = Person.objects.values_list(*fields).order_by().iterator(chunk_size=10_000)
        return [audiences.PersonFacts(*r) for r in every if wanted is None or r[0] in wanted]
    facts: list[audiences.PersonFacts] = []
    for chunk in _chunks(sorted(person_ids)):
        rows = Person.objects.filter(pk__in=chunk).values_list(*fields).order_by()
        facts.extend(audiences.PersonFacts(*r) for r in rows)
    return facts


def _current(
    person_ids: Collection[int] | None, path: LearningPath | None
) -> list[audiences.CurrentEnrolment]:
    fields = ("pk", "person_id", "path_id", "rule_id", "source", "status")
    base = Enrolment.objects.order_by()
    if path is not None:
        base = base.filter(path=path)
    if person_ids is None or len(person_ids) > READ_ALL_ABOVE:
        wanted = None if person_ids is None else set(person_ids)
        every = base.values_list(*fields).iterator(chunk_size=10_000)
        return [audiences.CurrentEnrolment(*r) for r in every if wanted is None or r[1] in wanted]
    found: list[audiences.CurrentEnrolment] = []
    for chunk in _chunks(sorted(person_ids)):
        rows = base.filter(person_id__in=chunk).values_list(*fields)
        found.extend(audiences.CurrentEnrolment(*r) for r in rows)
    return found


def _by_pk(ids: Sequence[int]) -> dict[int, Enrolment]:
    found: dict[int, Enrolment] = {}
    for chunk in _chunks(ids):
        found.update(Enrolment.objects.in_bulk(list(chunk)))
    return found


def _save_changed(
    enrolments: list[Enrolment], fields: list[str], *, actor: User | None, reason: str
) -> None:
    for start in range(0, len(enrolments), BATCH):
        bulk_update_with_history(
            enrolments[start : start + BATCH],
            Enrolment,
            [*fields, "updated_at"],
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=reason,
        )


def sync_enrolments(
    *,
    actor: User | None,
    reason: str,
    person_ids: Collection[int] | None = None,
    path: LearningPath | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Bring enrolments in line with the audience rules, for some people or paths.

    Set-based: a few reads of plain values, one plan (:func:`audiences.plan_sync`), and
    bulk writes with history carrying ``reason``. Without ``person_ids`` everyone is
    considered; without ``path`` every path.

    Returns:
        Counts of enrolments created ("enrolled"), reactivated and withdrawn.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        rules = _rule_facts(path)
        if not rules:
            active = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
            if path is not None:
                active = active.filter(path=path)
            if not active.exists():
                return audiences.SyncPlan().counts()
        plan = audiences.plan_sync(
            _people_facts(person_ids), rules, _current(person_ids, path), today
        )
        now = timezone.now()
        new = [
            Enrolment(
                person_id=d.person_id,
                path_id=d.path_id,
                rule_id=d.rule_id,
                source=EnrolmentSource.RULE,
                status=EnrolmentStatus.ACTIVE,
                enrolled_on=today,
                due_date=d.due_date,
                created_at=now,
                updated_at=now,
            )
            for d in plan.create
        ]
        for start in range(0, len(new), BATCH):
            bulk_create_with_history(
                new[start : start + BATCH],
                Enrolment,
                batch_size=BATCH,
                default_user=actor,
                default_change_reason=reason,
            )
        stored = _by_pk([eid for eid, _ in plan.reactivate] + plan.withdraw)
        back = []
        for eid, desired in plan.reactivate:
            enrolment = stored[eid]
            enrolment.status, enrolment.rule_id = EnrolmentStatus.ACTIVE, desired.rule_id
            enrolment.enrolled_on, enrolment.due_date = today, desired.due_date
            enrolment.withdrawn_on, enrolment.updated_at = None, now
            back.append(enrolment)
        _save_changed(
            back,
            ["status", "rule", "enrolled_on", "due_date", "withdrawn_on"],
            actor=actor,
            reason=reason,
        )
        gone = []
        for eid in plan.withdraw:
            enrolment = stored[eid]
            enrolment.status, enrolment.withdrawn_on = EnrolmentStatus.WITHDRAWN, today
            enrolment.updated_at = now
            gone.append(enrolment)
        _save_changed(gone, ["status", "withdrawn_on"], actor=actor, reason=reason)
    return plan.counts()


def sync_changed_people(person_ids: Collection[int], actor: User | None, reason: str) -> None:
    """Re-sync the enrolments of people an org import or edit just changed.

    Registered with :func:`mainspring.org.hooks.on_people_changed`; runs inside the
    org action's transaction.
    """
    sync_enrolments(actor=actor, person_ids=person_ids, reason=reason)


# ----------------------------------------------------------------------------- by hand


def enrol_person(
    *,
    actor: User | None,
    person: Person,
    path: LearningPath,
    due_date: date | None = None,
    reason: str = "",
) -> Enrolment:
    """Enrol a person on a path by hand; a withdrawn enrolment comes back.

    Enrolments made by hand are never withdrawn by the audience rules.

    Raises:
        Error: when the person has left or is already on the path.
    """
    today = timezone.localdate()
    if not person.active:
        raise Error(f"{person} has left the organisation, so they cannot be enrolled.")
    if due_date is not None and due_date < today:
        raise Error("The due date is in the past; choose today or a later day.")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(person=person, path=path).first()
        if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
            raise Error(f"{person} is already on '{path.title}'.")
        enrolment = enrolment or Enrolment(person=person, path=path)
        enrolment.source, enrolment.status = EnrolmentSource.MANUAL, EnrolmentStatus.ACTIVE
        enrolment.rule, enrolment.enrolled_on, enrolment.due_date = None, today, due_date
        enrolment.withdrawn_on = None
        enrolment._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        enrolment._change_reason = reason or "Enrolled by hand"  # type: ignore[attr-defined]  # read by simple-history
        enrolment.save()
    return enrolment


def withdraw_enrolment(*, actor: User | None, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Take a person off a path by hand; the audience rules will not put them back.

    Raises:
        Error: when the enrolment is already withdrawn.
    """
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise Error(f"{enrolment.person} is already withdrawn from this path.")
    with transaction.atomic():
        # "manual" marks a person's decision, which the rules leave alone.
        enrolment.status, enrolment.source = EnrolmentStatus.WITHDRAWN, EnrolmentSource.MANUAL
        enrolment.withdrawn_on = timezone.localdate()
        enrolment._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        enrolment._change_reason = reason or "Withdrawn by hand"  # type: ignore[attr-defined]  # read by simple-history
        enrolment.save()
    return enrolment


# ----------------------------------------------------------------------------- progress


def _dates_for(status: str, on: date, started: date | None) -> tuple[date | None, date | None]:
    if status == ProgressStatus.NOT_STARTED:
        return None, None
    started = started or on
    if status == ProgressStatus.IN_PROGRESS:
        return started, None
    return min(started, on), on


def record_progress(
    *,
    actor: User | None,
    enrolment: Enrolment,
    step: Step,
    status: str,
    score: float | None = None,
    on: date | None = None,
) -> StepProgress:
    """Set one step's status (and score) for an enrolled person, by hand.

    Completing the last required step completes the enrolment; undoing one reopens it.

    Raises:
        Error: when the step is not on the enrolment's path, the enrolment is
            withdrawn, the status is unknown or the score is not 0 to 100.
    """
    if status not in ProgressStatus.values:
        raise Error(f"'{status}' is not a status; choose one from the list.")
    if step.path_id != enrolment.path_id:
        raise Error("This step belongs to another path.")
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise Error("This enrolment is withdrawn; enrol the person again first.")
    if score is not None and not 0 <= score <= 100:  # noqa: PLR2004  (a percentage)
        raise Error("A score is a percentage, from 0 to 100.")
    on = on or timezone.localdate()
    with transaction.atomic():
        progress = StepProgress.objects.filter(enrolment=enrolment, step=step).first()
        progress = progress or StepProgress(enrolment=enrolment, step=step)
        progress.status, progress.score = status, score
        progress.started_on, progress.completed_on = _dates_for(status, on, progress.started_on)
        progress.source = ProgressSource.MANUAL
        progress._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        progress._change_reason = "By hand"  # type: ignore[attr-defined]  # read by simple-history
        progress.save()
        refresh_completion(
            [enrolment.pk], actor=actor, reason=f"Step '{step.title}' marked {status} by hand"
        )
    return progress


def refresh_completion(enrolment_ids: Sequence[int], *, actor: User | None, reason: str) -> int:
    """Complete enrolments whose required steps are all done; reopen the others.

    Withdrawn enrolments are left as they are. Returns how many changed.
    """
    today = timezone.localdate()
    changed: list[Enrolment] = []
    for chunk in _chunks(list(enrolment_ids)):
        enrolments = list(
            Enrolment.objects.filter(pk__in=chunk).exclude(status=EnrolmentStatus.WITHDRAWN)
        )
        path_ids = {e.path_id for e in enrolments}
        steps: dict[int, list[audiences.StepFacts]] = {}
        for sid, path_id, position, required in Step.objects.filter(
            path_id__in=path_ids
        ).values_list("pk", "path_id", "position", "required"):
            steps.setdefault(path_id, []).append(audiences.StepFacts(sid, position, "", required))
        statuses: dict[int, dict[int, str]] = {}
        last_done: dict[int, date] = {}
        for eid, sid, status, done_on in StepProgress.objects.filter(
            enrolment_id__in=chunk
        ).values_list("enrolment_id", "step_id", "status", "completed_on"):
            statuses.setdefault(eid, {})[sid] = status
            if status in DONE_STATUSES and done_on:
                last_done[eid] = max(done_on, last_done.get(eid, done_on))
        now = timezone.now()
        for enrolment in enrolments:
            complete = audiences.is_complete(
                steps.get(enrolment.path_id, []), statuses.get(enrolment.pk, {})
            )
            if complete and enrolment.status == EnrolmentStatus.ACTIVE:
                enrolment.status = EnrolmentStatus.COMPLETED
                enrolment.completed_on = last_done.get(enrolment.pk, today)
            elif not complete and enrolment.status == EnrolmentStatus.COMPLETED:
                enrolment.status, enrolment.completed_on = EnrolmentStatus.ACTIVE, None
            else:
                continue
            enrolment.updated_at = now
            changed.append(enrolment)
    _save_changed(changed, ["status", "completed_on"], actor=actor, reason=reason)
    return len(changed)


def existing_completions() -> completion_imports.ExistingCompletions:
    """Load what a completions file is checked against, as plain values."""
    found = completion_imports.ExistingCompletions()
    for pk, hris_id, email in Person.objects.values_list("pk", "hris_id", "email").iterator(
        chunk_size=10_000
    ):
        found.person_by_hris[hris_id] = pk
        if email:
            found.person_by_email[email.lower()] = pk
    for pk, external, xapi in CatalogItem.objects.values_list(
        "pk", "external_id", "xapi_activity_id"
    ):
        if xapi:
            found.item_by_xapi[xapi] = pk
        if external:
            found.items_by_external.setdefault(external, []).append(pk)
    for pk, path_id, item in Step.objects.values_list("pk", "path_id", "catalog_item_id"):
        found.step_path[pk] = path_id
        if item is not None:
            found.steps_by_item.setdefault(item, []).append(pk)
    enrolled = Enrolment.objects.exclude(status=EnrolmentStatus.WITHDRAWN).order_by()
    for pk, person_id, path_id in enrolled.values_list("pk", "person_id", "path_id").iterator(
        chunk_size=10_000
    ):
        found.enrolment_of[(person_id, path_id)] = pk
    return found


def apply_completion_plan(
    plan: completion_imports.CompletionPlan,
    *,
    actor: User | None,
    reason: str,
    allow_errors: bool = False,
) -> dict[str, int]:
    """Write a checked completions plan in one transaction and return its counts.

    A step already done (completed, passed or waived) is not set back to "in progress"
    or "not started" by an import: LMS exports often repeat old attempts.

    Raises:
        Error: when the plan has errors and ``allow_errors`` is false.
    """
    if not plan.ok and not allow_errors:
        raise Error(f"The file has {len(plan.errors)} errors; nothing was imported.")
    counts = {"created": 0, "updated": 0, "kept": 0, "enrolments_changed": 0}
    with transaction.atomic():
        now = timezone.now()
        changes = {(c.enrolment_id, c.step_id): c for c in plan.changes}
        enrolment_ids = sorted({eid for eid, _ in changes})
        existing: dict[tuple[int, int], StepProgress] = {}
        for chunk in _chunks(enrolment_ids):
            for row in StepProgress.objects.filter(enrolment_id__in=chunk):
                existing[(row.enrolment_id, row.step_id)] = row
        new: list[StepProgress] = []
        updated: list[StepProgress] = []
        for key, change in changes.items():
            found = existing.get(key)
            if found is None:
                row = StepProgress(enrolment_id=key[0], step_id=key[1])
                new.append(row)
            elif not completion_imports.replaces(found.status, change.status):
                counts["kept"] += 1
                continue
            else:
                row = found
                updated.append(row)
            row.status, row.score, row.source = change.status, change.score, ProgressSource.IMPORT
            row.updated_at = now
            on = change.completed_on or timezone.localdate()
            row.started_on, row.completed_on = _dates_for(change.status, on, row.started_on)
        bulk_create_with_history(
            new, StepProgress, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
        bulk_update_with_history(
            updated,
            StepProgress,
            ["status", "score", "source", "started_on", "completed_on", "updated_at"],
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=reason,
        )
        counts["created"], counts["updated"] = len(new), len(updated)
        counts["enrolments_changed"] = refresh_completion(enrolment_ids, actor=actor, reason=reason)
    return counts


def erase_person_records(person_id: int) -> None:
    """Remove the history an erased person's enrolments and progress left behind.

    The rows themselves went with the person (cascade); deleting them wrote "-" history
    rows that still hold the person's id and dates, so those go too.
    """
    ids = list(Enrolment.history.filter(person_id=person_id).values_list("id", flat=True))
    StepProgress.history.filter(enrolment_id__in=ids).delete()
    Enrolment.history.filter(person_id=person_id).delete()
