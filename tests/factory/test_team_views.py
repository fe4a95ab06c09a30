"""The team's pages through the test client: load, members, ratings, the heat map."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from mainspring.factory.actions import Error
from mainspring.factory.actions import projects as project_actions
from mainspring.factory.actions import team as actions
from mainspring.factory.models import Competency, CompetencyRating, TeamMember, TeamRole
from mainspring.org import actions as org_actions
from mainspring.org.models import Person, Role, User
from tests.conftest import Cast
from tests.org.factories import make_person

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 12, 8)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member(
    first: str, last: str, *, capacity: int = 30, manager: TeamMember | None = None
) -> TeamMember:
    person = make_person(first_name=first, last_name=last)
    return actions.add_member(
        actor=None,
        person=person,
        role=TeamRole.DESIGNER,
        weekly_capacity=Decimal(capacity),
        manager=manager,
    )


def text_of(response: Any) -> str:
    """The page as a reader sees it: tags stripped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def login_of(person: Person, role: str = Role.STAFF) -> User:
    return org_actions.create_user(
        actor=None, username=person.hris_id.lower(), role=role, password="x" * 12, person=person
    )


def test_team_page_warns_of_an_over_allocated_week_and_shows_what_makes_it_up(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    # given: Priya owns two 26-hour tasks in the same week against 30 hours
    priya = member("Priya", "Shah")
    project = project_actions.start_project(
        actor=None, title="Forklift safety", template=None, start=MONDAY
    )
    for name in ("Storyboard", "Script"):
        project_actions.save_task(
            actor=None,
            project=project,
            task=None,
            name=name,
            duration_days=5,
            owner=priya,
            estimate_hours=Decimal(26),
        )
    client = client_for(cast.executive)
    # when
    with time_machine.travel(datetime(2025, 12, 8, 10, tzinfo=UTC), tick=False):
        with django_assert_max_num_queries(12):
            page = client.get(reverse("factory:team"))
        detail = text_of(
            client.get(reverse("factory:member-detail", args=[priya.pk]) + "?week=2025-12-08")
        )
    # then
    assert "Priya Shah is booked 52 h against 30 h in the week of 8 Dec." in text_of(page)
    assert "52 / 30 Over by 22 h" in text_of(page)
    week_link = f"{reverse('factory:member-detail', args=[priya.pk])}?week=2025-12-08"
    assert week_link in page.content.decode()
    assert "Forklift safety" in detail
    assert "Storyboard (8 Dec\u201312 Dec), 26 h" in detail
    assert "Script (8 Dec\u201312 Dec), 26 h" in detail
    # ratings are personal: an executive does not see them
    assert "Development plan" not in detail


def test_member_form_checks_the_person_and_the_capacity(cast: Cast) -> None:
    make_person(first_name="Noor", last_name="Haddad", email="noor@example.com")
    client = client_for(cast.staff)
    url = reverse("factory:member-new")

    response = client.post(
        url, {"person": "noor@example.com", "role": TeamRole.DEVELOPER, "weekly_capacity": "81"}
    )
    assert response.status_code == 400
    assert "Enter between 0 and 80 hours a week." in response.content.decode()

    response = client.post(
        url, {"person": "Nobody Here", "role": TeamRole.DEVELOPER, "weekly_capacity": "20"}
    )
    assert "No one in the organisation answers to “Nobody Here”" in text_of(response)
    assert not TeamMember.objects.exists()

    response = client.post(
        url, {"person": "NOOR@example.com", "role": TeamRole.DEVELOPER, "weekly_capacity": "22.5"}
    )
    noor = TeamMember.objects.get()
    assert response["Location"] == reverse("factory:member-detail", args=[noor.pk])
    assert noor.weekly_capacity == Decimal("22.5")


def test_member_rates_themself_manager_gives_theirs_and_others_are_refused(cast: Cast) -> None:
    # given: Mia manages Priya on the team; Omar is another member of staff
    mia = member("Mia", "Manager")
    priya = member("Priya", "Shah", manager=mia)
    omar = member("Omar", "Other")
    design = Competency.objects.create(code="design", name="Design", area="Design")
    url = reverse("factory:member-ratings", args=[priya.pk])
    priya_client = client_for(login_of(priya.person))
    mia_client = client_for(login_of(mia.person))

    # when: Priya rates herself (and tries to slip in a manager's level)
    response = priya_client.post(
        url, {f"self_{design.pk}": "2", f"target_{design.pk}": "4", f"manager_{design.pk}": "5"}
    )
    # then
    assert response.status_code == 302
    rating = CompetencyRating.objects.get(member=priya, competency=design)
    assert (rating.self_level, rating.manager_level, rating.target_level) == (2, None, 4)

    # when: her manager gives hers
    mia_client.post(url, {f"manager_{design.pk}": "3", f"target_{design.pk}": "4"})
    rating.refresh_from_db()
    assert (rating.self_level, rating.manager_level, rating.level) == (2, 3, 3)

    # then: other staff, executives and learners are refused
    assert client_for(login_of(omar.person)).get(url).status_code == 404
    assert client_for(cast.staff).get(url).status_code == 404
    assert client_for(cast.executive).get(url).status_code == 403
    assert client_for(cast.learner).get(url).status_code == 403
    # nobody gives themself the manager's rating, even through the action
    with pytest.raises(Error, match="Only their manager"):
        actions.save_ratings(actor=priya.person.user, member=priya, manager={design.pk: 5})


def test_heat_map_shows_gaps_to_the_leader_and_a_manager_their_reports_only(cast: Cast) -> None:
    # given
    mia = member("Mia", "Manager")
    priya = member("Priya", "Shah", manager=mia)
    member("Omar", "Other")
    Competency.objects.create(code="design", name="Design", area="Design", order=1)
    Competency.objects.create(
        code="strategy", name="Strategy", area="Leadership", leadership=True, order=0
    )
    design, strategy = (
        Competency.objects.get(code="design"),
        Competency.objects.get(code="strategy"),
    )
    # manager's 2 against a target of 4: gap 2; own 2, no target (3): gap 1
    actions.save_ratings(
        actor=cast.leader, member=priya, manager={design.pk: 2}, targets={design.pk: 4}
    )
    actions.save_ratings(actor=login_of(priya.person), member=priya, own={strategy.pk: 2})
    # when
    leader = client_for(cast.leader).get(reverse("factory:heatmap"))
    manager = client_for(login_of(mia.person)).get(reverse("factory:heatmap"))
    executive = client_for(cast.executive).get(reverse("factory:heatmap"))
    # then: leadership is grouped last; cells hold the gaps
    rows = {str(m): [g.value for g, _ in cells] for m, cells in leader.context["rows"]}
    assert rows == {"Mia Manager": [None, None], "Omar Other": [None, None], "Priya Shah": [2, 1]}
    assert [g.name for g in leader.context["map"].groups] == ["Design", "The learning leader's own"]
    assert 'title="Level 2 against 4">2<' in leader.content.decode()
    assert {str(m) for m, _ in manager.context["rows"]} == {"Mia Manager", "Priya Shah"}
    assert executive.context["rows"] == []
    assert "Priya Shah" not in executive.content.decode()


def test_competency_with_ratings_cannot_be_deleted(cast: Cast) -> None:
    priya = member("Priya", "Shah")
    design = Competency.objects.create(code="design", name="Design", area="Design")
    actions.save_ratings(actor=cast.leader, member=priya, manager={design.pk: 3})
    client = client_for(cast.leader)
    url = reverse("factory:competency-delete", args=[design.pk])

    assert "1 rating of team members uses it" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Design cannot be deleted: 1 rating of team members uses it" in (
        response.content.decode()
    )
    assert Competency.objects.filter(pk=design.pk).exists()
    assert client_for(cast.staff).post(url).status_code == 403


def test_overdue_development_action_is_flagged(cast: Cast) -> None:
    priya = member("Priya", "Shah")
    url = reverse("factory:development-new", args=[priya.pk])
    client = client_for(cast.leader)

    response = client.post(url, {"action": " ", "status": "planned"})
    assert response.status_code == 400
    client.post(url, {"action": "Articulate course", "status": "planned", "due": "2025-11-01"})
    with time_machine.travel(datetime(2025, 12, 8, 10, tzinfo=UTC), tick=False):
        html = client.get(reverse("factory:member-detail", args=[priya.pk])).content.decode()
    assert "Articulate course" in html
    assert "Overdue" in html
