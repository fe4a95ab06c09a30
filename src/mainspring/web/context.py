from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from mainspring.org import permissions
from mainspring.web import sections


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Give every page the navigation and the role flags the layout needs."""
    user = request.user
    if not user.is_authenticated:
        return {
            "oidc_enabled": settings.OIDC_ENABLED,
            "oidc_provider_name": settings.OIDC_PROVIDER_NAME,
        }
    path = request.path
    items = []
    for s in sections.visible_to(user):
        url = reverse(s.url_name) if s.url_name else reverse("web:section", args=[s.slug])
        active = path.startswith(f"/s/{s.slug}/") or (bool(s.url_name) and path.startswith(url))
        items.append(NavItem(s.title, url, active))
    if permissions.can_view_org_structure(user) or permissions.can_view_people_directory(user):
        items.append(
            NavItem(
                "Organisation",
                reverse("org:index"),
                path.startswith("/org/") and not path.startswith("/org/me"),
            )
        )
    return {
        "nav_items": items,
        "user_role_label": user.get_role_display(),
        "can_admin": permissions.is_leader(user),
        "can_see_people": permissions.can_view_people_directory(user),
        "can_see_partners": permissions.can_manage_partnerships(user),
        "has_person": user.person_id is not None,
    }
