"""The Launch button on a learner's path steps (used by ``experiences/enrol_detail.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from mainspring.cmi5.models import AssignableUnit
from mainspring.cmi5.queries import units_on_path

register = template.Library()


@register.simple_tag(takes_context=True)
def cmi5_units_for(context: template.Context, enrolment: Any) -> dict[int, AssignableUnit]:
    """The units the viewer may launch on an enrolment's steps: only their own, not withdrawn."""
    request = context.get("request")
    user = getattr(request, "user", None)
    person_id = getattr(user, "person_id", None)
    if person_id is None or person_id != enrolment.person_id or enrolment.status == "withdrawn":
        return {}
    return units_on_path(enrolment.path_id)


@register.inclusion_tag("cmi5/launch_button.html", takes_context=True)
def cmi5_launch_button(
    context: template.Context, units: dict[int, AssignableUnit], step: Any
) -> dict[str, Any]:
    """A Launch button for the step, when it launches a unit the viewer may start."""
    request = context.get("request")
    return {
        "unit": units.get(step.id),
        "back": getattr(request, "path", "/"),
        "csrf_token": context.get("csrf_token"),
    }
