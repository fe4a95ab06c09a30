"""The LRS's request handling: credentials, scopes, the version header, CORS and JSON errors.

Every xAPI view is wrapped in :func:`xapi_view`. It ignores Django sessions (content and
LMSs authenticate with HTTP Basic credentials of an :class:`LrsClient`), answers CORS
preflight requests for browser content, checks ``X-Experience-API-Version`` (1.0.x is
answered as 1.0.3, 2.0.x as 2.0.0), serves HEAD as GET without a body, and turns
:class:`XapiError` into a JSON error with the status code the specification asks for.

Order of checks: method, then credentials (401), then version (400), then the view's own
checks. A request without credentials therefore always gets 401, whatever else is wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from http import HTTPStatus
from typing import Any, cast

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from mainspring.org.models import User
from mainspring.records.errors import XapiError
from mainspring.records.models import LrsClient

VERSION_HEADER = "X-Experience-API-Version"
V1 = "1.0.3"
V2 = "2.0.0"
SCOPES = (
    "statements/write",
    "statements/read/mine",
    "statements/read",
    "state",
    "define",
    "profile",
    "all/read",
    "all",
)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, "
        "X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Cache-Control, Content-Type, Content-Length, "
        "WWW-Authenticate, X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Max-Age": "86400",
}
# Credentials already checked in this process: SHA-256 of "key:secret" -> the secret hash
# they matched. The password hasher is deliberately slow (about half a second), far too
# slow to pay on every statement; a new secret changes the hash and so misses here, and
# the client's active flag is read from the database on every request.
_verified: dict[str, str] = {}
MAX_VERIFIED = 1024
# A dummy hash, so an unknown key costs as much time as a wrong secret.
_DUMMY_HASH = make_password("not a real secret")


class XapiRequest(HttpRequest):
    """A request that passed :func:`xapi_view`: who sent it and which xAPI version it speaks."""

    lrs_client: LrsClient
    xapi_version: str  # "1.0.3" or "2.0.0"


XapiView = Callable[[XapiRequest], HttpResponse]


def negotiate_version(header: str | None) -> str:
    """The version to answer in, for a request's version header; 400 when unsupported."""
    if not header:
        raise XapiError(400, f"The {VERSION_HEADER} header is required.")
    parts = header.strip().split(".")
    if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
        if parts[:2] == ["1", "0"]:
            return V1
        if parts[:2] == ["2", "0"]:
            return V2
    raise XapiError(400, f"{VERSION_HEADER} {header!r} is not supported; use 1.0.3 or 2.0.0.")


def authenticate(header: str | None) -> LrsClient:
    """The active client whose HTTP Basic credentials these are; 401 otherwise."""
    if not header or not header.lower().startswith("basic "):
        raise XapiError(401, "Send HTTP Basic credentials of an LRS client.")
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise XapiError(401, "The Authorization header is not valid HTTP Basic.") from exc
    key, sep, secret = decoded.partition(":")
    if not sep:
        raise XapiError(401, "The Authorization header is not valid HTTP Basic.")
    client = LrsClient.objects.filter(key=key, active=True).first()
    if client is None:
        check_password(secret, _DUMMY_HASH)
        raise XapiError(401, "Unknown or inactive LRS client, or wrong secret.")
    digest = hashlib.sha256(f"{key}:{secret}".encode()).hexdigest()
    if _verified.get(digest) == client.secret_hash:
        return client
    if not check_password(secret, client.secret_hash):
        raise XapiError(401, "Unknown or inactive LRS client, or wrong secret.")
    if len(_verified) >= MAX_VERIFIED:
        _verified.clear()
    _verified[digest] = client.secret_hash
    return client


def has_scope(client: LrsClient, *accepted: str) -> bool:
    """Whether the client holds one of the accepted scopes (``all`` accepts everything)."""
    held = set(client.scopes or [])
    return "all" in held or bool(held.intersection(accepted))


def require_scope(client: LrsClient, *accepted: str) -> None:
    """Refuse with 403 unless the client holds one of the accepted scopes."""
    if not has_scope(client, *accepted):
        raise XapiError(403, f"This client needs one of these scopes: {', '.join(accepted)}.")


def can_read_all_statements(client: LrsClient) -> bool:
    """Whether the client may read every statement (not only those it stored)."""
    return has_scope(client, "statements/read", "all/read")


def require_statement_read(client: LrsClient) -> None:
    """Refuse with 403 a client that may read no statements at all."""
    require_scope(client, "statements/read", "statements/read/mine", "all/read")


def error_response(status: int, message: str) -> JsonResponse:
    """The JSON body of a refusal (with WWW-Authenticate on 401)."""
    response = JsonResponse({"error": {"code": status, "message": message}}, status=status)
    if status == HTTPStatus.UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def json_body(request: HttpRequest) -> Any:
    """The request body parsed as JSON; 400 when it is not JSON."""
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise XapiError(400, f"The request body is not valid JSON: {exc}") from exc


def _finish(response: HttpResponse, version: str, *, head: bool) -> HttpResponse:
    response[VERSION_HEADER] = version
    for name, value in CORS_HEADERS.items():
        response[name] = value
    if head:
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


def xapi_view(
    methods: Iterable[str], *, authenticated: bool = True, version_required: bool = True
) -> Callable[[XapiView], Callable[[HttpRequest], HttpResponse]]:
    """Wrap an xAPI view: CORS, method, credentials, version, HEAD and JSON errors.

    ``methods`` lists what the view handles besides OPTIONS; HEAD is allowed wherever GET is.
    The view receives an :class:`XapiRequest` whose method is GET for a HEAD request.
    """
    allowed = {m.upper() for m in methods}
    if "GET" in allowed:
        allowed.add("HEAD")

    def decorate(view: XapiView) -> Callable[[HttpRequest], HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            version = V1
            head = request.method == "HEAD"
            try:
                if request.method == "OPTIONS":
                    return _finish(HttpResponse(status=200), version, head=False)
                if request.method not in allowed:
                    raise XapiError(405, f"{request.method} is not allowed here.")
                xrequest = cast(XapiRequest, request)
                if authenticated:
                    xrequest.lrs_client = authenticate(request.META.get("HTTP_AUTHORIZATION"))
                header = request.META.get("HTTP_X_EXPERIENCE_API_VERSION")
                if version_required or header:
                    version = negotiate_version(header)
                xrequest.xapi_version = version
                if head:
                    request.method = "GET"
                response = view(xrequest, *args, **kwargs)
            except XapiError as exc:
                response = error_response(exc.status, exc.message)
                if exc.status == HTTPStatus.METHOD_NOT_ALLOWED:
                    response["Allow"] = ", ".join(sorted(allowed | {"OPTIONS"}))
            return _finish(response, version, head=head)

        return wrapper

    return decorate


class ClientError(Exception):
    """An LRS client that cannot be created as asked (the message says why)."""


def create_client(*, actor: User | None, name: str, scopes: Sequence[str]) -> tuple[LrsClient, str]:
    """Create an LRS client with fresh credentials; returns it and its secret (shown once).

    Only the secret's hash is stored. Without scopes the client may write statements and
    read the ones it wrote (``statements/write``, ``statements/read/mine``).
    """
    name = name.strip()
    if not name:
        raise ClientError("Give the client a name, for example the LMS or course it is for.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ClientError(f"Unknown scope {', '.join(unknown)}; use any of: {', '.join(SCOPES)}.")
    if LrsClient.objects.filter(name=name).exists():
        raise ClientError(f"There is already an LRS client called {name!r}.")
    key, secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    chosen = list(dict.fromkeys(scopes)) or ["statements/write", "statements/read/mine"]
    with transaction.atomic():
        client = LrsClient.objects.create(
            name=name, key=key, secret_hash=make_password(secret), scopes=chosen, created_by=actor
        )
    return client, secret
