"""The xAPI document resources: state, activity profile, agent profile."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mainspring.records import documents, errors
from mainspring.records.documents import DocKey, Preconditions
from mainspring.records.models import Document, DocumentKind, LrsClient

ACTIVITY = "https://example.com/courses/forklift"
AGENT = {"objectType": "Agent", "mbox": "mailto:lea@example.com"}
OTHER_AGENT = {"mbox": "mailto:liam@example.com"}
STATE = DocKey(DocumentKind.STATE, ACTIVITY, "mbox:mailto:lea@example.com")
PROFILE = DocKey(DocumentKind.ACTIVITY_PROFILE, ACTIVITY)
NONE = Preconditions()


def tag(content: bytes) -> str:
    return '"' + hashlib.sha1(content).hexdigest() + '"'


def put(key: DocKey, doc_id: str, content: bytes, pre: Preconditions = NONE, **kw: Any) -> Any:
    return documents.put_document(
        key, doc_id, content, kw.get("content_type", "application/json"), pre
    )


# --- storage -----------------------------------------------------------------------------


def test_put_stores_the_document_with_its_sha1_etag(db: None) -> None:
    stored = put(STATE, "bookmark", b'{"page": 3}')
    assert stored.etag == tag(b'{"page": 3}')
    found = documents.get_document(STATE, "bookmark")
    assert found is not None
    assert (found.content, found.content_type) == (b'{"page": 3}', "application/json")


def test_put_replaces_the_whole_state_document(db: None) -> None:
    put(STATE, "bookmark", b'{"page": 3, "note": "x"}')
    put(STATE, "bookmark", b"plain text", content_type="text/plain")
    found = documents.get_document(STATE, "bookmark")
    assert found is not None
    assert (found.content, found.content_type) == (b"plain text", "text/plain")
    assert Document.objects.count() == 1


def test_documents_are_kept_apart_by_agent_registration_and_kind(db: None) -> None:
    put(STATE, "d", b"{}")
    other_agent = DocKey(DocumentKind.STATE, ACTIVITY, "mbox:mailto:liam@example.com")
    with_registration = DocKey(
        DocumentKind.STATE, ACTIVITY, STATE.agent_key, "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
    )
    assert documents.get_document(other_agent, "d") is None
    assert documents.get_document(with_registration, "d") is None
    assert documents.get_document(PROFILE, "d") is None


def test_post_merges_top_level_properties_of_json_objects(db: None) -> None:
    put(STATE, "s", b'{"a": 1, "b": {"x": 1}}')
    documents.post_document(
        STATE, "s", b'{"b": {"y": 2}, "c": 3}', "application/json; charset=utf-8", NONE
    )
    found = documents.get_document(STATE, "s")
    assert found is not None
    assert json.loads(found.content) == {"a": 1, "b": {"y": 2}, "c": 3}
    assert found.etag == tag(found.content)


def test_post_to_a_missing_document_stores_it_as_put_would(db: None) -> None:
    documents.post_document(STATE, "s", b"[1, 2]", "application/json", NONE)
    found = documents.get_document(STATE, "s")
    assert found is not None
    assert found.content == b"[1, 2]"


@pytest.mark.parametrize(
    ("stored", "stored_type", "sent", "sent_type"),
    [
        (b"text", "text/plain", b'{"a": 1}', "application/json"),
        (b'{"a": 1}', "application/json", b"text", "text/plain"),
        (b'{"a": 1}', "application/json", b"[1]", "application/json"),
        (b'{"a": 1}', "application/json", b"{nope", "application/json"),
    ],
)
def test_post_refuses_to_merge_anything_but_two_json_objects(
    db: None, stored: bytes, stored_type: str, sent: bytes, sent_type: str
) -> None:
    put(STATE, "s", stored, content_type=stored_type)
    with pytest.raises(errors.BadRequestError):
        documents.post_document(STATE, "s", sent, sent_type, NONE)
    found = documents.get_document(STATE, "s")
    assert found is not None
    assert found.content == stored


def test_list_ids_since_is_exclusive_and_sorted(db: None) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        put(STATE, "b", b"1")
        put(STATE, "a", b"1")
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        put(STATE, "c", b"1")
    assert documents.list_ids(STATE) == ["a", "b", "c"]
    assert documents.list_ids(STATE, since=start) == ["c"]


def test_delete_many_removes_only_that_agents_state(db: None) -> None:
    put(STATE, "a", b"1")
    put(STATE, "b", b"1")
    other = DocKey(DocumentKind.STATE, ACTIVITY, "mbox:mailto:liam@example.com")
    put(other, "a", b"1")
    assert documents.delete_documents(STATE) == 2
    assert documents.list_ids(other) == ["a"]


def test_if_match_with_the_current_etag_lets_the_change_through(db: None) -> None:
    first = put(PROFILE, "p", b"1")
    put(PROFILE, "p", b"2", Preconditions(if_match=first.etag))
    found = documents.get_document(PROFILE, "p")
    assert found is not None
    assert found.content == b"2"


@pytest.mark.parametrize(
    "pre",
    [
        Preconditions(if_match='"0000000000000000000000000000000000000000"'),
        Preconditions(if_none_match="*"),
    ],
)
def test_failed_precondition_is_412_and_changes_nothing(db: None, pre: Preconditions) -> None:
    put(PROFILE, "p", b"1")
    with pytest.raises(errors.PreconditionFailedError):
        put(PROFILE, "p", b"2", pre)
    with pytest.raises(errors.PreconditionFailedError):
        documents.delete_document(PROFILE, "p", pre)
    found = documents.get_document(PROFILE, "p")
    assert found is not None
    assert found.content == b"1"


def test_if_match_on_a_missing_document_fails(db: None) -> None:
    with pytest.raises(errors.PreconditionFailedError):
        put(PROFILE, "p", b"1", Preconditions(if_match="*"))
    assert documents.get_document(PROFILE, "p") is None


def test_if_none_match_star_creates_a_new_profile(db: None) -> None:
    put(PROFILE, "p", b"1", Preconditions(if_none_match="*"))
    assert documents.list_ids(PROFILE) == ["p"]


def test_put_over_an_existing_profile_without_a_precondition_is_409(db: None) -> None:
    put(PROFILE, "p", b"1")
    with pytest.raises(errors.ConflictError):
        put(PROFILE, "p", b"2", content_type="text/plain")
    found = documents.get_document(PROFILE, "p")
    assert found is not None
    assert found.content == b"1"


def test_profile_post_and_delete_need_no_precondition(db: None) -> None:
    put(PROFILE, "p", b'{"a": 1}')
    documents.post_document(PROFILE, "p", b'{"b": 2}', "application/json", NONE)
    documents.delete_document(PROFILE, "p", NONE)
    assert documents.list_ids(PROFILE) == []


def test_state_documents_need_no_precondition(db: None) -> None:
    put(STATE, "s", b"1")
    put(STATE, "s", b"2")
    documents.delete_document(STATE, "s", NONE)
    assert documents.list_ids(STATE) == []


# --- over HTTP ---------------------------------------------------------------------------


@pytest.fixture
def lrs(db: None) -> Client:
    LrsClient.objects.create(
        name="Course player", key="k1", secret_hash=make_password("s1"), scopes=["all"]
    )
    auth = "Basic " + base64.b64encode(b"k1:s1").decode()
    return Client(HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")


def state_url(**params: str) -> str:
    query = {"activityId": ACTIVITY, "agent": json.dumps(AGENT), **params}
    return reverse("xapi:state") + "?" + urlencode(query)


def test_state_round_trip_with_etag_and_last_modified(lrs: Client) -> None:
    response = lrs.put(state_url(stateId="bookmark"), b'{"page": 3}', "application/json")
    assert response.status_code == 204
    response = lrs.get(state_url(stateId="bookmark"))
    assert response.status_code == 200
    assert response.content == b'{"page": 3}'
    assert response["Content-Type"] == "application/json"
    assert response["ETag"] == tag(b'{"page": 3}')
    assert response["Last-Modified"].endswith("GMT")
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_state_post_merges_and_get_without_id_lists_ids(lrs: Client) -> None:
    lrs.post(state_url(stateId="s"), b'{"a": 1}', "application/json")
    lrs.post(state_url(stateId="s"), b'{"b": 2}', "application/json")
    assert json.loads(lrs.get(state_url(stateId="s")).content) == {"a": 1, "b": 2}
    assert lrs.get(state_url()).json() == ["s"]


def test_state_delete_without_id_deletes_all_of_that_agents_state(lrs: Client) -> None:
    lrs.put(state_url(stateId="a"), b"1", "text/plain")
    lrs.put(state_url(stateId="b"), b"1", "text/plain")
    assert lrs.delete(state_url()).status_code == 204
    assert lrs.get(state_url()).json() == []


def test_missing_document_is_404(lrs: Client) -> None:
    assert lrs.get(state_url(stateId="nothing")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("xapi:state") + "?" + urlencode({"agent": json.dumps(AGENT), "stateId": "s"}),
        reverse("xapi:state") + "?" + urlencode({"activityId": ACTIVITY, "stateId": "s"}),
        state_url(stateId="s", registration="not-a-uuid"),
        reverse("xapi:state") + "?" + urlencode({"activityId": ACTIVITY, "agent": "{bad"}),
        reverse("xapi:state") + "?" + urlencode({"activityId": ACTIVITY, "agent": "{}"}),
        state_url(since="yesterday"),
        reverse("xapi:state")
        + "?"
        + urlencode({"activityId": ACTIVITY, "agent": json.dumps({"mbox": "lea@example.com"})}),
    ],
    ids=[
        "no activity",
        "no agent",
        "bad registration",
        "agent not json",
        "agent no ifi",
        "since",
        "mbox without mailto",
    ],
)
def test_bad_parameters_are_400_with_a_message(lrs: Client, url: str) -> None:
    response = lrs.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_profile_put_over_an_existing_one_without_if_match_is_409(
    lrs: Client, version: str
) -> None:
    url = reverse("xapi:activity-profile") + "?" + urlencode({"activityId": ACTIVITY})
    one = url + "&profileId=p"
    lrs.defaults["HTTP_X_EXPERIENCE_API_VERSION"] = version
    assert lrs.put(one, b"1", "text/plain").status_code == 204
    refused = lrs.put(one, b"2", "text/plain")
    assert (refused.status_code, refused["X-Experience-API-Version"]) == (409, version)
    etag = lrs.get(one)["ETag"]
    assert lrs.put(one, b"2", "text/plain", HTTP_IF_MATCH='"stale"').status_code == 412
    assert lrs.put(one, b"2", "text/plain", HTTP_IF_MATCH=etag).status_code == 204
    assert lrs.get(one).content == b"2"
    assert lrs.get(url).json() == ["p"]


def test_agent_profile_is_keyed_by_the_agent(lrs: Client) -> None:
    def url(agent: dict[str, str]) -> str:
        query = {"agent": json.dumps(agent), "profileId": "prefs"}
        return reverse("xapi:agent-profile") + "?" + urlencode(query)

    assert lrs.put(url(AGENT), b'{"lang": "en"}', "application/json").status_code == 204
    assert lrs.get(url(AGENT)).json() == {"lang": "en"}
    assert lrs.get(url(OTHER_AGENT)).status_code == 404


def test_profile_delete_needs_a_profile_id(lrs: Client) -> None:
    url = reverse("xapi:activity-profile") + "?" + urlencode({"activityId": ACTIVITY})
    assert lrs.delete(url).status_code == 400


def test_client_without_the_scope_is_refused(lrs: Client) -> None:
    LrsClient.objects.create(
        name="Reader", key="k2", secret_hash=make_password("s2"), scopes=["statements/read"]
    )
    auth = "Basic " + base64.b64encode(b"k2:s2").decode()
    response = lrs.put(state_url(stateId="s"), b"1", "text/plain", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_signed_in_web_user_without_lrs_credentials_gets_401(db: None, cast: Any) -> None:
    web = Client(HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    web.force_login(cast.leader)
    assert web.get(state_url(stateId="s")).status_code == 401


def test_listing_ids_takes_a_fixed_number_of_queries(
    lrs: Client, django_assert_num_queries: Any
) -> None:
    for n in range(5):
        lrs.put(state_url(stateId=f"s{n}"), b"1", "text/plain")
    with django_assert_num_queries(2):  # the client, the ids
        assert len(lrs.get(state_url()).json()) == 5
