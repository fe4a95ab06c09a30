"""Who may import cmi5 courses, attach their units to steps, and launch them."""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_manage_courses(user: Any) -> bool:
    """Importing course structures and attaching units to path steps: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_launch(user: Any) -> bool:
    """Launching a unit: anyone signed in whose login is a person (enrolment checked after)."""
    return bool(getattr(user, "is_authenticated", False) and user.person_id is not None)
