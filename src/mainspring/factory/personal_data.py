"""What the factory holds about a person, in their data export, and gone on erasure.

A team member's record, competency ratings and development plan are about them: erasure
deletes them with their history (their tasks stay, without an owner). Requests and
projects they sponsor stay, as the company's records, without the sponsor; requests they
submitted are listed in the export (the request text is the business's, not theirs).
"""

from __future__ import annotations

from typing import Any

from mainspring.factory.models import (
    CompetencyRating,
    DevelopmentAction,
    Project,
    Request,
    TeamMember,
)
from mainspring.org.models import Person


def person_data(person: Person) -> dict[str, Any]:
    """The person's team record, ratings, development plan, requests and sponsorships."""
    member = TeamMember.objects.filter(person=person).first()
    team: dict[str, Any] | None = None
    if member is not None:
        team = {
            "role": member.get_role_display(),
            "weekly_capacity_hours": str(member.weekly_capacity),
            "active": member.active,
            "competency_ratings": [
                {
                    "competency": r.competency.name,
                    "own_level": r.self_level,
                    "manager_level": r.manager_level,
                    "target_level": r.target_level,
                }
                for r in CompetencyRating.objects.filter(member=member).select_related("competency")
            ],
            "development_plan": [
                {
                    "action": d.action,
                    "competency": d.competency.name if d.competency else None,
                    "due": d.due.isoformat() if d.due else None,
                    "status": d.get_status_display(),
                    "notes": d.notes,
                }
                for d in DevelopmentAction.objects.filter(member=member).select_related(
                    "competency"
                )
            ],
        }
    submitted = Request.objects.filter(requester__person=person)
    return {
        "learning_team_member": team,
        "learning_requests_submitted": [
            {
                "title": r.title,
                "submitted_at": r.submitted_at.isoformat(),
                "status": r.get_status_display(),
            }
            for r in submitted
        ],
        "learning_requests_sponsored": list(
            Request.objects.filter(sponsor=person).values_list("title", flat=True)
        ),
        "projects_sponsored": list(
            Project.objects.filter(sponsor=person).values_list("title", flat=True)
        ),
    }


def erase_person_data(person: Person) -> None:
    """Delete the person's team record, ratings and plan; unlink them as a sponsor."""
    members = list(TeamMember.objects.filter(person=person).values_list("pk", flat=True))
    ratings = list(CompetencyRating.objects.filter(member__in=members).values_list("pk", flat=True))
    plans = list(DevelopmentAction.objects.filter(member__in=members).values_list("pk", flat=True))
    TeamMember.objects.filter(manager__in=members).update(manager=None)
    TeamMember.history.filter(manager_id__in=members).update(manager_id=None)
    TeamMember.objects.filter(pk__in=members).delete()  # ratings and the plan go with it
    TeamMember.history.filter(id__in=members).delete()
    CompetencyRating.history.filter(id__in=ratings).delete()
    DevelopmentAction.history.filter(id__in=plans).delete()
    for model in (Request, Project):
        model.objects.filter(sponsor=person).update(sponsor=None)
        model.history.filter(sponsor_id=person.pk).update(sponsor_id=None)
