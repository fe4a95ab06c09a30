"""A person's survey invitations and answers in their data export, and gone on erasure.

Erasure deletes the invitations they received and those about them (a manager's
follow-up names the learner), with every answer: aggregates simply lose them.
"""

from __future__ import annotations

from typing import Any

from mainspring.evaluation.actions import erase_person_answers
from mainspring.evaluation.models import Answer, Invitation
from mainspring.org.models import Person


def person_data(person: Person) -> dict[str, Any]:
    """The person's invitations, with their answers, and follow-ups written about them."""
    invitations = (
        Invitation.objects.filter(person=person)
        .select_related("session__survey__program", "subject")
        .order_by("session__held_on", "pk")
    )
    answers: dict[int, list[Answer]] = {}
    for a in Answer.objects.filter(invitation__person=person).select_related("item"):
        answers.setdefault(a.invitation_id, []).append(a)
    about = Invitation.objects.filter(subject=person, submitted_at__isnull=False).select_related(
        "session__survey__program"
    )
    return {
        "survey_invitations": [
            {
                "survey": i.session.survey.title,
                "program": i.session.survey.program.title,
                "session": i.session.label,
                "held_on": i.session.held_on.isoformat(),
                "about": str(i.subject) if i.subject else None,
                "emailed_at": i.emailed_at.isoformat() if i.emailed_at else None,
                "submitted_at": i.submitted_at.isoformat() if i.submitted_at else None,
                "answers": [
                    {
                        "question": a.item.wording,
                        "answer": a.text or str(a.number),
                        "may_quote": a.get_consent_display() if a.consent else None,
                    }
                    for a in answers.get(i.pk, [])
                ],
            }
            for i in invitations
        ],
        "survey_follow_ups_about_them": [
            {
                "survey": i.session.survey.title,
                "program": i.session.survey.program.title,
                "session": i.session.label,
                "submitted_at": i.submitted_at.isoformat() if i.submitted_at else None,
            }
            for i in about
        ],
    }


def erase_person_data(person: Person) -> None:
    """Delete what the evaluation app holds about the person."""
    erase_person_answers(person)
