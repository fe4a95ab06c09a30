"""Background work of the strategy app: each task wraps exactly one action."""

from __future__ import annotations

from django_tasks import task

from mainspring.strategy import export_actions


@task()
def run_export_task(export_id: int) -> str:
    """Build a queued strategy export and store its file."""
    return str(export_actions.run_export(export_id).status)
