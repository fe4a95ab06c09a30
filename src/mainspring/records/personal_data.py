"""A person's learning records in their data export, and gone when they are erased.

The records name people by xAPI identifiers, not by foreign keys, so the identifiers that
are a person come from two places: the actor links already matched to them, and the
identifiers their e-mail address gives directly (plain and hashed), for statements the
worker has not linked yet.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import Q

from mainspring.org.models import Person
from mainspring.records.agents import mbox_sha1
from mainspring.records.models import ActorLink, Document, Statement, StatementAgent

EXPORT_LIMIT = 50_000  # statements in one export; more is said, not silently dropped


def actor_keys(person: Person) -> set[str]:
    """Every xAPI actor key known or derivable to be this person."""
    keys = set(ActorLink.objects.filter(person=person).values_list("actor_key", flat=True))
    if person.email:
        for email in {person.email, person.email.lower()}:
            keys.add(f"mbox:mailto:{email}")
            keys.add(f"mbox_sha1sum:{mbox_sha1(email)}")
    return keys


def _theirs(keys: set[str]) -> Q:
    """Statements they made, or that are about them (an agent as the object)."""
    about = StatementAgent.objects.filter(agent_key__in=keys, direct=True)
    return Q(actor_key__in=keys) | Q(id__in=about.values("statement_id"))


def _content(doc: Document) -> Any:
    raw = bytes(doc.content)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(raw).decode()}


def person_data(person: Person) -> dict[str, Any]:
    """Their statements (as stored) and the xAPI documents kept under their identifiers."""
    keys = actor_keys(person)
    if not keys:
        return {"learning_records": {"statements": [], "documents": []}}
    rows = Statement.objects.filter(_theirs(keys)).order_by("stored", "id")
    total = rows.count()
    documents = Document.objects.filter(agent_key__in=keys).order_by("kind", "doc_id")
    return {
        "learning_records": {
            "identifiers": sorted(keys),
            "statements": list(rows.values_list("data", flat=True)[:EXPORT_LIMIT]),
            "statements_total": total,
            "documents": [
                {
                    "kind": d.kind,
                    "activity": d.activity,
                    "id": d.doc_id,
                    "content_type": d.content_type,
                    "content": _content(d),
                    "updated": d.updated.isoformat(),
                }
                for d in documents
            ],
        }
    }


def erase_person_records(person: Person) -> None:
    """Delete their statements, documents and actor links (inside the erasure)."""
    keys = actor_keys(person)
    if not keys:
        return
    Statement.objects.filter(_theirs(keys)).delete()
    Document.objects.filter(agent_key__in=keys).delete()
    ActorLink.objects.filter(Q(person=person) | Q(actor_key__in=keys)).delete()
