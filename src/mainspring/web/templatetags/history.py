from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: Any
    new: Any


@register.simple_tag
def changes(record: Any) -> list[Change]:
    """List what a history record changed compared with the version before it."""
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    meta = record.instance_type._meta
    out = []
    for change in delta.changes:
        try:
            label = meta.get_field(change.field).verbose_name
        except Exception:  # noqa: BLE001  (a field dropped since: show its raw name)
            label = change.field
        out.append(Change(str(label), change.old, change.new))
    return out
