"""LRS credentials, scopes and the version header (records.http)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_http_date

from mainspring.records import http
from mainspring.records.errors import XapiError
from mainspring.records.http import (
    V1,
    V2,
    authenticate,
    has_scope,
    negotiate_version,
)
from mainspring.records.models import LrsClient


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def client_row(db: None) -> LrsClient:
    return LrsClient.objects.create(
        name="Course player", key="k1", secret_hash=make_password("s1"), scopes=["all"]
    )


def test_version_one_point_zero_patches_are_answered_as_1_0_3() -> None:
    assert [negotiate_version(v) for v in ("1.0", "1.0.0", "1.0.3")] == [V1, V1, V1]


def test_version_two_is_answered_as_2_0_0() -> None:
    assert negotiate_version("2.0.0") == V2


@pytest.mark.parametrize("header", [None, "", "0.95", "1.1.0", "3.0.0", "one"])
def test_missing_or_unsupported_version_is_400(header: str | None) -> None:
    with pytest.raises(XapiError) as caught:
        negotiate_version(header)
    assert caught.value.status == 400


def test_right_basic_credentials_find_the_client(client_row: LrsClient) -> None:
    assert authenticate(basic("k1", "s1")) == client_row


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer x",
        "Basic !!!",
        basic("k1", "wrong"),
        basic("nope", "s1"),
        "Basic " + base64.b64encode(b"nocolon").decode(),
    ],
)
def test_wrong_or_missing_credentials_are_401(client_row: LrsClient, header: str | None) -> None:
    with pytest.raises(XapiError) as caught:
        authenticate(header)
    assert caught.value.status == 401


def test_inactive_client_is_401(client_row: LrsClient) -> None:
    client_row.active = False
    client_row.save()
    with pytest.raises(XapiError):
        authenticate(basic("k1", "s1"))


def test_all_scope_accepts_everything_and_others_only_themselves(client_row: LrsClient) -> None:
    reader = LrsClient(name="r", key="r", scopes=["statements/read"])
    assert has_scope(client_row, "state")
    assert has_scope(reader, "statements/read", "all/read")
    assert not has_scope(reader, "statements/write")


def test_admin_lists_clients_without_their_secret_and_offers_no_add(
    client_row: LrsClient, admin_client: Client
) -> None:
    listing = admin_client.get("/admin/records/lrsclient/")
    assert listing.status_code == 200
    assert b"Course player" in listing.content
    page = admin_client.get(f"/admin/records/lrsclient/{client_row.pk}/change/")
    assert page.status_code == 200
    assert client_row.secret_hash.encode() not in page.content
    assert admin_client.get("/admin/records/lrsclient/add/").status_code == 403


def test_a_checked_secret_is_not_hashed_again_but_a_new_secret_is_needed_after_a_change(
    client_row: LrsClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = check_password

    def counting(secret: str, encoded: str) -> bool:
        calls.append(secret)
        return real(secret, encoded)

    monkeypatch.setattr(http, "check_password", counting)
    for _ in range(5):
        assert authenticate(basic("k1", "s1")) == client_row
    assert len(calls) == 1
    client_row.secret_hash = make_password("s2")
    client_row.save()
    with pytest.raises(XapiError):
        authenticate(basic("k1", "s1"))
    assert authenticate(basic("k1", "s2")) == client_row


# --- the wire rules every resource shares (records.http.xapi_view) ---------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": basic("k1", "s1")}, 400),  # no version header
        ({"Authorization": basic("k1", "s1"), "X-Experience-API-Version": "1.1.0"}, 400),
    ],
)
def test_refusals_carry_the_version_header_too(
    client_row: LrsClient, client: Client, headers: dict[str, str], status: int
) -> None:
    response = client.get("/xapi/activities/state", headers=headers)
    assert response.status_code == status
    assert response["X-Experience-API-Version"] == V1
    assert response.json()["error"]["code"] == status


def test_a_cors_preflight_needs_no_credentials_and_allows_the_xapi_headers(
    client: Client, db: None
) -> None:
    response = client.options(
        "/xapi/statements",
        headers={
            "Origin": "https://content.example.com",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, x-experience-api-version",
        },
    )
    assert response.status_code == 200
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "x-experience-api-version", "content-type", "if-match"} <= allowed
    assert "PUT" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Experience-API-Version"] == V1


def test_every_statement_resource_answer_says_how_far_it_is_consistent(
    client_row: LrsClient, client: Client
) -> None:
    headers = {"Authorization": basic("k1", "s1"), "X-Experience-API-Version": "1.0.3"}
    statement = {
        "actor": {"mbox": "mailto:lea@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://example.com/activities/film"},
    }
    stored = client.post(
        "/xapi/statements", json.dumps(statement), content_type="application/json", headers=headers
    )
    refused = client.get("/xapi/statements", {"limit": "many"}, headers=headers)
    (statement_id,) = stored.json()
    one = client.get("/xapi/statements", {"statementId": statement_id}, headers=headers)
    for response in (stored, refused, one):
        moment = parse_datetime(response["X-Experience-API-Consistent-Through"])
        assert moment is not None
        assert moment.tzinfo is not None
    assert refused.status_code == 400


def test_last_modified_of_one_statement_is_its_stored_moment(
    client_row: LrsClient, client: Client
) -> None:
    headers = {"Authorization": basic("k1", "s1"), "X-Experience-API-Version": "2.0.0"}
    statement = {
        "actor": {"mbox": "mailto:lea@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://example.com/activities/film"},
    }
    (statement_id,) = client.post(
        "/xapi/statements", json.dumps(statement), content_type="application/json", headers=headers
    ).json()
    response = client.get("/xapi/statements", {"statementId": statement_id}, headers=headers)
    stored = parse_datetime(response.json()["stored"])
    assert stored is not None
    modified = parse_http_date(response["Last-Modified"])
    assert modified == int(stored.timestamp())


def test_a_body_over_the_size_limit_is_413(
    client_row: LrsClient, client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    headers = {"Authorization": basic("k1", "s1"), "X-Experience-API-Version": "1.0.3"}
    response = client.post(
        "/xapi/statements",
        json.dumps({"x": "y" * 200}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 413
    assert response["X-Experience-API-Version"] == V1


def test_an_unknown_resource_is_404_in_the_lrs_terms(client: Client) -> None:
    response = client.get("/xapi/statement", headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 404
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "/xapi/statement" in response.json()["error"]["message"]
