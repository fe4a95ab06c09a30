"""Statement formats for GET: ``exact`` (as stored), ``ids`` and ``canonical``."""

from __future__ import annotations

from typing import Any


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
    """A stored statement in the requested format (canonical is returned as exact for now)."""
    return _ids_statement(data) if fmt == "ids" else data
