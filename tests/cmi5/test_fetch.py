"""The fetch URL (cmi5 §8.2): one token per session, then the spec's error, always 200 JSON."""

from __future__ import annotations

import base64

from django.test import Client

from mainspring.cmi5.models import AssignableUnit, Session
from mainspring.records.models import LrsClient
from tests.cmi5.conftest import Launcher


def test_the_first_fetch_returns_credentials_of_a_client_made_for_the_session(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit, start=False)
    body = au.fetch()
    key, _, secret = base64.b64decode(body["auth-token"]).decode().partition(":")
    session = Session.objects.get()
    assert session.client == LrsClient.objects.get(key=key)
    assert session.client.scopes == ["statements/write", "statements/read/mine", "state", "profile"]
    assert secret


def test_a_second_fetch_gets_error_1_with_status_200(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit, start=False)
    au.fetch()
    again = Client().post(au.fetch_url)
    assert again.status_code == 200
    assert again["Content-Type"] == "application/json"
    assert again.json() == {
        "error-code": "1",
        "error-text": "The authorization token has already been returned.",
    }


def test_an_unknown_fetch_url_gets_error_2(db: None) -> None:
    response = Client().post("/cmi5/fetch/not-a-token/")
    assert response.status_code == 200
    assert response.json()["error-code"] == "2"


def test_fetch_answers_other_origins(unit: AssignableUnit, launch: Launcher) -> None:
    au = launch(unit, start=False)
    response = Client().post(au.fetch_url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-store"


def test_fetch_refuses_get(unit: AssignableUnit, launch: Launcher) -> None:
    au = launch(unit, start=False)
    assert Client().get(au.fetch_url).status_code == 405
    assert Session.objects.get().client is None


def test_the_token_reads_only_what_the_session_needs(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    # statements it wrote: yes; the LMS's launched statement: not its own, so not listed
    assert au.send(au.initialized()).status_code == 200
    listed = au.client.get(f"{au.endpoint}statements", headers=au.headers()).json()
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in listed["statements"]] == ["initialized"]
