from __future__ import annotations

from typing import Any

from mainspring.strategy import actions
from mainspring.strategy.models import KPI


def make_kpi(code: str, **fields: Any) -> KPI:
    """Create a KPI through its action, named after its code unless told otherwise."""
    return actions.create_kpi(actor=None, code=code, name=fields.pop("name", code), **fields)
