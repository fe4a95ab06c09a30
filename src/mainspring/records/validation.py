"""Is this JSON a valid xAPI statement? (xAPI 1.0.3, and IEEE 9274.1.1 "2.0").

:func:`validate_statement` raises :class:`InvalidStatement` naming the first problem it
finds by its path in the statement (``context.instructor.mbox must start with
'mailto:'``); the LRS answers 400 with that message. It checks structure only: it knows
nothing of stored statements (voiding targets, conflicting ids) or of the request
(attachment parts), which the LRS checks itself.

Pure: plain values in, nothing out but the exception.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NoReturn

from mainspring.records.agents import IFI_PROPERTIES

# A dict first: statements come from json.loads, and the Mapping check is far slower.
_MAPS = (dict, Mapping)


class InvalidStatement(ValueError):  # noqa: N818  (the name other modules agreed on)
    """The statement breaks a rule of the specification; the message names where."""


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# An absolute IRI: a scheme, a colon, then something without spaces or controls.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]+$")
# RFC 5646 language tag (the common grammar, plus private use and grandfathered "i-" tags).
_LANGUAGE_TAG = re.compile(
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$"  # private use
    r"|^[xX](?:-[A-Za-z0-9]{1,8})+$"
    r"|^i-[A-Za-z]{2,8}$"
)
_IFIS = frozenset(IFI_PROPERTIES)
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
# ISO 8601 extended or basic format; "T", "t" or (as RFC 3339 allows) a space between.
_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[Tt ]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_TIMESTAMP_BASIC = re.compile(
    r"^(?P<date>\d{8})[Tt]"
    r"(?P<hour>\d{2})(?P<minute>\d{2})(?:(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}(?:\d{2})?)?$"
)
_DURATION = re.compile(
    r"^P(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$"
    r"|^P\d+(?:[.,]\d+)?W$"
    r"|^P\d+(?:[.,]\d+)?S$"  # seconds without the T, as the 1.0.3 examples show
)
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
OAUTH_AUTHORITY_MEMBERS = 2
_VERSION_1 = re.compile(r"^1\.0(?:\.\d+)?$")
_VERSION_2 = re.compile(r"^(?:1|2)\.0(?:\.\d+)?$")

STATEMENT_KEYS = frozenset(
    {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    }
)
SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)
AGENT_KEYS = frozenset({"objectType", "name", *IFI_PROPERTIES})
GROUP_KEYS = AGENT_KEYS | {"member"}
INTERACTION_COMPONENTS: dict[str, frozenset[str]] = {
    "true-false": frozenset(),
    "choice": frozenset({"choices"}),
    "fill-in": frozenset(),
    "long-fill-in": frozenset(),
    "matching": frozenset({"source", "target"}),
    "performance": frozenset({"steps"}),
    "sequencing": frozenset({"choices"}),
    "likert": frozenset({"scale"}),
    "numeric": frozenset(),
    "other": frozenset(),
}
ALL_COMPONENTS = frozenset({"choices", "scale", "source", "target", "steps"})
DEFINITION_KEYS = frozenset(
    {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *ALL_COMPONENTS,
    }
)
CONTEXT_KEYS_1 = frozenset(
    {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
)
CONTEXT_KEYS_2 = CONTEXT_KEYS_1 | {"contextAgents", "contextGroups"}
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
ATTACHMENT_KEYS = frozenset(
    {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
)


def is_uuid(value: object) -> bool:
    """A UUID in its 8-4-4-4-12 hexadecimal form (any variant, either case)."""
    return isinstance(value, str) and _UUID.match(value) is not None


def is_iri(value: object) -> bool:
    """An absolute IRI: a scheme, a colon, and no spaces."""
    return isinstance(value, str) and _IRI.match(value) is not None


def is_language_tag(value: object) -> bool:
    """An RFC 5646 language tag such as ``en``, ``en-GB`` or ``zh-Hant-TW``.

    Checks the sequence of subtag lengths (what the specification requires) and that no
    extension singleton repeats; it does not look subtags up in the IANA registry.
    """
    return isinstance(value, str) and _is_language_tag(value)


@functools.lru_cache(maxsize=1024)
def _is_language_tag(value: str) -> bool:
    """:func:`is_language_tag` for a string (cached: a few tags are sent again and again)."""
    if _LANGUAGE_TAG.match(value) is None:
        return False
    subtags = value.lower().split("-")
    if "x" in subtags:
        subtags = subtags[: subtags.index("x")]
    singletons = [tag for tag in subtags[1:] if len(tag) == 1]
    return len(singletons) == len(set(singletons))


def parse_timestamp(value: object, *, offset_required: bool = False) -> datetime | None:
    """The moment an xAPI timestamp names, or None if it is not one.

    Accepts ISO 8601 extended and basic formats, with ``T``, ``t`` or (as RFC 3339
    allows) a space before the time, never the "unknown offset" ``-00:00``. With
    ``offset_required`` (2.0, which follows RFC 3339) the zone must be given. Without a
    zone the result is naive: the caller decides what it means (the LRS takes UTC).
    Leap seconds (``:60``) are refused, as Python cannot represent them.
    """
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.match(value) or _TIMESTAMP_BASIC.match(value)
    if match is None:
        return None
    zone = match["zone"]
    if zone is None and offset_required:
        return None
    if zone is not None and zone.startswith("-") and set(zone[1:]) <= {"0", ":"}:
        return None
    day = match["date"].replace("-", "")
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    offset = ""
    if zone is not None:
        digits = "00:00" if zone in ("Z", "z") else zone[1:].replace(":", "").ljust(4, "0")
        offset = "+00:00" if zone in ("Z", "z") else f"{zone[0]}{digits[:2]}:{digits[2:]}"
    text = (
        f"{day[:4]}-{day[4:6]}-{day[6:]}T{match['hour']}:{match['minute']}:"
        f"{match['second'] or '00'}.{fraction}{offset}"
    )
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def is_timestamp(value: object, *, offset_required: bool = False) -> bool:
    """Whether :func:`parse_timestamp` reads ``value`` as a moment."""
    return parse_timestamp(value, offset_required=offset_required) is not None


def is_duration(value: object) -> bool:
    """An ISO 8601 duration such as ``PT1H30M`` or ``P1W``."""
    return isinstance(value, str) and _DURATION.match(value) is not None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self, version: str) -> None:
        self.v2 = version.startswith("2.")

    # --- basics

    def fail(self, path: str, problem: str) -> NoReturn:
        raise InvalidStatement(f"{path} {problem}")

    def obj(self, value: Any, path: str, allowed: frozenset[str]) -> Mapping[str, Any]:
        """A JSON object with only ``allowed`` keys and no null values (path "" is the top)."""
        if not isinstance(value, _MAPS):
            self.fail(path or "statement", "must be a JSON object")
        if not value.keys() <= allowed:
            unknown = sorted(set(value) - allowed)
            self.fail(
                path or "statement",
                f"has a property the specification does not allow: {unknown[0]}",
            )
        if None in value.values():
            for key, item in value.items():
                if item is None:
                    self.fail(_join(path, key), "must not be null")
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, "must be a string")
        return str(value)

    def iri(self, value: Any, path: str) -> None:
        if not is_iri(value):
            self.fail(path, "must be an absolute IRI (such as https://example.com/path)")

    def uuid(self, value: Any, path: str) -> None:
        if not is_uuid(value):
            self.fail(path, "must be a UUID (such as 3b4e2a5c-8d0f-4c1e-9a77-2f6b1d0c9e11)")

    def boolean(self, value: Any, path: str) -> None:
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")

    def language_map(self, value: Any, path: str) -> None:
        if not isinstance(value, _MAPS):
            self.fail(path, "must be a language map (an object of language tags to strings)")
        for tag, text in value.items():
            if not is_language_tag(tag):
                self.fail(path, f"has a key that is not a language tag: {tag!r}")
            if not isinstance(text, str):
                self.fail(f"{path}.{tag}", "must be a string")

    def extensions(self, value: Any, path: str) -> None:
        if not isinstance(value, _MAPS):
            self.fail(path, "must be an object whose keys are IRIs")
        for key in value:
            if not is_iri(key):
                self.fail(path, f"has a key that is not an absolute IRI: {key!r}")

    def timestamp(self, value: Any, path: str) -> None:
        if not is_timestamp(value, offset_required=self.v2):
            if self.v2:
                self.fail(path, "must be an RFC 3339 timestamp with a time zone offset")
            self.fail(path, "must be an ISO 8601 timestamp (such as 2024-05-01T09:30:00Z)")

    def optional(
        self, parent: Mapping[str, Any], key: str, path: str, check: Callable[[Any, str], object]
    ) -> None:
        if key in parent:
            check(parent[key], _join(path, key))

    def required(
        self, parent: Mapping[str, Any], key: str, path: str, check: Callable[[Any, str], object]
    ) -> None:
        if key not in parent:
            self.fail(_join(path, key), "is required")
        check(parent[key], _join(path, key))

    # --- statement

    def statement(self, data: Any) -> None:
        stmt = self.obj(data, "", STATEMENT_KEYS)
        self.optional(stmt, "id", "", self.uuid)
        self.body(stmt, "")
        self.optional(stmt, "stored", "", self.timestamp)
        self.optional(stmt, "authority", "", self.authority)
        self.optional(stmt, "version", "", self.version)
        verb, obj = stmt["verb"], stmt["object"]
        if verb.get("id") == VOIDED and obj.get("objectType") != "StatementRef":
            self.fail(
                "object", "must be a StatementRef (objectType 'StatementRef') to void a statement"
            )

    def body(self, stmt: Mapping[str, Any], path: str) -> None:
        """What statements (path "") and sub-statements share."""
        for key in ("actor", "verb", "object"):
            if key not in stmt:
                self.fail(_join(path, key), "is required")
        self.actor(stmt["actor"], _join(path, "actor"))
        self.verb(stmt["verb"], _join(path, "verb"))
        self.statement_object(stmt["object"], _join(path, "object"), sub=path != "")
        if "result" in stmt:
            self.result(stmt["result"], _join(path, "result"))
        if "context" in stmt:
            self.context(stmt["context"], _join(path, "context"), stmt["object"])
        self.optional(stmt, "timestamp", path, self.timestamp)
        self.optional(stmt, "attachments", path, self.attachments)

    def version(self, value: Any, path: str) -> None:
        pattern = _VERSION_2 if self.v2 else _VERSION_1
        if not isinstance(value, str) or pattern.match(value) is None:
            expected = "2.0.x or 1.0.x (such as 2.0.0)" if self.v2 else "1.0.x (such as 1.0.3)"
            self.fail(path, f"must be a version of the form {expected}")

    # --- agents and groups

    def actor(self, value: Any, path: str) -> None:
        if isinstance(value, _MAPS) and value.get("objectType") == "Group":
            self.group(value, path)
        else:
            self.agent(value, path)

    def agent(self, value: Any, path: str) -> None:
        agent = self.obj(value, path, AGENT_KEYS)
        if "objectType" in agent and agent["objectType"] != "Agent":
            self.fail(f"{path}.objectType", "must be 'Agent' here")
        if "name" in agent:
            self.string(agent["name"], f"{path}.name")
        count = self.ifis(agent, path)
        if count != 1:
            self.fail(path, "must have exactly one of mbox, mbox_sha1sum, openid or account")

    def group(self, value: Any, path: str) -> None:
        group = self.obj(value, path, GROUP_KEYS)
        if group.get("objectType") != "Group":
            self.fail(f"{path}.objectType", "must be 'Group'")
        if "name" in group:
            self.string(group["name"], f"{path}.name")
        count = self.ifis(group, path)
        if count > 1:
            self.fail(path, "must have at most one of mbox, mbox_sha1sum, openid or account")
        if count == 0 and "member" not in group:
            self.fail(f"{path}.member", "is required for a group without an identifier")
        if "member" in group:
            members = group["member"]
            if not isinstance(members, list):
                self.fail(f"{path}.member", "must be a list of agents")
            if count == 0 and not members:
                self.fail(f"{path}.member", "must list at least one agent")
            for index, member in enumerate(members):
                member_path = f"{path}.member[{index}]"
                if isinstance(member, _MAPS) and member.get("objectType") == "Group":
                    self.fail(member_path, "must be an agent (a group cannot contain groups)")
                self.agent(member, member_path)

    def ifis(self, agent: Mapping[str, Any], path: str) -> int:
        """Check the identifiers present and return how many there are."""
        if "mbox" in agent:
            mbox = agent["mbox"]
            if not isinstance(mbox, str) or not mbox.startswith("mailto:"):
                self.fail(f"{path}.mbox", "must start with 'mailto:'")
            if "@" not in mbox[7:] or " " in mbox:
                self.fail(
                    f"{path}.mbox", "must be a mailto: address such as mailto:ana@example.com"
                )
        if "mbox_sha1sum" in agent and (
            not isinstance(agent["mbox_sha1sum"], str) or not _SHA1.match(agent["mbox_sha1sum"])
        ):
            self.fail(f"{path}.mbox_sha1sum", "must be 40 hexadecimal characters (a SHA-1)")
        self.optional(agent, "openid", path, self.iri)
        if "account" in agent:
            account = self.obj(agent["account"], f"{path}.account", frozenset({"homePage", "name"}))
            self.required(account, "homePage", f"{path}.account", self.iri)
            self.required(account, "name", f"{path}.account", self.string)
        return len(_IFIS & agent.keys())

    def authority(self, value: Any, path: str) -> None:
        self.actor(value, path)
        if isinstance(value, _MAPS) and value.get("objectType") == "Group":
            members = value.get("member", [])
            if "member" not in value or len(members) != OAUTH_AUTHORITY_MEMBERS:
                self.fail(f"{path}.member", "must list exactly two agents in an OAuth authority")

    # --- verb and object

    def verb(self, value: Any, path: str) -> None:
        verb = self.obj(value, path, frozenset({"id", "display"}))
        self.required(verb, "id", path, self.iri)
        self.optional(verb, "display", path, self.language_map)

    def statement_object(self, value: Any, path: str, *, sub: bool) -> None:
        if not isinstance(value, _MAPS):
            self.fail(path, "must be a JSON object")
        kind = value.get("objectType", "Activity")
        if kind == "Activity":
            self.activity(value, path)
        elif kind == "Agent":
            self.agent(value, path)
        elif kind == "Group":
            self.group(value, path)
        elif kind == "StatementRef":
            self.statement_ref(value, path)
        elif kind == "SubStatement":
            if sub:
                self.fail(f"{path}.objectType", "must not be 'SubStatement' inside a SubStatement")
            self.obj(value, path, SUBSTATEMENT_KEYS)
            self.body(value, path)
        else:
            self.fail(
                f"{path}.objectType",
                "must be one of Activity, Agent, Group, StatementRef or SubStatement",
            )

    def statement_ref(self, value: Any, path: str) -> None:
        ref = self.obj(value, path, frozenset({"objectType", "id"}))
        if ref.get("objectType") != "StatementRef":
            self.fail(f"{path}.objectType", "must be 'StatementRef'")
        self.required(ref, "id", path, self.uuid)

    def activity(self, value: Any, path: str) -> None:
        activity = self.obj(value, path, frozenset({"objectType", "id", "definition"}))
        if "objectType" in activity and activity["objectType"] != "Activity":
            self.fail(f"{path}.objectType", "must be 'Activity'")
        self.required(activity, "id", path, self.iri)
        self.optional(activity, "definition", path, self.definition)

    def definition(self, value: Any, path: str) -> None:
        definition = self.obj(value, path, DEFINITION_KEYS)
        self.optional(definition, "name", path, self.language_map)
        self.optional(definition, "description", path, self.language_map)
        self.optional(definition, "type", path, self.iri)
        self.optional(definition, "moreInfo", path, self.iri)
        self.optional(definition, "extensions", path, self.extensions)
        interaction = definition.get("interactionType")
        allowed: frozenset[str] = frozenset()
        if "interactionType" in definition:
            if not isinstance(interaction, str) or interaction not in INTERACTION_COMPONENTS:
                self.fail(
                    f"{path}.interactionType",
                    "must be one of " + ", ".join(INTERACTION_COMPONENTS),
                )
            allowed = INTERACTION_COMPONENTS[interaction]
        if "correctResponsesPattern" in definition:
            if "interactionType" not in definition:
                self.fail(f"{path}.correctResponsesPattern", "needs an interactionType")
            pattern = definition["correctResponsesPattern"]
            if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
                self.fail(f"{path}.correctResponsesPattern", "must be a list of strings")
        for component in sorted(ALL_COMPONENTS & set(definition)):
            if component not in allowed:
                kind = f"'{interaction}'" if interaction else "no interactionType"
                self.fail(f"{path}.{component}", f"is not allowed with {kind}")
            self.components(definition[component], f"{path}.{component}")

    def components(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            self.fail(path, "must be a list of interaction components")
        seen: set[str] = set()
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            component = self.obj(item, item_path, frozenset({"id", "description"}))
            self.required(component, "id", item_path, self.string)
            ident = component["id"]
            if ident in seen:
                self.fail(f"{item_path}.id", f"repeats the id {ident!r}")
            seen.add(ident)
            self.optional(component, "description", item_path, self.language_map)

    # --- result

    def result(self, value: Any, path: str) -> None:
        result = self.obj(value, path, RESULT_KEYS)
        self.optional(result, "score", path, self.score)
        self.optional(result, "success", path, self.boolean)
        self.optional(result, "completion", path, self.boolean)
        self.optional(result, "response", path, self.string)
        if "duration" in result and not is_duration(result["duration"]):
            self.fail(f"{path}.duration", "must be an ISO 8601 duration (such as PT1H30M)")
        self.optional(result, "extensions", path, self.extensions)

    def score(self, value: Any, path: str) -> None:
        score = self.obj(value, path, SCORE_KEYS)
        for key in sorted(SCORE_KEYS & set(score)):
            if not _number(score[key]) or not math.isfinite(score[key]):
                self.fail(f"{path}.{key}", "must be a number")
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            self.fail(f"{path}.scaled", "must be between -1 and 1")
        low, high = score.get("min"), score.get("max")
        if low is not None and high is not None and low >= high:
            self.fail(f"{path}.min", "must be less than max")
        raw = score.get("raw")
        if raw is not None and low is not None and raw < low:
            self.fail(f"{path}.raw", "must not be less than min")
        if raw is not None and high is not None and raw > high:
            self.fail(f"{path}.raw", "must not be more than max")

    # --- context

    def context(self, value: Any, path: str, obj: Any) -> None:
        context = self.obj(value, path, CONTEXT_KEYS_2 if self.v2 else CONTEXT_KEYS_1)
        self.optional(context, "registration", path, self.uuid)
        self.optional(context, "instructor", path, self.actor)
        if "team" in context:
            team = context["team"]
            if not isinstance(team, _MAPS) or team.get("objectType") != "Group":
                self.fail(f"{path}.team", "must be a Group (objectType 'Group')")
            self.group(team, f"{path}.team")
        self.optional(context, "contextActivities", path, self.context_activities)
        is_activity = isinstance(obj, _MAPS) and obj.get("objectType", "Activity") == "Activity"
        for key in ("revision", "platform"):
            if key in context:
                self.string(context[key], f"{path}.{key}")
                if not is_activity:
                    self.fail(f"{path}.{key}", "is only allowed when the object is an Activity")
        # Only a string: the ADL conformance suite expects even a 50-letter "tag" here
        # to be accepted, so this is not checked like language map keys are.
        self.optional(context, "language", path, self.string)
        self.optional(context, "statement", path, self.context_statement)
        self.optional(context, "extensions", path, self.extensions)
        self.optional(context, "contextAgents", path, self.context_agents)
        self.optional(context, "contextGroups", path, self.context_groups)

    def context_statement(self, value: Any, path: str) -> None:
        if not isinstance(value, _MAPS) or value.get("objectType") != "StatementRef":
            self.fail(f"{path}.objectType", "must be 'StatementRef'")
        self.statement_ref(value, path)

    def context_activities(self, value: Any, path: str) -> None:
        activities = self.obj(value, path, CONTEXT_ACTIVITY_KEYS)
        for key, item in activities.items():
            items = item if isinstance(item, list) else [item]
            for index, activity in enumerate(items):
                item_path = f"{path}.{key}[{index}]" if isinstance(item, list) else f"{path}.{key}"
                self.activity(activity, item_path)

    def context_agents(self, value: Any, path: str) -> None:
        self.context_entries(value, path, "contextAgent", "agent", self.agent)

    def context_groups(self, value: Any, path: str) -> None:
        self.context_entries(value, path, "contextGroup", "group", self.group)

    def context_entries(
        self,
        value: Any,
        path: str,
        object_type: str,
        key: str,
        check: Callable[[Any, str], object],
    ) -> None:
        if not isinstance(value, list):
            self.fail(path, f"must be a list of {object_type} objects")
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            entry = self.obj(item, item_path, frozenset({"objectType", key, "relevantTypes"}))
            if entry.get("objectType") != object_type:
                self.fail(f"{item_path}.objectType", f"must be '{object_type}'")
            self.required(entry, key, item_path, check)
            if "relevantTypes" in entry:
                types = entry["relevantTypes"]
                if not isinstance(types, list) or not types:
                    self.fail(f"{item_path}.relevantTypes", "must be a non-empty list of IRIs")
                for type_index, type_iri in enumerate(types):
                    self.iri(type_iri, f"{item_path}.relevantTypes[{type_index}]")

    # --- attachments

    def attachments(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            self.fail(path, "must be a list of attachment objects")
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            attachment = self.obj(item, item_path, ATTACHMENT_KEYS)
            self.required(attachment, "usageType", item_path, self.iri)
            self.required(attachment, "display", item_path, self.language_map)
            self.optional(attachment, "description", item_path, self.language_map)
            self.required(attachment, "contentType", item_path, self.content_type)
            self.required(attachment, "length", item_path, self.length)
            self.required(attachment, "sha2", item_path, self.sha2)
            self.optional(attachment, "fileUrl", item_path, self.iri)

    def content_type(self, value: Any, path: str) -> None:
        if not isinstance(value, str) or "/" not in value:
            self.fail(path, "must be an Internet media type (such as application/pdf)")

    def length(self, value: Any, path: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(path, "must be a whole number of bytes")

    def sha2(self, value: Any, path: str) -> None:
        if (
            not isinstance(value, str)
            or not _HEX.match(value)
            or len(value) not in (56, 64, 96, 128)
        ):
            self.fail(path, "must be the SHA-2 hash of the content, in hexadecimal")


def validate_statement(data: Any, *, version: str) -> None:
    """Raise :class:`InvalidStatement` if ``data`` is not a valid statement.

    ``version`` is the request's X-Experience-API-Version: any ``1.0.x`` gets the 1.0.3
    rules, ``2.0.0`` the IEEE 9274.1.1 rules (contextAgents and contextGroups allowed,
    timestamps need a time zone offset, the statement's own version may be 1.0.x or
    2.0.x). Where the specification and the ADL conformance suite differ, the suite wins
    (``context.language`` is only checked to be a string; statement version ``1.0`` is
    accepted).
    """
    _Checker(version).statement(data)


def validate_actor(data: Any, *, version: str, name: str = "agent") -> None:
    """Raise :class:`InvalidStatement` if ``data`` is not a valid Agent or Group.

    For the ``agent`` parameters of the statement, state and agent profile resources,
    which the specification asks to validate like the same values in statements.
    ``name`` starts the message (``agent.mbox must start with 'mailto:'``).
    """
    _Checker(version).actor(data, name)
