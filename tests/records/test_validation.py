"""Statement validation against the xAPI 1.0.3 and 2.0 rules (pure, no database)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.records.validation import (
    InvalidStatement,
    is_duration,
    is_iri,
    is_language_tag,
    is_timestamp,
    validate_statement,
)

V1 = "1.0.3"
V2 = "2.0.0"

Statement = dict[str, Any]


def base() -> Statement:
    return {
        "id": "3b4e2a5c-8d0f-4c1e-9a77-2f6b1d0c9e11",
        "actor": {"objectType": "Agent", "name": "Ana", "mbox": "mailto:ana@example.com"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed"},
        },
        "object": {
            "objectType": "Activity",
            "id": "https://example.com/courses/safety",
            "definition": {
                "name": {"en": "Safety basics"},
                "type": "http://adlnet.gov/expapi/activities/course",
            },
        },
        "timestamp": "2024-05-01T09:30:00.123Z",
    }


def changed(edit: Callable[[Statement], object]) -> Statement:
    stmt = copy.deepcopy(base())
    edit(stmt)
    return stmt


def rejects(stmt: Any, message: str, *, version: str = V1) -> None:
    with pytest.raises(InvalidStatement, match=message):
        validate_statement(stmt, version=version)


# --- the whole statement


@pytest.mark.parametrize("version", [V1, "1.0.0", "1.0.1", V2])
def test_a_typical_statement_is_valid_in_every_version(version: str) -> None:
    validate_statement(base(), version=version)


def test_a_minimal_statement_with_only_actor_verb_and_object_is_valid() -> None:
    validate_statement(
        {
            "actor": {"mbox": "mailto:a@example.com"},
            "verb": {"id": "https://example.com/verbs/did"},
            "object": {"id": "https://example.com/a"},
        },
        version=V1,
    )


@pytest.mark.parametrize("missing", ["actor", "verb", "object"])
def test_a_statement_without_actor_verb_or_object_is_rejected(missing: str) -> None:
    rejects(changed(lambda s: s.pop(missing)), f"^{missing} is required")


@pytest.mark.parametrize("data", [None, [], "statement", 3])
def test_a_statement_that_is_not_an_object_is_rejected(data: Any) -> None:
    rejects(data, "statement must be a JSON object")


def test_an_unknown_top_level_property_is_rejected() -> None:
    rejects(changed(lambda s: s.update(colour="blue")), "does not allow: colour")


def test_a_null_value_is_rejected() -> None:
    rejects(changed(lambda s: s["actor"].update(name=None)), r"actor\.name must not be null")


def test_null_is_allowed_inside_extensions() -> None:
    stmt = changed(lambda s: s.update(result={"extensions": {"https://example.com/x": None}}))
    validate_statement(stmt, version=V1)


@pytest.mark.parametrize(
    "ident",
    ["not-a-uuid", "3b4e2a5c8d0f4c1e9a772f6b1d0c9e11", "3b4e2a5c-8d0f-4c1e-9a77-2f6b1d0c9e1", 7],
)
def test_an_id_that_is_not_a_uuid_is_rejected(ident: Any) -> None:
    rejects(changed(lambda s: s.update(id=ident)), "id must be a UUID")


@given(st.uuids())
def test_any_uuid_is_accepted_as_id_in_either_case(value: Any) -> None:
    validate_statement(changed(lambda s: s.update(id=str(value).upper())), version=V1)
    validate_statement(changed(lambda s: s.update(id=str(value))), version=V1)


# --- actor


@pytest.mark.parametrize(
    "actor",
    [
        {"mbox": "mailto:ana@example.com"},
        {"objectType": "Agent", "mbox_sha1sum": "a" * 40},
        {"openid": "https://openid.example.com/ana"},
        {"account": {"homePage": "https://lms.example.com", "name": "ana"}},
        {"objectType": "Group", "member": [{"mbox": "mailto:b@example.com"}]},
        {"objectType": "Group", "name": "Team", "mbox": "mailto:team@example.com"},
        {
            "objectType": "Group",
            "account": {"homePage": "https://lms.example.com", "name": "t1"},
            "member": [{"mbox": "mailto:b@example.com"}],
        },
    ],
)
def test_valid_actors_are_accepted(actor: dict[str, Any]) -> None:
    validate_statement(changed(lambda s: s.update(actor=actor)), version=V1)


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        ({"name": "Ana"}, "actor must have exactly one of"),
        (
            {"mbox": "mailto:a@example.com", "openid": "https://id.example.com/a"},
            "actor must have exactly one of",
        ),
        ({"mbox": "ana@example.com"}, r"actor\.mbox must start with 'mailto:'"),
        ({"mbox": "mailto:nobody"}, r"actor\.mbox must be a mailto: address"),
        ({"mbox_sha1sum": "xyz"}, r"actor\.mbox_sha1sum must be 40 hexadecimal"),
        ({"openid": "not an iri"}, r"actor\.openid must be an absolute IRI"),
        ({"account": {"name": "ana"}}, r"actor\.account\.homePage is required"),
        ({"account": {"homePage": "https://x.example.com"}}, r"actor\.account\.name is required"),
        (
            {"account": {"homePage": "lms", "name": "ana"}},
            r"actor\.account\.homePage must be an absolute IRI",
        ),
        (
            {"account": {"homePage": "https://x.example.com", "name": "a", "id": 1}},
            r"actor\.account has a property",
        ),
        ({"objectType": "Person", "mbox": "mailto:a@example.com"}, "must be 'Agent'"),
        ({"mbox": "mailto:a@example.com", "member": []}, "does not allow: member"),
        ({"objectType": "Group", "name": "Nobody"}, r"actor\.member is required"),
        ({"objectType": "Group", "member": []}, r"actor\.member must list at least one"),
        ({"objectType": "Group", "member": {"mbox": "mailto:a@x.com"}}, "must be a list"),
        (
            {
                "objectType": "Group",
                "member": [{"objectType": "Group", "mbox": "mailto:g@example.com"}],
            },
            r"actor\.member\[0\] must be an agent",
        ),
        (
            {"objectType": "Group", "member": [{"name": "No identifier"}]},
            r"actor\.member\[0\] must have exactly one",
        ),
        (
            {
                "objectType": "Group",
                "mbox": "mailto:g@example.com",
                "openid": "https://id.example.com/g",
            },
            "actor must have at most one",
        ),
        ("mailto:a@example.com", "actor must be a JSON object"),
    ],
)
def test_invalid_actors_are_rejected_naming_the_path(actor: Any, message: str) -> None:
    rejects(changed(lambda s: s.update(actor=actor)), message)


# --- verb


@pytest.mark.parametrize(
    ("verb", "message"),
    [
        ({"display": {"en": "did"}}, r"verb\.id is required"),
        ({"id": "completed"}, r"verb\.id must be an absolute IRI"),
        ({"id": "http://example.com/has space"}, r"verb\.id must be an absolute IRI"),
        ({"id": "https://example.com/v", "display": "did"}, r"verb\.display must be a language"),
        (
            {"id": "https://example.com/v", "display": {"not a tag": "did"}},
            "not a language tag",
        ),
        ({"id": "https://example.com/v", "display": {"en": 1}}, r"verb\.display\.en must be a"),
        ({"id": "https://example.com/v", "name": "x"}, "does not allow: name"),
    ],
)
def test_invalid_verbs_are_rejected(verb: Any, message: str) -> None:
    rejects(changed(lambda s: s.update(verb=verb)), message)


# --- object


@pytest.mark.parametrize(
    "obj",
    [
        {"id": "https://example.com/a"},
        {"objectType": "Agent", "mbox": "mailto:b@example.com"},
        {"objectType": "Group", "member": [{"mbox": "mailto:b@example.com"}]},
        {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
        {
            "objectType": "SubStatement",
            "actor": {"mbox": "mailto:b@example.com"},
            "verb": {"id": "https://example.com/verbs/will-visit"},
            "object": {"id": "https://example.com/a"},
            "timestamp": "2024-06-01T00:00:00Z",
        },
    ],
)
def test_valid_objects_are_accepted(obj: dict[str, Any]) -> None:
    validate_statement(changed(lambda s: s.update(object=obj)), version=V1)


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"objectType": "Activity"}, r"object\.id is required"),
        ({"id": "safety"}, r"object\.id must be an absolute IRI"),
        ({"objectType": "Thing", "id": "https://e.com/a"}, r"object\.objectType must be one of"),
        ({"id": "https://e.com/a", "name": "x"}, "object has a property .* name"),
        ({"mbox": "mailto:a@example.com"}, "does not allow: mbox"),
        ({"objectType": "StatementRef", "id": "nope"}, r"object\.id must be a UUID"),
        (
            {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0", "x": 1},
            "does not allow: x",
        ),
        ({"objectType": "SubStatement", "verb": {"id": "https://e.com/v"}}, r"object\.actor is"),
    ],
)
def test_invalid_objects_are_rejected(obj: Any, message: str) -> None:
    rejects(changed(lambda s: s.update(object=obj)), message)


def sub_statement(**extra: Any) -> dict[str, Any]:
    return {
        "objectType": "SubStatement",
        "actor": {"mbox": "mailto:b@example.com"},
        "verb": {"id": "https://example.com/verbs/v"},
        "object": {"id": "https://example.com/a"},
        **extra,
    }


@pytest.mark.parametrize(
    "forbidden",
    [
        {"id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
        {"stored": "2024-01-01T00:00:00Z"},
        {"version": "1.0.3"},
        {"authority": {"mbox": "mailto:a@example.com"}},
    ],
)
def test_a_sub_statement_may_not_carry_id_stored_version_or_authority(
    forbidden: dict[str, Any],
) -> None:
    rejects(changed(lambda s: s.update(object=sub_statement(**forbidden))), "object has a")


def test_a_sub_statement_may_not_contain_another_sub_statement() -> None:
    nested = sub_statement(object=sub_statement())
    rejects(
        changed(lambda s: s.update(object=nested)),
        r"object\.object\.objectType must not be 'SubStatement'",
    )


def test_a_sub_statement_is_validated_like_a_statement() -> None:
    bad = sub_statement(actor={"mbox": "a@example.com"})
    rejects(changed(lambda s: s.update(object=bad)), r"object\.actor\.mbox must start")


# --- timestamps


@pytest.mark.parametrize(
    "value",
    [
        "2024-05-01T09:30:00Z",
        "2024-05-01T09:30:00.123456Z",
        "2024-05-01T09:30:00+02:00",
        "2024-05-01T09:30:00+0200",
        "2024-05-01T09:30:00-05",
        "2024-05-01T09:30Z",
        "2016-12-31T23:59:60Z",
    ],
)
def test_iso_8601_timestamps_are_accepted(value: str) -> None:
    assert is_timestamp(value)
    validate_statement(changed(lambda s: s.update(timestamp=value)), version=V1)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2024-05-01",
        "2024-13-01T09:30:00Z",
        "2024-05-01T25:30:00Z",
        "2024-05-01 09:30:00Z",
        "2024-05-01T09:30:00-00:00",
        "2024-05-01T09:30:00-0000",
        "2024-05-01T09:30:00-00",
        1714555800,
    ],
)
def test_malformed_timestamps_are_rejected(value: Any) -> None:
    rejects(changed(lambda s: s.update(timestamp=value)), "^timestamp must be an ISO 8601")


def test_a_timestamp_without_offset_is_accepted_in_1_0_but_not_in_2_0() -> None:
    stmt = changed(lambda s: s.update(timestamp="2024-05-01T09:30:00"))
    validate_statement(stmt, version=V1)
    rejects(stmt, "timestamp must be an RFC 3339 timestamp", version=V2)


def test_stored_must_be_a_timestamp() -> None:
    rejects(changed(lambda s: s.update(stored="soon")), "^stored must be")


# --- version and authority


@pytest.mark.parametrize("value", ["1.0", "1.0.0", "1.0.3", "1.0.99"])
def test_statement_versions_of_the_1_0_family_are_accepted(value: str) -> None:
    validate_statement(changed(lambda s: s.update(version=value)), version=V1)


@pytest.mark.parametrize("value", ["1.1.0", "2.0.0", "1", "0.95", 1.0])
def test_other_statement_versions_are_rejected_under_1_0(value: Any) -> None:
    rejects(changed(lambda s: s.update(version=value)), "^version must be a version")


def test_a_2_0_request_takes_2_0_statement_versions_only() -> None:
    validate_statement(changed(lambda s: s.update(version="2.0.0")), version=V2)
    rejects(changed(lambda s: s.update(version="1.0.3")), "of the form 2.0.0", version=V2)


def test_an_authority_may_be_an_agent_or_an_oauth_pair_group() -> None:
    agent = {"mbox": "mailto:lms@example.com"}
    app = {"account": {"homePage": "https://oauth.example.com", "name": "app"}}
    validate_statement(changed(lambda s: s.update(authority=agent)), version=V1)
    pair = {"objectType": "Group", "member": [agent, app]}
    validate_statement(changed(lambda s: s.update(authority=pair)), version=V1)
    trio = {"objectType": "Group", "member": [agent, app, {"mbox": "mailto:c@example.com"}]}
    rejects(changed(lambda s: s.update(authority=trio)), r"authority\.member must list exactly")


# --- small predicates


@pytest.mark.parametrize("tag", ["en", "en-US", "zh-Hant-TW", "de-CH-1901", "x-klingon", "es-419"])
def test_language_tags_are_recognised(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", ["", "english language", "en_US", "e", "en-", 5])
def test_non_language_tags_are_refused(tag: Any) -> None:
    assert not is_language_tag(tag)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.com/a?b=c#d", True),
        ("urn:uuid:8f87ccde-bb56-4c2e-ab83-44982ef22df0", True),
        ("tag:example.com,2024:x", True),
        ("https://例え.jp/パス", True),
        ("/relative/path", False),
        ("example.com", False),
        ("https://example.com/a b", False),
        ("", False),
    ],
)
def test_iris_must_be_absolute(value: str, *, ok: bool) -> None:
    assert is_iri(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("PT1H30M", True),
        ("P1Y2M3DT4H5M6.5S", True),
        ("PT0.25S", True),
        ("P2W", True),
        ("P", False),
        ("PT", False),
        ("1H", False),
        ("PT1H30", False),
    ],
)
def test_durations_follow_iso_8601(value: str, *, ok: bool) -> None:
    assert is_duration(value) is ok
