"""Background work of the impact app: each task wraps exactly one action."""

from __future__ import annotations

from django_tasks import task

from mainspring.impact import actions


@task()
def run_study_task(study_id: int) -> str:
    """Run a queued impact study and store its answer."""
    return str(actions.run_study(study_id).status)
