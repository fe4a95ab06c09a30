"""Who may read and change goals, KPIs and their observations: predicates only.

Which observations a reader sees is scoped in :mod:`mainspring.strategy.queries`.
"""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_view_strategy(user: Any) -> bool:
    """Goals and KPIs: L&D, executives and business stakeholders; not learners."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE, Role.STAKEHOLDER)


def can_edit_strategy(user: Any) -> bool:
    """Creating and editing goals and KPIs, and adding observations: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_view_all_observations(user: Any) -> bool:
    """Every observation, company-wide ones included: L&D and executives.

    Stakeholders see only their units' observations and their people's.
    """
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_read_strategy_version(user: Any, *, approved: bool) -> bool:
    """The strategy document: L&D and executives read every version; stakeholders approved ones."""
    if has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE):
        return True
    return approved and has_role(user, Role.STAKEHOLDER)


def can_approve_strategy(user: Any) -> bool:
    """Approving a draft, or discarding one: the learning leader."""
    return has_role(user, Role.LEADER)


def can_view_checks(user: Any) -> bool:
    """The strategy checks and readiness score: L&D and executives."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_have_first_days_plan(user: Any) -> bool:
    """A first-60-days plan of one's own: the learning leader and L&D staff."""
    return has_role(user, Role.LEADER, Role.STAFF)
