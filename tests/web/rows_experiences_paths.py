"""Role x URL rows for experiences: programs, paths, steps, the designer and the plan."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from mainspring.experiences.actions import paths as actions
from mainspring.experiences.models import LearningPath, Method, Program
from tests.conftest import Cast
from tests.web.matrix import Row, everyone, only

READERS = only({"leader": 200, "staff": 200, "stakeholder": 200})
DESIGNERS = only({"leader": 200, "staff": 200})


def _learners_land() -> int:
    # Learners without other rights are sent to "my learning" once that page exists.
    try:
        reverse("experiences:my-learning")
    except NoReverseMatch:
        return 200
    return 302


def _program(c: Cast, j: Any) -> dict[str, Any]:
    found = Program.objects.first() or actions.save_program(
        actor=None, data=actions.ProgramData(title="Safe roads")
    )
    return {"pk": found.pk}


def _path(c: Cast, j: Any) -> LearningPath:
    found = LearningPath.objects.filter(template_kind="").first()
    if found is None:
        found = actions.create_path(actor=None, data=actions.PathData(title="Drivers"))
        data = actions.StepData(title="Welcome", method=Method.objects.get(code="classroom"))
        actions.add_step(actor=None, path=found, data=data)
    return found


PATH = lambda c, j: {"pk": _path(c, j).pk}  # noqa: E731
STEP = lambda c, j: {"pk": _path(c, j).steps.first().pk}  # noqa: E731

ROWS: list[Row] = [
    Row(
        "experiences:index",
        lambda c, j: {},
        only(
            {
                "leader": 200,
                "staff": 200,
                "stakeholder": 200,
                "learner": _learners_land(),
                "manager": _learners_land(),
            }
        ),
    ),
    Row("experiences:program-create", lambda c, j: {}, DESIGNERS),
    Row("experiences:program-detail", _program, READERS),
    Row("experiences:program-edit", _program, DESIGNERS),
    Row("experiences:path-list", lambda c, j: {}, READERS),
    Row("experiences:path-create", lambda c, j: {}, DESIGNERS),
    Row("experiences:path-detail", PATH, READERS),
    Row("experiences:path-edit", PATH, DESIGNERS),
    Row("experiences:path-duplicate", PATH, everyone(405)),
    Row("experiences:path-delete", PATH, everyone(405)),
    Row("experiences:path-plan", PATH, READERS),
    Row("experiences:path-plan-pdf", PATH, READERS),
    Row("experiences:step-add", PATH, everyone(405)),
    Row("experiences:step-row", STEP, READERS),
    Row("experiences:step-edit", STEP, DESIGNERS),
    Row("experiences:step-delete", STEP, everyone(405)),
    Row("experiences:step-duplicate", STEP, everyone(405)),
    Row("experiences:step-move", STEP, everyone(405)),
    Row("experiences:step-prerequisites", STEP, everyone(405)),
]
