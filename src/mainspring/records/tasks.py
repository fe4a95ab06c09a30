"""Background work of the LRS: turning stored statements into progress."""

from __future__ import annotations

from django_tasks import task

from mainspring.records import actions


@task()
def link_statements_task(statement_ids: list[str]) -> int:
    """Link newly stored statements to people and steps and update their progress."""
    return actions.link_statements(statement_ids)
