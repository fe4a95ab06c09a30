"""The Statements resource (and About, Activities, Agents) over real HTTP."""

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

from mainspring.records.http import create_client
from mainspring.records.models import LrsClient, Statement, StatementActivity, StatementAgent
from tests.conftest import Cast

URL = "/xapi/statements"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
FILM = "https://lms.example.com/activities/film"


def auth(key: str, secret: str = "secret") -> dict[str, str]:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}


def make_client(name: str, scopes: list[str]) -> LrsClient:
    return LrsClient.objects.create(
        name=name, key=name, secret_hash=make_password("secret"), scopes=scopes
    )


@pytest.fixture
def lrs(db: None) -> dict[str, str]:
    make_client("player", ["all"])
    return auth("player")


def statement(
    email: str = "lea@example.com", verb: str = COMPLETED, **extra: Any
) -> dict[str, Any]:
    return {
        "actor": {"mbox": f"mailto:{email}", "name": email.split("@", maxsplit=1)[0]},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"objectType": "Activity", "id": FILM},
        **extra,
    }


def post(client: Client, headers: dict[str, str], body: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def get(client: Client, headers: dict[str, str], **params: str) -> Any:
    return client.get(URL, params, headers=headers)


def test_post_one_statement_stores_it_and_returns_its_new_id(
    client: Client, lrs: dict[str, str]
) -> None:
    response = post(client, lrs, statement())
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    (new_id,) = response.json()
    stored = Statement.objects.get(id=new_id)
    assert stored.data["authority"]["name"] == "player"
    assert stored.data["timestamp"] == stored.data["stored"]
    assert stored.data["version"] == "1.0.0"
    assert stored.activity == FILM
    assert stored.actor_key == "mbox:mailto:lea@example.com"
    assert StatementActivity.objects.filter(statement=stored, direct=True).count() == 1
    assert StatementAgent.objects.filter(statement=stored, agent_key=stored.actor_key).exists()


def test_post_many_statements_returns_ids_in_order(client: Client, lrs: dict[str, str]) -> None:
    ids = [str(uuid.uuid4()) for _ in range(3)]
    response = post(client, lrs, [statement(id=i) for i in ids])
    assert response.json() == ids
    assert Statement.objects.count() == 3


def test_a_bad_statement_in_a_batch_stores_none(client: Client, lrs: dict[str, str]) -> None:
    response = post(client, lrs, [statement(), {"actor": {"mbox": "mailto:a@b"}}])
    assert response.status_code == 400
    assert "verb" in response.json()["error"]["message"]
    assert Statement.objects.count() == 0


def test_duplicate_ids_in_one_batch_are_400(client: Client, lrs: dict[str, str]) -> None:
    same = str(uuid.uuid4())
    assert post(client, lrs, [statement(id=same), statement(id=same)]).status_code == 400


def test_put_stores_under_the_given_id_and_answers_204(client: Client, lrs: dict[str, str]) -> None:
    wanted = str(uuid.uuid4())
    response = client.put(
        f"{URL}?statementId={wanted}",
        json.dumps(statement()),
        content_type="application/json",
        headers=lrs,
    )
    assert response.status_code == 204
    assert Statement.objects.filter(id=wanted).exists()


def test_put_without_statement_id_is_400(client: Client, lrs: dict[str, str]) -> None:
    body = json.dumps(statement())
    response = client.put(URL, body, content_type="application/json", headers=lrs)
    assert response.status_code == 400


def test_identical_resend_is_accepted_and_different_content_is_409(
    client: Client, lrs: dict[str, str]
) -> None:
    sent = statement(id=str(uuid.uuid4()))
    first = post(client, lrs, sent)
    again = post(client, lrs, sent)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Statement.objects.count() == 1
    changed = post(client, lrs, {**sent, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}})
    assert changed.status_code == 409
    assert Statement.objects.get().verb == COMPLETED


def test_get_one_by_id_returns_the_statement_with_last_modified(
    client: Client, lrs: dict[str, str]
) -> None:
    (sid,) = post(client, lrs, statement()).json()
    response = get(client, lrs, statementId=sid)
    assert response.status_code == 200
    assert response.json()["id"] == sid
    assert response.has_header("Last-Modified")


def test_get_unknown_statement_is_404(client: Client, lrs: dict[str, str]) -> None:
    assert get(client, lrs, statementId=str(uuid.uuid4())).status_code == 404


def test_statement_id_with_other_filters_is_400(client: Client, lrs: dict[str, str]) -> None:
    assert get(client, lrs, statementId=str(uuid.uuid4()), verb=COMPLETED).status_code == 400


def void(target: str) -> dict[str, Any]:
    return statement(verb=VOIDED, object={"objectType": "StatementRef", "id": target})


def test_voiding_hides_the_target_from_lists_but_not_from_voided_lookup(
    client: Client, lrs: dict[str, str]
) -> None:
    (target,) = post(client, lrs, statement()).json()
    (voiding,) = post(client, lrs, void(target)).json()
    assert get(client, lrs, statementId=target).status_code == 404
    assert get(client, lrs, voidedStatementId=target).json()["id"] == target
    listed = [s["id"] for s in get(client, lrs).json()["statements"]]
    assert listed == [voiding]


def test_voiding_a_voiding_statement_is_refused(client: Client, lrs: dict[str, str]) -> None:
    (target,) = post(client, lrs, statement()).json()
    (voiding,) = post(client, lrs, void(target)).json()
    response = post(client, lrs, void(voiding))
    assert response.status_code == 400
    assert not Statement.objects.get(id=voiding).voided


def test_list_filters_by_agent_verb_activity_and_registration(
    client: Client, lrs: dict[str, str]
) -> None:
    registration = str(uuid.uuid4())
    post(client, lrs, statement("lea@example.com"))
    post(client, lrs, statement("sam@example.com", context={"registration": registration}))
    post(client, lrs, statement("sam@example.com", verb="http://adlnet.gov/expapi/verbs/failed"))
    post(client, lrs, statement("sam@example.com", object={"id": "https://x.example/other"}))

    def count(**params: str) -> int:
        return len(get(client, lrs, **params).json()["statements"])

    assert count(agent=json.dumps({"mbox": "mailto:sam@example.com"})) == 3
    assert count(verb=COMPLETED) == 3
    assert count(activity=FILM) == 3
    assert count(registration=registration) == 1
    assert (
        count(agent=json.dumps({"mbox": "mailto:sam@example.com"}), verb=COMPLETED, activity=FILM)
        == 1
    )


def test_related_activities_finds_context_activities(client: Client, lrs: dict[str, str]) -> None:
    course = "https://lms.example.com/courses/safety"
    post(client, lrs, statement(context={"contextActivities": {"parent": [{"id": course}]}}))
    assert len(get(client, lrs, activity=course).json()["statements"]) == 0
    assert (
        len(get(client, lrs, activity=course, related_activities="true").json()["statements"]) == 1
    )


def test_since_and_until_bound_the_stored_time(client: Client, lrs: dict[str, str]) -> None:
    (first,) = post(client, lrs, statement()).json()
    (second,) = post(client, lrs, statement()).json()
    stored = Statement.objects.get(id=first).data["stored"]
    assert [s["id"] for s in get(client, lrs, since=stored).json()["statements"]] == [second]
    assert [s["id"] for s in get(client, lrs, until=stored).json()["statements"]] == [first]


def test_more_pages_through_every_statement_once(client: Client, lrs: dict[str, str]) -> None:
    sent = post(client, lrs, [statement() for _ in range(5)]).json()
    seen: list[str] = []
    response = get(client, lrs, limit="2", ascending="true")
    pages = 1
    while response.json()["more"]:
        seen += [s["id"] for s in response.json()["statements"]]
        response = client.get(response.json()["more"], headers=lrs)
        pages += 1
    seen += [s["id"] for s in response.json()["statements"]]
    assert pages == 3
    assert sorted(seen) == sorted(sent)
    assert len(seen) == len(set(seen))


def test_list_carries_the_consistent_through_header(client: Client, lrs: dict[str, str]) -> None:
    response = get(client, lrs)
    assert response["X-Experience-API-Consistent-Through"].endswith("Z")


def test_format_ids_keeps_only_identifiers(client: Client, lrs: dict[str, str]) -> None:
    post(client, lrs, statement(object={"id": FILM, "definition": {"name": {"en": "Film"}}}))
    (found,) = get(client, lrs, format="ids").json()["statements"]
    assert found["actor"] == {"mbox": "mailto:lea@example.com"}
    assert found["object"] == {"objectType": "Activity", "id": FILM}


def test_list_runs_a_fixed_number_of_queries(client: Client, lrs: dict[str, str]) -> None:
    post(client, lrs, [statement() for _ in range(30)])
    lea = json.dumps({"mbox": "mailto:lea@example.com"})
    with CaptureQueriesContext(connection) as unfiltered:
        get(client, lrs, limit="25")
    with CaptureQueriesContext(connection) as few:
        get(client, lrs, limit="5", agent=lea)
    with CaptureQueriesContext(connection) as many:
        get(client, lrs, limit="25", agent=lea)
    # A filtered list asks once more: for statements referring to the ones that match.
    assert len(unfiltered) + 1 == len(few) == len(many) <= 4


def test_missing_credentials_are_401_with_www_authenticate(
    client: Client, lrs: dict[str, str]
) -> None:
    response = client.get(URL, headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_web_session_does_not_open_the_lrs(client: Client, cast: Cast) -> None:
    client.force_login(cast.leader)
    assert client.get(URL, headers={"X-Experience-API-Version": "1.0.3"}).status_code == 401


def test_wrong_secret_is_401(client: Client, lrs: dict[str, str]) -> None:
    assert get(client, auth("player", "nope")).status_code == 401


def test_reader_cannot_write_and_writer_cannot_read(client: Client, db: None) -> None:
    make_client("reader", ["statements/read"])
    make_client("writer", ["statements/write"])
    assert post(client, auth("reader"), statement()).status_code == 403
    assert post(client, auth("writer"), statement()).status_code == 200
    assert get(client, auth("writer")).status_code == 403
    assert len(get(client, auth("reader")).json()["statements"]) == 1


def test_read_mine_sees_only_its_own_statements(client: Client, db: None) -> None:
    make_client("mine", ["statements/write", "statements/read/mine"])
    make_client("other", ["statements/write"])
    (own,) = post(client, auth("mine"), statement()).json()
    (other,) = post(client, auth("other"), statement()).json()
    assert [s["id"] for s in get(client, auth("mine")).json()["statements"]] == [own]
    assert get(client, auth("mine"), statementId=other).status_code == 404


@pytest.mark.parametrize("version", [None, "0.9", "1.1.0"])
def test_missing_or_unsupported_version_header_is_400(
    client: Client, lrs: dict[str, str], version: str | None
) -> None:
    headers = {"Authorization": lrs["Authorization"]}
    if version:
        headers["X-Experience-API-Version"] = version
    assert client.get(URL, headers=headers).status_code == 400


def test_version_2_requests_are_answered_and_stored_as_2_0_0(
    client: Client, lrs: dict[str, str]
) -> None:
    headers = {**lrs, "X-Experience-API-Version": "2.0.0"}
    response = post(client, headers, statement())
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert Statement.objects.get().version == "2.0.0"


def test_cors_preflight_needs_no_credentials(client: Client, db: None) -> None:
    response = client.options(
        URL, headers={"Origin": "https://content.example", "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]


def test_head_answers_like_get_without_a_body(client: Client, lrs: dict[str, str]) -> None:
    post(client, lrs, statement())
    response = client.head(URL, headers=lrs)
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 0


def test_delete_is_405(client: Client, lrs: dict[str, str]) -> None:
    assert client.delete(URL, headers=lrs).status_code == 405


def test_about_is_open_and_lists_both_versions(client: Client, db: None) -> None:
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert response.json()["version"] == ["1.0.3", "2.0.0"]


def test_activities_returns_the_first_definition_sent(client: Client, lrs: dict[str, str]) -> None:
    post(client, lrs, statement(object={"id": FILM, "definition": {"name": {"en": "Film"}}}))
    post(client, lrs, statement(object={"id": FILM, "definition": {"name": {"en": "Other"}}}))
    response = client.get("/xapi/activities", {"activityId": FILM}, headers=lrs)
    assert response.json() == {
        "objectType": "Activity",
        "id": FILM,
        "definition": {"name": {"en": "Film"}},
    }
    assert client.get("/xapi/activities", headers=lrs).status_code == 400


def test_agents_returns_a_person_object(client: Client, lrs: dict[str, str]) -> None:
    agent = json.dumps({"mbox": "mailto:lea@example.com", "name": "Lea"})
    response = client.get("/xapi/agents", {"agent": agent}, headers=lrs)
    assert response.json() == {
        "objectType": "Person",
        "name": ["Lea"],
        "mbox": ["mailto:lea@example.com"],
    }
    assert client.get("/xapi/agents", {"agent": "{}"}, headers=lrs).status_code == 400


def test_an_agent_filter_that_is_not_a_valid_agent_is_400(
    client: Client, lrs: dict[str, str]
) -> None:
    response = get(client, lrs, agent=json.dumps({"mbox": "lea@example.com"}))
    assert response.status_code == 400
    assert "mailto:" in response.json()["error"]["message"]
    assert get(client, lrs, agent="not json").status_code == 400


def test_the_tincan_client_stores_reads_and_pages_over_real_http(
    live_server: Any, transactional_db: None
) -> None:
    tincan = pytest.importorskip("tincan")
    client, secret = create_client(actor=None, name="TinCanPython", scopes=["all"])
    remote = tincan.RemoteLRS(
        endpoint=f"{live_server.url}/xapi/",
        version="1.0.3",
        username=client.key,
        password=secret,
    )
    # remote.about() is not called: TinCanPython 1.0.0 refuses an About that lists "2.0.0".
    sent = [
        tincan.Statement(
            actor=tincan.Agent(name="Lea", mbox="mailto:lea@example.com"),
            verb=tincan.Verb(id=COMPLETED),
            object=tincan.Activity(id=f"{FILM}/{n}"),
        )
        for n in range(3)
    ]
    saved = remote.save_statements(sent)
    assert saved.success, saved.data
    ids = [str(s.id) for s in saved.content]
    one = remote.retrieve_statement(ids[0])
    assert one.success
    assert str(one.content.object.id) == f"{FILM}/0"
    page = remote.query_statements({"limit": 2, "ascending": "true"})
    assert page.success
    rest = remote.more_statements(page.content)
    assert rest.success
    seen = [str(s.id) for s in [*page.content.statements, *rest.content.statements]]
    assert sorted(seen) == sorted(ids)  # one batch shares a stored time: any order within it


def test_unknown_parameters_are_400(client: Client, lrs: dict[str, str]) -> None:
    assert get(client, lrs, colour="blue").status_code == 400
    response = client.post(
        f"{URL}?statementId={uuid.uuid4()}",
        json.dumps(statement()),
        content_type="application/json",
        headers=lrs,
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_limit_zero_means_the_lrs_maximum(client: Client, lrs: dict[str, str]) -> None:
    post(client, lrs, [statement() for _ in range(3)])
    found = get(client, lrs, limit="0").json()
    assert len(found["statements"]) == 3
    assert found["more"] == ""


def test_a_json_statement_needs_a_file_url_on_each_attachment(
    client: Client, lrs: dict[str, str]
) -> None:
    attachment = {
        "usageType": "https://example.com/attachment-usage/certificate",
        "display": {"en-US": "Signature"},
        "contentType": "application/octet-stream",
        "length": 4,
        "sha2": "a" * 64,
    }
    refused = post(client, lrs, statement(attachments=[attachment]))
    assert refused.status_code == 400
    assert "fileUrl" in refused.json()["error"]["message"]
    linked = {**attachment, "fileUrl": "https://files.example/signature.bin"}
    assert post(client, lrs, statement(attachments=[linked])).status_code == 200


def test_a_voiding_statement_is_listed_under_the_filters_its_target_meets(
    client: Client, lrs: dict[str, str]
) -> None:
    (target,) = post(client, lrs, statement("lea@example.com")).json()
    (voiding,) = post(
        client, lrs, void(target) | {"actor": {"mbox": "mailto:boss@example.com"}}
    ).json()
    post(client, lrs, statement("sam@example.com"))
    by_activity = get(client, lrs, activity=FILM, verb=COMPLETED).json()["statements"]
    assert voiding in [s["id"] for s in by_activity]
    assert target not in [s["id"] for s in by_activity]
    lea = json.dumps({"mbox": "mailto:lea@example.com"})
    assert [s["id"] for s in get(client, lrs, agent=lea).json()["statements"]] == [voiding]


def test_a_basic_format_timestamp_is_stored_as_sent(client: Client, lrs: dict[str, str]) -> None:
    (sid,) = post(client, lrs, statement(timestamp="20250301T101500Z")).json()
    stored = Statement.objects.get(id=sid)
    assert stored.data["timestamp"] == "20250301T101500Z"
    assert stored.timestamp.isoformat() == "2025-03-01T10:15:00+00:00"
