"""Request types for views behind ``login_required`` (the healthchecks pattern)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from mainspring.org.models import User


class AuthedRequest(HttpRequest):
    """A request from a signed-in user, with django-htmx's details attached."""

    user: User  # login_required guarantees a real user
    htmx: HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request, with django-htmx's details attached."""

    htmx: HtmxDetails


def require(allowed: bool) -> None:
    """Refuse the request with 403 unless a permission predicate said yes."""
    if not allowed:
        raise PermissionDenied
