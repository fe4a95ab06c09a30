"""KPI value imports through the web wizard: the steps of an ``ImportJob`` and their tasks.

The job model, its statuses, the progress store and cancelling are the org app's (the
people import uses them too); what is particular to KPI values, checking and writing
them, lives here, so that org never imports strategy. The checks are those of every
other way in (the command line, the API): ``imports.plan_observation_import`` and
``actions.apply_observation_plan``.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

from mainspring.org import actions as org_actions
from mainspring.org.imports import (
    ImportFileError,
    Table,
    check_mapping,
    guess_mapping,
    read_table,
)
from mainspring.org.models import ImportJob, ImportKind, ImportStatus, User
from mainspring.strategy import actions, imports

log = logging.getLogger(__name__)

KIND = ImportKind.KPI_OBSERVATIONS
FIELDS = imports.OBSERVATION_FIELDS
SAMPLES = 20


class NotReadyError(actions.Error):
    """The import is not in a state that allows this step."""


def start(*, actor: User, upload: UploadedFile) -> ImportJob:
    """Store an uploaded file of KPI values as a new import and guess its columns.

    Raises:
        actions.Error: when the file cannot be read as a table.
    """
    try:
        table = read_table(upload, upload.name)
    except ImportFileError as error:
        raise actions.Error(str(error)) from None
    upload.seek(0)
    return ImportJob.objects.create(
        kind=KIND,
        file=upload,
        original_name=upload.name or "upload",
        mapping=guess_mapping(table.headers, FIELDS),
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
    problems = check_mapping(job.summary.get("headers", []), mapping, FIELDS)
    if problems:
        raise ValidationError(problems)
    log.info("KPI value import #%s configured by %s", job.pk, actor.username)
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.status = ImportStatus.VALIDATING
    job.errors, job.error_count, job.result, job.message = [], 0, {}, ""
    job.save()
    org_actions.set_progress(job.pk, "Checking rows", 0, job.total_rows)
    job_id = job.pk
    transaction.on_commit(lambda: check_observation_import.enqueue(job_id))
    return job


def _plan(job: ImportJob, phase: str) -> imports.ObservationPlan:
    org_actions.set_progress(job.pk, "Reading the file", 0, job.total_rows)
    with job.file.open("rb") as handle:
        table: Table = read_table(handle, job.original_name)
    org_actions.set_progress(job.pk, "Loading the current values", 0, job.total_rows)
    existing = actions.existing_observations(imports.kpi_codes_in(table, job.mapping))
    return imports.plan_observation_import(
        table,
        job.mapping,
        existing,
        lambda done, total: org_actions.set_progress(job.pk, phase, done, total),
    )


def check(job_id: int) -> ImportJob:
    """Check every row of an import's file, storing the preview and the errors."""
    job = ImportJob.objects.get(pk=job_id, kind=KIND)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        plan = _plan(job, "Checking rows")
    except (ImportFileError, ValueError) as error:
        return org_actions.fail_import(job, str(error))
    return org_actions.record_check(job, plan)


def request_apply(*, actor: User, job: ImportJob, valid_rows_only: bool = False) -> ImportJob:
    """Queue the writing of a checked import.

    Raises:
        NotReadyError: when the file has not been checked, or has errors and the user
            did not choose to import only the valid rows.
    """
    try:
        job = org_actions.claim_apply(
            job, kinds=[KIND], valid_rows_only=valid_rows_only, phase="Writing values"
        )
    except org_actions.ImportNotReadyError as refused:
        raise NotReadyError(str(refused)) from None
    job_id, actor_id = job.pk, actor.pk
    transaction.on_commit(lambda: apply_observation_import.enqueue(job_id, actor_id))
    return job


def apply(job_id: int, actor_id: int | None) -> ImportJob:
    """Write an import whose apply was requested, all or nothing unless valid rows only.

    The file is checked again first, against the values as they are now, so nothing
    stale is written.
    """
    job = ImportJob.objects.get(pk=job_id, kind=KIND)
    if job.status != ImportStatus.APPLYING:
        return job
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        plan = _plan(job, "Checking rows again")
        counts = actions.apply_observation_plan(
            plan,
            actor=actor,
            reason=f"Import of {job.original_name} (#{job.pk})",
            allow_errors=bool(job.options.get("valid_rows_only")),
            progress=lambda done, total: org_actions.set_progress(
                job_id, "Writing values", done, total
            ),
        )
    except DatabaseError as error:
        log.exception("KPI value import #%s failed", job_id)
        return org_actions.fail_import(
            job, f"The database refused the values ({error}); nothing was imported."
        )
    except (actions.Error, ImportFileError, ValueError) as error:
        return org_actions.fail_import(job, str(error))
    job.result = counts
    job.status = ImportStatus.APPLIED
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def check_observation_import(job_id: int) -> str:
    """Check an uploaded file of KPI values and store its preview."""
    return str(check(job_id).status)


@task()
def apply_observation_import(job_id: int, actor_id: int | None) -> str:
    """Write a checked file of KPI values."""
    return str(apply(job_id, actor_id).status)
