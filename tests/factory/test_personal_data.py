"""A team member's record, ratings and plan are in their export and go on erasure; what
they sponsor stays, without them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.factory.actions import intake, team
from mainspring.factory.actions.projects import start_project
from mainspring.factory.defaults import ensure_defaults
from mainspring.factory.models import (
    Competency,
    CompetencyRating,
    DevelopmentAction,
    Project,
    Request,
    TeamMember,
    TeamRole,
)
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _dan_on_the_team(cast: Cast) -> TeamMember:
    ensure_defaults()
    dan = cast.org.dan
    member = team.add_member(
        actor=cast.leader, person=dan, role=TeamRole.DESIGNER, weekly_capacity=Decimal(30)
    )
    design = Competency.objects.get(code="instructional-design")
    team.save_ratings(
        actor=cast.leader, member=member, manager={design.pk: 2}, targets={design.pk: 4}
    )
    team.add_development_action(
        actor=cast.leader, member=member, action="Storyboarding course", competency=design
    )
    start_project(
        actor=cast.leader,
        title="Depot coaching",
        template=None,
        start=date(2026, 3, 2),
        sponsor=dan,
    )
    intake.submit_request(
        actor=cast.stakeholder,
        title="Reversing accidents",
        problem="Three in a month.",
        audience="Drivers",
        audience_size=40,
        unit=cast.org.depot,
        today=date(2026, 3, 2),
        sponsor=dan,
    )
    return member


def test_the_export_holds_their_team_record_and_sponsorships(cast: Cast) -> None:
    _dan_on_the_team(cast)
    client = Client()
    client.force_login(cast.leader)
    data = json.loads(client.get(reverse("org:person-export", args=[cast.org.dan.pk])).content)
    member = data["learning_team_member"]
    assert member["role"] == "Instructional designer"
    (rating,) = member["competency_ratings"]
    assert (rating["manager_level"], rating["target_level"]) == (2, 4)
    assert member["development_plan"][0]["action"] == "Storyboarding course"
    assert data["projects_sponsored"] == ["Depot coaching"]
    assert data["learning_requests_sponsored"] == ["Reversing accidents"]


def test_erasure_removes_the_team_record_and_keeps_what_they_sponsored(cast: Cast) -> None:
    member = _dan_on_the_team(cast)
    client = Client()
    client.force_login(cast.leader)
    response = client.post(
        reverse("org:person-erase", args=[cast.org.dan.pk]), {"confirm_hris_id": "P-DAN"}
    )
    assert response.status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert not TeamMember.history.filter(id=member.pk).exists()
    assert not CompetencyRating.history.filter(member_id=member.pk).exists()
    assert not DevelopmentAction.history.filter(member_id=member.pk).exists()
    project = Project.objects.get(title="Depot coaching")
    request = Request.objects.get(title="Reversing accidents")
    assert project.sponsor is None
    assert request.sponsor is None
    assert not Request.history.filter(sponsor_id=cast.org.dan.pk).exists()
