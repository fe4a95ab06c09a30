"""Who may read and change budgets, costs and loaded rates: predicates only."""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_view_costs(user: Any) -> bool:
    """Budgets, the cost ledger, program cost sheets and rates: L&D and executives."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_edit_costs(user: Any) -> bool:
    """Booking costs, importing them, setting budgets and loaded rates: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_view_factory(user: Any) -> bool:
    """The board, the backlog, projects, templates, the team and vendors: L&D, executives."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_edit_factory(user: Any) -> bool:
    """Triage, projects and tasks, templates, team records, vendors: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_submit_request(user: Any) -> bool:
    """Asking L&D for learning: the business (stakeholders, executives) and L&D itself."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER, Role.EXECUTIVE)


def can_set_priority_weights(user: Any) -> bool:
    """The criteria's weights are governance: the learning leader sets them."""
    return has_role(user, Role.LEADER)
