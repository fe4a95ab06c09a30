"""Programs with timed steps, people in job roles and their completions, for the ledger tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from mainspring.experiences.models import (
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LearningPath,
    Method,
    Program,
    ProgressStatus,
    Step,
    StepProgress,
)
from mainspring.factory.actions import costs as actions
from mainspring.factory.models import CostEntry
from mainspring.org.models import JobRole, Person
from tests.org.factories import make_person


def make_program(title: str, minutes: Sequence[int]) -> tuple[Program, list[Step]]:
    program = Program.objects.create(title=title, status="live")
    path = LearningPath.objects.create(program=program, title=f"{title} path")
    method = Method.objects.order_by("pk").first()
    assert method is not None  # seeded by a migration
    steps = [
        Step.objects.create(
            path=path, position=i, title=f"Step {i}", method=method, duration_minutes=m
        )
        for i, m in enumerate(minutes)
    ]
    return program, steps


def make_worker(name: str, role: JobRole | None) -> Person:
    return make_person(first_name=name, last_name="Worker", job_role=role)


def complete(
    person: Person,
    step: Step,
    on: date,
    *,
    status: str = ProgressStatus.COMPLETED,
    path_done: bool = False,
) -> StepProgress:
    enrolment, _ = Enrolment.objects.get_or_create(
        person=person,
        path=step.path,
        defaults={
            "source": EnrolmentSource.MANUAL,
            "status": EnrolmentStatus.ACTIVE,
            "enrolled_on": date(2020, 1, 1),
        },
    )
    if path_done:
        enrolment.completed_on = on
        enrolment.save(update_fields=["completed_on"])
    return StepProgress.objects.create(
        enrolment=enrolment, step=step, status=status, started_on=on, completed_on=on
    )


def book(
    on: date, category: str, amount: str, program: Program | None = None, **more: str
) -> CostEntry:
    return actions.create_cost_entry(
        actor=None,
        on=on,
        program=program,
        category=category,
        amount=Decimal(amount),
        today=date(2026, 11, 25),
        **more,
    )
