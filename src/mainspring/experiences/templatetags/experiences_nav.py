"""The tabs across the learning-experience pages, each shown only to those who may open it."""

from __future__ import annotations

from typing import Any

from django import template

from mainspring.experiences import permissions
from mainspring.org.models import Role
from mainspring.org.permissions import has_role, has_team

register = template.Library()


@register.inclusion_tag("experiences/tabs.html", takes_context=True)
def experiences_tabs(context: dict[str, Any], tab: str) -> dict[str, Any]:
    """Render the tab bar with ``tab`` marked as the current page."""
    user = context["request"].user
    team = has_team(user)  # one query; can_view_progress would ask it again
    return {
        "tab": tab,
        "programs": permissions.can_view_programs(user),
        "mine": permissions.has_own_learning(user),
        "team": team,
        "progress": team or has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER),
        "catalogue": permissions.can_view_catalogue(user),
        "enrolments": permissions.can_manage_enrolments(user),
    }
