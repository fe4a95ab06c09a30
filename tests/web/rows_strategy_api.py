"""Role x URL rows for the strategy REST API and the KPI observation import wizard."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mainspring.strategy import actions, import_tasks
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

API_READERS = {"anonymous": 401, "leader": 200, "staff": 200, "stakeholder": 200,
               "executive": 200, "learner": 403, "manager": 403}  # fmt: skip


def _kpi(c: Cast, j: Any) -> KPI:
    return KPI.objects.first() or actions.create_kpi(actor=None, code="INC", name="Inc")


def _goal(c: Cast, j: Any) -> dict[str, Any]:
    goal = BusinessGoal.objects.first() or actions.create_goal(
        actor=None, title="Fewer incidents", driver="pain"
    )
    return {"pk": goal.pk}


def _need(c: Cast, j: Any) -> dict[str, Any]:
    need = LearningNeed.objects.first() or actions.create_need(
        actor=None, title="Load securing", gap_type="skill"
    )
    return {"pk": need.pk}


def _kpi_import(c: Cast, j: Any) -> dict[str, Any]:
    upload = SimpleUploadedFile("values.csv", b"kpi,unit,period,value\nINC,OPS,2025-01,1\n")
    return {"pk": import_tasks.start(actor=c.leader, upload=upload).pk}


WIZARD = {"leader": 200, "staff": 200}
KPI_CODE = lambda c, j: {"code": _kpi(c, j).code}  # noqa: E731

ROWS: list[Row] = [
    Row("api:goal-list", NONE, API_READERS),
    Row("api:goal-detail", _goal, API_READERS),
    Row("api:kpi-list", NONE, API_READERS),
    Row("api:kpi-detail", KPI_CODE, API_READERS),
    Row("api:kpi-observations", KPI_CODE, API_READERS),
    Row("api:need-list", NONE, API_READERS),
    Row("api:need-detail", _need, API_READERS),
    # POST only; a GET is refused before anyone's rights matter.
    Row("api:observation-bulk", NONE, {**dict.fromkeys(API_READERS, 405), "anonymous": 401}),
    Row("strategy:import-new", NONE, only(WIZARD)),
    Row("strategy:import-template", NONE, only(WIZARD)),
    Row("strategy:import-detail", _kpi_import, only(WIZARD)),
    Row("strategy:import-errors", _kpi_import, only(WIZARD)),
    Row("strategy:import-apply", _kpi_import, everyone(405)),
    Row("strategy:import-cancel", _kpi_import, everyone(405)),
]
