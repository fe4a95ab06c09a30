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
