"""The xAPI resources: Statements, About, Activities and Agents.

Each view is wrapped in :func:`mainspring.records.http.xapi_view` (credentials, version,
CORS, HEAD, JSON errors) and turns :mod:`mainspring.records.lrs` errors into the status
codes the specification requires.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, urlencode

from mainspring.records import lrs
from mainspring.records.errors import XapiError
from mainspring.records.http import (
    V1,
    V2,
    XapiRequest,
    can_read_all_statements,
    json_body,
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


def _params(query: QueryDict) -> dict[str, str]:
    return {key: str(query.get(key, "")) for key in query}


@xapi_view(["GET", "PUT", "POST"])
def statements(request: XapiRequest) -> HttpResponse:
    """Store statements (PUT one with statementId, POST one or many) or read them (GET)."""
    unknown = sorted(set(request.GET) - ALLOWED_PARAMS[request.method or "GET"])
    if unknown:
        raise XapiError(400, f"Unknown parameter {', '.join(unknown)} for {request.method}.")
    if request.method == "GET":
        return _read(request)
    require_scope(request.lrs_client, "statements/write")
    if (request.content_type or "").startswith("multipart/"):
        raise XapiError(400, "Attachments sent as multipart/mixed are not supported yet.")
    body = json_body(request)
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
        )
        return HttpResponse(status=204)
    batch = body if isinstance(body, list) else [body]
    ids = lrs.store_statements(batch, client=request.lrs_client, version=request.xapi_version)
    return JsonResponse([str(i) for i in ids], safe=False)


def _read(request: XapiRequest) -> HttpResponse:
    client = request.lrs_client
    require_statement_read(client)
    mine_only = None if can_read_all_statements(client) else client
    params = _params(request.GET)
    single = params.get("statementId") or params.get("voidedStatementId")
    if single is not None:
        if set(params) - SINGLE_PARAMS or {"statementId", "voidedStatementId"} <= set(params):
            raise XapiError(400, "With statementId or voidedStatementId, send no other filters.")
        data = lrs.get_statement(
            single,
            voided="voidedStatementId" in params,
            fmt=params.get("format", "exact"),
            client=mine_only,
        )
        response = JsonResponse(data)
        response["Last-Modified"] = http_date(lrs.parse_stored(data["stored"]).timestamp())
        return response
    consistent = timezone.now()
    page = lrs.find_statements(
        lrs.parse_query(params, client=mine_only, version=request.xapi_version)
    )
    more = ""
    if page.more_token:
        rest = {k: v for k, v in params.items() if k != "more"}
        more = reverse("xapi:statements") + "?" + urlencode({**rest, "more": page.more_token})
    response = JsonResponse({"statements": page.statements, "more": more})
    response["X-Experience-API-Consistent-Through"] = lrs.iso(consistent)
    return response


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
