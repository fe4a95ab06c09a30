"""The LRS's request handling: credentials, scopes, the version header, CORS and JSON errors.

Every xAPI view is wrapped in :func:`xapi_view`. It ignores Django sessions (content and
LMSs authenticate with HTTP Basic credentials of an :class:`LrsClient`), answers CORS
preflight requests for browser content, checks ``X-Experience-API-Version`` (1.0.x is
answered as 1.0.3, 2.0.x as 2.0.0), serves HEAD as GET without a body, and turns
:class:`XapiError` into a JSON error with the status code the specification asks for.

Order of checks: method, then credentials (401), then version (400), then the view's own
checks. A request without credentials therefore always gets 401, whatever else is wrong.

The wrapper also undoes the Alternate Request Syntax (xAPI 1.0.3 Part Three §1.3) before
any of that, so every resource supports it: a POST whose only query parameter is
``method`` carries the real method there and, as form fields, the headers listed in
:data:`ALTERNATE_HEADERS`, the query parameters and the ``content``. IEEE 9274.1.1 (xAPI
2.0) removed the syntax, so a 2.0 request that uses it is refused with 400.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import wraps
from http import HTTPStatus
from typing import Any, cast

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.http import parse_header_parameters, urlencode
from django.views.decorators.csrf import csrf_exempt

from mainspring.org.models import User
from mainspring.records.errors import XapiError
from mainspring.records.models import LrsClient

VERSION_HEADER = "X-Experience-API-Version"
CONSISTENT_HEADER = "X-Experience-API-Consistent-Through"
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
# Form fields of the Alternate Request Syntax that stand for headers (Part Three §1.3),
# by lower-case name, with the request.META key each one fills.
ALTERNATE_HEADERS = {
    "authorization": "HTTP_AUTHORIZATION",
    "x-experience-api-version": "HTTP_X_EXPERIENCE_API_VERSION",
    "content-type": "CONTENT_TYPE",
    "content-length": "CONTENT_LENGTH",
    "if-match": "HTTP_IF_MATCH",
    "if-none-match": "HTTP_IF_NONE_MATCH",
}
ALTERNATE_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
FORM_TYPE = "application/x-www-form-urlencoded"
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
    xapi_alternate: bool  # it came in the Alternate Request Syntax


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
    return parse_json(request.body)


def parse_json(raw: bytes) -> Any:
    """UTF-8 JSON parsed; 400 when it is not."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise XapiError(400, f"The request body is not valid JSON: {exc}") from exc


def media_type(content_type: str | None) -> str:
    """``application/json; charset=utf-8`` -> ``application/json``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def undo_alternate_syntax(request: HttpRequest) -> bool:
    """Turn an Alternate Request Syntax request into the request it stands for.

    Returns whether it was one. xAPI 1.0.3 Part Three §1.3: it must be a POST whose only
    query parameter is ``method`` (one of GET, HEAD, PUT, POST, DELETE), with a form body
    (``application/x-www-form-urlencoded``). Form fields named as in
    :data:`ALTERNATE_HEADERS` (in any case) are headers and win over the real ones;
    ``content`` is the body, read as UTF-8; every other field is a query parameter. Content
    sent without a Content-Type field is taken as ``application/json``. Anything else is
    400.
    """
    if "method" not in request.GET:
        return False
    if request.method != "POST":
        raise XapiError(400, "The Alternate Request Syntax (a method parameter) needs a POST.")
    if set(request.GET) != {"method"}:
        raise XapiError(
            400,
            "With the method parameter, send every other parameter as a form field, not in "
            "the query string.",
        )
    method = str(request.GET["method"]).upper()
    if method not in ALTERNATE_METHODS:
        raise XapiError(400, f"The method parameter must be one of {', '.join(ALTERNATE_METHODS)}.")
    if request.body and media_type(request.content_type) != FORM_TYPE:
        raise XapiError(400, f"The Alternate Request Syntax sends its fields as {FORM_TYPE}.")
    form = request.POST
    params: list[tuple[str, str]] = []
    content: str | None = None
    request.META.pop("CONTENT_TYPE", None)  # the form's own; a Content-Type field may follow
    request.META.pop("CONTENT_LENGTH", None)
    for name, values in form.lists():
        if name.lower() in ALTERNATE_HEADERS:
            request.META[ALTERNATE_HEADERS[name.lower()]] = values[-1]
        elif name == "content":
            content = values[-1]
        else:
            params += [(name, value) for value in values]
    if content is not None:
        request.META.setdefault("CONTENT_TYPE", "application/json")
    request.content_type, request.content_params = parse_header_parameters(
        request.META.get("CONTENT_TYPE", "")
    )
    request.GET = QueryDict(urlencode(params))
    request.POST = QueryDict()
    request._body = (content or "").encode("utf-8")  # the body the form stands for
    request.method = method
    return True


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
    methods: Iterable[str],
    *,
    authenticated: bool = True,
    version_required: bool = True,
    consistent_through: bool = False,
) -> Callable[[XapiView], Callable[[HttpRequest], HttpResponse]]:
    """Wrap an xAPI view: CORS, method, credentials, version, HEAD and JSON errors.

    ``methods`` lists what the view handles besides OPTIONS; HEAD is allowed wherever GET is.
    The view receives an :class:`XapiRequest` whose method is GET for a HEAD request.
    ``consistent_through`` adds ``X-Experience-API-Consistent-Through`` to every response,
    errors included, as the Statement resource must (Part Three §2.1.3): the moment the
    request arrived, since the LRS answers a write only once it is committed.
    """
    allowed = {m.upper() for m in methods}
    if "GET" in allowed:
        allowed.add("HEAD")

    def decorate(view: XapiView) -> Callable[[HttpRequest], HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            version = V1
            head = False
            arrived = timezone.now()
            try:
                if request.method == "OPTIONS":
                    return _finish(HttpResponse(status=200), version, head=False)
                xrequest = cast(XapiRequest, request)
                xrequest.xapi_alternate = undo_alternate_syntax(request)
                head = request.method == "HEAD"
                if request.method not in allowed:
                    raise XapiError(405, f"{request.method} is not allowed here.")
                if authenticated:
                    xrequest.lrs_client = authenticate(request.META.get("HTTP_AUTHORIZATION"))
                header = request.META.get("HTTP_X_EXPERIENCE_API_VERSION")
                if version_required or header:
                    version = negotiate_version(header)
                xrequest.xapi_version = version
                if xrequest.xapi_alternate and version == V2:
                    raise XapiError(
                        400, "xAPI 2.0 has no Alternate Request Syntax (the method parameter)."
                    )
                if head:
                    request.method = "GET"
                response = view(xrequest, *args, **kwargs)
            except XapiError as exc:
                response = error_response(exc.status, exc.message)
                if exc.status == HTTPStatus.METHOD_NOT_ALLOWED:
                    response["Allow"] = ", ".join(sorted(allowed | {"OPTIONS"}))
            except RequestDataTooBig:
                response = error_response(413, "The request is larger than this LRS accepts.")
            if consistent_through:
                response[CONSISTENT_HEADER] = (
                    arrived.astimezone(UTC).isoformat().replace("+00:00", "Z")
                )
            return _finish(response, version, head=head)

        return wrapper

    return decorate


class ClientError(Exception):
    """An LRS client that cannot be created as asked (the message says why)."""


def known_scopes(scopes: Sequence[str]) -> list[str]:
    """The scopes once each, in order; ClientError naming any the LRS does not know."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ClientError(f"Unknown scope {', '.join(unknown)}; use any of: {', '.join(SCOPES)}.")
    return list(dict.fromkeys(scopes))


def create_client(*, actor: User | None, name: str, scopes: Sequence[str]) -> tuple[LrsClient, str]:
    """Create an LRS client with fresh credentials; returns it and its secret (shown once).

    Only the secret's hash is stored. Without scopes the client may write statements and
    read the ones it wrote (``statements/write``, ``statements/read/mine``).
    """
    name = name.strip()
    if not name:
        raise ClientError("Give the client a name, for example the LMS or course it is for.")
    chosen = known_scopes(scopes) or ["statements/write", "statements/read/mine"]
    if LrsClient.objects.filter(name=name).exists():
        raise ClientError(f"There is already an LRS client called {name!r}.")
    key, secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    with transaction.atomic():
        client = LrsClient.objects.create(
            name=name, key=key, secret_hash=make_password(secret), scopes=chosen, created_by=actor
        )
    return client, secret
