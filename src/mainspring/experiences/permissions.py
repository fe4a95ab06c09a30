"""Who may see and change programs, paths, the catalogue, enrolments and progress.

Which people's enrolments and progress a user sees is scoped in the queries, through
:func:`mainspring.org.queries.people_visible_to` (learners: self and team; stakeholders:
their units; L&D: everyone).
"""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role, has_team


def can_view_programs(user: Any) -> bool:
    """Programs and their paths: L&D and business stakeholders."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER)


def can_design(user: Any) -> bool:
    """Creating and editing programs, paths, steps, skills and the catalogue: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_view_catalogue(user: Any) -> bool:
    """The content catalogue and curation: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_manage_enrolments(user: Any) -> bool:
    """Audience rules, enrolling by hand, progress by hand, completion imports: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_view_progress(user: Any) -> bool:
    """Progress reports of people: L&D, stakeholders (their units), managers (their teams)."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER) or has_team(user)


def has_own_learning(user: Any) -> bool:
    """A "my learning" page: anyone signed in whose login is linked to a person."""
    return bool(getattr(user, "is_authenticated", False) and user.person_id is not None)
