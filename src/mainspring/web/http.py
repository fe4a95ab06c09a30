"""Request types for views behind ``login_required`` (the healthchecks pattern)."""

from __future__ import annotations

from typing import Any

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


def form_status(form: Any) -> int:
    """The status a form page is answered with: 400 when the form has errors, else 200."""
    return 400 if form.errors else 200
