"""LRS credentials, scopes and the version header (records.http)."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client

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
