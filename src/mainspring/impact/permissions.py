"""Who may run, read and act on impact studies and ROI analyses: predicates only.

Which studies and programs a reader sees is scoped in :mod:`mainspring.impact.queries`.
"""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_view_impact(user: Any) -> bool:
    """The Impact section: L&D, executives and business stakeholders (theirs); not learners."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE, Role.STAKEHOLDER)


def can_run_studies(user: Any) -> bool:
    """Starting impact studies and computing ROI: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def sees_every_study(user: Any) -> bool:
    """Every study, ROI and program: L&D and executives; stakeholders see their scope's."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)
