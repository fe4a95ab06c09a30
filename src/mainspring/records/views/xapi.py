"""The xAPI resources: Statements, About, Activities and Agents.

Each view is wrapped in :func:`mainspring.records.http.xapi_view` (credentials, version,
CORS, HEAD, the Alternate Request Syntax, JSON errors) and turns
:mod:`mainspring.records.lrs` errors into the status codes the specification requires.
Statements come as ``application/json`` or, with attachment content, ``multipart/mixed``
(:mod:`mainspring.records.multipart`); GET answers ``multipart/mixed`` with
``attachments=true`` and applies ``format=canonical`` (:mod:`mainspring.records.formats`)
with the request's Accept-Language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.http import http_date, urlencode

from mainspring.records import attachments, formats, lrs, multipart
from mainspring.records.attachments import AttachmentPart
from mainspring.records.errors import XapiError
from mainspring.records.http import (
    V1,
    V2,
    XapiRequest,
    can_read_all_statements,
    json_body,
    media_type,
    parse_json,
    require_scope,
    require_statement_read,
    xapi_view,
)
from mainspring.records.models import ActivityDefinition, ActorLink

SINGLE_PARAMS = {"statementId", "voidedStatementId", "attachments", "format"}
ALLOWED_PARAMS = {
    "GET": SINGLE_PARAMS
    | {"agent", "verb", "activity", "registration", "related_activities", "related_agents"}
    | {"since", "until", "limit", "ascending", "more"},
    "PUT": {"statementId"},
    "POST": set(),
}
JSON_TYPE = "application/json"


def _params(query: QueryDict) -> dict[str, str]:
    return {key: str(query.get(key, "")) for key in query}


@xapi_view(["GET", "PUT", "POST"], consistent_through=True)
def statements(request: XapiRequest) -> HttpResponse:
    """Store statements (PUT one with statementId, POST one or many) or read them (GET)."""
    unknown = sorted(set(request.GET) - ALLOWED_PARAMS[request.method or "GET"])
    if unknown:
        raise XapiError(400, f"Unknown parameter {', '.join(unknown)} for {request.method}.")
    if request.method == "GET":
        return _read(request)
    require_scope(request.lrs_client, "statements/write")
    body, parts = _sent(request)
    if request.method == "PUT":
        statement_id = request.GET.get("statementId")
        if not statement_id:
            raise XapiError(400, "PUT needs the statementId parameter.")
        if not isinstance(body, dict):
            raise XapiError(400, "PUT takes one statement (a JSON object).")
        lrs.store_statements(
            [body],
            client=request.lrs_client,
            version=request.xapi_version,
            statement_id=statement_id,
            parts=parts,
        )
        return HttpResponse(status=204)
    batch = body if isinstance(body, list) else [body]
    ids = lrs.store_statements(
        batch, client=request.lrs_client, version=request.xapi_version, parts=parts
    )
    return JsonResponse([str(i) for i in ids], safe=False)


def _sent(request: XapiRequest) -> tuple[Any, dict[str, AttachmentPart]]:
    """The statements of a PUT or POST, and the attachment parts sent with them."""
    kind = media_type(request.content_type)
    if kind == multipart.MIXED_TYPE:
        mixed = multipart.parse(request.META.get("CONTENT_TYPE", ""), request.body)
        return parse_json(mixed.statements), mixed.parts
    if kind != JSON_TYPE:
        raise XapiError(
            400,
            f"Send statements as {JSON_TYPE}, or as {multipart.MIXED_TYPE} with attachment "
            f"content (Content-Type is {request.content_type or 'missing'}).",
        )
    return json_body(request), {}


def _flag(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise XapiError(400, f"{name} must be true or false.")
    return value == "true"


def _read(request: XapiRequest) -> HttpResponse:
    client = request.lrs_client
    require_statement_read(client)
    mine_only = None if can_read_all_statements(client) else client
    params = _params(request.GET)
    with_attachments = _flag(params, "attachments")
    fmt = params.get("format", "exact")
    if fmt not in lrs.FORMATS:
        raise XapiError(400, "format must be ids, exact or canonical.")
    single = params.get("statementId") or params.get("voidedStatementId")
    if single is not None:
        if set(params) - SINGLE_PARAMS or {"statementId", "voidedStatementId"} <= set(params):
            raise XapiError(400, "With statementId or voidedStatementId, send no other filters.")
        data = lrs.get_statement(
            single,
            voided="voidedStatementId" in params,
            fmt="exact" if fmt == "canonical" else fmt,
            client=mine_only,
        )
        (data,) = _canonical(request, [data]) if fmt == "canonical" else [data]
        response = _statement_response(data, [data], with_attachments=with_attachments)
        response["Last-Modified"] = http_date(lrs.parse_stored(data["stored"]).timestamp())
        return response
    page = lrs.find_statements(
        lrs.parse_query(params, client=mine_only, version=request.xapi_version)
    )
    found = _canonical(request, page.statements) if fmt == "canonical" else page.statements
    more = ""
    if page.more_token:
        rest = {k: v for k, v in params.items() if k != "more"}
        more = reverse("xapi:statements") + "?" + urlencode({**rest, "more": page.more_token})
    result = {"statements": found, "more": more}
    return _statement_response(result, found, with_attachments=with_attachments)


def _canonical(request: XapiRequest, found: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    accepted = formats.accepted_languages(request.META.get("HTTP_ACCEPT_LANGUAGE"))
    ids = formats.activity_ids(found)
    held = dict(
        ActivityDefinition.objects.filter(activity__in=ids).values_list("activity", "definition")
    )
    definitions = {k: v for k, v in held.items() if isinstance(v, dict) and v}
    return [formats.canonical(data, accepted, definitions) for data in found]


def _statement_response(
    body: dict[str, Any], found: Sequence[dict[str, Any]], *, with_attachments: bool
) -> HttpResponse:
    """JSON, or with ``attachments=true`` multipart/mixed with the content they use."""
    if not with_attachments:
        return JsonResponse(body)
    first = json.dumps(body, cls=DjangoJSONEncoder).encode("utf-8")
    parts = [
        multipart.OutgoingPart(sha2=a.sha2, content_type=a.content_type, content=bytes(a.content))
        for a in attachments.contents(attachments.used_by(found))
    ]
    content_type, payload = multipart.build(first, parts)
    return HttpResponse(payload, content_type=content_type)


@xapi_view(["GET"], authenticated=False, version_required=False)
def about(request: XapiRequest) -> HttpResponse:  # noqa: ARG001  (the same signature as every view)
    """Which xAPI versions this LRS speaks (open to anyone, no version header needed)."""
    return JsonResponse({"version": [V1, V2], "extensions": {}})


@xapi_view(["GET"])
def activities(request: XapiRequest) -> HttpResponse:
    """The Activity object the LRS holds for ``activityId`` (only its id when unknown)."""
    activity_id = request.GET.get("activityId")
    if not activity_id:
        raise XapiError(400, "The activityId parameter is required.")
    found = ActivityDefinition.objects.filter(activity=activity_id).first()
    body: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    if found is not None and found.definition:
        body["definition"] = found.definition
    return JsonResponse(body)


@xapi_view(["GET"])
def agents(request: XapiRequest) -> HttpResponse:
    """The Person object for ``agent``: its identifier and the names the LRS knows."""
    raw = request.GET.get("agent")
    if not raw:
        raise XapiError(400, "The agent parameter is required.")
    agent, key = lrs.agent_param(raw, version=request.xapi_version)
    person: dict[str, Any] = {"objectType": "Person"}
    names = [agent["name"]] if isinstance(agent.get("name"), str) else []
    link = ActorLink.objects.filter(actor_key=key).values_list("name", flat=True).first()
    if link and link not in names:
        names.append(link)
    if names:
        person["name"] = names
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return JsonResponse(person)


@xapi_view(["GET", "PUT", "POST", "DELETE"], authenticated=False, version_required=False)
def unknown_resource(request: XapiRequest) -> HttpResponse:
    """Anything under /xapi/ that is not a resource: 404 in the LRS's own terms."""
    raise XapiError(404, f"There is no xAPI resource at {request.path}.")
