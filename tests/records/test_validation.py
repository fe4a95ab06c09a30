"""Statement validation against the xAPI 1.0.3 and 2.0 rules (pure, no database)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
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
    parse_timestamp,
    validate_actor,
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
    [
        "not-a-uuid",
        "3b4e2a5c8d0f4c1e9a772f6b1d0c9e11",
        "3b4e2a5c-8d0f-4c1e-9a77-2f6b1d0c9e1",
        "AA97B177-9383-4934-8543-0F91A7A028368",
        "MA97B177-9383-4934-8543-0F91A7A02836",
        {"key": "should fail"},
        7,
    ],
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
        ({"mbox": "mailto:should.fail.com"}, r"actor\.mbox must be a mailto: address"),
        ({"mbox": "http://should.fail.com"}, r"actor\.mbox must start with 'mailto:'"),
        ({"mbox_sha1sum": {"key": "value"}}, r"actor\.mbox_sha1sum must be 40"),
        ({"name": 123, "mbox": "mailto:a@example.com"}, r"actor\.name must be a string"),
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
        ({"id": "ab=c://should.fail.com"}, r"object\.id must be an absolute IRI"),
        ({"id": "https://e.com/a", "definition": "should error"}, r"definition must be a JSON"),
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
        "2008-09-15 15:53:00.601+00:00",
        "2008-09-15t15:53:00z",
        "20080915T155300.601Z",
        "20080915T1553+0530",
        "2024-02-29T00:00:00,5Z",
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
        "2024-05-01T09:30:00-00:00",
        "2024-05-01T09:30:00-0000",
        "2024-05-01T09:30:00-00",
        "2016-12-31T23:59:60Z",
        "2023-02-29T00:00:00Z",
        "2024-05-01T09:30:00+25:00",
        "01/011/2015",
        1714555800,
    ],
)
def test_malformed_timestamps_are_rejected(value: Any) -> None:
    rejects(changed(lambda s: s.update(timestamp=value)), "^timestamp must be an ISO 8601")


def test_a_timestamp_names_the_moment_it_spells() -> None:
    expected = datetime(2008, 9, 15, 10, 23, 0, 601000, tzinfo=UTC)
    assert parse_timestamp("2008-09-15T15:53:00.601+05:30") == expected
    assert parse_timestamp("20080915T102300.6010009Z") == expected
    assert parse_timestamp("2008-09-15 10:23:00.601z") == expected
    assert parse_timestamp("2008-09-15T10:23:00.601") == expected.replace(tzinfo=None)
    assert parse_timestamp("2008-09-15T10:23:00.601", offset_required=True) is None
    assert parse_timestamp("2013-13-01T00:00:00") is None


def test_a_timestamp_without_offset_is_accepted_in_1_0_but_not_in_2_0() -> None:
    stmt = changed(lambda s: s.update(timestamp="2024-05-01T09:30:00"))
    validate_statement(stmt, version=V1)
    rejects(stmt, "timestamp must be an RFC 3339 timestamp", version=V2)


def test_stored_must_be_a_timestamp() -> None:
    rejects(changed(lambda s: s.update(stored="soon")), "^stored must be")


# --- version and authority


@pytest.mark.parametrize("value", ["1.0", "1.0.0", "1.0.3", "1.0.9", "1.0.99"])
def test_statement_versions_of_the_1_0_family_are_accepted(value: str) -> None:
    validate_statement(changed(lambda s: s.update(version=value)), version=V1)


@pytest.mark.parametrize("value", ["1.1.0", "2.0.0", "0.9.9", "1", "0.95", "should fail", 1.0])
def test_other_statement_versions_are_rejected_under_1_0(value: Any) -> None:
    rejects(changed(lambda s: s.update(version=value)), "^version must be a version")


def test_a_2_0_request_takes_2_0_and_1_0_statement_versions() -> None:
    validate_statement(changed(lambda s: s.update(version="2.0.0")), version=V2)
    validate_statement(changed(lambda s: s.update(version="1.0.3")), version=V2)
    rejects(changed(lambda s: s.update(version="1.1.0")), "2.0.x or 1.0.x", version=V2)


def test_an_authority_may_be_an_agent_or_an_oauth_pair_group() -> None:
    agent = {"mbox": "mailto:lms@example.com"}
    app = {"account": {"homePage": "https://oauth.example.com", "name": "app"}}
    validate_statement(changed(lambda s: s.update(authority=agent)), version=V1)
    pair = {"objectType": "Group", "member": [agent, app]}
    validate_statement(changed(lambda s: s.update(authority=pair)), version=V1)
    trio = {"objectType": "Group", "member": [agent, app, {"mbox": "mailto:c@example.com"}]}
    rejects(changed(lambda s: s.update(authority=trio)), r"authority\.member must list exactly")


# --- small predicates


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "en-US",
        "es-419",
        "de",
        "ine",
        "i-enochian",
        "zh-Hant",
        "sr-Latn-RS",
        "zh-cmn-Hans-CN",
        "sl-rozaj-biske",
        "de-CH-1901",
        "hy-Latn-IT-arevela",
        "az-Arab-x-AZE-derbend",
        "x-whatever",
        "en-a-bbb-b-ccc",
    ],
)
def test_language_tags_are_recognised(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    ["", "english language", "en_US", "e", "en-", "de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", 5],
)
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
        ("PA1H0M0S", False),
        ("PT1H0M0.1S", True),
    ],
)
def test_durations_follow_iso_8601(value: str, *, ok: bool) -> None:
    assert is_duration(value) is ok


# --- voiding


def test_a_voiding_statement_must_refer_to_a_statement() -> None:
    voided = {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}}
    ref = {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}
    validate_statement(changed(lambda s: s.update(verb=voided, object=ref)), version=V1)
    rejects(changed(lambda s: s.update(verb=voided)), "^object must be a StatementRef")


# --- activity definitions and interactions


def with_definition(**definition: Any) -> Statement:
    return changed(lambda s: s["object"].update(definition=definition))


@pytest.mark.parametrize(
    "definition",
    [
        {},
        {
            "name": {"en": "Q1"},
            "description": {"en": "Pick one", "fr": "Choisissez"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "moreInfo": "https://example.com/q1",
            "extensions": {"https://example.com/ext/difficulty": {"level": 3}},
        },
        {"interactionType": "true-false", "correctResponsesPattern": ["true"]},
        {
            "interactionType": "choice",
            "correctResponsesPattern": ["a[,]b"],
            "choices": [{"id": "a", "description": {"en": "A"}}, {"id": "b"}],
        },
        {"interactionType": "sequencing", "choices": [{"id": "x"}, {"id": "y"}]},
        {"interactionType": "likert", "scale": [{"id": "1"}, {"id": "2"}]},
        {"interactionType": "matching", "source": [{"id": "s"}], "target": [{"id": "t"}]},
        {"interactionType": "performance", "steps": [{"id": "step 1"}]},
        {"interactionType": "numeric", "correctResponsesPattern": ["1[:]5"]},
        {"interactionType": "other", "correctResponsesPattern": []},
        {"interactionType": "fill-in"},
        {"interactionType": "long-fill-in"},
    ],
)
def test_valid_activity_definitions_are_accepted(definition: dict[str, Any]) -> None:
    validate_statement(with_definition(**definition), version=V1)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"name": "Safety"}, r"definition\.name must be a language map"),
        ({"description": {"en_GB": "x"}}, "not a language tag"),
        ({"type": "course"}, r"definition\.type must be an absolute IRI"),
        ({"moreInfo": "www.example.com"}, r"definition\.moreInfo must be an absolute IRI"),
        ({"extensions": {"difficulty": 3}}, "key that is not an absolute IRI: 'difficulty'"),
        ({"extensions": []}, r"definition\.extensions must be an object"),
        ({"interactionType": "essay"}, r"interactionType must be one of"),
        ({"interactionType": "Choice"}, r"interactionType must be one of"),
        ({"correctResponsesPattern": ["a"]}, "needs an interactionType"),
        ({"choices": [{"id": "a"}]}, r"choices is not allowed with no interactionType"),
        (
            {"interactionType": "true-false", "choices": [{"id": "a"}]},
            r"choices is not allowed with 'true-false'",
        ),
        ({"interactionType": "likert", "choices": [{"id": "a"}]}, "not allowed with 'likert'"),
        ({"interactionType": "choice", "correctResponsesPattern": "a"}, "list of strings"),
        ({"interactionType": "choice", "correctResponsesPattern": [1]}, "list of strings"),
        ({"interactionType": "choice", "choices": {"id": "a"}}, "list of interaction comp"),
        ({"interactionType": "choice", "choices": [{"id": 1}]}, r"choices\[0\]\.id must be"),
        ({"interactionType": "choice", "choices": [{}]}, r"choices\[0\]\.id is required"),
        (
            {"interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]},
            r"choices\[1\]\.id repeats the id 'a'",
        ),
        (
            {"interactionType": "likert", "scale": [{"id": "1", "label": "x"}]},
            r"scale\[0\] has a property .*: label",
        ),
        ({"colour": "red"}, "does not allow: colour"),
    ],
)
def test_invalid_activity_definitions_are_rejected(
    definition: dict[str, Any], message: str
) -> None:
    rejects(with_definition(**definition), message)


def test_extension_values_are_never_judged() -> None:
    odd = {"https://example.com/x": [None, {"a": None}, "", 0, False]}
    validate_statement(with_definition(extensions=odd), version=V1)


# --- result


def with_result(**result: Any) -> Statement:
    return changed(lambda s: s.update(result=result))


@pytest.mark.parametrize(
    "result",
    [
        {},
        {"success": True, "completion": False, "response": "b", "duration": "PT4H35M59.14S"},
        {"score": {"scaled": -1}},
        {"score": {"scaled": 1.0, "raw": 10, "min": 0, "max": 10}},
        {"score": {"raw": -5}},
        {"score": {"raw": 0.5, "min": 0.5}},
        {"duration": "P16559.14S"},
        {"extensions": {"https://example.com/ext/attempt": 2}},
    ],
)
def test_valid_results_are_accepted(result: dict[str, Any]) -> None:
    validate_statement(with_result(**result), version=V1)


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ({"score": {"scaled": 1.5}}, r"result\.score\.scaled must be between -1 and 1"),
        ({"score": {"scaled": -1.01}}, r"scaled must be between -1 and 1"),
        ({"score": {"scaled": "0.5"}}, r"result\.score\.scaled must be a number"),
        ({"score": {"raw": True}}, r"result\.score\.raw must be a number"),
        ({"score": {"min": 10, "max": 10}}, r"result\.score\.min must be less than max"),
        ({"score": {"min": 10, "max": 5}}, r"min must be less than max"),
        ({"score": {"raw": 11, "max": 10}}, r"result\.score\.raw must not be more than max"),
        ({"score": {"raw": -1, "min": 0}}, r"result\.score\.raw must not be less than min"),
        ({"score": {"percent": 50}}, "does not allow: percent"),
        ({"success": "true"}, r"result\.success must be true or false"),
        ({"completion": 1}, r"result\.completion must be true or false"),
        ({"response": 42}, r"result\.response must be a string"),
        ({"duration": "1 hour"}, r"result\.duration must be an ISO 8601 duration"),
        ({"duration": "P1W2D"}, r"result\.duration must be an ISO 8601 duration"),
        ({"extensions": {"attempt": 2}}, "not an absolute IRI"),
        ({"grade": "A"}, "does not allow: grade"),
    ],
)
def test_invalid_results_are_rejected(result: dict[str, Any], message: str) -> None:
    rejects(with_result(**result), message)


# --- context


def with_context(**context: Any) -> Statement:
    return changed(lambda s: s.update(context=context))


REF = {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}


@pytest.mark.parametrize(
    "context",
    [
        {},
        {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"},
        {"instructor": {"mbox": "mailto:teacher@example.com"}},
        {"instructor": {"objectType": "Group", "member": [{"mbox": "mailto:t@example.com"}]}},
        {"team": {"objectType": "Group", "mbox": "mailto:team@example.com"}},
        {
            "contextActivities": {
                "parent": {"id": "https://example.com/program"},
                "grouping": [{"id": "https://example.com/g", "objectType": "Activity"}],
                "category": [],
                "other": [{"id": "https://example.com/o", "definition": {"name": {"en": "o"}}}],
            }
        },
        {"revision": "r2", "platform": "Moodle", "language": "tlh"},
        {"language": "supercalifragilisticexpialidociouswhatabouthhhhhhh1"},
        {"statement": REF},
        {"extensions": {"https://example.com/ext/room": "B12"}},
    ],
)
def test_valid_contexts_are_accepted(context: dict[str, Any]) -> None:
    validate_statement(with_context(**context), version=V1)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"registration": "abc"}, r"context\.registration must be a UUID"),
        ({"instructor": {"name": "Mr X"}}, r"context\.instructor must have exactly one"),
        ({"team": {"mbox": "mailto:team@example.com"}}, r"context\.team must be a Group"),
        ({"contextActivities": {"sibling": []}}, "does not allow: sibling"),
        ({"contextActivities": {"parent": "https://e.com/p"}}, r"parent must be a JSON object"),
        (
            {"contextActivities": {"grouping": [{"id": "https://e.com/g"}, {"id": "g"}]}},
            r"context\.contextActivities\.grouping\[1\]\.id must be an absolute IRI",
        ),
        (
            {"contextActivities": {"parent": {"objectType": "Agent", "id": "https://e.com"}}},
            r"parent\.objectType must be 'Activity'",
        ),
        ({"language": 5}, r"context\.language must be a string"),
        ({"revision": 2}, r"context\.revision must be a string"),
        ({"statement": {"id": REF["id"]}}, r"context\.statement\.objectType must be"),
        ({"extensions": {"room": "B12"}}, "not an absolute IRI"),
        ({"contextAgents": []}, "does not allow: contextAgents"),
        ({"contextGroups": []}, "does not allow: contextGroups"),
    ],
)
def test_invalid_contexts_are_rejected(context: dict[str, Any], message: str) -> None:
    rejects(with_context(**context), message)


@pytest.mark.parametrize("key", ["revision", "platform"])
def test_revision_and_platform_only_go_with_an_activity_object(key: str) -> None:
    stmt = changed(lambda s: s.update(object=REF, context={key: "x"}))
    rejects(stmt, f"context\\.{key} is only allowed when the object is an Activity")
    agent_object = {"objectType": "Agent", "mbox": "mailto:b@example.com"}
    rejects(changed(lambda s: s.update(object=agent_object, context={key: "x"})), "only allowed")


def test_2_0_allows_context_agents_and_groups() -> None:
    stmt = with_context(
        contextAgents=[
            {
                "objectType": "contextAgent",
                "agent": {"mbox": "mailto:coach@example.com"},
                "relevantTypes": ["https://example.com/types/coach"],
            },
            {"objectType": "contextAgent", "agent": {"mbox": "mailto:peer@example.com"}},
        ],
        contextGroups=[
            {
                "objectType": "contextGroup",
                "group": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]},
                "relevantTypes": ["https://example.com/types/cohort"],
            }
        ],
    )
    validate_statement(stmt, version=V2)
    rejects(stmt, "does not allow: contextAgents", version=V1)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"contextAgents": {"agent": {}}}, r"context\.contextAgents must be a list"),
        (
            {"contextAgents": [{"agent": {"mbox": "mailto:a@example.com"}}]},
            r"contextAgents\[0\]\.objectType must be 'contextAgent'",
        ),
        ({"contextAgents": [{"objectType": "contextAgent"}]}, r"\[0\]\.agent is required"),
        (
            {
                "contextAgents": [
                    {
                        "objectType": "contextAgent",
                        "agent": {"objectType": "Group", "mbox": "mailto:g@example.com"},
                    }
                ]
            },
            r"contextAgents\[0\]\.agent\.objectType must be 'Agent'",
        ),
        (
            {
                "contextAgents": [
                    {
                        "objectType": "contextAgent",
                        "agent": {"mbox": "mailto:a@example.com"},
                        "relevantTypes": [],
                    }
                ]
            },
            r"relevantTypes must be a non-empty list",
        ),
        (
            {
                "contextAgents": [
                    {
                        "objectType": "contextAgent",
                        "agent": {"mbox": "mailto:a@example.com"},
                        "relevantTypes": ["coach"],
                    }
                ]
            },
            r"relevantTypes\[0\] must be an absolute IRI",
        ),
        (
            {
                "contextGroups": [
                    {"objectType": "contextGroup", "group": {"mbox": "mailto:g@example.com"}}
                ]
            },
            r"contextGroups\[0\]\.group\.objectType must be 'Group'",
        ),
    ],
)
def test_invalid_2_0_context_agents_and_groups_are_rejected(
    context: dict[str, Any], message: str
) -> None:
    rejects(with_context(**context), message, version=V2)


# --- attachments


def attachment(**extra: Any) -> dict[str, Any]:
    return {
        "usageType": "http://adlnet.gov/expapi/attachments/signature",
        "display": {"en-US": "Signature"},
        "contentType": "application/octet-stream",
        "length": 4235,
        "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
        **extra,
    }


def test_valid_attachments_are_accepted() -> None:
    stmt = changed(
        lambda s: s.update(
            attachments=[
                attachment(),
                attachment(
                    description={"en": "A scan"},
                    fileUrl="https://example.com/cert.pdf",
                    contentType="application/pdf",
                    length=0,
                ),
            ]
        )
    )
    validate_statement(stmt, version=V1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"usageType": "signature"}, r"attachments\[0\]\.usageType must be an absolute IRI"),
        ({"display": "Signature"}, r"attachments\[0\]\.display must be a language map"),
        ({"description": {"en_GB": "x"}}, "not a language tag"),
        ({"contentType": "pdf"}, r"attachments\[0\]\.contentType must be an Internet media"),
        ({"length": "4235"}, r"attachments\[0\]\.length must be a whole number"),
        ({"length": 1.5}, r"length must be a whole number"),
        ({"length": -1}, r"length must be a whole number"),
        ({"sha2": "xyz"}, r"attachments\[0\]\.sha2 must be the SHA-2 hash"),
        ({"sha2": "ab" * 10}, r"sha2 must be the SHA-2 hash"),
        ({"fileUrl": "cert.pdf"}, r"attachments\[0\]\.fileUrl must be an absolute IRI"),
        ({"size": 1}, "does not allow: size"),
    ],
)
def test_invalid_attachments_are_rejected(edit: dict[str, Any], message: str) -> None:
    rejects(changed(lambda s: s.update(attachments=[attachment(**edit)])), message)


@pytest.mark.parametrize("required", ["usageType", "display", "contentType", "length", "sha2"])
def test_attachment_properties_are_required(required: str) -> None:
    bad = attachment()
    del bad[required]
    rejects(
        changed(lambda s: s.update(attachments=[bad])),
        f"attachments\\[0\\]\\.{required} is required",
    )


def test_attachments_must_be_a_list() -> None:
    rejects(changed(lambda s: s.update(attachments=attachment())), "^attachments must be a list")


# --- whole-statement properties


@given(st.sampled_from(["actor", "verb", "object"]), st.sampled_from([[], "x", 1, True]))
def test_core_parts_that_are_not_objects_are_rejected_with_their_name(
    part: str, value: Any
) -> None:
    with pytest.raises(InvalidStatement, match=f"^{part}"):
        validate_statement(changed(lambda s: s.update({part: value})), version=V1)


def test_a_null_top_level_property_is_named_plainly() -> None:
    rejects(changed(lambda s: s.update(id=None)), "^id must not be null")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_scores_are_rejected(value: float) -> None:
    rejects(with_result(score={"raw": value}), r"result\.score\.raw must be a number")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _rich() -> Statement:
    stmt = with_context(
        registration="ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        instructor={"objectType": "Group", "member": [{"mbox": "mailto:t@example.com"}]},
        contextActivities={"parent": [{"id": "https://example.com/p"}]},
        contextAgents=[{"objectType": "contextAgent", "agent": {"mbox": "mailto:c@e.com"}}],
    )
    stmt["result"] = {"score": {"raw": 1, "min": 0, "max": 2}, "duration": "PT1S"}
    stmt["attachments"] = [attachment()]
    stmt["object"]["definition"].update(interactionType="choice", choices=[{"id": "a"}])
    return stmt


@given(st.data(), JSON)
def test_any_edit_of_a_statement_is_either_valid_or_rejected_with_a_message(
    data: st.DataObject, replacement: Any
) -> None:
    stmt = _rich()
    path = data.draw(st.sampled_from(_paths(stmt)[1:]))
    parent: Any = stmt
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = replacement
    messages = []
    for version in (V1, V2):
        try:
            validate_statement(stmt, version=version)
        except InvalidStatement as error:
            messages.append(str(error))
    assert all(message.strip() for message in messages)


def test_agent_parameters_are_validated_like_actors() -> None:
    validate_actor({"mbox": "mailto:a@example.com"}, version=V1)
    validate_actor({"objectType": "Group", "mbox": "mailto:g@example.com"}, version=V2)
    with pytest.raises(InvalidStatement, match=r"^agent\.mbox must start with 'mailto:'"):
        validate_actor({"mbox": "a@example.com"}, version=V1)
    with pytest.raises(InvalidStatement, match=r"^agent must be a JSON object"):
        validate_actor(["x"], version=V1)
    with pytest.raises(InvalidStatement, match=r"^instructor has a property .*: id"):
        validate_actor({"id": 1, "mbox": "mailto:a@example.com"}, version=V1, name="instructor")
