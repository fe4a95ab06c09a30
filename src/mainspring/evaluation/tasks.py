"""Background work of the evaluation app: each task wraps exactly one action."""

from __future__ import annotations

from django_tasks import task

from mainspring.evaluation import actions


@task()
def email_invitations_task(session_id: int, base_url: str) -> int:
    """E-mail the people a survey session has invited and not yet e-mailed."""
    return actions.email_invitations(session_id, base_url)
