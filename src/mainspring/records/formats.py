"""Statement formats for GET: ``exact`` (as stored), ``ids`` and ``canonical``.

``canonical`` (xAPI 1.0.3 Part Three §2.1.3, "Language Filtering Requirements for Canonical
Format Statements"; the same in IEEE 9274.1.1): activities carry the LRS's canonical
definition (the one it holds for the activity id, else the one in the statement) and every
language map in activity definitions (name, description, interaction components) and verb
displays is cut to the one language that best fits the request's ``Accept-Language``
header, chosen per map as RFC 2616 §14.4 describes. Agents and groups stay as sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Interaction component lists of an activity definition; each entry has a description map.
INTERACTION_COMPONENTS = ("choices", "scale", "source", "target", "steps")


def _ids_actor(actor: Any) -> Any:
    if not isinstance(actor, dict):
        return actor
    kept = {k: v for k, v in actor.items() if k in ("objectType", "mbox", "mbox_sha1sum")}
    kept.update({k: actor[k] for k in ("openid", "account") if k in actor})
    anonymous = not any(k in actor for k in ("mbox", "mbox_sha1sum", "openid", "account"))
    if actor.get("objectType") == "Group" and "member" in actor and anonymous:
        kept["member"] = [_ids_actor(m) for m in actor["member"]]
    return kept


def _ids_object(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", "id": obj.get("id")}
    if kind in ("Agent", "Group"):
        return _ids_actor(obj)
    if kind == "SubStatement":
        return _ids_statement(obj)
    return obj


def _ids_statement(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["actor"] = _ids_actor(data.get("actor"))
    out["object"] = _ids_object(data.get("object"))
    if "authority" in data:
        out["authority"] = _ids_actor(data["authority"])
    context = data.get("context")
    if isinstance(context, dict):
        context = dict(context)
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _ids_actor(context[key])
        activities = context.get("contextActivities")
        if isinstance(activities, dict):
            context["contextActivities"] = {
                kind: [_ids_object(a) for a in v] if isinstance(v, list) else _ids_object(v)
                for kind, v in activities.items()
            }
        out["context"] = context
    return out


def shape(data: dict[str, Any], fmt: str) -> dict[str, Any]:
    """A stored statement as ``ids`` or ``exact``; ``canonical`` needs :func:`canonical` too.

    ``canonical`` depends on the request's languages and the LRS's activity definitions,
    which the caller supplies; here it is returned as exact.
    """
    return _ids_statement(data) if fmt == "ids" else data


# --- canonical


@dataclass(frozen=True, slots=True)
class LanguageRange:
    """One entry of an Accept-Language header: a language range and its quality."""

    range: str  # lower case; "*" matches any tag
    quality: float


def accepted_languages(header: str | None) -> list[LanguageRange]:
    """The ranges of an ``Accept-Language`` header, best first (RFC 2616 §14.4).

    Entries that do not parse are skipped; equal qualities keep the header's order.
    """
    ranges: list[LanguageRange] = []
    for item in (header or "").split(","):
        tag, *params = (p.strip() for p in item.split(";"))
        if not tag:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = -1.0
        if quality >= 0:
            ranges.append(LanguageRange(tag.lower(), quality))
    return sorted(ranges, key=lambda r: -r.quality)


def _matches(language_range: str, tag: str) -> bool:
    return language_range in ("*", tag) or tag.startswith(language_range + "-")


def best_language(tags: Sequence[str], accepted: Sequence[LanguageRange]) -> str | None:
    """The tag of a language map to return for the accepted ranges (None for an empty map).

    Per map, each tag takes the quality of the longest range that matches it (RFC 2616
    §14.4), and the best acceptable tag wins, earlier map entries first among equals.
    Failing that, a tag of the same primary language as an accepted range (``en-GB`` for
    ``en-US``), then the map's first tag not refused with ``q=0``, then its first tag:
    the specification asks for exactly one language, never none.
    """
    if not tags:
        return None
    lowered = [t.lower() for t in tags]
    scored: list[tuple[float, int]] = []
    for index, tag in enumerate(lowered):
        matching = [r for r in accepted if _matches(r.range, tag)]
        if matching:
            longest = max(matching, key=lambda r: (r.range != "*", len(r.range)))
            scored.append((longest.quality, index))
    acceptable = [(q, i) for q, i in scored if q > 0]
    if acceptable:
        return tags[min(acceptable, key=lambda s: (-s[0], s[1]))[1]]
    refused = {i for q, i in scored if q == 0}
    for language in accepted:
        primary = language.range.split("-", 1)[0]
        if language.quality <= 0 or primary == "*":
            continue
        for index, tag in enumerate(lowered):
            if index not in refused and tag.split("-", 1)[0] == primary:
                return tags[index]
    allowed = [tags[i] for i in range(len(tags)) if i not in refused]
    return (allowed or list(tags))[0]


def _one_language(value: Any, accepted: Sequence[LanguageRange]) -> Any:
    if not isinstance(value, Mapping):
        return value
    chosen = best_language(list(value), accepted)
    return {} if chosen is None else {chosen: value[chosen]}


def _canonical_definition(
    definition: Mapping[str, Any], accepted: Sequence[LanguageRange]
) -> dict[str, Any]:
    out = dict(definition)
    for key in ("name", "description"):
        if key in out:
            out[key] = _one_language(out[key], accepted)
    for key in INTERACTION_COMPONENTS:
        components = out.get(key)
        if isinstance(components, list):
            out[key] = [
                {**c, "description": _one_language(c["description"], accepted)}
                if isinstance(c, Mapping) and "description" in c
                else c
                for c in components
            ]
    return out


def _canonical_activity(
    activity: Any,
    accepted: Sequence[LanguageRange],
    definitions: Mapping[str, Mapping[str, Any]],
) -> Any:
    if not isinstance(activity, Mapping) or activity.get("objectType", "Activity") != "Activity":
        return activity
    out = dict(activity)
    definition = definitions.get(str(out.get("id"))) or out.get("definition")
    if isinstance(definition, Mapping):
        out["definition"] = _canonical_definition(definition, accepted)
    return out


def canonical(
    data: Mapping[str, Any],
    accepted: Sequence[LanguageRange],
    definitions: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """A statement in ``canonical`` format (see the module docstring).

    ``definitions`` maps activity ids to the definition the LRS holds for them.
    """
    out = dict(data)
    verb = out.get("verb")
    if isinstance(verb, Mapping) and "display" in verb:
        out["verb"] = {**verb, "display": _one_language(verb["display"], accepted)}
    obj = out.get("object")
    if isinstance(obj, Mapping) and obj.get("objectType") == "SubStatement":
        out["object"] = canonical(obj, accepted, definitions)
    else:
        out["object"] = _canonical_activity(obj, accepted, definitions)
    context = out.get("context")
    if isinstance(context, Mapping) and isinstance(context.get("contextActivities"), Mapping):
        out["context"] = {
            **context,
            "contextActivities": {
                kind: [_canonical_activity(a, accepted, definitions) for a in v]
                if isinstance(v, list)
                else _canonical_activity(v, accepted, definitions)
                for kind, v in context["contextActivities"].items()
            },
        }
    return out


def activity_ids(statements: Sequence[Mapping[str, Any]]) -> set[str]:
    """The ids of every activity the statements name (object, context, sub-statements)."""
    found: set[str] = set()

    def visit(data: Mapping[str, Any]) -> None:
        obj = data.get("object")
        if isinstance(obj, Mapping):
            kind = obj.get("objectType", "Activity")
            if kind == "Activity" and isinstance(obj.get("id"), str):
                found.add(obj["id"])
            elif kind == "SubStatement":
                visit(obj)
        context = data.get("context")
        activities = context.get("contextActivities") if isinstance(context, Mapping) else None
        if isinstance(activities, Mapping):
            for value in activities.values():
                for activity in value if isinstance(value, list) else [value]:
                    if isinstance(activity, Mapping) and isinstance(activity.get("id"), str):
                        found.add(activity["id"])

    for data in statements:
        visit(data)
    return found
