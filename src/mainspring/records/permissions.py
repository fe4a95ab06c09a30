"""Who may see learning records and map them: L&D sees all, learners their own."""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_view_records(user: Any) -> bool:
    """Every statement, anyone's timeline, unmatched actors and activities: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_map_records(user: Any) -> bool:
    """Saying which person an actor is, which step or item an activity is: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def has_own_records(user: Any) -> bool:
    """A "my records" page: anyone signed in whose login is linked to a person."""
    return bool(getattr(user, "is_authenticated", False) and user.person_id is not None)


def can_manage_lrs_clients(user: Any) -> bool:
    """Creating credentials for /xapi/ and changing them: the learning leader."""
    return has_role(user, Role.LEADER)
