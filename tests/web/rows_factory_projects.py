"""Role x URL rows for ways of working (templates, standards), projects and tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from mainspring.factory.actions import projects as actions
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import ProcessTemplate, Project, StandardDocument, Task
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200}
MISSING = lambda c, j: {"pk": 999_999}  # noqa: E731


def _template(c: Cast, j: Any) -> ProcessTemplate:
    ensure_defaults()
    return ProcessTemplate.objects.get(code="addie")


def _template_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _template(c, j).pk}


def _template_task_pk(c: Cast, j: Any) -> dict[str, Any]:
    task = _template(c, j).tasks.order_by("order").first()
    assert task is not None
    return {"pk": task.pk}


def _standard_pk(c: Cast, j: Any) -> dict[str, Any]:
    ensure_defaults()
    document = StandardDocument.objects.first()
    assert document is not None
    return {"pk": document.pk}


def _project(c: Cast, j: Any) -> Project:
    return Project.objects.first() or actions.start_project(
        actor=None, title="Load securing", template=_template(c, j), start=date(2026, 3, 2)
    )


def _project_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _project(c, j).pk}


def _task_pk(c: Cast, j: Any) -> dict[str, Any]:
    task = Task.objects.filter(project=_project(c, j)).order_by("order").last()
    assert task is not None
    return {"pk": task.pk}


ROWS: list[Row] = [
    # --- ways of working
    Row("factory:template-list", NONE, only(READERS)),
    Row("factory:template-new", NONE, only(LD)),
    Row("factory:template-detail", _template_pk, only(READERS)),
    Row(
        "factory:template-detail",
        MISSING,
        only({"leader": 404, "staff": 404, "executive": 404}),
        label="missing template",
    ),
    Row("factory:template-edit", _template_pk, only(LD)),
    Row("factory:template-copy", _template_pk, everyone(405)),
    Row("factory:template-active", _template_pk, everyone(405)),
    Row("factory:template-task-new", _template_pk, only(LD)),
    Row("factory:template-task-edit", _template_task_pk, only(LD)),
    Row(
        "factory:template-task-edit",
        MISSING,
        only({"leader": 404, "staff": 404}),
        label="missing standard task",
    ),
    Row("factory:template-task-delete", _template_task_pk, only(LD)),
    Row("factory:standards", NONE, only(READERS)),
    Row("factory:standard-new", NONE, only(LD)),
    Row("factory:standard-edit", _standard_pk, only(LD)),
    # --- projects and tasks
    Row("factory:project-list", NONE, only(READERS)),
    Row("factory:project-new", NONE, only(LD)),
    Row("factory:project-detail", _project_pk, only(READERS)),
    Row(
        "factory:project-detail",
        MISSING,
        only({"leader": 404, "staff": 404, "executive": 404}),
        label="missing project",
    ),
    Row("factory:project-edit", _project_pk, only(LD)),
    Row("factory:project-rebaseline", _project_pk, everyone(405)),
    Row("factory:task-new", _project_pk, only(LD)),
    Row("factory:task-edit", _task_pk, only(LD)),
    Row("factory:task-edit", MISSING, only({"leader": 404, "staff": 404}), label="missing task"),
    Row("factory:task-progress", _task_pk, everyone(405)),
    Row("factory:task-delete", _task_pk, only(LD)),
]
