"""A small, hand-countable history for the report tests, over the cast's organisation.

Rows are written with the models: the enrolment actions stamp today's date, and these
tests need enrolments, completions and costs on chosen days in the past.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mainspring.experiences.models import Enrolment, LearningPath, Program, StepProgress
from mainspring.factory.models import CostEntry
from mainspring.org.models import Person
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed, Observation
from tests.conftest import Org
from tests.experiences.factories import make_path, make_program, steps_of


@dataclass
class History:
    program: Program
    path: LearningPath
    other_path: LearningPath
    kpi: KPI
    goal: BusinessGoal


def enrol(
    person: Person, path: LearningPath, enrolled: date, due: date, completed: date | None = None
) -> Enrolment:
    return Enrolment.objects.create(
        person=person,
        path=path,
        source="manual",
        status="completed" if completed else "active",
        enrolled_on=enrolled,
        due_date=due,
        completed_on=completed,
    )


def complete_steps(enrolment: Enrolment, count: int, on: date, score: float | None = None) -> None:
    for step in steps_of(enrolment.path)[:count]:
        StepProgress.objects.create(
            enrolment=enrolment,
            step=step,
            status="passed" if score is not None else "completed",
            score=score,
            completed_on=on,
        )


def make_history(org: Org) -> History:
    """Enrolments in 2025 and the first quarter of 2026, step hours, costs and KPI values.

    Safe driving (audience: Operations): Lea on time in February, Liam late in March,
    Dan due in March and not done, Olivia in June 2025. Sara (Sales) is on a path of no
    program. Steps last 30 minutes.
    """
    program = make_program("Safe driving")
    program.org_units.add(org.ops)
    path = make_path(program=program)
    other = make_path("Sales basics", steps=("Read", "Try"))
    lea = enrol(org.lea, path, date(2026, 1, 10), date(2026, 2, 10), date(2026, 2, 5))
    complete_steps(lea, 3, date(2026, 2, 5))
    liam = enrol(org.liam, path, date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 15))
    complete_steps(liam, 2, date(2026, 3, 15), score=80)
    enrol(org.dan, path, date(2026, 3, 1), date(2026, 3, 31))
    enrol(org.sara, other, date(2026, 2, 15), date(2026, 4, 30), date(2026, 4, 1))
    olivia = enrol(org.olivia, path, date(2025, 6, 1), date(2025, 7, 1), date(2025, 6, 20))
    complete_steps(olivia, 3, date(2025, 6, 20))

    CostEntry.objects.create(
        date=date(2026, 1, 20), program=program, category="delivery", amount=Decimal(600)
    )
    CostEntry.objects.create(
        date=date(2026, 3, 5), program=None, category="overhead", amount=Decimal(400)
    )
    CostEntry.objects.create(
        date=date(2026, 2, 5), program=program, category="participant_time", amount=Decimal(999)
    )

    kpi = KPI.objects.create(code="inc", name="Incidents", unit="per 100 drivers",
                             direction="lower")  # fmt: skip
    for unit, month, value in ((org.depot, 1, 2.0), (org.depot, 2, 4.0), (org.ops, 3, 6.0)):
        Observation.objects.create(kpi=kpi, org_unit=unit, period=date(2026, month, 1), value=value)
    Observation.objects.create(kpi=kpi, org_unit=org.depot, period=date(2025, 5, 1), value=5.0)
    goal = BusinessGoal.objects.create(title="Fewer incidents", driver="pain")
    goal.kpis.add(kpi)
    need = LearningNeed.objects.create(title="Load securing", gap_type="skill", goal=goal, kpi=kpi)
    program.needs.add(need)
    return History(program, path, other, kpi, goal)
