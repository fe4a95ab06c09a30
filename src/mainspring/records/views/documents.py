"""The xAPI document resources: /xapi/activities/state, activities/profile, agents/profile."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from django.http import HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from mainspring.records import documents, hooks
from mainspring.records.agents import agent_key
from mainspring.records.documents import DocKey, Preconditions
from mainspring.records.errors import XapiError
from mainspring.records.http import XapiRequest, require_scope, xapi_view
from mainspring.records.models import DocumentKind
from mainspring.records.validation import validate_actor

METHODS = ("GET", "PUT", "POST", "DELETE")


def _param(request: XapiRequest, name: str, *, required: bool = True) -> str:
    value = request.GET.get(name, "")
    if required and not value:
        raise XapiError(400, f"The {name} parameter is required.")
    return value


def _agent(request: XapiRequest) -> str:
    raw = _param(request, "agent")
    try:
        agent = json.loads(raw)
    except ValueError as exc:
        raise XapiError(400, "The agent parameter is not valid JSON.") from exc
    if not isinstance(agent, dict):
        raise XapiError(400, "The agent parameter must be a JSON object (an Agent).")
    try:
        validate_actor(agent, version=request.xapi_version)
        return agent_key(agent)
    except ValueError as exc:  # InvalidStatement is a ValueError too
        raise XapiError(400, str(exc)) from exc


def _registration(request: XapiRequest) -> str:
    raw = _param(request, "registration", required=False)
    if not raw:
        return ""
    try:
        return str(uuid.UUID(raw))
    except ValueError as exc:
        raise XapiError(400, "The registration parameter is not a UUID.") from exc


def _since(request: XapiRequest) -> datetime | None:
    raw = _param(request, "since", required=False)
    if not raw:
        return None
    try:
        parsed = parse_datetime(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        raise XapiError(400, "The since parameter is not an ISO 8601 timestamp.")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _preconditions(request: XapiRequest) -> Preconditions:
    return Preconditions(
        if_match=request.META.get("HTTP_IF_MATCH"),
        if_none_match=request.META.get("HTTP_IF_NONE_MATCH"),
    )


def _document_response(stored: documents.StoredDocument) -> HttpResponse:
    response = HttpResponse(stored.content, content_type=stored.content_type)
    response["ETag"] = stored.etag
    response["Last-Modified"] = http_date(stored.updated.timestamp())
    return response


def _serve(
    request: XapiRequest, key: DocKey, id_param: str, *, list_allowed: bool = True
) -> HttpResponse:
    """One document resource: GET one or the ids, PUT, POST, DELETE one or (state) all."""
    doc_id = _param(request, id_param, required=False)
    if request.method == "GET":
        if doc_id:
            found = documents.get_document(key, doc_id)
            if found is None:
                raise XapiError(404, "There is no such document.")
            return _document_response(found)
        return JsonResponse(documents.list_ids(key, _since(request)), safe=False)
    hooks.document_writing(
        request.lrs_client, key.kind, key.activity, key.registration, doc_id or None
    )
    if request.method == "DELETE" and not doc_id and list_allowed:
        documents.delete_documents(key)
        return HttpResponse(status=204)
    if not doc_id:
        raise XapiError(400, f"The {id_param} parameter is required.")
    pre = _preconditions(request)
    if request.method == "DELETE":
        documents.delete_document(key, doc_id, pre)
        return HttpResponse(status=204)
    write = documents.put_document if request.method == "PUT" else documents.post_document
    stored = write(key, doc_id, request.body, request.META.get("CONTENT_TYPE", ""), pre)
    response = HttpResponse(status=204)
    response["ETag"] = stored.etag
    return response


def _scope(request: XapiRequest, scope: str) -> None:
    if request.method == "GET":
        require_scope(request.lrs_client, scope, "all/read")
    else:
        require_scope(request.lrs_client, scope)


@xapi_view(METHODS)
def state(request: XapiRequest) -> HttpResponse:
    _scope(request, "state")
    key = DocKey(
        kind=DocumentKind.STATE,
        activity=_param(request, "activityId"),
        agent_key=_agent(request),
        registration=_registration(request),
    )
    return _serve(request, key, "stateId")


@xapi_view(METHODS)
def activity_profile(request: XapiRequest) -> HttpResponse:
    _scope(request, "profile")
    key = DocKey(kind=DocumentKind.ACTIVITY_PROFILE, activity=_param(request, "activityId"))
    return _serve(request, key, "profileId", list_allowed=False)


@xapi_view(METHODS)
def agent_profile(request: XapiRequest) -> HttpResponse:
    _scope(request, "profile")
    key = DocKey(kind=DocumentKind.AGENT_PROFILE, agent_key=_agent(request))
    return _serve(request, key, "profileId", list_allowed=False)
