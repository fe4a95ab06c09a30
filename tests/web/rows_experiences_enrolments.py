"""Role x URL rows for experiences: audience rules, enrolments, progress, completions."""

from __future__ import annotations

from typing import Any

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import Enrolment, LearningPath
from tests.conftest import Cast
from tests.experiences.factories import make_path, make_rule
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}


def _path(c: Cast) -> LearningPath:
    found = LearningPath.objects.filter(title="Depot safety").first()
    if found is None:
        found = make_path("Depot safety")
        make_rule(found, "Depot", org_unit=c.org.depot)
        enrolments.enrol_person(actor=None, person=c.org.sara, path=found)
    return found


def _path_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _path(c).pk}


def _rule_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _path(c).rules.get().pk}


def _enrolment_of(c: Cast, person: Any) -> Enrolment:
    return Enrolment.objects.get(path=_path(c), person=person)


def _lea(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _enrolment_of(c, c.org.lea).pk}


def _sara(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _enrolment_of(c, c.org.sara).pk}


def _step(c: Cast, j: Any) -> dict[str, Any]:
    enrolment = _enrolment_of(c, c.org.lea)
    return {"pk": enrolment.pk, "step_pk": enrolment.path.steps.first().pk}


ROWS: list[Row] = [
    Row("experiences:rule-list", _path_pk, only(LD)),
    Row("experiences:rule-create", _path_pk, only(LD)),
    Row("experiences:rule-edit", _rule_pk, only(LD)),
    Row("experiences:enrol-list", _path_pk, only(LD)),
    Row("experiences:completion-import", NONE, only(LD)),
    Row(
        "experiences:enrol-detail",
        _lea,
        only({**LD, "stakeholder": 200, "learner": 200, "manager": 200}, others=404),
        "in every scope but the executive's",
    ),
    Row("experiences:enrol-detail", _sara, only(LD, others=404), "outside the scopes"),
    Row("experiences:my-learning", NONE, everyone(200)),
    Row("experiences:team", NONE, only({"stakeholder": 200, "manager": 200})),
    Row("experiences:progress", NONE, only({**LD, "stakeholder": 200, "manager": 200})),
    Row("experiences:enrol-export", lambda c, j: {"fmt": "csv"}, everyone(200)),
    Row("experiences:enrol-export", lambda c, j: {"fmt": "xlsx"}, everyone(200), "Excel"),
    Row("experiences:enrol-export", lambda c, j: {"fmt": "pdf"}, everyone(404), "unknown format"),
    # Writes are POST only; a GET is refused before anyone's role is looked at.
    Row("experiences:enrol-add", _path_pk, everyone(405)),
    Row("experiences:enrol-withdraw", _lea, everyone(405)),
    Row("experiences:progress-update", _step, everyone(405)),
    Row("experiences:completion-apply", NONE, everyone(405)),
]
