"""Role x URL rows for factory (budget, cost ledger, program cost sheets, loaded rates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from mainspring.experiences.models import Program
from mainspring.factory.actions import costs as actions
from mainspring.factory.models import CostEntry, CostImport
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200}
YEAR = lambda c, j: {"year": 2026}  # noqa: E731


def _program(c: Cast, j: Any) -> Program:
    return Program.objects.first() or Program.objects.create(title="Safe Driver", status="live")


def _entry(c: Cast, j: Any) -> dict[str, Any]:
    entry = CostEntry.objects.first() or actions.create_cost_entry(
        actor=None,
        on=date(2026, 1, 5),
        program=_program(c, j),
        category="delivery",
        amount=Decimal(100),
    )
    return {"pk": entry.pk}


def _import(c: Cast, j: Any) -> dict[str, Any]:
    batch = CostImport.objects.first() or actions.upload_cost_import(
        actor=None,
        name="costs.csv",
        content=b"date,category,amount\n2026-01-05,overhead,10\n",
        total_rows=1,
    )
    return {"code": batch.code}


ROWS: list[Row] = [
    Row("factory:budget-overview", NONE, only(READERS)),
    Row("factory:budget", YEAR, only(READERS)),
    Row("factory:budget-months", YEAR, only(READERS)),
    Row("factory:budget-line-edit", YEAR, only(LD)),
    Row("factory:program-costs", lambda c, j: {"pk": _program(c, j).pk}, only(READERS)),
    Row(
        "factory:program-costs",
        lambda c, j: {"pk": 999_999},
        only({"leader": 404, "staff": 404, "executive": 404}),
        label="missing program",
    ),
    Row("factory:entry-list", NONE, only(READERS)),
    Row("factory:entry-create", NONE, only(LD)),
    Row("factory:entry-edit", _entry, only(LD)),
    Row(
        "factory:entry-edit",
        lambda c, j: {"pk": 999_999},
        only({"leader": 404, "staff": 404}),
        label="missing entry",
    ),
    Row("factory:entry-delete", _entry, only(LD)),
    Row("factory:import-new", NONE, only(LD)),
    Row("factory:import-detail", _import, only(LD)),
    # Applying writes: POST only.
    Row("factory:import-apply", _import, everyone(405)),
    Row("factory:rates", NONE, only(READERS)),
]
