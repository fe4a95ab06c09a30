"""Canonical agent keys and the agents and activities a statement mentions (pure)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.records.agents import (
    agent_key,
    group_member_keys,
    mbox_sha1,
    statement_activities,
    statement_agents,
)

ANA = {"mbox": "mailto:ana@example.com"}
BEN = {"account": {"homePage": "https://lms.example.com", "name": "ben"}}
CAL = {"openid": "https://id.example.com/cal"}
DEE = {"mbox_sha1sum": "0" * 40}


@pytest.mark.parametrize(
    ("agent", "key"),
    [
        (ANA, "mbox:mailto:ana@example.com"),
        ({"objectType": "Agent", "name": "Ana", **ANA}, "mbox:mailto:ana@example.com"),
        (BEN, "account:https://lms.example.com|ben"),
        (CAL, "openid:https://id.example.com/cal"),
        (DEE, "mbox_sha1sum:" + "0" * 40),
        (
            {"objectType": "Group", "mbox": "mailto:team@example.com", "member": [ANA]},
            "mbox:mailto:team@example.com",
        ),
    ],
)
def test_the_key_is_the_one_identifier_written_as_a_string(agent: Any, key: str) -> None:
    assert agent_key(agent) == key


def test_keys_keep_case_as_given() -> None:
    assert agent_key({"mbox": "mailto:Ana@Example.com"}) != agent_key(ANA)


@pytest.mark.parametrize(
    "agent",
    [{}, {"name": "Ana"}, {**ANA, **CAL}, {"objectType": "Group", "member": [ANA]}],
)
def test_an_agent_without_exactly_one_identifier_has_no_key(agent: Any) -> None:
    with pytest.raises(ValueError, match="identifier"):
        agent_key(agent)


@given(st.text(min_size=1), st.text(min_size=1))
def test_account_keys_differ_when_home_page_or_name_differ(home: str, name: str) -> None:
    key = agent_key({"account": {"homePage": home, "name": name}})
    assert key == f"account:{home}|{name}"
    assert key != agent_key({"account": {"homePage": home, "name": name + "x"}})


def test_mbox_sha1_hashes_the_whole_mailto_address() -> None:
    expected = hashlib.sha1(b"mailto:ana@example.com").hexdigest()
    assert mbox_sha1("mailto:ana@example.com") == expected
    assert mbox_sha1("ana@example.com") == expected


def test_group_member_keys_lists_identified_members_in_order() -> None:
    group = {"objectType": "Group", "member": [BEN, {"name": "anonymous"}, ANA]}
    assert group_member_keys(group) == [agent_key(BEN), agent_key(ANA)]
    assert group_member_keys({"objectType": "Group", "mbox": "mailto:t@example.com"}) == []


def statement(**extra: Any) -> dict[str, Any]:
    return {
        "actor": ANA,
        "verb": {"id": "https://example.com/verbs/v"},
        "object": {"id": "https://example.com/course"},
        **extra,
    }


def test_the_actor_is_a_direct_agent() -> None:
    assert statement_agents(statement()) == [(agent_key(ANA), True)]


def test_group_actor_is_direct_and_its_members_indirect() -> None:
    group = {"objectType": "Group", "mbox": "mailto:team@example.com", "member": [BEN, CAL]}
    assert statement_agents(statement(actor=group)) == [
        ("mbox:mailto:team@example.com", True),
        (agent_key(BEN), False),
        (agent_key(CAL), False),
    ]


def test_an_anonymous_group_contributes_only_its_members() -> None:
    group = {"objectType": "Group", "member": [BEN]}
    assert statement_agents(statement(actor=group)) == [(agent_key(BEN), False)]


def test_an_agent_object_is_direct() -> None:
    stmt = statement(object={"objectType": "Agent", **BEN})
    assert statement_agents(stmt) == [(agent_key(ANA), True), (agent_key(BEN), True)]


def test_context_authority_and_sub_statement_agents_are_indirect() -> None:
    stmt = statement(
        object={
            "objectType": "SubStatement",
            "actor": DEE,
            "verb": {"id": "https://example.com/verbs/v"},
            "object": {"objectType": "Agent", **CAL},
        },
        context={
            "instructor": BEN,
            "team": {"objectType": "Group", "member": [{"mbox": "mailto:t1@example.com"}]},
            "contextAgents": [
                {"objectType": "contextAgent", "agent": {"mbox": "mailto:c@example.com"}}
            ],
            "contextGroups": [
                {"objectType": "contextGroup", "group": {"objectType": "Group", **CAL}}
            ],
        },
        authority={"mbox": "mailto:lms@example.com"},
    )
    assert dict(statement_agents(stmt)) == {
        agent_key(ANA): True,
        agent_key(DEE): False,
        agent_key(CAL): False,
        agent_key(BEN): False,
        "mbox:mailto:t1@example.com": False,
        "mbox:mailto:c@example.com": False,
        "mbox:mailto:lms@example.com": False,
    }


def test_an_agent_named_twice_is_listed_once_and_direct_wins() -> None:
    stmt = statement(context={"instructor": ANA}, authority=ANA)
    assert statement_agents(stmt) == [(agent_key(ANA), True)]


def test_the_object_activity_is_direct_and_context_activities_indirect() -> None:
    stmt = statement(
        context={
            "contextActivities": {
                "parent": {"id": "https://example.com/program"},
                "grouping": [{"id": "https://example.com/g1"}, {"id": "https://example.com/g2"}],
                "category": [{"id": "https://example.com/course"}],
                "other": [],
            }
        }
    )
    assert statement_activities(stmt) == [
        ("https://example.com/course", True),
        ("https://example.com/program", False),
        ("https://example.com/g1", False),
        ("https://example.com/g2", False),
    ]


def test_sub_statement_activities_are_indirect_and_non_activity_objects_give_none() -> None:
    sub = {
        "objectType": "SubStatement",
        "actor": ANA,
        "verb": {"id": "https://example.com/verbs/v"},
        "object": {"id": "https://example.com/inner"},
        "context": {"contextActivities": {"parent": [{"id": "https://example.com/p"}]}},
    }
    assert statement_activities(statement(object=sub)) == [
        ("https://example.com/inner", False),
        ("https://example.com/p", False),
    ]
    ref = {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}
    assert statement_activities(statement(object=ref)) == []


@pytest.mark.parametrize(
    "agent",
    [
        [],
        "mailto:a@example.com",
        {"mbox": 5},
        {"openid": ["https://id.example.com/a"]},
        {"account": "ana"},
        {"account": {"name": "ana"}},
        {"account": {"homePage": "https://lms.example.com", "name": 7}},
    ],
)
def test_an_identifier_of_the_wrong_shape_has_no_key(agent: Any) -> None:
    with pytest.raises(ValueError, match="agent"):
        agent_key(agent)
