"""The statement write path (``lrs.store_statements``): what the plain-SQL inserts write.

Statements and their index rows are inserted with ``executemany`` rather than the ORM,
so these tests read them back through the ORM and compare with what was sent.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mainspring.records import lrs
from mainspring.records.errors import BadRequestError, ConflictError
from mainspring.records.models import (
    ActivityDefinition,
    LrsClient,
    Statement,
    StatementActivity,
    StatementAgent,
)
from tests.records.test_statements import COMPLETED, FILM, VOIDED, make_client, statement

COURSE = "https://lms.example.com/courses/safety"


@pytest.fixture
def player(db: None) -> LrsClient:
    return make_client("player", ["all"])


def store(client: LrsClient, *statements: dict[str, Any], version: str = "1.0.3") -> list[str]:
    return [str(i) for i in lrs.store_statements(list(statements), client=client, version=version)]


def void(target: str) -> dict[str, Any]:
    return statement(
        "admin@example.com", verb=VOIDED, object={"objectType": "StatementRef", "id": target}
    )


def test_every_column_and_index_row_is_written_as_sent(player: LrsClient) -> None:
    registration = uuid.uuid4()
    sent = statement(
        "lea@example.com",
        id=str(uuid.uuid4()),
        timestamp="2026-03-01T10:15:00.250+02:00",
        context={
            "registration": str(registration),
            "instructor": {"mbox": "mailto:ivy@example.com"},
            "contextActivities": {"parent": [{"id": COURSE}]},
        },
    )
    (sid,) = store(player, sent)
    row = Statement.objects.get(id=sid)
    assert row.data == {
        **sent,
        "stored": row.data["stored"],
        "authority": lrs.authority_for(player),
        "version": "1.0.0",
    }
    assert row.verb == COMPLETED
    assert row.activity == FILM
    assert row.actor_key == "mbox:mailto:lea@example.com"
    assert row.registration == registration
    assert row.timestamp == datetime(2026, 3, 1, 8, 15, 0, 250000, tzinfo=UTC)
    assert lrs.iso(row.stored) == row.data["stored"]
    assert (row.voided, row.voided_statement, row.object_statement) == (False, None, None)
    assert row.client == player
    activities = set(
        StatementActivity.objects.filter(statement=row).values_list("activity", "direct")
    )
    assert activities == {(FILM, True), (COURSE, False)}
    agents = dict(StatementAgent.objects.filter(statement=row).values_list("agent_key", "direct"))
    assert agents["mbox:mailto:lea@example.com"] is True
    assert agents["mbox:mailto:ivy@example.com"] is False
    assert agents[f"account:{lrs.AUTHORITY_HOME}|{player.key}"] is False


def test_a_batch_costs_the_same_queries_whatever_its_size(player: LrsClient) -> None:
    store(player, statement())  # the activity definition exists from now on
    with CaptureQueriesContext(connection) as one:
        store(player, statement())
    with CaptureQueriesContext(connection) as many:
        store(player, *[statement(f"p{n}@example.com") for n in range(200)])
    assert len(one) == len(many)
    assert Statement.objects.count() == 202


def test_a_target_stored_after_its_voiding_statement_is_stored_voided(
    player: LrsClient,
) -> None:
    target = str(uuid.uuid4())
    store(player, void(target))
    store(player, statement(id=target))
    assert Statement.objects.get(id=target).voided


def test_voiding_in_the_same_batch_voids_the_target(player: LrsClient) -> None:
    target = str(uuid.uuid4())
    (_, voiding) = store(player, statement(id=target), void(target))
    assert Statement.objects.get(id=target).voided
    row = Statement.objects.get(id=voiding)
    assert not row.voided
    assert str(row.voided_statement) == str(row.object_statement) == target


def test_a_resent_batch_stores_only_what_is_new(player: LrsClient) -> None:
    old = statement(id=str(uuid.uuid4()))
    store(player, old)
    new = statement("sam@example.com", id=str(uuid.uuid4()))
    assert store(player, old, new) == [old["id"], new["id"]]
    assert Statement.objects.count() == 2
    assert StatementActivity.objects.filter(direct=True).count() == 2


def test_a_conflicting_resend_stores_nothing_of_its_batch(player: LrsClient) -> None:
    old = statement(id=str(uuid.uuid4()))
    store(player, old)
    changed = {**old, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    with pytest.raises(ConflictError):
        store(player, statement("sam@example.com"), changed)
    assert Statement.objects.count() == 1
    assert StatementAgent.objects.filter(agent_key="mbox:mailto:sam@example.com").count() == 0


def test_voiding_a_voiding_statement_in_the_same_batch_is_refused(player: LrsClient) -> None:
    first = void(str(uuid.uuid4())) | {"id": str(uuid.uuid4())}
    with pytest.raises(BadRequestError):
        store(player, first, void(first["id"]))
    assert not Statement.objects.exists()


def test_activity_definitions_are_inserted_once_and_never_changed(player: LrsClient) -> None:
    def defined(name: str) -> dict[str, Any]:
        return statement(
            object={"id": FILM, "definition": {"name": {"en-US": name}}},
        )

    store(player, defined("Film"))
    store(player, defined("Renamed"), defined("Again"))
    (definition,) = ActivityDefinition.objects.all()
    assert definition.definition == {"name": {"en-US": "Film"}}


def test_version_2_statements_are_stored_as_2_0_0(player: LrsClient) -> None:
    (sid,) = store(player, statement(timestamp="2026-03-01T10:15:00Z"), version="2.0.0")
    row = Statement.objects.get(id=sid)
    assert row.version == row.data["version"] == "2.0.0"


def test_a_statement_keeps_the_version_it_was_sent_with(player: LrsClient) -> None:
    (sid,) = store(player, statement(version="1.0.3"), version="2.0.0")
    row = Statement.objects.get(id=sid)
    assert row.version == row.data["version"] == "1.0.3"


def test_a_statement_stored_meanwhile_is_compared_again(
    player: LrsClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request stored the same id between the look-up and the insert."""
    sent = statement(id=str(uuid.uuid4()))
    store(player, sent)
    real = lrs._drop_resent
    calls: list[int] = []

    def missed_it(prepared: list[Any]) -> list[Any]:
        calls.append(len(prepared))
        if len(calls) == 1:
            for p in prepared:
                p.voided = False
            return prepared  # as if the other request had not committed yet
        return real(prepared)

    monkeypatch.setattr(lrs, "_drop_resent", missed_it)
    assert store(player, sent) == [sent["id"]]
    assert calls == [1, 1]
    assert Statement.objects.count() == 1
