"""Programs with enrolled learners, surveys and answers, written through the actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from mainspring.evaluation import actions
from mainspring.evaluation.models import Invitation, Survey, SurveyItem, SurveySession
from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import Enrolment, LearningPath, Program
from mainspring.org.models import Person
from tests.experiences.factories import make_path, make_program


def program_with_learners(
    people: Sequence[Person], title: str = "Safe Driver"
) -> tuple[Program, LearningPath]:
    program = make_program(title)
    path = make_path(f"{title} path", program=program)
    for person in people:
        enrolments.enrol_person(actor=None, person=person, path=path)
    return program, path


def complete(person: Person, path: LearningPath, score: float | None = None) -> Enrolment:
    enrolment = Enrolment.objects.get(person=person, path=path)
    for step in path.steps.order_by("position"):
        enrolments.record_progress(
            actor=None, enrolment=enrolment, step=step, status="passed", score=score
        )
    return enrolment


def sent_survey(
    program: Program,
    *,
    level: int = 1,
    audience: str = "learner",
    held_on: date = date(2026, 3, 12),
    who: str = actions.Who.ENROLLED,
) -> tuple[Survey, SurveySession]:
    survey = actions.create_survey(
        actor=None, program=program, level=level, audience=audience, title=f"L{level} survey"
    )
    session = actions.create_session(
        actor=None, survey=survey, held_on=held_on, label="Classroom, Leeds, 12 March"
    )
    actions.send_session(actor=None, session=session, who=who)
    return survey, session


def item(code: str) -> SurveyItem:
    return SurveyItem.objects.get(code=code)


def answer(
    session: SurveySession,
    person: Person,
    values: Mapping[str, object],
    *,
    subject: Person | None = None,
    consent: str = "",
) -> Invitation:
    invitation = Invitation.objects.get(session=session, person=person, subject=subject)
    parsed: dict[int, Decimal | str | None] = {}
    for code, value in values.items():
        parsed[item(code).pk] = value if isinstance(value, str) else Decimal(str(value))
    return actions.submit_answers(actor=None, invitation=invitation, values=parsed, consent=consent)
