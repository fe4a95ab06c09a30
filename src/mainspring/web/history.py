"""What each audit-trail row changed, for a page of rows at once (no query per row)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: Any
    new: Any


def attach_changes(records: Iterable[Any]) -> list[Any]:
    """Give every history record a ``changes`` list against its previous version.

    One query fetches the earlier versions of all the records' objects.
    """
    rows = list(records)
    if not rows:
        return rows
    model = type(rows[0])
    ids = {r.id for r in rows}
    latest = max(r.history_date for r in rows)
    earlier: dict[Any, list[Any]] = defaultdict(list)
    for version in model.objects.filter(id__in=ids, history_date__lte=latest).order_by(
        "history_date", "history_id"
    ):
        earlier[version.id].append(version)
    meta = rows[0].instance_type._meta
    fields = list(model.tracked_fields)
    for row in rows:
        versions = earlier[row.id]
        before = [
            v
            for v in versions
            if (v.history_date, v.history_id) < (row.history_date, row.history_id)
        ]
        row.changes = _diff(before[-1], row, fields, meta) if before else []
    return rows


def _diff(old: Any, new: Any, fields: list[Any], meta: Any) -> list[Change]:
    out = []
    for field in fields:
        a, b = getattr(old, field.attname), getattr(new, field.attname)
        if a != b:
            try:
                label = str(meta.get_field(field.name).verbose_name)
            except FieldDoesNotExist:
                label = field.name
            out.append(Change(label, a, b))
    return out
