"""format=canonical: one language per map, chosen from Accept-Language (records.formats).

Written from xAPI 1.0.3 Part Three §2.1.3 ("Language Filtering Requirements for Canonical
Format Statements") and RFC 2616 §14.4 (Accept-Language).
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mainspring.records.formats import accepted_languages, best_language, canonical
from mainspring.records.models import LrsClient

URL = "/xapi/statements"
EXAM = "https://example.com/exams/forklift"
NAME = {"en-US": "Forklift exam", "de-DE": "Staplerprüfung", "fr": "Examen chariot"}


# --- choosing the language -----------------------------------------------------------------


def choose(header: str | None, tags: list[str]) -> str | None:
    return best_language(tags, accepted_languages(header))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE", "de-DE"),
        ("fr, de;q=0.9", "fr"),
        ("de;q=0.5, fr;q=0.8", "fr"),
        ("de", "de-DE"),  # a range matches the tags it prefixes
        ("en-GB", "en-US"),  # no match: the same primary language
        ("ja", "en-US"),  # nothing close: the map's first entry
        (None, "en-US"),
        ("*", "en-US"),
        ("*;q=0.1, fr", "fr"),
        ("en;q=0, *", "de-DE"),  # refused with q=0, whatever else matches
        ("EN-us", "en-US"),  # tags compare without case
        ("de;q=banana, fr", "fr"),  # an unreadable entry is skipped
    ],
)
def test_the_best_tag_follows_the_accept_language_rules(header: str | None, expected: str) -> None:
    assert choose(header, list(NAME)) == expected


def test_the_longest_matching_range_sets_a_tags_quality() -> None:
    # en-US matches both "en" (q=1) and "en-US" (q=0.1): the longer range decides.
    assert choose("en, en-US;q=0.1, de;q=0.5", ["en-US", "de-DE"]) == "de-DE"


def test_an_empty_map_has_no_language() -> None:
    assert choose("en", []) is None


# --- shaping statements --------------------------------------------------------------------


def rich_statement() -> dict[str, Any]:
    choices = [
        {"id": "a", "description": {"en-US": "Left", "de-DE": "Links"}},
        {"id": "b", "description": {"en-US": "Right", "de-DE": "Rechts"}},
    ]
    return {
        "actor": {"mbox": "mailto:lea@example.com", "name": "Lea"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/answered",
            "display": {"en-US": "answered", "de-DE": "beantwortete"},
        },
        "object": {
            "objectType": "Activity",
            "id": EXAM,
            "definition": {
                "name": dict(NAME),
                "description": {"en-US": "Which way?", "de-DE": "Welche Richtung?"},
                "interactionType": "choice",
                "correctResponsesPattern": ["a"],
                "choices": choices,
            },
        },
        "context": {
            "contextActivities": {
                "parent": [
                    {
                        "id": "https://example.com/courses/forklift",
                        "definition": {"name": {"en-US": "Forklift", "de-DE": "Stapler"}},
                    }
                ]
            }
        },
    }


def test_canonical_keeps_one_language_in_every_map() -> None:
    shaped = canonical(rich_statement(), accepted_languages("de"), {})
    definition = shaped["object"]["definition"]
    assert shaped["verb"]["display"] == {"de-DE": "beantwortete"}
    assert definition["name"] == {"de-DE": "Staplerprüfung"}
    assert definition["description"] == {"de-DE": "Welche Richtung?"}
    assert [c["description"] for c in definition["choices"]] == [
        {"de-DE": "Links"},
        {"de-DE": "Rechts"},
    ]
    parent = shaped["context"]["contextActivities"]["parent"][0]
    assert parent["definition"]["name"] == {"de-DE": "Stapler"}
    assert shaped["actor"] == rich_statement()["actor"]
    assert definition["correctResponsesPattern"] == ["a"]


def test_canonical_uses_the_definition_the_lrs_holds() -> None:
    held = {EXAM: {"name": {"en-US": "Forklift licence exam", "fr": "Permis cariste"}}}
    shaped = canonical(rich_statement(), accepted_languages("fr"), held)
    assert shaped["object"]["definition"] == {"name": {"fr": "Permis cariste"}}


def test_canonical_reaches_into_sub_statements() -> None:
    statement = {
        "actor": {"mbox": "mailto:boss@example.com"},
        "verb": {"id": "http://example.com/verbs/planned", "display": {"en": "planned"}},
        "object": {"objectType": "SubStatement", **rich_statement()},
    }
    shaped = canonical(statement, accepted_languages("de"), {})
    assert shaped["object"]["verb"]["display"] == {"de-DE": "beantwortete"}
    assert shaped["object"]["object"]["definition"]["name"] == {"de-DE": "Staplerprüfung"}


# --- over HTTP -----------------------------------------------------------------------------


@pytest.fixture
def lrs(db: None) -> dict[str, str]:
    LrsClient.objects.create(
        name="player", key="player", secret_hash=make_password("secret"), scopes=["all"]
    )
    token = base64.b64encode(b"player:secret").decode()
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}


def store(client: Client, headers: dict[str, str], data: dict[str, Any]) -> str:
    data = {"id": str(uuid.uuid4()), **data}
    response = client.post(URL, json.dumps(data), content_type="application/json", headers=headers)
    assert response.status_code == 200, response.content
    return str(data["id"])


def test_get_one_in_canonical_format_speaks_the_accepted_language(
    client: Client, lrs: dict[str, str]
) -> None:
    statement_id = store(client, lrs, rich_statement())
    response = client.get(
        URL,
        {"statementId": statement_id, "format": "canonical"},
        headers={**lrs, "Accept-Language": "de-DE, en;q=0.5"},
    )
    assert response.status_code == 200
    found = response.json()
    assert found["verb"]["display"] == {"de-DE": "beantwortete"}
    assert found["object"]["definition"]["name"] == {"de-DE": "Staplerprüfung"}
    exact = client.get(URL, {"statementId": statement_id}, headers=lrs).json()
    assert exact["object"]["definition"]["name"] == NAME


def test_get_many_in_canonical_format_uses_the_lrs_definition_for_every_statement(
    client: Client, lrs: dict[str, str]
) -> None:
    store(client, lrs, rich_statement())
    later = rich_statement()
    later["object"]["definition"] = {"name": {"en-US": "Renamed", "fr": "Renommé"}}
    store(client, lrs, later)
    response = client.get(URL, {"format": "canonical"}, headers={**lrs, "Accept-Language": "fr"})
    names = [s["object"]["definition"]["name"] for s in response.json()["statements"]]
    assert names == [{"fr": "Examen chariot"}, {"fr": "Examen chariot"}]


def test_an_unknown_format_is_refused_for_one_statement_too(
    client: Client, lrs: dict[str, str]
) -> None:
    statement_id = store(client, lrs, rich_statement())
    response = client.get(URL, {"statementId": statement_id, "format": "fancy"}, headers=lrs)
    assert response.status_code == 400


def test_canonical_lists_cost_the_same_queries_for_more_activities(
    client: Client, lrs: dict[str, str]
) -> None:
    def listed(count: int) -> int:
        for n in range(count):
            data = rich_statement()
            data["object"]["id"] = f"{EXAM}/{count}/{n}"
            store(client, lrs, data)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"format": "canonical", "limit": "50"}, headers=lrs)
        return len(queries)

    assert listed(2) == listed(6)
