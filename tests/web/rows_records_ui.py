"""Role x URL rows for records: ui (statements, timelines, my records, unmatched, activities)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mainspring.records.models import ActivityLink, ActorLink
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}


def _actor(c: Cast, j: Any) -> dict[str, Any]:
    link, _ = ActorLink.objects.get_or_create(
        actor_key="mbox:mailto:ghost@example.com", defaults={"first_seen": timezone.now()}
    )
    return {"pk": link.pk}


def _activity(c: Cast, j: Any) -> dict[str, Any]:
    link, _ = ActivityLink.objects.get_or_create(
        activity="urn:x:mystery", defaults={"first_seen": timezone.now()}
    )
    return {"pk": link.pk}


ROWS: list[Row] = [
    Row("records:statement-list", NONE, only(LD)),
    Row("records:my-records", NONE, everyone(200)),
    Row("records:person-timeline", lambda c, j: {"pk": c.org.lea.pk}, only(LD)),
    Row("records:unmatched", NONE, only(LD)),
    Row("records:actor-map", _actor, everyone(405)),
    Row("records:activity-map", _activity, everyone(405)),
    Row("records:activity-list", NONE, only(LD)),
    Row("records:activity-detail", _activity, only(LD)),
]
