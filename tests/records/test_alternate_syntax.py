"""The Alternate Request Syntax (xAPI 1.0.3 Part Three §1.3), undone in records.http.

Written from the specification and its Appendix C example; IEEE 9274.1.1 (xAPI 2.0)
removed the syntax, so 2.0 requests that use it are refused.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from mainspring.records.models import Document, LrsClient, Statement

STATEMENTS = "/xapi/statements"
STATE = "/xapi/activities/state"
PROFILE = "/xapi/activities/profile"
ACTIVITY = "https://example.com/courses/forklift"
AGENT = json.dumps({"mbox": "mailto:lea@example.com"})
FORM = "application/x-www-form-urlencoded"
TEXT = "page 3, über"  # UTF-8 beyond ASCII
AUTH = "Basic " + base64.b64encode(b"player:secret").decode()


@pytest.fixture
def lrs(db: None) -> None:
    LrsClient.objects.create(
        name="player", key="player", secret_hash=make_password("secret"), scopes=["all"]
    )


def statement(**extra: Any) -> dict[str, Any]:
    return {
        "actor": {"objectType": "Agent", "mbox": "mailto:example@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": "http://example.com/xAPI/activities/myactivity"},
        **extra,
    }


def alternate(
    client: Client,
    url: str,
    method: str,
    fields: dict[str, str],
    *,
    headers: dict[str, str] | None = None,
    query: str | None = None,
) -> Any:
    """POST ``url?method=...`` with the fields form-encoded, as §1.3 describes."""
    target = f"{url}?{query or urlencode({'method': method})}"
    return client.post(target, urlencode(fields), content_type=FORM, headers=headers or {})


def with_headers(**fields: str) -> dict[str, str]:
    return {"Authorization": AUTH, "X-Experience-API-Version": "1.0.3", **fields}


# --- statements ----------------------------------------------------------------------------


def test_the_appendix_c_put_stores_the_statement(client: Client, lrs: None) -> None:
    statement_id = str(uuid.uuid4())
    fields = with_headers(
        statementId=statement_id,
        **{"Content-Type": "application/json"},
        content=json.dumps(statement(id=statement_id)),
    )
    response = alternate(client, STATEMENTS, "PUT", fields)
    assert response.status_code == 204, response.content
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert Statement.objects.filter(id=statement_id).exists()


def test_content_without_a_content_type_field_is_read_as_json(client: Client, lrs: None) -> None:
    fields = with_headers(statementId=str(uuid.uuid4()), content=json.dumps(statement()))
    assert alternate(client, STATEMENTS, "PUT", fields).status_code == 204


def test_a_post_with_method_get_lists_statements_with_the_form_as_parameters(
    client: Client, lrs: None
) -> None:
    for _ in range(2):
        fields = with_headers(statementId=str(uuid.uuid4()), content=json.dumps(statement()))
        alternate(client, STATEMENTS, "PUT", fields)
    response = alternate(client, STATEMENTS, "GET", with_headers(limit="1"))
    assert response.status_code == 200, response.content
    found = response.json()
    assert len(found["statements"]) == 1
    assert found["more"]


def test_method_get_fetches_one_statement(client: Client, lrs: None) -> None:
    statement_id = str(uuid.uuid4())
    alternate(
        client,
        STATEMENTS,
        "PUT",
        with_headers(statementId=statement_id, content=json.dumps(statement())),
    )
    response = alternate(client, STATEMENTS, "GET", with_headers(statementId=statement_id))
    assert response.status_code == 200
    assert response.json()["id"] == statement_id


def test_real_headers_serve_when_the_form_has_none(client: Client, lrs: None) -> None:
    response = alternate(
        client,
        STATEMENTS,
        "POST",
        {"content": json.dumps(statement())},
        headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"},
    )
    assert response.status_code == 200, response.content
    assert len(response.json()) == 1


def test_method_head_answers_without_a_body(client: Client, lrs: None) -> None:
    response = alternate(client, STATEMENTS, "HEAD", with_headers())
    assert response.status_code == 200
    assert response.content == b""


def test_without_credentials_anywhere_it_is_401(client: Client, lrs: None) -> None:
    fields = {"X-Experience-API-Version": "1.0.3", "content": json.dumps(statement())}
    assert alternate(client, STATEMENTS, "POST", fields).status_code == 401


def refused(response: Any) -> None:
    assert response.status_code == 400, response.content
    assert response["X-Experience-API-Version"]
    assert not Statement.objects.exists()


def test_other_query_parameters_beside_method_are_refused(client: Client, lrs: None) -> None:
    statement_id = str(uuid.uuid4())
    fields = with_headers(statementId=statement_id, content=json.dumps(statement()))
    query = urlencode({"method": "PUT", "statementId": statement_id})
    refused(alternate(client, STATEMENTS, "PUT", fields, query=query))


def test_the_syntax_sent_as_anything_but_post_is_refused(client: Client, lrs: None) -> None:
    fields = urlencode(with_headers(content=json.dumps(statement())))
    refused(client.put(f"{STATEMENTS}?method=POST", fields, content_type=FORM))


def test_the_form_version_field_counts_as_the_header(client: Client, lrs: None) -> None:
    fields = with_headers(statementId=str(uuid.uuid4()), content=json.dumps(statement()))
    fields["X-Experience-API-Version"] = "0.8"
    refused(
        alternate(client, STATEMENTS, "PUT", fields, headers={"X-Experience-API-Version": "1.0.3"})
    )


def test_a_put_without_content_is_refused(client: Client, lrs: None) -> None:
    refused(alternate(client, STATEMENTS, "PUT", with_headers(statementId=str(uuid.uuid4()))))


def test_a_body_that_is_not_form_encoded_is_refused(client: Client, lrs: None) -> None:
    fields = with_headers(statementId=str(uuid.uuid4()), content=json.dumps(statement()))
    response = client.post(
        f"{STATEMENTS}?method=PUT",
        json.dumps(fields),
        content_type="application/json",
        headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"},
    )
    refused(response)


def test_an_unknown_method_is_refused(client: Client, lrs: None) -> None:
    refused(alternate(client, STATEMENTS, "PATCH", with_headers()))


def test_fields_the_resource_does_not_know_are_refused(client: Client, lrs: None) -> None:
    refused(alternate(client, STATEMENTS, "GET", with_headers(colour="blue")))


def test_xapi_2_has_no_alternate_syntax(client: Client, lrs: None) -> None:
    fields = with_headers(content=json.dumps(statement()))
    fields["X-Experience-API-Version"] = "2.0.0"
    response = alternate(client, STATEMENTS, "POST", fields)
    refused(response)
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert "2.0" in response.json()["error"]["message"]


# --- a document resource -------------------------------------------------------------------


def test_state_documents_are_written_read_and_deleted_through_the_syntax(
    client: Client, lrs: None
) -> None:
    keys = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "bookmark"}
    put = alternate(
        client,
        STATE,
        "PUT",
        with_headers(**keys, **{"Content-Type": "text/plain"}, content=TEXT),
    )
    assert put.status_code == 204, put.content
    stored = Document.objects.get()
    assert (bytes(stored.content), stored.content_type) == (TEXT.encode(), "text/plain")
    got = alternate(client, STATE, "GET", with_headers(**keys))
    assert got.status_code == 200
    assert got.content == TEXT.encode()
    assert got["ETag"] == stored.etag
    deleted = alternate(client, STATE, "DELETE", with_headers(**keys))
    assert deleted.status_code == 204
    assert not Document.objects.exists()


def test_if_match_sent_as_a_field_is_honoured(client: Client, lrs: None) -> None:
    keys = {"activityId": ACTIVITY, "profileId": "syllabus"}
    first = alternate(client, PROFILE, "PUT", with_headers(**keys, content='{"week": 1}'))
    assert first.status_code == 204, first.content
    stale = with_headers(**keys, **{"If-Match": '"0000"'}, content='{"week": 2}')
    assert alternate(client, PROFILE, "PUT", stale).status_code == 412
    fresh = with_headers(**keys, **{"If-Match": first["ETag"]}, content='{"week": 2}')
    assert alternate(client, PROFILE, "PUT", fresh).status_code == 204
    assert json.loads(bytes(Document.objects.get().content)) == {"week": 2}
