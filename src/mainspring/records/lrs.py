"""The LRS's statement write path and statement queries.

Storing a batch is one transaction that only inserts: the statements (kept whole as JSON,
exactly as they will be returned), their activity and agent index rows, and the voided
flag on the statements a voiding statement targets. Activity definitions are shared rows,
so they are written after the batch, insert-only.

Refusals are the :mod:`mainspring.records.errors` classes, carrying the HTTP status the
xAPI specification asks for; the request layer turns them into responses.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import operator
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from mainspring.records import attachments, formats, hooks, tasks
from mainspring.records.agents import agent_key, statement_activities, statement_agents
from mainspring.records.attachments import AttachmentPart
from mainspring.records.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
)
from mainspring.records.models import (
    ActivityDefinition,
    LrsClient,
    Statement,
    StatementActivity,
    StatementAgent,
    new_statement_id,
)
from mainspring.records.validation import (
    InvalidStatement,
    parse_timestamp,
    validate_actor,
    validate_statement,
)

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
AUTHORITY_HOME = "https://mainspring.invalid/lrs-clients"
# Properties the LRS sets itself, left out when comparing a re-sent statement.
LRS_SET = ("stored", "authority", "version")
FORMATS = ("ids", "exact", "canonical")


def authority_for(client: LrsClient) -> dict[str, Any]:
    """The Agent the LRS writes as ``authority`` on statements a client stores."""
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": AUTHORITY_HOME, "name": client.key},
    }


def iso(moment: datetime) -> str:
    """A moment as the LRS writes it: UTC, ISO 8601, ending in Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_moment(value: Any, what: str) -> datetime:
    moment = parse_timestamp(value)
    if moment is None:
        raise BadRequestError(f"{what} {value!r} is not an ISO 8601 date and time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def parse_stored(value: str) -> datetime:
    """The ``stored`` moment written on a statement."""
    return _parse_moment(value, "stored")


def _parse_uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise BadRequestError(f"{what} {value!r} is not a UUID.") from exc


def _check_statement(data: Any, version: str) -> None:
    try:
        validate_statement(data, version=version)
    except InvalidStatement as exc:
        raise BadRequestError(str(exc)) from exc


def _comparable(data: Mapping[str, Any], *, keep_timestamp: bool) -> dict[str, Any]:
    dropped = LRS_SET if keep_timestamp else (*LRS_SET, "timestamp")
    return {k: v for k, v in data.items() if k not in dropped}


def _same_statement(sent: Mapping[str, Any], stored: Mapping[str, Any]) -> bool:
    keep = "timestamp" in sent
    return _comparable(sent, keep_timestamp=keep) == _comparable(stored, keep_timestamp=keep)


def _statement_ref(obj: Mapping[str, Any]) -> uuid.UUID | None:
    """The statement a StatementRef object points at (None for any other object)."""
    if obj.get("objectType") == "StatementRef":
        return uuid.UUID(str(obj["id"]))
    return None


@dataclass(slots=True)
class _Prepared:
    """One statement ready to insert: what was sent, the JSON to keep, the lookup columns."""

    id: uuid.UUID
    sent: dict[str, Any]
    data: dict[str, Any]
    verb: str
    activity: str
    actor_key: str
    registration: uuid.UUID | None
    timestamp: datetime
    object_statement: uuid.UUID | None  # the target of a StatementRef object
    voided_statement: uuid.UUID | None  # the same target, when this statement voids it
    voided: bool = False


def _prepare(
    data: dict[str, Any], *, authority: Mapping[str, Any], version: str, stored: str
) -> _Prepared:
    sent = dict(data)
    statement_id = _parse_uuid(sent["id"], "The statement id") if "id" in sent else None
    statement_id = statement_id or new_statement_id()
    sent["id"] = str(statement_id)
    full = dict(sent)
    full["stored"] = stored
    full.setdefault("timestamp", stored)
    full["authority"] = {**authority, "account": dict(authority["account"])}
    # A statement keeps the version it was sent with; without one it gets the request's
    # (xAPI 2.0: "2.0.0"; 1.0.x: "1.0.0", as 1.0.3 prescribes).
    full["version"] = full.get("version") or ("2.0.0" if version.startswith("2.") else "1.0.0")
    obj = full["object"]
    context = full.get("context")
    registration = context.get("registration") if isinstance(context, dict) else None
    verb = full["verb"]["id"]
    target = _statement_ref(obj)
    return _Prepared(
        id=statement_id,
        sent=sent,
        data=full,
        verb=verb,
        activity=obj["id"] if obj.get("objectType", "Activity") == "Activity" else "",
        actor_key=_actor_key(full["actor"]),
        registration=_parse_uuid(registration, "The registration") if registration else None,
        timestamp=_parse_moment(full["timestamp"], "The timestamp"),
        object_statement=target,
        voided_statement=target if verb == VOIDED_VERB else None,
    )


def _actor_key(actor: Mapping[str, Any]) -> str:
    try:
        return agent_key(actor)
    except ValueError:
        return ""  # an anonymous group: found through its members (related_agents)


def store_statements(
    statements: Sequence[Any],
    *,
    client: LrsClient,
    version: str,
    statement_id: str | None = None,
    parts: Mapping[str, AttachmentPart] | None = None,
) -> list[uuid.UUID]:
    """Store statements sent together, all or none; their ids in the order sent.

    ``statement_id`` is the PUT parameter: exactly one statement, whose id (if it has one)
    must agree. A statement already stored is accepted again when it is the same, and
    refused with 409 when it differs. ``parts`` is the attachment content sent beside the
    statements (multipart/mixed), by SHA-256.
    """
    if not statements:
        raise BadRequestError("Send at least one statement.")
    for data in statements:
        _check_statement(data, version)
    parts = parts or {}
    attachments.check(statements, parts)
    if statement_id is not None:
        put_id = str(_parse_uuid(statement_id, "statementId"))
        sent_id = statements[0].get("id")
        if sent_id is not None and str(_parse_uuid(sent_id, "The statement id")) != put_id:
            raise BadRequestError("The statement's id differs from the statementId parameter.")
        statements = [{**statements[0], "id": put_id}]
    now = timezone.now()
    stored, authority = iso(now), authority_for(client)
    prepared = [
        _prepare(d, authority=authority, version=version, stored=stored) for d in statements
    ]
    ids = [p.id for p in prepared]
    if len(set(ids)) != len(ids):
        raise BadRequestError("Two statements in the batch have the same id.")
    try:
        new = _store(prepared, client, parts, now)
    except IntegrityError:
        # Another request stored one of these ids at the same moment: compare again.
        new = _store(prepared, client, parts, now)
    _define_activities([p.data for p in new])
    if new:
        # Progress is derived after the statements are safely stored, in the worker, so a
        # batch is acknowledged as soon as it is written.
        linked = [str(p.id) for p in new]
        transaction.on_commit(lambda: tasks.link_statements_task.enqueue(linked))
    return ids


def _store(
    prepared: list[_Prepared],
    client: LrsClient,
    parts: Mapping[str, AttachmentPart],
    now: datetime,
) -> list[_Prepared]:
    with transaction.atomic():
        new = _drop_resent(prepared)
        _check_voiding(new)
        hooks.statements_storing(client, [p.data for p in new])
        _insert(new, client, now)
        attachments.save(parts)
    return new


def _drop_resent(prepared: list[_Prepared]) -> list[_Prepared]:
    """The statements not stored yet, each knowing whether it is voided already.

    One query answers both questions: which ids are stored (a re-sent statement must be
    the same, or 409) and which of the new ones a stored voiding statement targets.
    """
    ids = [p.id for p in prepared]
    # UNION ALL rather than OR: PostgreSQL planned the OR of the two IN lists as a scan of
    # every statement (2 s at a million), where each half alone is an index look-up.
    rows = Statement.objects.order_by()
    stored = rows.filter(id__in=ids).values_list("id", "voided_statement")
    voiding = rows.filter(voided_statement__in=ids).values_list("id", "voided_statement")
    found = stored.union(voiding, all=True)
    existing: set[uuid.UUID] = set()
    already_voided: set[uuid.UUID] = set()
    for found_id, voids in found:
        existing.add(found_id)
        if voids is not None:
            already_voided.add(voids)
    existing.intersection_update(ids)
    if existing:
        kept = dict(Statement.objects.filter(id__in=existing).values_list("id", "data"))
        for p in prepared:
            if p.id in kept and not _same_statement(p.sent, kept[p.id]):
                raise ConflictError(f"Statement {p.id} is already stored with different content.")
    new = [p for p in prepared if p.id not in existing]
    batch_targets = {p.voided_statement for p in new if p.voided_statement is not None}
    for p in new:
        p.voided = p.id in already_voided or p.id in batch_targets
    return new


def _check_voiding(new: list[_Prepared]) -> None:
    targets = {p.voided_statement for p in new if p.voided_statement is not None}
    if not targets:
        return
    in_batch = {p.id: p.verb for p in new}
    stored = dict(Statement.objects.filter(id__in=targets).values_list("id", "verb"))
    for target in targets:
        verb = stored.get(target) or in_batch.get(target)
        if verb == VOIDED_VERB:
            raise BadRequestError(
                f"Statement {target} voids another statement; it cannot be voided."
            )


ROWS_PER_INSERT = 1000
STATEMENT_COLUMNS = (
    "id",
    "data",
    "version",
    "verb",
    "activity",
    "actor_key",
    "registration",
    "timestamp",
    "stored",
    "voided",
    "voided_statement",
    "object_statement",
    "client_id",
)


def _insert(new: list[_Prepared], client: LrsClient, now: datetime) -> None:
    """Insert the statements and their index rows: three ``executemany`` calls.

    Plain SQL rather than ``bulk_create``: with thousands of rows a batch, Django
    compiling each value took most of the time of storing a statement. Values are
    adapted with the connection's own adapters, so the rows are what the ORM would write.
    """
    if not new:
        return
    ops = connection.ops
    native_uuid = connection.features.has_native_uuid_field

    def db_uuid(value: uuid.UUID | None) -> Any:
        return value if native_uuid or value is None else value.hex

    stored = ops.adapt_datetimefield_value(now)
    statements = [
        (
            db_uuid(p.id),
            ops.adapt_json_value(p.data, None),
            p.data["version"],
            p.verb,
            p.activity,
            p.actor_key,
            db_uuid(p.registration),
            ops.adapt_datetimefield_value(p.timestamp),
            stored,
            p.voided,
            db_uuid(p.voided_statement),
            db_uuid(p.object_statement),
            client.pk,
        )
        for p in new
    ]
    # Index rows carry the statement's stored moment: agent and related-activity listings
    # read their index in list order (see _filtered).
    activities = [
        (db_uuid(p.id), activity, direct, stored)
        for p in new
        for activity, direct in statement_activities(p.data)
    ]
    agents = [
        (db_uuid(p.id), key, direct, stored)
        for p in new
        for key, direct in statement_agents(p.data)
    ]
    _insert_rows(Statement, STATEMENT_COLUMNS, statements)
    _insert_rows(StatementActivity, ("statement_id", "activity", "direct", "stored"), activities)
    _insert_rows(StatementAgent, ("statement_id", "agent_key", "direct", "stored"), agents)
    targets = [p.voided_statement for p in new if p.voided_statement is not None]
    if targets:
        Statement.objects.filter(id__in=targets, voided=False).update(voided=True)


def _insert_rows(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows the way each database takes many rows fastest.

    PostgreSQL: ``COPY ... FROM STDIN`` (psycopg writes the rows in C; it took a third of
    the time of multi-row VALUES, whose client-side binding Python does per value).
    SQLite: ``executemany`` over one prepared statement. Anything else: multi-row VALUES.
    Errors come out as Django's (an IntegrityError for an id stored meanwhile).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with (
            connection.wrap_database_errors,
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608  (names from our models)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(head + one, rows)
            return
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for r in chunk for v in r])


def _define_activities(statements: list[dict[str, Any]]) -> None:
    """Insert definitions for activities the LRS has none for (never updates).

    Most batches name activities already defined; one indexed look-up finds them, so the
    insert (and its commit) happens only for the new ones.
    """
    found: dict[str, dict[str, Any]] = {}
    for data in statements:
        obj = data["object"]
        definition = obj.get("definition")
        if obj.get("objectType", "Activity") == "Activity" and isinstance(definition, dict):
            found.setdefault(obj["id"], definition)
    if not found:
        return
    known = ActivityDefinition.objects.filter(activity__in=list(found))
    for activity in known.values_list("activity", flat=True):
        found.pop(activity, None)
    if found:
        now = timezone.now()
        ActivityDefinition.objects.bulk_create(
            [ActivityDefinition(activity=a, definition=d, updated=now) for a, d in found.items()],
            ignore_conflicts=True,
        )


# --- reading


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """The filters of a statement list request, parsed."""

    agent: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: uuid.UUID | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = DEFAULT_LIMIT
    ascending: bool = False
    format: str = "exact"
    after: tuple[datetime, uuid.UUID] | None = None
    client: LrsClient | None = None  # only statements this client stored (read/mine)


@dataclass(frozen=True, slots=True)
class StatementPage:
    statements: list[dict[str, Any]]
    more_token: str | None


def _flag(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise BadRequestError(f"{name} must be true or false.")
    return value == "true"


def agent_param(raw: str, *, version: str) -> tuple[dict[str, Any], str]:
    """An ``agent`` query parameter: the Agent or Group and its key (400 when not valid)."""
    try:
        agent = json.loads(raw)
    except ValueError as exc:
        raise BadRequestError("The agent parameter is not JSON.") from exc
    try:
        validate_actor(agent, version=version)
        return agent, agent_key(agent)
    except (InvalidStatement, ValueError) as exc:
        raise BadRequestError(f"The agent parameter is not valid: {exc}") from exc


def _limit(raw: str) -> int:
    if not raw:
        return DEFAULT_LIMIT
    wanted = int(raw)
    return MAX_LIMIT if wanted == 0 else min(wanted, MAX_LIMIT)  # 0: the LRS's maximum


def parse_query(
    params: Mapping[str, str], *, client: LrsClient | None, version: str
) -> StatementQuery:
    """Parse a statement list request's parameters (400 on anything malformed)."""
    limit = params.get("limit", "")
    if limit and not limit.isdigit():
        raise BadRequestError("limit must be a whole number.")
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise BadRequestError("format must be ids, exact or canonical.")
    registration = params.get("registration")
    return StatementQuery(
        agent=agent_param(params["agent"], version=version)[1] if "agent" in params else None,
        verb=params.get("verb") or None,
        activity=params.get("activity") or None,
        registration=_parse_uuid(registration, "registration") if registration else None,
        related_activities=_flag(params, "related_activities"),
        related_agents=_flag(params, "related_agents"),
        since=_parse_moment(params["since"], "since") if "since" in params else None,
        until=_parse_moment(params["until"], "until") if "until" in params else None,
        limit=_limit(limit),
        ascending=_flag(params, "ascending"),
        format=fmt,
        after=decode_token(params["more"]) if "more" in params else None,
        client=client,
    )


def encode_token(stored: datetime, statement_id: uuid.UUID) -> str:
    """An opaque paging token for the position after (stored, id)."""
    raw = f"{iso(stored)}|{statement_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_token(token: str) -> tuple[datetime, uuid.UUID]:
    """The (stored, id) position a paging token stands for (400 when it is not ours)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        stored, _, statement_id = raw.partition("|")
        return _parse_moment(stored, "The paging token"), uuid.UUID(statement_id)
    except (binascii.Error, UnicodeDecodeError, ValueError, BadRequestError) as exc:
        raise BadRequestError("The paging token is not one this LRS gave out.") from exc


# How many StatementRef hops a filter follows: a statement pointing at a match, and a
# statement pointing at one of those (the specification asks for any depth; two covers
# voiding a statement that refers to another, and each hop costs one more look-up).
REF_DEPTH = 2


def _conditions(query: StatementQuery, *, correlated: bool, without: str = "") -> Q | None:
    """The query's non-time filters on one statement, voided or not (None: no such filter).

    ``correlated`` writes the agent and related-activity conditions as EXISTS on the
    statement's own index rows, for use inside a look-up of one target statement;
    otherwise as ``id IN (...)``. ``without`` names the filter (``agent`` or
    ``activity``) a listing is already driven by.
    """
    parts: list[Q] = []
    if query.agent and without != "agent":
        agents = StatementAgent.objects.filter(agent_key=query.agent)
        if not query.related_agents:
            agents = agents.filter(direct=True)
        parts.append(_belongs(agents, correlated=correlated))
    if query.verb:
        parts.append(Q(verb=query.verb))
    if query.activity and without != "activity":
        if query.related_activities:
            activities = StatementActivity.objects.filter(activity=query.activity)
            parts.append(_belongs(activities, correlated=correlated))
        else:
            parts.append(Q(activity=query.activity))
    if query.registration:
        parts.append(Q(registration=query.registration))
    return functools.reduce(operator.and_, parts) if parts else None


def _belongs(
    index_rows: QuerySet[StatementAgent] | QuerySet[StatementActivity], *, correlated: bool
) -> Q:
    if correlated:
        # The statement's stored moment too, so the look-up is one seek in the
        # (key, stored, statement) index rather than a walk through every row of the key.
        mine = index_rows.filter(stored=OuterRef("stored"), statement_id=OuterRef("id"))
        return Q(Exists(mine))
    return Q(id__in=index_rows.values("statement_id"))


def _target_matches(query: StatementQuery, depth: int) -> Exists:
    """This row's StatementRef points at a statement meeting the filters.

    With ``depth`` above one, a statement that itself points (that many hops on) at one
    meeting them counts too.
    """
    condition = _conditions(query, correlated=True)
    assert condition is not None
    if depth > 1:
        condition |= Q(_target_matches(query, depth - 1))
    return Exists(Statement.objects.filter(id=OuterRef("object_statement")).filter(condition))


def _window(query: StatementQuery, stored: str, ident: str) -> Q:
    """since, until and the page position, on the named (stored, id) fields."""
    window = Q()
    if query.since:
        window &= Q(**{f"{stored}__gt": query.since})
    if query.until:
        window &= Q(**{f"{stored}__lte": query.until})
    if query.after is not None:
        moment, last = query.after
        beyond = "gt" if query.ascending else "lt"
        window &= Q(**{f"{stored}__{beyond}": moment}) | Q(
            **{stored: moment, f"{ident}__{beyond}": last}
        )
    return window


@dataclass(frozen=True, slots=True)
class _Listing:
    """One query of a listing and the (stored, id) fields it is read in order of."""

    rows: QuerySet[Statement]
    order: tuple[str, str]


def _driver(query: StatementQuery) -> tuple[str, Q, str]:
    """Which index a listing reads in order: (filter it replaces, its condition, prefix).

    An agent filter reads the agent index rows by (agent, stored), a related-activities
    filter the activity index rows by (activity, stored); the statement's own columns
    serve the rest. Either way the database walks one index in list order and stops
    at the page's end, however many statements the filter matches.
    """
    if query.agent:
        condition = Q(agents__agent_key=query.agent)
        if not query.related_agents:
            condition &= Q(agents__direct=True)
        return "agent", condition, "agents__"
    if query.activity and query.related_activities:
        return "activity", Q(activities__activity=query.activity), "activities__"
    return "", Q(), ""


def _filtered(query: StatementQuery) -> list[_Listing]:
    """The statements to list, as one or two queries whose results are merged.

    The first holds the statements meeting the filters themselves. When there are
    filters, the second holds the statements whose object is a StatementRef to a
    statement meeting them (xAPI "Filter Conditions for StatementRefs": a voiding
    statement, say, is listed under the filters of the statement it voids), followed
    :data:`REF_DEPTH` hops; since, until and the page position apply to the referring
    statement itself. Two queries rather than one OR, so each can read an index in
    list order and stop at the page's end.
    """
    rows = Statement.objects.filter(voided=False)
    if query.client is not None:
        rows = rows.filter(client=query.client)
    without, driven, prefix = _driver(query)
    stored, ident = (f"{prefix}stored", f"{prefix}statement_id") if prefix else ("stored", "id")
    # One filter() call, so the driving condition and the window share one join.
    direct = rows.filter(driven & _window(query, stored, ident))
    others = _conditions(query, correlated=False, without=without)
    if others is not None:
        direct = direct.filter(others)
    listings = [_Listing(direct, (stored, ident))]
    if _conditions(query, correlated=False) is not None:
        referring = rows.filter(_window(query, "stored", "id"), object_statement__isnull=False)
        if _few_targets(query):
            referring = referring.filter(_points_into(query, REF_DEPTH))
        else:
            referring = referring.filter(_target_matches(query, REF_DEPTH))
        listings.append(_Listing(referring, ("stored", "id")))
    return listings


def _few_targets(query: StatementQuery) -> bool:
    """Whether the filters match few statements (one learner, registration or activity).

    Then referring statements are found from the matches, through the index by target;
    otherwise (a verb, a course's related activities) by walking the referring
    statements in list order and checking each one's target, which stops at the page's
    end. Either way is right; the choice only saves time.
    """
    return bool(
        query.agent or query.registration or (query.activity and not query.related_activities)
    )


def _points_into(query: StatementQuery, depth: int) -> Q:
    """This row's StatementRef points at a match, or (up to ``depth`` hops) at a row that does."""
    condition = _conditions(query, correlated=False)
    assert condition is not None
    targets = Statement.objects.filter(condition).values("id")
    points = Q(object_statement__in=targets)
    for _ in range(depth - 1):
        # IS NOT NULL spelled out: it lets PostgreSQL use the partial index by target.
        referring = Statement.objects.filter(object_statement__isnull=False)
        targets = referring.filter(object_statement__in=targets).values("id")
        points |= Q(object_statement__in=targets)
    return points


def find_statements(query: StatementQuery) -> StatementPage:
    """One page of statements matching the query, newest stored first unless ascending."""
    wanted = query.limit + 1
    found: dict[uuid.UUID, tuple[Any, datetime]] = {}
    for listing in _filtered(query):
        order = listing.order if query.ascending else tuple(f"-{f}" for f in listing.order)
        rows = listing.rows.order_by(*order).values_list("data", "stored", "id")[:wanted]
        for data, stored, statement_id in rows:
            found[statement_id] = (data, stored)
    ordered = sorted(found.items(), key=lambda item: (item[1][1], item[0]))
    if not query.ascending:
        ordered.reverse()
    page = ordered[: query.limit]
    token = None
    if len(ordered) > query.limit:
        last_id, (_data, last_stored) = page[-1]
        token = encode_token(last_stored, last_id)
    return StatementPage([formats.shape(d, query.format) for _, (d, _) in page], token)


def get_statement(
    statement_id: str, *, voided: bool, fmt: str = "exact", client: LrsClient | None = None
) -> dict[str, Any]:
    """One statement by id; a voided one only when asked for as voided (404 otherwise)."""
    wanted = _parse_uuid(statement_id, "voidedStatementId" if voided else "statementId")
    rows = Statement.objects.filter(id=wanted, voided=voided)
    if client is not None:
        rows = rows.filter(client=client)
    data = rows.values_list("data", flat=True).first()
    if data is None:
        raise NotFoundError(f"No {'voided ' if voided else ''}statement {wanted} is stored.")
    return formats.shape(data, fmt)
