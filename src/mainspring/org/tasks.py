"""Background work of the org app: each task wraps exactly one action."""

from __future__ import annotations

from django_tasks import task

from mainspring.org import actions


@task()
def check_import(job_id: int) -> str:
    """Check an uploaded import file and store its preview."""
    return str(actions.check_import_job(job_id).status)


@task()
def apply_import(job_id: int, actor_id: int | None) -> str:
    """Write a checked import."""
    return str(actions.apply_import_job(job_id, actor_id).status)
