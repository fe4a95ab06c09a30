"""Who may read the management reports and who may write their plans and notes: predicates only.

Stakeholders get no report, not even the program report for their own units' programs:
a program's figures (participants, spend, ROI) cover every unit it reaches, so a
stakeholder's copy would show other units' results. They read results for their units
on the pages that scope by unit (org, strategy observations).
"""

from __future__ import annotations

from typing import Any

from mainspring.org.models import Role
from mainspring.org.permissions import has_role


def can_view_reports(user: Any) -> bool:
    """The monthly reports and their downloads: L&D and executives."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.EXECUTIVE)


def can_edit_reports(user: Any) -> bool:
    """Entering plans and writing the interpretation beside a report: L&D."""
    return has_role(user, Role.LEADER, Role.STAFF)
