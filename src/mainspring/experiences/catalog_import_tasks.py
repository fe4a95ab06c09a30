"""Catalogue and skills imports through the web wizard: the steps of an ``ImportJob``.

The job model, its statuses, the progress store and cancelling are the org app's (the
people and KPI value imports use them too); checking and writing catalogue items and
skills live here, so that org never imports experiences. The checks are those of the
command line: ``catalog_imports.plan_catalog_import`` and
``skills_imports.plan_skill_import``, written by ``actions.catalogue``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

from mainspring.experiences import catalog_imports, skills_imports
from mainspring.experiences.actions import Error
from mainspring.experiences.actions import catalogue as actions
from mainspring.experiences.models import Library
from mainspring.org import actions as org_actions
from mainspring.org.imports import (
    FieldSpec,
    ImportFileError,
    check_mapping,
    guess_mapping,
    read_table,
)
from mainspring.org.models import ImportJob, ImportKind, ImportStatus, User

log = logging.getLogger(__name__)

KINDS = (ImportKind.CATALOG, ImportKind.SKILLS)
FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    ImportKind.CATALOG: catalog_imports.CATALOG_FIELDS,
    ImportKind.SKILLS: skills_imports.SKILL_FIELDS,
}
SAMPLES = 20
Plan = catalog_imports.CatalogPlan | skills_imports.SkillPlan


class NotReadyError(Error):
    """The import is not in a state that allows this step."""


def start(
    *, actor: User, kind: str, upload: UploadedFile, options: dict[str, Any] | None = None
) -> ImportJob:
    """Store an uploaded catalogue or skills file as a new import and guess its columns.

    ``options`` holds, for a catalogue, the library's name and whether to retire the
    items the file no longer lists.

    Raises:
        Error: when the file cannot be read as a table.
    """
    try:
        table = read_table(upload, upload.name)
    except ImportFileError as error:
        raise Error(str(error)) from None
    upload.seek(0)
    return ImportJob.objects.create(
        kind=kind,
        file=upload,
        original_name=upload.name or "upload",
        mapping=guess_mapping(table.headers, FIELDS[kind]),
        options=options or {},
        summary={"headers": table.headers},
        total_rows=len(table.rows),
        created_by=actor,
    )


def configure(*, actor: User, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Set which column holds what, and queue the check of every row.

    Raises:
        NotReadyError: when the import is under way or done.
        ValidationError: when a required field has no column.
    """
    if job.status in (ImportStatus.APPLYING, ImportStatus.APPLIED, ImportStatus.VALIDATING):
        raise NotReadyError("This import is already under way or done.")
    problems = check_mapping(job.summary.get("headers", []), mapping, FIELDS[job.kind])
    if problems:
        raise ValidationError(problems)
    log.info("%s import #%s configured by %s", job.kind, job.pk, actor.username)
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.status = ImportStatus.VALIDATING
    job.errors, job.error_count, job.result, job.message = [], 0, {}, ""
    job.save()
    org_actions.set_progress(job.pk, "Checking rows", 0, job.total_rows)
    job_id = job.pk
    transaction.on_commit(lambda: check_catalog_import.enqueue(job_id))
    return job


def _library(job: ImportJob) -> Library | None:
    name = str(job.options.get("library", "")).strip()
    return Library.objects.filter(name__iexact=name).first() if name else None


def _plan(job: ImportJob, phase: str) -> Plan:
    org_actions.set_progress(job.pk, "Reading the file", 0, job.total_rows)
    with job.file.open("rb") as handle:
        table = read_table(handle, job.original_name)
    if job.kind == ImportKind.SKILLS:
        return skills_imports.plan_skill_import(table, job.mapping, actions.existing_skills())
    org_actions.set_progress(job.pk, "Loading the library's items", 0, job.total_rows)
    library = _library(job)
    existing = actions.existing_catalog(library) if library else catalog_imports.ExistingCatalog()
    return catalog_imports.plan_catalog_import(
        table,
        job.mapping,
        existing,
        deactivate_missing=bool(job.options.get("deactivate_missing")),
        progress=lambda done, total: org_actions.set_progress(job.pk, phase, done, total),
    )


def _samples(plan: Plan) -> dict[str, Any]:
    return {
        "created": plan.created[:SAMPLES],
        "updated": [{"id": k, "fields": v} for k, v in list(plan.updated.items())[:SAMPLES]],
        "deactivated": getattr(plan, "deactivated", [])[:SAMPLES],
    }


def check(job_id: int) -> ImportJob:
    """Check every row of an import's file, storing the preview and the errors."""
    job = ImportJob.objects.get(pk=job_id, kind__in=KINDS)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        plan = _plan(job, "Checking rows")
    except (ImportFileError, ValueError) as error:
        return org_actions.fail_import(job, str(error))
    return org_actions.record_check(job, plan, _samples(plan))


def request_apply(*, actor: User, job: ImportJob, valid_rows_only: bool = False) -> ImportJob:
    """Queue the writing of a checked import.

    Raises:
        NotReadyError: when the file has not been checked, or has errors and the user
            did not choose to import only the valid rows.
    """
    try:
        job = org_actions.claim_apply(
            job, kinds=KINDS, valid_rows_only=valid_rows_only, phase="Writing changes"
        )
    except org_actions.ImportNotReadyError as refused:
        raise NotReadyError(str(refused)) from None
    job_id, actor_id = job.pk, actor.pk
    transaction.on_commit(lambda: apply_catalog_import.enqueue(job_id, actor_id))
    return job


def apply(job_id: int, actor_id: int | None) -> ImportJob:
    """Write an import whose apply was requested, all or nothing unless valid rows only.

    The file is checked again first, against the catalogue as it is now.
    """
    job = ImportJob.objects.get(pk=job_id, kind__in=KINDS)
    if job.status != ImportStatus.APPLYING:
        return job
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    valid_only = bool(job.options.get("valid_rows_only"))
    try:
        plan = _plan(job, "Checking rows again")
        if isinstance(plan, skills_imports.SkillPlan):
            counts = actions.apply_skill_plan(
                plan,
                actor=actor,
                reason=f"Import of {job.original_name} (#{job.pk})",
                allow_errors=valid_only,
            )
        else:
            with transaction.atomic():
                library = _library(job) or actions.library_named(
                    actor=actor, name=str(job.options.get("library") or job.original_name)
                )
                counts = actions.apply_catalog_plan(
                    plan,
                    actor=actor,
                    library=library,
                    allow_errors=valid_only,
                    progress=lambda done, total: org_actions.set_progress(
                        job_id, "Writing items", done, total
                    ),
                )
    except DatabaseError as error:
        log.exception("%s import #%s failed", job.kind, job_id)
        return org_actions.fail_import(
            job, f"The database refused the changes ({error}); nothing was imported."
        )
    except (Error, ImportFileError, ValueError) as error:
        return org_actions.fail_import(job, str(error))
    job.result = counts
    job.status = ImportStatus.APPLIED
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def check_catalog_import(job_id: int) -> str:
    """Check an uploaded catalogue or skills file and store its preview."""
    return str(check(job_id).status)


@task()
def apply_catalog_import(job_id: int, actor_id: int | None) -> str:
    """Write a checked catalogue or skills file."""
    return str(apply(job_id, actor_id).status)
