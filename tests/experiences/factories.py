"""Programs, paths, steps and rules for the enrolment tests, written with the models.

The paths area's actions may not exist yet, so these write rows directly; the
enrolments themselves always go through ``actions.enrolments``.
"""

from __future__ import annotations

from collections.abc import Sequence

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import (
    AudienceRule,
    CatalogItem,
    LearningPath,
    Method,
    Program,
    Step,
)
from mainspring.org.models import JobRole, OrgUnit


def make_program(title: str = "Safe driving") -> Program:
    return Program.objects.create(title=title, status="live")


def make_path(
    title: str = "Safe driving path",
    *,
    program: Program | None = None,
    steps: Sequence[str] = ("Watch the film", "Practise loading", "Read the guide"),
) -> LearningPath:
    path = LearningPath.objects.create(program=program, title=title)
    method = Method.objects.order_by("pk").first()
    assert method is not None  # seeded by migration 0002
    for position, step_title in enumerate(steps):
        Step.objects.create(path=path, position=position, title=step_title, method=method)
    return path


def steps_of(path: LearningPath) -> list[Step]:
    return list(path.steps.order_by("position", "pk"))


def make_item(title: str, *, external_id: str = "", xapi: str = "") -> CatalogItem:
    return CatalogItem.objects.create(title=title, external_id=external_id, xapi_activity_id=xapi)


def make_rule(
    path: LearningPath,
    name: str = "Everyone in the unit",
    *,
    org_unit: OrgUnit | None = None,
    job_roles: Sequence[JobRole] = (),
    location: str = "",
    hired_within_days: int | None = None,
    due_days: int = 30,
) -> AudienceRule:
    rule, _ = enrolments.save_rule(
        actor=None,
        path=path,
        data=enrolments.RuleData(
            name=name,
            job_roles=job_roles,
            org_unit=org_unit,
            location=location,
            hired_within_days=hired_within_days,
            due_days=due_days,
        ),
    )
    return rule
