"""What the LMS writes for cmi5: the launch URL, LMS.LaunchData and its own statements.

Plain values only. Section numbers are those of cmi5 Quartz:

- §8.1 the launch URL: the unit's URL with ``endpoint``, ``fetch``, ``actor``,
  ``registration`` and ``activityId`` merged into its query string;
- §10 the ``LMS.LaunchData`` state document: contextTemplate (session id extension and
  publisher id grouping), launchMode, launchParameters, masteryScore, moveOn, returnURL,
  entitlementKey;
- §9.3.1 ``launched`` (with launchMode, launchURL, moveOn, masteryScore and
  launchParameters in its context, §9.6.3), §9.3.6 ``abandoned`` (with the session's
  duration, §9.5.4.2) and §9.3.9 ``satisfied`` for blocks and the course.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mainspring.cmi5 import vocabulary as v

LAUNCH_PARAMS = ("endpoint", "fetch", "actor", "registration", "activityId")


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """The unit being launched, as the statements name it."""

    activity_id: str  # LMS-generated (§8.1 activityId)
    publisher_id: str  # from the course structure (§9.6.2.3)
    title: str
    description: str
    move_on: str
    mastery_score: Decimal | None
    launch_parameters: str
    entitlement_key: str
    activity_type: str = ""


def actor(home: str, name: str) -> dict[str, Any]:
    """The learner as an Agent with an account (§9.2): no e-mail or other PII."""
    return {"objectType": "Agent", "account": {"homePage": home, "name": name}}


def launch_url(
    unit_url: str, *, endpoint: str, fetch: str, agent: dict[str, Any], registration: str,
    activity_id: str,
) -> str:  # fmt: skip
    """The unit's URL with the cmi5 parameters merged into its own query string (§8.1)."""
    parts = urlsplit(unit_url)
    own = [(k, val) for k, val in parse_qsl(parts.query, keep_blank_values=True)]
    own = [(k, val) for k, val in own if k not in LAUNCH_PARAMS]
    cmi5 = [
        ("endpoint", endpoint),
        ("fetch", fetch),
        ("actor", json.dumps(agent, separators=(",", ":"))),
        ("registration", registration),
        ("activityId", activity_id),
    ]
    return urlunsplit(parts._replace(query=urlencode([*own, *cmi5])))


def _grouping(unit: UnitFacts) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": unit.publisher_id,
        "definition": {
            "name": {"en-US": unit.title},
            **({"description": {"en-US": unit.description}} if unit.description else {}),
        },
    }


def context_template(session_id: str, unit: UnitFacts) -> dict[str, Any]:
    """The context every statement of the session starts from (§10 contextTemplate)."""
    return {
        "contextActivities": {"grouping": [_grouping(unit)]},
        "extensions": {v.EXT_SESSION: session_id},
    }


def launch_data(
    session_id: str, unit: UnitFacts, *, return_url: str, launch_mode: str = "Normal"
) -> dict[str, Any]:
    """The ``LMS.LaunchData`` state document (§10)."""
    data: dict[str, Any] = {
        "contextTemplate": context_template(session_id, unit),
        "launchMode": launch_mode,
        "moveOn": unit.move_on,
        "returnURL": return_url,
    }
    if unit.mastery_score is not None:
        data["masteryScore"] = float(unit.mastery_score)
    if unit.launch_parameters:
        data["launchParameters"] = unit.launch_parameters
    if unit.entitlement_key:
        data["entitlementKey"] = {"courseStructure": unit.entitlement_key}
    return data


def _verb(verb: str) -> dict[str, Any]:
    return {"id": verb, "display": {"en-US": v.VERB_NAMES[verb]}}


def _unit_object(unit: UnitFacts) -> dict[str, Any]:
    definition: dict[str, Any] = {"name": {"en-US": unit.title}}
    if unit.description:
        definition["description"] = {"en-US": unit.description}
    if unit.activity_type:
        definition["type"] = unit.activity_type
    return {"objectType": "Activity", "id": unit.activity_id, "definition": definition}


def _context(
    registration: str, session_id: str, grouping: dict[str, Any], **extensions: Any
) -> dict[str, Any]:
    return {
        "registration": registration,
        "contextActivities": {
            "category": [{"objectType": "Activity", "id": v.CATEGORY_CMI5}],
            "grouping": [grouping],
        },
        "extensions": {v.EXT_SESSION: session_id, **extensions},
    }


def launched(
    agent: dict[str, Any],
    unit: UnitFacts,
    *,
    registration: str,
    session_id: str,
    launch_url: str,
    launch_mode: str = "Normal",
    timestamp: str,
) -> dict[str, Any]:
    """The LMS's ``launched`` statement, written before the unit opens (§9.3.1)."""
    extensions: dict[str, Any] = {
        v.EXT_LAUNCH_MODE: launch_mode,
        v.EXT_LAUNCH_URL: launch_url,
        v.EXT_MOVE_ON: unit.move_on,
    }
    if unit.mastery_score is not None:
        extensions[v.EXT_MASTERY] = float(unit.mastery_score)
    if unit.launch_parameters:
        extensions[v.EXT_LAUNCH_PARAMETERS] = unit.launch_parameters
    context = _context(registration, session_id, _grouping(unit))
    context["extensions"].update(extensions)
    return {
        "id": str(uuid.uuid4()),
        "actor": agent,
        "verb": _verb(v.LAUNCHED),
        "object": _unit_object(unit),
        "context": context,
        "timestamp": timestamp,
    }


def iso_duration(span: timedelta) -> str:
    """An ISO 8601 duration in seconds, as xAPI results write it (``PT75.5S``)."""
    seconds = max(span.total_seconds(), 0.0)
    return f"PT{round(seconds, 2):g}S"


def abandoned(
    agent: dict[str, Any],
    unit: UnitFacts,
    *,
    registration: str,
    session_id: str,
    duration: timedelta,
    timestamp: str,
) -> dict[str, Any]:
    """The LMS's ``abandoned`` statement for a session that never terminated (§9.3.6)."""
    return {
        "id": str(uuid.uuid4()),
        "actor": agent,
        "verb": _verb(v.ABANDONED),
        "object": _unit_object(unit),
        "result": {"duration": iso_duration(duration)},
        "context": _context(registration, session_id, _grouping(unit)),
        "timestamp": timestamp,
    }


def satisfied(
    agent: dict[str, Any],
    *,
    activity_id: str,
    activity_type: str,
    publisher_id: str,
    title: str,
    registration: str,
    session_id: str,
    timestamp: str,
) -> dict[str, Any]:
    """The LMS's ``satisfied`` statement for a block or the course (§9.3.9)."""
    name = {"en-US": title}
    return {
        "id": str(uuid.uuid4()),
        "actor": agent,
        "verb": _verb(v.SATISFIED),
        "object": {
            "objectType": "Activity",
            "id": activity_id,
            "definition": {"name": name, "type": activity_type},
        },
        "context": _context(
            registration,
            session_id,
            {"objectType": "Activity", "id": publisher_id, "definition": {"name": name}},
        ),
        "timestamp": timestamp,
    }
