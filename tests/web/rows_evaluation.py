"""Role x URL rows for evaluation: plans, surveys, deliveries, results and answering."""

from __future__ import annotations

from datetime import date
from typing import Any

from mainspring.evaluation import actions
from mainspring.evaluation.models import Invitation, Survey
from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import Program
from tests.conftest import Cast
from tests.experiences.factories import make_path
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200, "stakeholder": 200}
PEOPLE = {"learner": 200, "manager": 200, "stakeholder": 200}  # logins linked to a person


def _survey(c: Cast, j: Any) -> Survey:
    found = Survey.objects.filter(program__title="Safe Driver").first()
    if found is not None:
        return found
    program = Program.objects.create(title="Safe Driver", status="live")
    program.org_units.set([c.org.ops])
    path = make_path("Safe Driver path", program=program)
    enrolments.enrol_person(actor=None, person=c.org.lea, path=path)
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="Your feedback"
    )
    session = actions.create_session(
        actor=None, survey=survey, held_on=date(2026, 3, 12), label="Classroom, Leeds"
    )
    actions.send_session(actor=None, session=session, who=actions.Who.ENROLLED)
    return survey


def _program(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _survey(c, j).program_id}


def _sales_program(c: Cast, j: Any) -> dict[str, Any]:
    program = Program.objects.create(title="Sales Academy", status="live")
    program.org_units.set([c.org.sales])
    return {"pk": program.pk}


def _session(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _survey(c, j).sessions.get().pk}


def _question(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _survey(c, j).questions.all()[0].pk}


def _token(c: Cast, j: Any) -> dict[str, Any]:
    _survey(c, j)
    return {"token": Invitation.objects.get(person=c.org.lea).token}


ROWS: list[Row] = [
    Row("evaluation:program-list", NONE, only(READERS)),
    Row("evaluation:plan-edit", _program, only(LD)),
    Row("evaluation:results", _program, only(READERS)),
    # A program for another unit's audience: stakeholders outside it get 404.
    Row("evaluation:results", _sales_program, only({**LD, "executive": 200, "stakeholder": 404}),
        "other unit"),
    Row("evaluation:comments", _program, only({**LD, "executive": 200})),
    Row("evaluation:survey-list", NONE, only(LD)),
    Row("evaluation:survey-new", _program, only(LD)),
    Row("evaluation:survey-detail", lambda c, j: {"pk": _survey(c, j).pk}, only(LD)),
    Row("evaluation:question-add", lambda c, j: {"pk": _survey(c, j).pk}, everyone(405)),
    Row("evaluation:question-move", _question, everyone(405)),
    Row("evaluation:question-remove", _question, everyone(405)),
    Row("evaluation:item-list", NONE, only(LD)),
    Row("evaluation:session-new", lambda c, j: {"pk": _survey(c, j).pk}, only(LD)),
    Row("evaluation:session-detail", _session, only(LD)),
    Row("evaluation:session-send", _session, everyone(405)),
    # Logins without a person (leader, staff, executive here) have no surveys of their own.
    Row("evaluation:my-surveys", NONE, only(PEOPLE)),
    # Only Lea's own invitation opens; anyone else with a person gets 404.
    Row("evaluation:answer", _token, only({"learner": 200, "manager": 404, "stakeholder": 404})),
    Row("evaluation:answer", lambda c, j: {"token": "not-a-token"},
        only({"learner": 404, "manager": 404, "stakeholder": 404}), "unknown"),
]  # fmt: skip
