"""Statements stored straight into the database, with lookup columns filled as the LRS does."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone

from mainspring.records.models import Statement

ADL = "http://adlnet.gov/expapi/verbs/"


def actor_key(actor: dict[str, Any]) -> str:
    """The canonical key of an agent (as ``mainspring.records.agents.agent_key`` makes it)."""
    if "account" in actor:
        return f"account:{actor['account'].get('homePage', '')}|{actor['account'].get('name', '')}"
    name = next(k for k in ("mbox", "mbox_sha1sum", "openid") if k in actor)
    return f"{name}:{actor[name]}"


def make_statement(
    *,
    email: str = "",
    actor: dict[str, Any] | None = None,
    verb: str = "completed",
    activity: str = "https://lms.example.com/activities/film",
    result: dict[str, Any] | None = None,
    timestamp: datetime | None = None,
    voids: uuid.UUID | None = None,
) -> Statement:
    """Store one statement; ``verb`` is an ADL verb's last word or a full IRI."""
    actor = actor or {"mbox": f"mailto:{email}", "name": email.split("@", maxsplit=1)[0]}
    verb_id = verb if "/" in verb else ADL + verb
    obj: dict[str, Any] = (
        {"objectType": "StatementRef", "id": str(voids)}
        if voids
        else {"objectType": "Activity", "id": activity}
    )
    sid = uuid.uuid4()
    now = timezone.now()
    data: dict[str, Any] = {
        "id": str(sid),
        "actor": actor,
        "verb": {"id": verb_id, "display": {"en-US": verb_id.rsplit("/", 1)[-1]}},
        "object": obj,
        "timestamp": (timestamp or now).isoformat(),
        "stored": now.isoformat(),
        "version": "1.0.3",
    }
    if result is not None:
        data["result"] = result
    if voids:
        Statement.objects.filter(id=voids).update(voided=True)
    return Statement.objects.create(
        id=sid,
        data=data,
        version="1.0.3",
        verb=verb_id,
        activity="" if voids else activity,
        actor_key=actor_key(actor),
        timestamp=timestamp or now,
        stored=now,
        voided_statement=voids,
    )
