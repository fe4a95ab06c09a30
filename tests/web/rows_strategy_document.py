"""Role x URL rows for the strategy document: versions, sections, diff, initiatives."""

from __future__ import annotations

from datetime import date
from typing import Any

from mainspring.strategy import actions
from mainspring.strategy.models import Initiative, Milestone, StrategyVersion
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

READERS = {"leader": 200, "staff": 200, "stakeholder": 200, "executive": 200}
EDITORS = {"leader": 200, "staff": 200}
# Who may read drafts; the rest get 404, the same as for a version that does not exist.
DRAFT_READERS = only({"leader": 200, "staff": 200, "executive": 200}, others=404)


def _draft(c: Cast, j: Any) -> dict[str, Any]:
    version = StrategyVersion.objects.first() or actions.start_strategy(actor=None)
    return {"number": version.number}


def _approved(c: Cast, j: Any) -> dict[str, Any]:
    version = actions.start_strategy(actor=None)
    actions.approve_version(actor=c.leader, version=version)
    return {"number": version.number}


def _section(c: Cast, j: Any) -> dict[str, Any]:
    return {**_draft(c, j), "key": "vision"}


def _initiative(c: Cast, j: Any) -> Initiative:
    return Initiative.objects.first() or actions.save_initiative(
        actor=None, initiative=Initiative(title="Rollout")
    )


def _milestone(c: Cast, j: Any) -> dict[str, Any]:
    found = Milestone.objects.first() or actions.save_milestone(
        actor=None,
        milestone=Milestone(initiative=_initiative(c, j), title="Pilot", due_date=date(2026, 1, 1)),
    )
    return {"pk": found.pk}


def _guideline(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": actions.save_guideline(actor=None, gap_type="skill", method="coaching").pk}


INITIATIVE = lambda c, j: {"pk": _initiative(c, j).pk}  # noqa: E731

ROWS: list[Row] = [
    Row("strategy:document", NONE, only(READERS), "no strategy yet"),
    Row("strategy:version-start", NONE, everyone(405)),
    Row("strategy:version-list", NONE, only(READERS)),
    Row("strategy:version-diff", NONE, only(dict.fromkeys(READERS, 302)), "nothing to compare"),
    Row("strategy:version-detail", _draft, DRAFT_READERS, "draft"),
    Row(
        "strategy:version-detail",
        _approved,
        only({**READERS}, others=404),
        "approved",
    ),
    Row("strategy:version-edit", _draft, only(EDITORS)),
    Row("strategy:section-edit", _section, only(EDITORS)),
    Row("strategy:version-approve", _draft, everyone(405)),
    Row("strategy:version-discard", _draft, everyone(405)),
    Row("strategy:initiative-list", NONE, only(READERS)),
    Row("strategy:initiative-create", NONE, only(EDITORS)),
    Row("strategy:initiative-detail", INITIATIVE, only(READERS)),
    Row("strategy:initiative-edit", INITIATIVE, only(EDITORS)),
    Row("strategy:initiative-delete", INITIATIVE, everyone(405)),
    Row(
        "strategy:milestone-add",
        lambda c, j: {"initiative_pk": _initiative(c, j).pk},
        only(EDITORS),
    ),
    Row("strategy:milestone-edit", _milestone, only(EDITORS)),
    Row("strategy:milestone-delete", _milestone, everyone(405)),
    Row("strategy:guideline-list", NONE, only(READERS)),
    Row("strategy:guideline-delete", _guideline, everyone(405)),
]
