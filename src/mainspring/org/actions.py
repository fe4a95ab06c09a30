"""Every change to the organisation goes through here: atomic, with an actor, audited."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mainspring.org import hooks, imports
from mainspring.org.models import (
    Engagement,
    EngagementKind,
    ImportJob,
    ImportKind,
    ImportStatus,
    JobRole,
    OrgUnit,
    Person,
    RelationshipHealth,
    Role,
    Stakeholder,
    UnitKind,
    User,
)

log = logging.getLogger(__name__)

BATCH = 2000
KEEP_ERRORS = 2000
MAX_CHAIN = 1000  # deeper than any real org; guards against a loop already stored


class Error(Exception):
    """A change that cannot be made, with a message for the user."""


class ManagerLoopError(Error):
    """Setting this manager would make the manager chain loop."""


class ImportNotReadyError(Error):
    """The import is not in a state that allows this step."""


# ----------------------------------------------------------------------------- org units


def _set_path(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id and unit.parent else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = parent_path.count("/") - 1


def create_org_unit(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str = UnitKind.DEPARTMENT,
    parent: OrgUnit | None = None,
) -> OrgUnit:
    """Create an org unit under ``parent`` (or as a root)."""
    with transaction.atomic():
        unit = OrgUnit(code=code, name=name, kind=kind, parent=parent)
        unit._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        unit.save()
        _set_path(unit)
        OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    return unit


def update_org_unit(
    *,
    actor: User | None,
    unit: OrgUnit,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    reason: str = "",
) -> OrgUnit:
    """Rename, re-kind or move an org unit; moving re-paths its whole subtree.

    Raises:
        Error: when the new parent is the unit itself or below it.
    """
    if parent is not None and parent.path.startswith(unit.path):
        raise Error(f"'{parent.name}' is inside '{unit.name}', so it cannot be its parent.")
    with transaction.atomic():
        old_path = unit.path
        unit.name, unit.kind, unit.parent = name, kind, parent
        unit._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        unit._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        unit.save()
        _set_path(unit)
        if unit.path != old_path:
            _repath_subtree(old_path, unit.path)
    return unit


def _repath_subtree(old: str, new: str) -> None:
    moved = list(OrgUnit.objects.filter(path__startswith=old))
    for node in moved:
        node.path = new + node.path[len(old) :]
        node.depth = node.path.count("/") - 2
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=BATCH)


def apply_unit_plan(plan: imports.UnitPlan, *, actor: User | None, reason: str) -> dict[str, int]:
    """Write a checked org-unit plan: creates, renames and moves, parents first.

    Raises:
        Error: when the plan still has errors.
    """
    if not plan.ok:
        raise Error("The file has errors; nothing was imported.")
    changed = set(plan.created) | set(plan.updated)
    with transaction.atomic():
        for values in imports.order_parents_first(plan.valid):
            if values.code not in changed:
                continue
            # Read both afresh: an earlier move in this file may have re-pathed them.
            parent = OrgUnit.objects.filter(code=values.parent_code).first()
            unit = OrgUnit.objects.filter(code=values.code).first()
            if unit is None:
                unit = create_org_unit(
                    actor=actor, code=values.code, name=values.name, kind=values.kind, parent=parent
                )
            else:
                unit = update_org_unit(
                    actor=actor,
                    unit=unit,
                    name=values.name,
                    kind=values.kind,
                    parent=parent,
                    reason=reason,
                )
    return plan.counts()


def existing_units() -> dict[str, imports.UnitValues]:
    """Return the org units as plain values keyed by code."""
    parent_code = dict(OrgUnit.objects.values_list("pk", "code"))
    return {
        code: imports.UnitValues(code, name, kind, parent_code.get(parent, "") if parent else "")
        for code, name, kind, parent in OrgUnit.objects.values_list(
            "code", "name", "kind", "parent_id"
        )
    }


# ----------------------------------------------------------------------------- people


def existing_people() -> imports.ExistingPeople:
    """Load what the people import compares against, as plain values."""
    unit_code = dict(OrgUnit.objects.values_list("pk", "code"))
    role_name = dict(JobRole.objects.values_list("pk", "name"))
    hris_of = dict(Person.objects.values_list("pk", "hris_id"))
    people = {}
    for row in Person.objects.values_list(
        "hris_id",
        "first_name",
        "last_name",
        "email",
        "org_unit_id",
        "job_role_id",
        "manager_id",
        "location",
        "hire_date",
        "active",
    ).iterator(chunk_size=10000):
        hid, first, last, email, unit, role, manager, location, hired, active = row
        people[hid] = imports.PersonValues(
            hris_id=hid,
            first_name=first,
            last_name=last,
            email=email.lower(),
            org_unit_code=unit_code.get(unit, ""),
            job_role=role_name.get(role, "") if role else "",
            manager_hris_id=hris_of.get(manager, "") if manager else "",
            location=location,
            hire_date=hired,
            active=active,
        )
    names: dict[str, list[str]] = {}
    for code, name in OrgUnit.objects.values_list("code", "name"):
        names.setdefault(name.lower(), []).append(code)
    return imports.ExistingPeople(
        people=people,
        unit_codes=set(unit_code.values()),
        unit_names={n: codes[0] for n, codes in names.items() if len(codes) == 1},
        role_names=set(role_name.values()),
    )


Progress = Callable[[int, int], None]


def apply_people_plan(  # noqa: PLR0915  (one transaction, read top to bottom)
    plan: imports.PeoplePlan,
    *,
    actor: User | None,
    reason: str,
    allow_errors: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a checked people plan in one transaction and return its counts.

    With ``allow_errors`` the valid rows are written and the invalid ones skipped;
    otherwise a plan with any error writes nothing.

    Raises:
        Error: when the plan has errors and ``allow_errors`` is false.
    """
    if not plan.ok and not allow_errors:
        raise Error(f"The file has {len(plan.errors)} errors; nothing was imported.")
    total = len(plan.created) + len(plan.updated) + len(plan.deactivated)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    with transaction.atomic():
        roles = {r.name: r for r in JobRole.objects.all()}
        new_roles = [
            JobRole(name=n, family=f)
            for n, f in plan.new_roles.items()
            if n not in roles and any(p.job_role == n for p in plan.valid)
        ]
        for role in bulk_create_with_history(
            new_roles, JobRole, batch_size=BATCH, default_user=actor, default_change_reason=reason
        ):
            roles[role.name] = role
        units = dict(OrgUnit.objects.values_list("code", "pk"))
        values = {p.hris_id: p for p in plan.valid}
        now = timezone.now()

        def fill(person: Person, v: imports.PersonValues) -> None:
            person.first_name, person.last_name, person.email = v.first_name, v.last_name, v.email
            person.org_unit_id = units[v.org_unit_code]
            person.job_role_id = roles[v.job_role].pk if v.job_role else None
            person.location, person.hire_date, person.active = v.location, v.hire_date, v.active
            person.updated_at = now

        pk_of = dict(Person.objects.values_list("hris_id", "pk"))
        # Free the e-mail addresses that change hands first, so that swaps and an
        # address passed on to a newcomer pass the unique constraint.
        moving = [hid for hid, changed in plan.updated.items() if "email" in changed]
        for start in range(0, len(moving), BATCH):
            Person.objects.filter(hris_id__in=moving[start : start + BATCH]).update(email="")

        # New people are written managers first, level by level, so each row is
        # inserted with its manager already set and its "created" history is whole.
        for level in _levels(plan.created, values):
            for start in range(0, len(level), BATCH):
                chunk = []
                for hid in level[start : start + BATCH]:
                    person = Person(hris_id=hid, created_at=now)
                    fill(person, values[hid])
                    boss = values[hid].manager_hris_id
                    person.manager_id = pk_of.get(boss) if boss else None
                    chunk.append(person)
                for person in bulk_create_with_history(
                    chunk,
                    Person,
                    batch_size=BATCH,
                    default_user=actor,
                    default_change_reason=reason,
                ):
                    pk_of[person.hris_id] = person.pk
                tick(len(chunk))

        to_update = list(plan.updated)
        update_objs: list[Person] = []
        people_by_hid = _people_by_hris(to_update)
        for hid in to_update:
            person = people_by_hid[hid]
            fill(person, values[hid])
            v = values[hid]
            person.manager_id = pk_of.get(v.manager_hris_id) if v.manager_hris_id else None
            update_objs.append(person)
        fields = [
            "first_name",
            "last_name",
            "email",
            "org_unit",
            "job_role",
            "location",
            "hire_date",
            "active",
            "manager",
            "updated_at",
        ]
        for start in range(0, len(update_objs), BATCH):
            chunk = update_objs[start : start + BATCH]
            bulk_update_with_history(
                chunk,
                Person,
                fields,
                batch_size=BATCH,
                default_user=actor,
                default_change_reason=reason,
            )
            tick(len(chunk))

        leaving = list(_people_by_hris(plan.deactivated).values())
        for person in leaving:
            person.active = False
            person.updated_at = now
        for start in range(0, len(leaving), BATCH):
            chunk = leaving[start : start + BATCH]
            bulk_update_with_history(
                chunk,
                Person,
                ["active", "updated_at"],
                batch_size=BATCH,
                default_user=actor,
                default_change_reason=f"{reason}: not in the file",
            )
            tick(len(chunk))
        touched = set(plan.created) | set(plan.updated) | set(plan.deactivated)
        hooks.people_changed(_pks_by_hris(sorted(touched)), actor=actor, reason=reason)
    return plan.counts()


def _pks_by_hris(hris_ids: Sequence[str]) -> list[int]:
    pks: list[int] = []
    for start in range(0, len(hris_ids), BATCH):
        chunk = hris_ids[start : start + BATCH]
        pks.extend(Person.objects.filter(hris_id__in=chunk).values_list("pk", flat=True))
    return pks


def _people_by_hris(hris_ids: Sequence[str]) -> dict[str, Person]:
    # Chunked, because SQLite caps the number of parameters in one query.
    found: dict[str, Person] = {}
    for start in range(0, len(hris_ids), BATCH):
        chunk = hris_ids[start : start + BATCH]
        found.update((p.hris_id, p) for p in Person.objects.filter(hris_id__in=chunk))
    return found


def _levels(created: Sequence[str], values: dict[str, imports.PersonValues]) -> list[list[str]]:
    """Group new people by how many new managers stand above them (0 = none)."""
    new = set(created)
    depth: dict[str, int] = {}
    for hid in created:
        chain: list[str] = []
        seen: set[str] = set()
        node = hid
        while node in new and node not in depth and node not in seen:
            chain.append(node)
            seen.add(node)
            boss = values[node].manager_hris_id
            if not boss or boss not in new:
                break
            node = boss
        base = depth.get(node, -1) if node not in chain else -1
        for member in reversed(chain):
            base += 1
            depth[member] = base
    levels: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for hid in created:
        levels[depth[hid]].append(hid)
    return levels


@dataclass(frozen=True, slots=True)
class PersonChanges:
    first_name: str
    last_name: str
    email: str
    org_unit: OrgUnit
    job_role: JobRole | None
    manager: Person | None
    location: str
    hire_date: date | None
    active: bool


def create_person(
    *, actor: User | None, hris_id: str, changes: PersonChanges, reason: str = ""
) -> Person:
    """Add one person by hand (for organisations, or people, the HRIS does not cover).

    Raises:
        Error: when the HRIS id or the e-mail address is taken.
    """
    hris_id = hris_id.strip()
    if not hris_id:
        raise Error("A person needs an HRIS id.")
    if Person.objects.filter(hris_id=hris_id).exists():
        raise Error(f"Someone already has the HRIS id {hris_id}.")
    person = Person(hris_id=hris_id, org_unit=changes.org_unit)
    with transaction.atomic():
        return update_person(actor=actor, person=person, changes=changes, reason=reason)


def update_person(
    *, actor: User | None, person: Person, changes: PersonChanges, reason: str = ""
) -> Person:
    """Edit one person by hand.

    Raises:
        ManagerLoopError: when the new manager is the person or reports to them.
        Error: when the e-mail address belongs to someone else.
    """
    if changes.manager is not None:
        node: Person | None = changes.manager
        steps = 0
        while node is not None and steps < MAX_CHAIN:
            if node.pk == person.pk:
                raise ManagerLoopError(
                    f"{changes.manager} reports to {person}, so they cannot be their manager."
                )
            node = node.manager
            steps += 1
    email = changes.email.strip().lower()
    if email and Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists():
        raise Error(f"The e-mail address {email} belongs to someone else.")
    with transaction.atomic():
        person.first_name, person.last_name, person.email = (
            changes.first_name,
            changes.last_name,
            email,
        )
        person.org_unit, person.job_role, person.manager = (
            changes.org_unit,
            changes.job_role,
            changes.manager,
        )
        person.location, person.hire_date, person.active = (
            changes.location,
            changes.hire_date,
            changes.active,
        )
        person._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        person._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        person.save()
        hooks.people_changed([person.pk], actor=actor, reason=reason)
    return person


def erase_person(*, actor: User, person: Person) -> str:
    """Erase a person and every historical copy of their record (right to erasure).

    Their reports keep their place and lose the manager link; a linked login is
    kept but unlinked; partnership records with them are deleted; apps above org remove
    what they hold through :func:`hooks.person_erased`. The erasure itself is logged
    without personal data.
    """
    pk = person.pk
    label = f"person #{pk}"
    with transaction.atomic():
        Person.objects.filter(manager=person).update(manager=None)
        Person.history.filter(manager_id=pk).update(manager_id=None)
        User.objects.filter(person=person).update(person=None)
        # A partnership with the person is about them: it goes, with its log and history.
        partner_ids = list(Stakeholder.objects.filter(person=person).values_list("pk", flat=True))
        Stakeholder.objects.filter(pk__in=partner_ids).delete()
        Stakeholder.history.filter(id__in=partner_ids).delete()
        Engagement.history.filter(stakeholder_id__in=partner_ids).delete()
        hooks.person_erasing(person)
        person.delete()
        # After delete(), which itself writes a "-" row holding the last values.
        Person.history.filter(id=pk).delete()
        hooks.person_erased(pk)
    log.info("%s erased by %s", label, actor.username)
    return label


# ----------------------------------------------------------------------------- users


def create_user(
    *,
    actor: User | None,
    username: str,
    role: str,
    password: str | None,
    person: Person | None = None,
    scope_units: Iterable[OrgUnit] = (),
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a login with a role; without a password it can only sign in through SSO.

    Raises:
        Error: when the username is taken or the person already has a login.
    """
    if User.objects.filter(username__iexact=username).exists():
        raise Error(f"The username '{username}' is taken.")
    if person is not None and User.objects.filter(person=person).exists():
        raise Error(f"{person} already has a login.")
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            person=person,
            email=email,
            first_name=first_name or (person.first_name if person else ""),
            last_name=last_name or (person.last_name if person else ""),
        )
        _sync_admin_flags(user)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        user.save()
        user.scope_units.set(list(scope_units))
    return user


def update_user(
    *,
    actor: User,
    user: User,
    role: str,
    person: Person | None,
    scope_units: Iterable[OrgUnit],
    is_active: bool,
) -> User:
    """Change a login's role, linked person, stakeholder scope or active flag.

    Raises:
        Error: when a leader would remove their own leader role or lock themselves out,
            or the person already has another login.
    """
    if user.pk == actor.pk and (role != Role.LEADER or not is_active):
        raise Error(
            "You cannot take the leader role away from yourself or deactivate "
            "yourself; ask another learning leader."
        )
    if person is not None and User.objects.filter(person=person).exclude(pk=user.pk).exists():
        raise Error(f"{person} already has another login.")
    with transaction.atomic():
        user.role, user.person, user.is_active = role, person, is_active
        _sync_admin_flags(user)
        user._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        user.save()
        user.scope_units.set(list(scope_units))
    return user


def _sync_admin_flags(user: User) -> None:
    # The Django admin is a leader's back office; nobody else gets into it.
    user.is_staff = user.role == Role.LEADER
    user.is_superuser = user.role == Role.LEADER


def link_user_by_email(user: User) -> None:
    """Link a login to the active person with the same e-mail address, if any."""
    if user.person_id is not None or not user.email:
        return
    person = Person.objects.filter(email__iexact=user.email, active=True, user__isnull=True).first()
    if person is not None:
        user.person = person
        user.save(update_fields=["person"])


# ----------------------------------------------------------------------------- import jobs


def progress_key(job_id: int) -> str:
    """Return the cache key where a job's progress lives."""
    return f"mainspring:import-progress:{job_id}"


def set_progress(job_id: int, phase: str, done: int, total: int) -> None:
    """Record how far a job has come (outside any transaction, so others see it)."""
    cache.set(progress_key(job_id), {"phase": phase, "done": done, "total": total}, 3600)


def get_progress(job_id: int) -> dict[str, Any]:
    """Return a job's latest progress, if any."""
    value = cache.get(progress_key(job_id))
    return value if isinstance(value, dict) else {}


FIELDS_BY_KIND = {
    ImportKind.PEOPLE: imports.PEOPLE_FIELDS,
    ImportKind.ORG_UNITS: imports.ORG_UNIT_FIELDS,
}


def start_import(*, actor: User, kind: str, upload: UploadedFile) -> tuple[ImportJob, list[str]]:
    """Store an uploaded file as a new import and read its header row.

    Raises:
        Error: when the file cannot be read as a table.
    """
    try:
        table = imports.read_table(upload, upload.name)
    except imports.ImportFileError as error:
        raise Error(str(error)) from None
    upload.seek(0)
    fields = FIELDS_BY_KIND[ImportKind(kind)]
    job = ImportJob.objects.create(
        kind=kind,
        file=upload,
        original_name=upload.name or "upload",
        mapping=imports.guess_mapping(table.headers, fields),
        summary={"headers": table.headers},
        total_rows=len(table.rows),
        created_by=actor,
    )
    return job, table.headers


def configure_import(
    *, actor: User, job: ImportJob, mapping: dict[str, str], options: dict[str, Any]
) -> ImportJob:
    """Set the column mapping and options of an import and queue its check.

    Raises:
        ImportNotReadyError: when the job has already been applied or is running.
        ValidationError: when the mapping lacks a required column.
    """
    if job.status in (ImportStatus.APPLYING, ImportStatus.APPLIED, ImportStatus.VALIDATING):
        raise ImportNotReadyError("This import is already under way or done.")
    fields = FIELDS_BY_KIND[ImportKind(job.kind)]
    problems = imports.check_mapping(job.summary.get("headers", []), mapping, fields)
    if problems:
        raise ValidationError(problems)
    log.info("import #%s configured by %s", job.pk, actor.username)
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.options = options
    job.status = ImportStatus.VALIDATING
    job.errors, job.error_count, job.result, job.message = [], 0, {}, ""
    job.save()
    set_progress(job.pk, "Checking rows", 0, job.total_rows)
    from mainspring.org.tasks import check_import  # noqa: PLC0415  (tasks import actions)

    job_id = job.pk
    transaction.on_commit(lambda: check_import.enqueue(job_id))
    return job


def _table_of(job: ImportJob) -> imports.Table:
    with job.file.open("rb") as handle:
        return imports.read_table(handle, job.original_name)


def _plan(
    job: ImportJob, progress: Progress | None = None
) -> imports.PeoplePlan | imports.UnitPlan:
    set_progress(job.pk, "Reading the file", 0, job.total_rows)
    table = _table_of(job)
    if job.kind == ImportKind.ORG_UNITS:
        return imports.plan_unit_import(
            table, job.mapping, existing_units(), [k.value for k in UnitKind]
        )
    options = imports.PeopleOptions(
        deactivate_missing=bool(job.options.get("deactivate_missing", True)),
        date_format=job.options.get("date_format") or None,
    )
    set_progress(job.pk, "Loading the people Mainspring holds", 0, job.total_rows)
    existing = existing_people()
    return imports.plan_people_import(table, job.mapping, existing, options, progress)


class CheckedPlan(Protocol):
    """What every import checker's plan offers (people, units, KPI values, catalogue...)."""

    @property
    def errors(self) -> Sequence[Any]: ...

    @property
    def ok(self) -> bool: ...

    def counts(self) -> dict[str, int]: ...


def record_check(
    job: ImportJob, plan: CheckedPlan, samples: dict[str, Any] | None = None
) -> ImportJob:
    """Store a checked plan's counts, examples and errors on its job: ready or invalid.

    Every import wizard (people and units here; KPI values and the catalogue in the apps
    above) ends its check with this.
    """
    job.errors = imports.errors_as_dicts(list(plan.errors), KEEP_ERRORS)
    job.error_count = len(plan.errors)
    job.summary = {**job.summary, "counts": plan.counts()}
    if samples is not None:
        job.summary["samples"] = samples
    job.status = ImportStatus.VALIDATED if plan.ok else ImportStatus.INVALID
    job.save()
    return job


def claim_apply(
    job: ImportJob, *, kinds: Collection[str], valid_rows_only: bool, phase: str
) -> ImportJob:
    """Mark a checked import as being applied, once: the caller then queues the writing.

    Raises:
        ImportNotReadyError: when the file has not been checked, or has errors and the
            user did not ask to import only the valid rows, or another request won.
    """
    allowed = {ImportStatus.VALIDATED} | ({ImportStatus.INVALID} if valid_rows_only else set())
    updated = ImportJob.objects.filter(pk=job.pk, kind__in=kinds, status__in=allowed).update(
        status=ImportStatus.APPLYING,
        options={**job.options, "valid_rows_only": valid_rows_only},
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise ImportNotReadyError(
            "This import cannot be applied now: check the file first, "
            "or choose to import only the valid rows."
        )
    job.refresh_from_db()
    set_progress(job.pk, phase, 0, 1)
    return job


def fail_import(job: ImportJob, message: str) -> ImportJob:
    """Mark an import failed with a message for the user (nothing was written)."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def check_import_job(job_id: int) -> ImportJob:
    """Read and check an import's file, storing the preview and the errors."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        plan = _plan(job, lambda d, t: set_progress(job_id, "Checking rows", d, t))
    except imports.ImportFileError as error:
        return fail_import(job, str(error))
    return record_check(job, plan, _samples(plan))


def _samples(plan: imports.PeoplePlan | imports.UnitPlan) -> dict[str, Any]:
    samples: dict[str, Any] = {
        "created": plan.created[:20],
        "updated": [{"id": k, "fields": v} for k, v in list(plan.updated.items())[:20]],
    }
    if isinstance(plan, imports.PeoplePlan):
        samples["deactivated"] = plan.deactivated[:20]
        samples["new_roles"] = sorted(plan.new_roles)[:20]
    return samples


def request_apply(*, actor: User, job: ImportJob, valid_rows_only: bool = False) -> ImportJob:
    """Queue the writing of a checked import.

    Raises:
        ImportNotReadyError: when the file has not been checked, or has errors and the
            user did not ask to import only the valid rows.
    """
    job = claim_apply(
        job, kinds=list(FIELDS_BY_KIND), valid_rows_only=valid_rows_only, phase="Writing changes"
    )
    from mainspring.org.tasks import apply_import  # noqa: PLC0415  (tasks import actions)

    job_id, actor_id = job.pk, actor.pk
    transaction.on_commit(lambda: apply_import.enqueue(job_id, actor_id))
    return job


def apply_import_job(job_id: int, actor_id: int | None) -> ImportJob:
    """Write an import whose apply was requested.

    The file is checked again first, against the database as it is now, so nothing
    stale is written.
    """
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.APPLYING:
        return job
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    valid_only = bool(job.options.get("valid_rows_only"))
    reason = f"Import of {job.original_name} (#{job.pk})"
    try:
        plan = _plan(job, lambda d, t: set_progress(job_id, "Checking rows again", d, t))
        if isinstance(plan, imports.UnitPlan):
            if valid_only:
                plan.errors = []
            counts = apply_unit_plan(plan, actor=actor, reason=reason)
        else:
            counts = apply_people_plan(
                plan,
                actor=actor,
                reason=reason,
                allow_errors=valid_only,
                progress=lambda d, t: set_progress(job_id, "Writing changes", d, t),
            )
    except DatabaseError as error:
        # Nothing was written (the transaction rolled back); say so instead of
        # leaving the job "applying" for ever.
        log.exception("import #%s failed", job_id)
        return fail_import(
            job, f"The database refused the changes ({error}); nothing was imported."
        )
    except (Error, imports.ImportFileError) as error:
        return fail_import(job, str(error))
    job.result = counts
    job.status = ImportStatus.APPLIED
    job.finished_at = timezone.now()
    job.save()
    if job.kind == ImportKind.PEOPLE:
        log.info("people import #%s applied: %s", job.pk, counts)
    return job


def cancel_import(*, actor: User, job: ImportJob) -> None:  # noqa: ARG001  (every action names its actor)
    """Cancel an import that has not been applied; its file is deleted.

    Raises:
        ImportNotReadyError: when it is being applied or already applied.
    """
    updated = (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(status__in=[ImportStatus.APPLYING, ImportStatus.APPLIED])
        .update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
    )
    if updated != 1:
        raise ImportNotReadyError("An import being applied, or applied, cannot be cancelled.")
    job.file.delete(save=False)


# ----------------------------------------------------------------------------- partnerships


class NoNextStepError(Error):
    """The engagement has no next step to complete."""


@dataclass(frozen=True, slots=True)
class StakeholderData:
    """The editable fields of a stakeholder, as the form or the seeder gives them."""

    category: str
    person: Person | None = None
    name: str = ""
    organisation: str = ""
    org_unit: OrgUnit | None = None
    value_to_them: str = ""
    value_to_us: str = ""
    health: str = RelationshipHealth.GOOD
    owner: User | None = None
    notes: str = ""


def _apply(stakeholder: Stakeholder, data: StakeholderData) -> None:
    if data.person is None and not data.name.strip():
        raise Error("Pick a person from the organisation or give a name.")
    stakeholder.category = data.category
    stakeholder.person = data.person
    stakeholder.name = data.name.strip()
    stakeholder.organisation = data.organisation.strip()
    stakeholder.org_unit = data.org_unit
    stakeholder.value_to_them = data.value_to_them
    stakeholder.value_to_us = data.value_to_us
    stakeholder.health = data.health
    stakeholder.owner = data.owner
    stakeholder.notes = data.notes


def create_stakeholder(*, actor: User | None, data: StakeholderData) -> Stakeholder:
    """Add a stakeholder to the register.

    Raises:
        Error: when neither a person nor a name is given.
    """
    stakeholder = Stakeholder()
    _apply(stakeholder, data)
    with transaction.atomic():
        stakeholder._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        stakeholder.save()
    return stakeholder


def update_stakeholder(
    *, actor: User | None, stakeholder: Stakeholder, data: StakeholderData
) -> Stakeholder:
    """Change a stakeholder's details, value exchange or relationship health.

    Raises:
        Error: when neither a person nor a name is given.
    """
    _apply(stakeholder, data)
    with transaction.atomic():
        stakeholder._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        stakeholder.save()
    return stakeholder


def log_engagement(
    *,
    actor: User | None,
    stakeholder: Stakeholder,
    on: date,
    kind: str = EngagementKind.MEETING,
    notes: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> Engagement:
    """Record a contact with a stakeholder and the next step it leaves, if any."""
    engagement = Engagement(
        stakeholder=stakeholder,
        date=on,
        kind=kind,
        notes=notes,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
        created_by=actor,
    )
    with transaction.atomic():
        engagement._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        engagement.save()
    return engagement


def complete_next_step(*, actor: User | None, engagement: Engagement) -> Engagement:
    """Mark an engagement's next step as done.

    Raises:
        NoNextStepError: when the engagement left no next step.
    """
    if not engagement.next_step:
        raise NoNextStepError("This engagement has no next step to complete.")
    with transaction.atomic():
        engagement.done = True
        engagement._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        engagement.save(update_fields=["done", "updated_at"])
    return engagement
