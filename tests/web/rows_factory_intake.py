"""Role x URL rows for the factory's intake pages: requests, triage, the backlog, weights."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mainspring.factory.actions import intake as actions
from mainspring.factory.models import Request
from mainspring.org.models import OrgUnit, User
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200}
SUBMITTERS = {**READERS, "stakeholder": 200}


def _request(actor: User, unit: OrgUnit, title: str) -> Request:
    found = Request.objects.filter(title=title).first()
    return found or actions.submit_request(
        actor=actor,
        title=title,
        problem="Loads shift on the road.",
        audience="Depot drivers",
        audience_size=40,
        unit=unit,
        today=timezone.localdate(),
    )


def _theirs(c: Cast, j: Any) -> dict[str, Any]:
    """A request the stakeholder submitted."""
    return {"pk": _request(c.stakeholder, c.org.depot, "Load securing").pk}


def _others(c: Cast, j: Any) -> dict[str, Any]:
    """Another department's request, outside the stakeholder's scope."""
    return {"pk": _request(c.stranger_stakeholder, c.org.sales, "Negotiation").pk}


ROWS: list[Row] = [
    Row("factory:request-list", NONE, only(SUBMITTERS)),
    Row("factory:request-new", NONE, only(SUBMITTERS)),
    Row("factory:request-detail", _theirs, only({**LD, "stakeholder": 200, "executive": 404})),
    Row(
        "factory:request-detail",
        _others,
        only({**LD, "stakeholder": 404, "executive": 404}),
        label="another department's",
    ),
    Row(
        "factory:request-detail",
        lambda c, j: {"pk": 999_999},
        only({"leader": 404, "staff": 404, "stakeholder": 404, "executive": 404}),
        label="missing request",
    ),
    Row("factory:request-triage", _theirs, only(LD)),
    Row(
        "factory:request-triage",
        lambda c, j: {"pk": 999_999},
        only({"leader": 404, "staff": 404}),
        label="missing request",
    ),
    # Starting triage writes: POST only.
    Row("factory:request-triage-start", _theirs, everyone(405)),
    Row("factory:request-rate", _theirs, only(LD)),
    Row("factory:backlog", NONE, only(READERS)),
    Row("factory:weights", NONE, only(READERS)),
]
