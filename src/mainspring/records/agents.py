"""Canonical keys for the agents and activities a statement mentions.

An Agent (or identified Group) is known by exactly one inverse functional identifier
(IFI). Its key is that IFI written as one string, which is what the LRS stores in its
lookup columns and compares on: ``mbox:mailto:a@b``, ``mbox_sha1sum:<hex>``,
``openid:<uri>``, ``account:<homePage>|<name>``. Values are kept exactly as sent and
compared case-sensitively, as the specification says.

These functions expect a statement that has already passed
:func:`mainspring.records.validation.validate_statement`; they skip what has no key
(anonymous groups) rather than judge it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")
CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")


def mbox_sha1(mbox: str) -> str:
    """The ``mbox_sha1sum`` of a mailbox, for example ``mailto:a@b`` (hex SHA-1)."""
    if not mbox.startswith("mailto:"):
        mbox = "mailto:" + mbox
    return hashlib.sha1(mbox.encode()).hexdigest()  # noqa: S324  (the spec names SHA-1)


def agent_key(agent: Mapping[str, Any]) -> str:
    """The canonical key of an Agent or identified Group.

    Raises ``ValueError`` when the object has no identifier, more than one, or one of
    the wrong shape (use :func:`mainspring.records.validation.validate_actor` to check
    the whole object against the specification first).
    """
    if not isinstance(agent, Mapping):
        raise ValueError("The agent must be a JSON object.")
    present = [name for name in IFI_PROPERTIES if name in agent]
    if not present:
        raise ValueError("The agent has no identifier (mbox, mbox_sha1sum, openid or account).")
    if len(present) > 1:
        raise ValueError(f"The agent has more than one identifier ({', '.join(present)}).")
    name = present[0]
    value = agent[name]
    if name == "account":
        if not isinstance(value, Mapping):
            raise ValueError("The agent's account must be an object.")
        home, login = value.get("homePage"), value.get("name")
        if not isinstance(home, str) or not isinstance(login, str):
            raise ValueError("The agent's account needs a homePage and a name.")
        return f"account:{home}|{login}"
    if not isinstance(value, str):
        raise ValueError(f"The agent's {name} must be a string.")
    return f"{name}:{value}"


def _key_or_none(agent: Mapping[str, Any]) -> str | None:
    try:
        return agent_key(agent)
    except ValueError:
        return None


def group_member_keys(group: Mapping[str, Any]) -> list[str]:
    """The keys of a Group's members, in order, skipping any without an identifier."""
    members = group.get("member") or []
    keys: list[str] = []
    for member in members if isinstance(members, list) else []:
        if isinstance(member, Mapping):
            key = _key_or_none(member)
            if key is not None:
                keys.append(key)
    return keys


class _Collector:
    """Keys in first-seen order; a key mentioned directly anywhere stays direct."""

    def __init__(self) -> None:
        self.found: dict[str, bool] = {}

    def add(self, key: str | None, *, direct: bool) -> None:
        if key is not None:
            self.found[key] = self.found.get(key, False) or direct

    def result(self) -> list[tuple[str, bool]]:
        return list(self.found.items())


def _add_actor(found: _Collector, actor: Any, *, direct: bool) -> None:
    """An Agent or Group: its own key (if any) and its members' keys (never direct)."""
    if not isinstance(actor, Mapping):
        return
    found.add(_key_or_none(actor), direct=direct)
    if actor.get("objectType") == "Group":
        for key in group_member_keys(actor):
            found.add(key, direct=False)


def _is_actor_object(obj: Mapping[str, Any]) -> bool:
    return obj.get("objectType") in ("Agent", "Group")


def _agents_of(found: _Collector, stmt: Mapping[str, Any], *, top: bool) -> None:
    _add_actor(found, stmt.get("actor"), direct=top)
    obj = stmt.get("object")
    if isinstance(obj, Mapping):
        if _is_actor_object(obj):
            _add_actor(found, obj, direct=top)
        elif obj.get("objectType") == "SubStatement" and top:
            _agents_of(found, obj, top=False)
    context = stmt.get("context")
    if isinstance(context, Mapping):
        _add_actor(found, context.get("instructor"), direct=False)
        _add_actor(found, context.get("team"), direct=False)
        for entry in _as_list(context.get("contextAgents")):
            if isinstance(entry, Mapping):
                _add_actor(found, entry.get("agent"), direct=False)
        for entry in _as_list(context.get("contextGroups")):
            if isinstance(entry, Mapping):
                _add_actor(found, entry.get("group"), direct=False)
    if top:
        _add_actor(found, stmt.get("authority"), direct=False)


def statement_agents(stmt: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """Every agent key a statement mentions, with whether it is direct.

    Direct: the actor, or the object when it is an Agent or Group (the ``agent`` query
    filter). Indirect (only for ``related_agents``): group members, context instructor,
    team, contextAgents and contextGroups (2.0), authority, and the agents of a
    SubStatement object. Each key appears once.
    """
    found = _Collector()
    _agents_of(found, stmt, top=True)
    return found.result()


def _as_list(value: Any) -> Iterable[Any]:
    if isinstance(value, list):
        return value
    if value is None:
        return []
    return [value]


def _activities_of(found: _Collector, stmt: Mapping[str, Any], *, top: bool) -> None:
    obj = stmt.get("object")
    if isinstance(obj, Mapping):
        kind = obj.get("objectType", "Activity")
        if kind == "Activity" and isinstance(obj.get("id"), str):
            found.add(obj["id"], direct=top)
        elif kind == "SubStatement" and top:
            _activities_of(found, obj, top=False)
    context = stmt.get("context")
    if isinstance(context, Mapping):
        activities = context.get("contextActivities")
        if isinstance(activities, Mapping):
            for kind in CONTEXT_ACTIVITY_KINDS:
                for activity in _as_list(activities.get(kind)):
                    if isinstance(activity, Mapping) and isinstance(activity.get("id"), str):
                        found.add(activity["id"], direct=False)


def statement_activities(stmt: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """Every activity id a statement mentions, with whether it is direct.

    Direct: the statement's object when it is an Activity (the ``activity`` query
    filter). Indirect (only for ``related_activities``): context activities (parent,
    grouping, category, other) and the activities of a SubStatement object.
    """
    found = _Collector()
    _activities_of(found, stmt, top=True)
    return found.result()
