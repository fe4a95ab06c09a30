"""Role x URL rows for the factory's team pages: members, load, competencies, development.

Ratings and development plans are personal: outside L&D the answer is 403; L&D staff
who are neither the member, their manager on the team nor the leader get 404 (the
cast's staff user has no person, so it is nobody's member or manager).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mainspring.factory.actions import team as actions
from mainspring.factory.models import Competency, DevelopmentAction, TeamMember, TeamRole
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200}
LEADER = {"leader": 200}
PERSONAL = {"leader": 200, "staff": 404}  # the member, their managers, the leader
MISSING = lambda c, j: {"pk": 999_999}  # noqa: E731


def _member(c: Cast, j: Any) -> TeamMember:
    return TeamMember.objects.first() or actions.add_member(
        actor=None, person=c.org.sara, role=TeamRole.DESIGNER, weekly_capacity=Decimal(30)
    )


def _member_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _member(c, j).pk}


def _competency_pk(c: Cast, j: Any) -> dict[str, Any]:
    competency = Competency.objects.first() or actions.create_competency(
        actor=None, name="Storytelling", area="Design"
    )
    return {"pk": competency.pk}


def _development_pk(c: Cast, j: Any) -> dict[str, Any]:
    item = DevelopmentAction.objects.first() or actions.add_development_action(
        actor=None, member=_member(c, j), action="Articulate course"
    )
    return {"pk": item.pk}


ROWS: list[Row] = [
    Row("factory:team", NONE, only(READERS)),
    Row("factory:member-detail", _member_pk, only(READERS)),
    Row(
        "factory:member-detail",
        MISSING,
        only({"leader": 404, "staff": 404, "executive": 404}),
        label="missing member",
    ),
    Row("factory:member-new", NONE, only(LD)),
    Row("factory:member-edit", _member_pk, only(LD)),
    Row("factory:member-ratings", _member_pk, only(PERSONAL)),
    Row("factory:development-new", _member_pk, only(PERSONAL)),
    Row("factory:development-edit", _development_pk, only(PERSONAL)),
    Row("factory:heatmap", NONE, only(READERS)),
    Row("factory:competencies", NONE, only(READERS)),
    Row("factory:competency-new", NONE, only(LEADER)),
    Row("factory:competency-edit", _competency_pk, only(LEADER)),
    Row("factory:competency-edit", MISSING, only({"leader": 404}), label="missing competency"),
    Row("factory:competency-delete", _competency_pk, only(LEADER)),
    # Reordering writes: POST only.
    Row("factory:competency-move", _competency_pk, everyone(405)),
]
