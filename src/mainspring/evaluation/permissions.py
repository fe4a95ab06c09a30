"""Who may plan evaluations, build and send surveys, answer them and read the results.

Which programs' results a reader sees is scoped in :mod:`mainspring.evaluation.queries`
(stakeholders: programs whose audience is in their units).
"""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_manage_evaluation(user: Any) -> bool:
    """Evaluation plans, the item bank, surveys and sending them: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_view_results(user: Any) -> bool:
    """Aggregate results: L&D, executives, and stakeholders (programs for their units)."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE, Role.STAKEHOLDER)


def can_read_comments(user: Any) -> bool:
    """Free-text comments: L&D (with names) and executives (without)."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_see_respondents(user: Any) -> bool:
    """Who wrote a comment and who has answered: L&D only."""
    return has_role(user, Role.LEADER, Role.STAFF)


def has_surveys(user: Any) -> bool:
    """A "my surveys" page: anyone signed in whose login is linked to a person."""
    return bool(getattr(user, "is_authenticated", False) and user.person_id is not None)
