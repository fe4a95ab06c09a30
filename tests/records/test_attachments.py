"""Statements with attachment content in multipart/mixed, both ways (records.multipart).

Written from xAPI 1.0.3 Part Three §1.5.2 and Part Two §2.4.11, and IEEE 9274.1.1 §4.1.3.
"""

from __future__ import annotations

import base64
import email.policy
import hashlib
import json
import uuid
from email.message import Message
from email.parser import BytesParser
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mainspring.records import multipart
from mainspring.records.errors import BadRequestError
from mainspring.records.models import Attachment, LrsClient, Statement

URL = "/xapi/statements"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ESSAY = "https://example.com/attachment-usage/essay"
BOUNDARY = "abcABC0123'()+_,-./:=?"  # the specification's example: every allowed class
# Binary content that would break a text-minded parser: NUL, CR, LF, a fake delimiter.
CONTENT = bytes(range(256)) + b"\r\n--abc\r\n\r\n" + b"\x00\r" + "é".encode()


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def lrs(db: None) -> dict[str, str]:
    LrsClient.objects.create(
        name="player", key="player", secret_hash=make_password("secret"), scopes=["all"]
    )
    token = base64.b64encode(b"player:secret").decode()
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}


def attachment(content: bytes = CONTENT, **extra: Any) -> dict[str, Any]:
    return {
        "usageType": ESSAY,
        "display": {"en-US": "Essay"},
        "contentType": "application/octet-stream",
        "length": len(content),
        "sha2": sha(content),
        **extra,
    }


def statement(*attachments: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:lea@example.com"},
        "verb": {"id": COMPLETED, "display": {"en-US": "completed"}},
        "object": {"id": "https://example.com/activities/essay"},
        **extra,
    }
    if attachments:
        data["attachments"] = list(attachments)
    return data


def part(content: bytes, headers: dict[str, str]) -> bytes:
    lines = "".join(f"{name}:{value}\r\n" for name, value in headers.items())
    return lines.encode() + b"\r\n" + content


def body(statements: Any, *parts: bytes, boundary: str = BOUNDARY) -> bytes:
    """A request body built by hand as RFC 2046 says (CRLF before every delimiter)."""
    first = part(json.dumps(statements).encode(), {"Content-Type": "application/json"})
    delimiter = b"\r\n--" + boundary.encode()
    return b"".join(delimiter + b"\r\n" + p for p in (first, *parts)) + delimiter + b"--\r\n"


def content_part(content: bytes = CONTENT, **headers: str) -> bytes:
    fields = {
        "Content-Type": "application/octet-stream",
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": sha(content),
    }
    fields.update({k.replace("_", "-"): v for k, v in headers.items()})
    return part(content, {k: v for k, v in fields.items() if v})


def send(
    client: Client,
    headers: dict[str, str],
    payload: bytes,
    *,
    method: str = "post",
    query: str = "",
    boundary: str = BOUNDARY,
) -> Any:
    content_type = f'multipart/mixed; boundary="{boundary}"'
    call = getattr(client, method)
    return call(URL + query, payload, content_type=content_type, headers=headers)


def parts_of(response: Any) -> list[Message]:
    """A multipart response split as a client would, with the standard library."""
    raw = b"Content-Type: " + response["Content-Type"].encode() + b"\r\n\r\n" + response.content
    message = BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert not message.defects
    found = message.get_payload()
    assert isinstance(found, list)
    return [p for p in found if isinstance(p, Message)]


# --- storing -------------------------------------------------------------------------------


def test_a_statement_and_its_binary_attachment_are_stored_byte_for_byte(
    client: Client, lrs: dict[str, str]
) -> None:
    data = statement(attachment())
    response = send(client, lrs, body(data, content_part()))
    assert response.status_code == 200, response.content
    assert response.json() == [data["id"]]
    stored = Attachment.objects.get(sha2=sha(CONTENT))
    assert bytes(stored.content) == CONTENT
    assert (stored.length, stored.content_type) == (len(CONTENT), "application/octet-stream")
    assert Statement.objects.get(id=data["id"]).data["attachments"] == data["attachments"]


def test_put_takes_a_statement_with_its_attachment(client: Client, lrs: dict[str, str]) -> None:
    data = statement(attachment())
    response = send(
        client, lrs, body(data, content_part()), method="put", query=f"?statementId={data['id']}"
    )
    assert response.status_code == 204, response.content
    assert Attachment.objects.filter(sha2=sha(CONTENT)).exists()


def test_one_part_serves_the_same_attachment_in_several_statements(
    client: Client, lrs: dict[str, str]
) -> None:
    batch = [statement(attachment()), statement(attachment())]
    response = send(client, lrs, body(batch, content_part()))
    assert response.status_code == 200, response.content
    assert Statement.objects.count() == 2
    assert Attachment.objects.count() == 1


def test_content_already_held_is_kept_once(client: Client, lrs: dict[str, str]) -> None:
    for _ in range(2):
        assert send(client, lrs, body(statement(attachment()), content_part())).status_code == 200
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    "attachments",
    [[], [attachment(fileUrl="https://files.example.com/essay.pdf")]],
    ids=["no-attachments", "file-url-only"],
)
def test_multipart_without_attachment_parts_is_accepted(
    client: Client, lrs: dict[str, str], attachments: list[dict[str, Any]]
) -> None:
    response = send(client, lrs, body(statement(*attachments)))
    assert response.status_code == 200, response.content


def test_the_specification_example_is_accepted(client: Client, lrs: dict[str, str]) -> None:
    # Part Three §1.5.2 "Example": no space after the header colons, a text attachment
    # whose part Content-Type is shorter than the declared contentType.
    text = b"here is a simple attachment"
    data = statement(attachment(text, contentType="text/plain; charset=ascii"))
    raw = (
        f"\r\n--{BOUNDARY}\r\nContent-Type:application/json\r\n\r\n{json.dumps(data)}\r\n"
        f"--{BOUNDARY}\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary\r\n"
        f"X-Experience-API-Hash:{sha(text)}\r\n\r\n{text.decode()}\r\n--{BOUNDARY}--"
    ).encode()
    assert sha(text) == "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
    response = send(client, lrs, raw)
    assert response.status_code == 200, response.content
    assert bytes(Attachment.objects.get().content) == text


def test_bare_lf_line_ends_are_read_too(client: Client, lrs: dict[str, str]) -> None:
    text = b"plain words"
    data = statement(attachment(text))
    raw = (
        f"--b\nContent-Type: application/json\n\n{json.dumps(data)}\n--b\n"
        f"X-Experience-API-Hash: {sha(text)}\n\n{text.decode()}\n--b--\n"
    ).encode()
    assert send(client, lrs, raw, boundary="b").status_code == 200
    assert bytes(Attachment.objects.get().content) == text


def test_a_part_without_content_transfer_encoding_is_taken_as_binary(
    client: Client, lrs: dict[str, str]
) -> None:
    payload = body(statement(attachment()), content_part(Content_Transfer_Encoding=""))
    assert send(client, lrs, payload).status_code == 200
    assert bytes(Attachment.objects.get().content) == CONTENT


def test_hashes_match_whatever_their_case(client: Client, lrs: dict[str, str]) -> None:
    data = statement(attachment(sha2=sha(CONTENT).upper()))
    response = send(client, lrs, body(data, content_part()))
    assert response.status_code == 200, response.content


# --- refusals ------------------------------------------------------------------------------


def refused(response: Any, words: str) -> None:
    assert response.status_code == 400, response.content
    assert words in response.json()["error"]["message"]
    assert not Statement.objects.exists()
    assert not Attachment.objects.exists()


def test_a_part_without_the_hash_header_is_refused(client: Client, lrs: dict[str, str]) -> None:
    payload = body(statement(attachment()), content_part(X_Experience_API_Hash=""))
    refused(send(client, lrs, payload), "X-Experience-API-Hash")


def test_a_part_no_attachment_lists_is_refused(client: Client, lrs: dict[str, str]) -> None:
    other = b"not listed anywhere"
    payload = body(statement(attachment()), content_part(), content_part(other))
    refused(send(client, lrs, payload), "belongs to no statement")


def test_an_attachment_with_neither_file_url_nor_part_is_refused(
    client: Client, lrs: dict[str, str]
) -> None:
    refused(send(client, lrs, body(statement(attachment()))), "fileUrl")


def test_content_that_does_not_hash_to_its_header_is_refused(
    client: Client, lrs: dict[str, str]
) -> None:
    data = statement(attachment())
    payload = body(data, content_part(CONTENT + b"!", X_Experience_API_Hash=sha(CONTENT)))
    refused(send(client, lrs, payload), "another hash")


def test_a_first_part_that_is_not_json_is_refused(client: Client, lrs: dict[str, str]) -> None:
    payload = body(statement(attachment()), content_part()).replace(
        b"Content-Type:application/json", b"Content-Type:text/plain", 1
    )
    refused(send(client, lrs, payload), "must be application/json")


def test_a_transfer_encoding_other_than_binary_is_refused(
    client: Client, lrs: dict[str, str]
) -> None:
    payload = body(statement(attachment()), content_part(Content_Transfer_Encoding="base64"))
    refused(send(client, lrs, payload), "binary")


@pytest.mark.parametrize(
    ("payload", "boundary"),
    [
        (b"--b\r\nContent-Type: application/json\r\n\r\n{}\r\n", "b"),  # never closed
        (b"no delimiter anywhere", "b"),
        (b"", "b"),
    ],
    ids=["unclosed", "no-delimiter", "empty"],
)
def test_a_malformed_body_is_refused(
    client: Client, lrs: dict[str, str], payload: bytes, boundary: str
) -> None:
    refused(send(client, lrs, payload, boundary=boundary), "multipart/mixed")


def test_multipart_without_a_boundary_is_refused(client: Client, lrs: dict[str, str]) -> None:
    response = client.post(URL, body(statement()), content_type="multipart/mixed", headers=lrs)
    refused(response, "malformed")


def test_statements_sent_as_another_content_type_are_refused(
    client: Client, lrs: dict[str, str]
) -> None:
    response = client.post(URL, json.dumps(statement()), content_type="text/plain", headers=lrs)
    refused(response, "application/json")


def test_parse_refuses_nested_multiparts() -> None:
    inner = b"Content-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\n\r\nx\r\n--in--"
    payload = body(statement(), inner)
    with pytest.raises(BadRequestError):
        multipart.parse(f'multipart/mixed; boundary="{BOUNDARY}"', payload)


# --- reading -------------------------------------------------------------------------------


def test_get_one_with_attachments_true_sends_the_statement_then_its_content(
    client: Client, lrs: dict[str, str]
) -> None:
    data = statement(attachment())
    send(client, lrs, body(data, content_part()))
    response = client.get(URL, {"statementId": data["id"], "attachments": "true"}, headers=lrs)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("multipart/mixed; boundary=")
    first, second = parts_of(response)
    assert first.get_content_type() == "application/json"
    first_body = first.get_payload(decode=True)
    assert isinstance(first_body, bytes)
    assert json.loads(first_body)["id"] == data["id"]
    assert second["X-Experience-API-Hash"] == sha(CONTENT)
    assert second["Content-Transfer-Encoding"] == "binary"
    assert second.get_payload(decode=True) == CONTENT
    assert "Last-Modified" in response


def test_get_many_with_attachments_true_sends_each_content_once(
    client: Client, lrs: dict[str, str]
) -> None:
    other = b"%PDF-1.7 a second document"
    batch = [statement(attachment()), statement(attachment(), attachment(other))]
    batch.append(statement(attachment(b"elsewhere", fileUrl="https://files.example.com/x")))
    send(client, lrs, body(batch, content_part(), content_part(other)))
    response = client.get(URL, {"attachments": "true"}, headers=lrs)
    first, *rest = parts_of(response)
    first_body = first.get_payload(decode=True)
    assert isinstance(first_body, bytes)
    assert len(json.loads(first_body)["statements"]) == 3
    assert sorted(p["X-Experience-API-Hash"] for p in rest) == sorted([sha(CONTENT), sha(other)])
    assert {p.get_payload(decode=True) for p in rest} == {CONTENT, other}


@pytest.mark.parametrize("flag", [None, "false"])
def test_without_attachments_true_the_answer_is_plain_json(
    client: Client, lrs: dict[str, str], flag: str | None
) -> None:
    data = statement(attachment())
    send(client, lrs, body(data, content_part()))
    params = {"statementId": data["id"]} | ({"attachments": flag} if flag else {})
    response = client.get(URL, params, headers=lrs)
    assert response["Content-Type"] == "application/json"
    assert response.json()["attachments"] == data["attachments"]


def test_attachments_must_be_true_or_false(client: Client, lrs: dict[str, str]) -> None:
    assert client.get(URL, {"attachments": "yes"}, headers=lrs).status_code == 400


def test_head_with_attachments_true_sends_no_body(client: Client, lrs: dict[str, str]) -> None:
    data = statement(attachment())
    send(client, lrs, body(data, content_part()))
    response = client.head(URL, {"statementId": data["id"], "attachments": "true"}, headers=lrs)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"].startswith("multipart/mixed")


def test_listing_with_attachments_costs_the_same_queries_for_more_statements(
    client: Client, lrs: dict[str, str]
) -> None:
    def listed(count: int) -> int:
        contents = [f"essay {n} of {count}".encode() for n in range(count)]
        batch = [statement(attachment(c)) for c in contents]
        send(client, lrs, body(batch, *(content_part(c) for c in contents)))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"attachments": "true", "limit": "50"}, headers=lrs)
        assert len(parts_of(response)) == 1 + len(Attachment.objects.all())
        return len(queries)

    assert listed(2) == listed(6)
