"""A person's learning records: in their data export, and gone when they are erased."""

from __future__ import annotations

import hashlib
import json

from django.test import Client
from django.urls import reverse

from mainspring.records import actions, documents, lrs
from mainspring.records.documents import DocKey, Preconditions
from mainspring.records.http import V1, create_client
from mainspring.records.models import ActorLink, Document, DocumentKind, Statement
from tests.conftest import Cast

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
FILM = "https://lms.example.com/activities/film"


def _statement(actor: dict[str, str]) -> dict[str, object]:
    return {"actor": actor, "verb": {"id": COMPLETED}, "object": {"id": FILM}}


def _seed(cast: Cast) -> dict[str, list[str]]:
    client, _ = create_client(actor=None, name="LMS", scopes=["all"])
    lea, sam = cast.org.lea.email, cast.org.sam.email
    hashed = hashlib.sha1(f"mailto:{lea}".encode(), usedforsecurity=False).hexdigest()
    theirs = lrs.store_statements(
        [_statement({"mbox": f"mailto:{lea}"}), _statement({"mbox_sha1sum": hashed})],
        client=client,
        version=V1,
    )
    others = lrs.store_statements(
        [_statement({"mbox": f"mailto:{sam}"})], client=client, version=V1
    )
    actions.link_statements([*theirs, *others])
    documents.put_document(
        DocKey(kind=DocumentKind.AGENT_PROFILE, agent_key=f"mbox:mailto:{lea}"),
        "preferences",
        b'{"language": "fr"}',
        "application/json",
        Preconditions(if_match=None, if_none_match=None),
    )
    return {"lea": [str(i) for i in theirs], "sam": [str(i) for i in others]}


def test_the_data_export_holds_their_statements_and_documents(client: Client, cast: Cast) -> None:
    ids = _seed(cast)
    client.force_login(cast.learner)  # Lea's own login
    data = client.get(reverse("org:person-export", args=[cast.org.lea.pk])).json()
    records = data["learning_records"]
    assert sorted(s["id"] for s in records["statements"]) == sorted(ids["lea"])
    assert records["statements_total"] == 2
    assert records["documents"][0]["id"] == "preferences"
    assert json.loads(records["documents"][0]["content"]) == {"language": "fr"}


def test_erasure_removes_their_records_and_keeps_everyone_elses(client: Client, cast: Cast) -> None:
    ids = _seed(cast)
    assert ActorLink.objects.filter(person=cast.org.lea).exists()
    client.force_login(cast.leader)
    erased = client.post(
        reverse("org:person-erase", args=[cast.org.lea.pk]), {"confirm_hris_id": "P-LEA"}
    )
    assert erased.status_code == 302
    assert not Statement.objects.filter(id__in=ids["lea"]).exists()
    assert Statement.objects.filter(id__in=ids["sam"]).count() == 1
    assert not Document.objects.exists()
    assert not ActorLink.objects.filter(actor_key__contains=cast.org.lea.email).exists()
    assert ActorLink.objects.filter(person=cast.org.sam).exists()


def test_a_person_with_no_records_exports_an_empty_section(client: Client, cast: Cast) -> None:
    client.force_login(cast.leader)
    data = client.get(reverse("org:person-export", args=[cast.org.sam.pk])).json()
    assert data["learning_records"]["statements"] == []
