from __future__ import annotations

from typing import Any

from mainspring.strategy.models import StrategyVersion
from mainspring.web.http import AuthedRequest


def panel(request: AuthedRequest, version: StrategyVersion) -> dict[str, Any]:
    """The context of `strategy/checks_panel.html` on a strategy version's page."""
    return {"version": version, "user": request.user}
