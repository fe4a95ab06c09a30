"""Role x URL rows for impact (studies, ROI, goal dashboards, program chains)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mainspring.experiences.models import Program
from mainspring.impact.models import ImpactStudy, RoiAnalysis, RoiBasis, StudyStatus
from mainspring.strategy import actions as strategy_actions
from mainspring.strategy.models import KPI, BusinessGoal, Level, Observation
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, only

LD = {"leader": 200, "staff": 200}
# Stakeholders read the impact of programs whose audience overlaps their units.
READERS = {**LD, "executive": 200, "stakeholder": 200}


def _program(c: Cast, j: Any) -> Program:
    found = Program.objects.filter(title="Impact matrix program").first()
    if found is None:
        found = Program.objects.create(title="Impact matrix program", status="live")
        found.org_units.add(c.org.depot)
    return found


def _study(c: Cast, j: Any) -> ImpactStudy:
    found = ImpactStudy.objects.first()
    if found is not None:
        return found
    kpi = KPI.objects.filter(code="impact-incidents").first() or strategy_actions.create_kpi(
        actor=None, code="impact-incidents", name="Incidents", level=Level.SITE
    )
    Observation.objects.create(kpi=kpi, org_unit=c.org.depot, period=date(2026, 1, 1), value=3)
    return ImpactStudy.objects.create(
        program=_program(c, j), kpi=kpi, level="unit", status=StudyStatus.DONE, refused=True
    )


def _roi(c: Cast, j: Any) -> dict[str, Any]:
    found = RoiAnalysis.objects.first() or RoiAnalysis.objects.create(
        program=_program(c, j),
        basis=RoiBasis.ESTIMATE,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        refused_reason="No impact study has been run for this program.",
    )
    return {"pk": found.pk}


def _goal(c: Cast, j: Any) -> dict[str, Any]:
    goal = BusinessGoal.objects.first() or strategy_actions.create_goal(
        actor=None, title="Fewer incidents", driver="pain"
    )
    return {"pk": goal.pk}


ROWS: list[Row] = [
    Row("impact:index", NONE, only(READERS)),
    Row("impact:goal-detail", _goal, only(READERS)),
    Row("impact:program-chain", lambda c, j: {"pk": _program(c, j).pk}, only(READERS)),
    Row("impact:study-list", NONE, only(READERS)),
    Row("impact:study-new", NONE, only(LD)),
    Row("impact:study-detail", lambda c, j: {"pk": _study(c, j).pk}, only(READERS)),
    Row("impact:study-pdf", lambda c, j: {"pk": _study(c, j).pk}, only(READERS)),
    Row("impact:roi-list", NONE, only(READERS)),
    Row("impact:roi-detail", _roi, only(READERS)),
    Row("impact:roi-new", lambda c, j: {"program_pk": _program(c, j).pk}, only(LD)),
]
