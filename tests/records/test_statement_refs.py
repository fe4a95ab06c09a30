"""Filter conditions for StatementRefs (xAPI 1.0.3 Part Three 2.1.3), over HTTP.

A statement whose object is a StatementRef meets the agent, verb, activity and
registration filters its target meets; since, until and paging apply to the referring
statement itself. The LRS follows two hops (see ``lrs.REF_DEPTH``).
"""

from __future__ import annotations

import importlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from mainspring.records import lrs as lrs_module
from mainspring.records.models import Statement, StatementActivity, StatementAgent
from tests.records.test_statements import (
    COMPLETED,
    FILM,
    VOIDED,
    get,
    make_client,
    post,
    statement,
)
from tests.records.test_statements import auth as basic_auth

COMMENTED = "http://adlnet.gov/expapi/verbs/commented"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
LEA = json.dumps({"mbox": "mailto:lea@example.com"})
SAM = json.dumps({"mbox": "mailto:sam@example.com"})


@pytest.fixture
def lrs(db: None) -> dict[str, str]:
    make_client("player", ["all"])
    return basic_auth("player")


def refers_to(target: str, email: str = "coach@example.com", **extra: Any) -> dict[str, Any]:
    """A statement by someone else, about another statement (a comment on it)."""
    return statement(
        email, verb=COMMENTED, object={"objectType": "StatementRef", "id": target}, **extra
    )


def listed(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    return [s["id"] for s in get(client, headers, **params).json()["statements"]]


def store(client: Client, headers: dict[str, str], body: dict[str, Any]) -> str:
    response = post(client, headers, body)
    assert response.status_code == 200, response.content
    (statement_id,) = response.json()
    return str(statement_id)


def test_a_statement_referring_to_a_match_meets_the_agent_filter(
    client: Client, lrs: dict[str, str]
) -> None:
    leas = store(client, lrs, statement("lea@example.com"))
    sams = store(client, lrs, statement("sam@example.com"))
    about_lea = store(client, lrs, refers_to(leas))
    about_sam = store(client, lrs, refers_to(sams))
    assert listed(client, lrs, agent=LEA) == [about_lea, leas]
    assert listed(client, lrs, agent=SAM) == [about_sam, sams]


def test_the_object_statement_column_holds_the_target(client: Client, lrs: dict[str, str]) -> None:
    target = store(client, lrs, statement())
    referring = store(client, lrs, refers_to(target))
    assert str(Statement.objects.get(id=referring).object_statement) == target
    assert Statement.objects.get(id=target).object_statement is None
    assert Statement.objects.get(id=referring).voided_statement is None


def test_verb_activity_and_registration_filters_follow_the_reference(
    client: Client, lrs: dict[str, str]
) -> None:
    registration = str(uuid.uuid4())
    film = store(client, lrs, statement(context={"registration": registration}))
    other = store(
        client, lrs, statement(verb=FAILED, object={"id": "https://lms.example.com/other"})
    )
    about_film = store(client, lrs, refers_to(film))
    about_other = store(client, lrs, refers_to(other))
    assert listed(client, lrs, verb=COMPLETED) == [about_film, film]
    assert listed(client, lrs, verb=FAILED) == [about_other, other]
    assert listed(client, lrs, activity=FILM) == [about_film, film]
    assert listed(client, lrs, registration=registration) == [about_film, film]
    # The referring statement's own verb still counts for itself.
    assert listed(client, lrs, verb=COMMENTED) == [about_other, about_film]


def test_related_activities_follow_the_reference(client: Client, lrs: dict[str, str]) -> None:
    course = "https://lms.example.com/courses/safety"
    in_course = store(
        client, lrs, statement(context={"contextActivities": {"parent": [{"id": course}]}})
    )
    elsewhere = store(client, lrs, statement())
    about_course = store(client, lrs, refers_to(in_course))
    store(client, lrs, refers_to(elsewhere))
    found = listed(client, lrs, activity=course, related_activities="true")
    assert found == [about_course, in_course]
    assert listed(client, lrs, activity=course) == []


def test_every_filter_must_hold_on_the_target(client: Client, lrs: dict[str, str]) -> None:
    leas = store(client, lrs, statement("lea@example.com", verb=FAILED))
    store(client, lrs, refers_to(leas))
    assert listed(client, lrs, agent=LEA, verb=COMPLETED) == []


def test_a_reference_to_an_unknown_statement_meets_no_filter(
    client: Client, lrs: dict[str, str]
) -> None:
    dangling = store(client, lrs, refers_to(str(uuid.uuid4()), email="lea@example.com"))
    assert listed(client, lrs, verb=COMPLETED) == []
    assert listed(client, lrs, agent=LEA) == [dangling]  # its own actor
    assert listed(client, lrs) == [dangling]


def test_since_and_until_apply_to_the_referring_statement(
    client: Client, lrs: dict[str, str]
) -> None:
    target = store(client, lrs, statement("lea@example.com"))
    between = lrs_module.iso(timezone.now())
    referring = store(client, lrs, refers_to(target))
    assert listed(client, lrs, agent=LEA, since=between) == [referring]
    assert listed(client, lrs, agent=LEA, until=between) == [target]


def test_a_voided_referring_statement_is_not_listed(client: Client, lrs: dict[str, str]) -> None:
    target = store(client, lrs, statement("lea@example.com"))
    referring = store(client, lrs, refers_to(target))
    voiding = store(
        client,
        lrs,
        statement(
            "admin@example.com",
            verb=VOIDED,
            object={"objectType": "StatementRef", "id": referring},
        ),
    )
    # The voiding statement refers to the comment, which refers to Lea's statement.
    assert listed(client, lrs, agent=LEA) == [voiding, target]


def test_a_referring_statement_that_matches_itself_is_listed_once(
    client: Client, lrs: dict[str, str]
) -> None:
    target = store(client, lrs, statement("lea@example.com"))
    own = store(client, lrs, refers_to(target, email="lea@example.com"))
    assert listed(client, lrs, agent=LEA) == [own, target]


def test_two_hops_are_followed(client: Client, lrs: dict[str, str]) -> None:
    leas = store(client, lrs, statement("lea@example.com"))
    comment = store(client, lrs, refers_to(leas))
    reply = store(client, lrs, refers_to(comment, email="sam@example.com"))
    assert listed(client, lrs, agent=LEA) == [reply, comment, leas]
    assert listed(client, lrs, agent=SAM) == [reply]
    # A verb matches many statements: the references are followed the other way round.
    assert listed(client, lrs, verb=COMPLETED) == [reply, comment, leas]
    assert listed(client, lrs, verb=COMMENTED) == [reply, comment]


def test_paging_merges_direct_and_referring_statements_in_order(
    client: Client, lrs: dict[str, str]
) -> None:
    expected = []
    for _ in range(3):
        target = store(client, lrs, statement("lea@example.com"))
        expected += [target, store(client, lrs, refers_to(target))]
        store(client, lrs, statement("sam@example.com"))
    seen: list[str] = []
    page = get(client, lrs, agent=LEA, limit="2", ascending="true").json()
    while True:
        seen += [s["id"] for s in page["statements"]]
        if not page["more"]:
            break
        page = client.get(page["more"], headers=lrs).json()
    assert seen == expected


def test_the_migration_fills_reference_targets_and_index_row_moments(
    client: Client, lrs: dict[str, str]
) -> None:
    target = store(client, lrs, statement())
    referring = store(client, lrs, refers_to(target))
    Statement.objects.update(object_statement=None)
    migration = importlib.import_module("mainspring.records.migrations.0002_statement_refs")
    migration.fill_object_statement(apps, None)
    assert str(Statement.objects.get(id=referring).object_statement) == target
    assert Statement.objects.get(id=target).object_statement is None
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    StatementAgent.objects.update(stored=long_ago)
    StatementActivity.objects.update(stored=long_ago)
    migration.fill_index_stored(apps, None)
    for row in Statement.objects.all():
        assert {a.stored for a in row.agents.all()} == {row.stored}
    film = Statement.objects.get(id=target)
    assert {a.stored for a in film.activities.all()} == {film.stored}
