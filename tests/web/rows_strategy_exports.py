"""Role x URL rows for strategy exports (DOCX, PDF, Markdown, executive summary)."""

from __future__ import annotations

from typing import Any

from mainspring.strategy import actions, export_actions
from mainspring.strategy.models import StrategyStatus, StrategyVersion
from tests.conftest import Cast
from tests.web.matrix import Row, everyone, only

# Readers of drafts; a stakeholder gets 404 as for a missing version; roles without the
# strategy at all (learner, manager) get 403.
DRAFT = only({"leader": 200, "staff": 200, "executive": 200, "stakeholder": 404})
APPROVED = only({"leader": 200, "staff": 200, "executive": 200, "stakeholder": 200})


def _export(c: Cast, *, approved: bool) -> dict[str, Any]:
    status = StrategyStatus.APPROVED if approved else StrategyStatus.DRAFT
    version = StrategyVersion.objects.filter(status=status).first()
    if version is None:
        version = actions.start_strategy(actor=None)
        if approved:
            version = actions.approve_version(actor=c.leader, version=version)
    export = export_actions.start_export(actor=c.leader, version=version, format="md")
    return {"pk": export_actions.run_export(export.pk).pk}


def _draft_version(c: Cast, j: Any) -> dict[str, Any]:
    version = StrategyVersion.objects.first() or actions.start_strategy(actor=None)
    return {"number": version.number}


DRAFT_EXPORT = lambda c, j: _export(c, approved=False)  # noqa: E731
APPROVED_EXPORT = lambda c, j: _export(c, approved=True)  # noqa: E731

ROWS: list[Row] = [
    Row("strategy:export-start", _draft_version, everyone(405)),
    Row("strategy:export-detail", DRAFT_EXPORT, DRAFT, "draft"),
    Row("strategy:export-detail", APPROVED_EXPORT, APPROVED, "approved"),
    Row("strategy:export-download", DRAFT_EXPORT, DRAFT, "draft"),
    Row("strategy:export-download", APPROVED_EXPORT, APPROVED, "approved"),
]
