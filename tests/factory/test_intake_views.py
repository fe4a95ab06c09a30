"""Intake through the test client: submit, follow, triage, decide, rank, re-weight."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mainspring.factory.actions import Error
from mainspring.factory.actions import intake as actions
from mainspring.factory.models import (
    PriorityChange,
    PriorityWeights,
    ProcessTemplate,
    Project,
    Request,
    RequestEvent,
    RequestStatus,
)
from mainspring.org.models import OrgUnit, User
from mainspring.strategy import actions as strategy_actions
from tests.conftest import Cast
from tests.org.factories import make_person

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_request(
    actor: User, unit: OrgUnit, title: str = "Load securing", **fields: Any
) -> Request:
    return actions.submit_request(
        actor=actor,
        title=title,
        problem=fields.pop("problem", "Loads shift on the road."),
        audience=fields.pop("audience", "Depot drivers"),
        audience_size=fields.pop("audience_size", 40),
        unit=unit,
        today=timezone.localdate(),
        **fields,
    )


def in_triage(request: Request, **ratings: int) -> Request:
    actions.start_triage(actor=None, request=request)
    if ratings:
        actions.rate_request(actor=None, request=request, ratings=ratings, reason="")
    return request


def triage(client: Client, request: Request, **data: Any) -> Any:
    return client.post(reverse("factory:request-triage", args=[request.pk]), data)


def test_submitting_refuses_bad_input_saves_nothing_then_records_the_request(cast: Cast) -> None:
    make_person(hris_id="P-SAM2", first_name="Sam", last_name="Sales", org_unit=cast.org.sales)
    client = client_for(cast.stakeholder)
    url = reverse("factory:request-new")
    form = client.get(url).content.decode()
    assert 'value="p-olivia@example.com"' in form  # the sponsor defaults to their person
    assert "Sales</option>" not in form  # outside the stakeholder's scope

    bad = {
        "title": "",
        "problem": "Loads shift on the road.",
        "audience": "Depot drivers",
        "audience_size": "0",
        "kpi_gap": "12",
        "deadline": "2000-01-01",
        "sponsor": "Sam Sales",
        "unit": cast.org.sales.pk,
    }
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert "Choose the KPI the gap is measured on" in html
    assert "The deadline has already passed" in html
    assert "More than one person is called “Sam Sales”" in html
    assert "Select a valid choice." in html  # a unit outside their scope
    response = client.post(url, bad | {"sponsor": "nobody@example.com"})
    assert "No one in the organisation answers to “nobody@example.com”" in response.content.decode()
    assert not Request.objects.exists()
    assert not RequestEvent.objects.exists()

    kpi = strategy_actions.create_kpi(actor=None, code="INC", name="Incidents")
    good = bad | {
        "title": "Load securing",
        "audience_size": "40",
        "kpi": kpi.pk,
        "deadline": str(timezone.localdate() + timedelta(days=60)),
        "sponsor": "P-DAN",
        "unit": cast.org.depot.pk,
    }
    response = client.post(url, good)
    made = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("factory:request-detail", args=[made.pk])
    assert (made.status, made.requester, made.sponsor, made.unit, made.kpi_gap) == (
        RequestStatus.SUBMITTED,
        cast.stakeholder,
        cast.org.dan,
        cast.org.depot,
        Decimal(12),
    )
    assert list(made.events.values_list("status", flat=True)) == [RequestStatus.SUBMITTED]
    page = client.get(response["Location"]).content.decode()
    assert "was sent to the learning team" in page
    assert "Dan Depot" in page


def test_requesters_follow_their_own_and_their_units_requests_only(cast: Cast) -> None:
    own = make_request(cast.stakeholder, cast.org.ops, "Own request")
    depot = make_request(cast.leader, cast.org.depot, "Depot request")  # in their scope
    other = make_request(cast.stranger_stakeholder, cast.org.sales, "Sales request")
    client = client_for(cast.stakeholder)

    html = client.get(reverse("factory:request-list")).content.decode()
    assert "Own request" in html
    assert "Depot request" in html
    assert "Sales request" not in html
    assert client.get(reverse("factory:request-detail", args=[depot.pk])).status_code == 200
    assert client.get(reverse("factory:request-detail", args=[other.pk])).status_code == 404
    # Executives follow what they submitted; L&D see everything, filtered.
    executive = client_for(cast.executive)
    assert "No requests yet." in executive.get(reverse("factory:request-list")).content.decode()
    assert executive.get(reverse("factory:request-detail", args=[own.pk])).status_code == 404
    in_triage(depot)
    staff = client_for(cast.staff).get(reverse("factory:request-list") + "?status=in_triage")
    assert "Depot request" in staff.content.decode()
    assert "Sales request" not in staff.content.decode()
    # The stakeholder cannot triage.
    assert client.post(reverse("factory:request-triage-start", args=[own.pk])).status_code == 403


def test_list_and_backlog_queries_do_not_grow_with_the_rows(cast: Cast) -> None:
    def count(url: str) -> int:
        client = client_for(cast.leader)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_request(cast.stakeholder, cast.org.ops, "First")
    few = (count(reverse("factory:request-list")), count(reverse("factory:backlog")))
    for n in range(5):
        make_request(cast.stakeholder, cast.org.depot, f"More {n}")
    many = (count(reverse("factory:request-list")), count(reverse("factory:backlog")))
    assert few == many


def test_triage_decisions_each_tell_the_requester_why(cast: Cast) -> None:
    request = make_request(cast.stakeholder, cast.org.ops)
    other = make_request(cast.stranger_stakeholder, cast.org.sales, "Securing loads")
    client = client_for(cast.staff)
    today = timezone.localdate()

    response = client.post(reverse("factory:request-triage-start", args=[request.pk]))
    assert response["Location"] == reverse("factory:request-triage", args=[request.pk])
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_TRIAGE

    # Defer: a date in the past is refused, then a future one.
    refused = triage(client, request, decision="defer", defer_until=str(today), reason="Later")
    assert refused.status_code == 400
    assert "Defer until a date in the future." in refused.content.decode()
    later = today + timedelta(days=90)
    deferred = {"decision": "defer", "defer_until": str(later), "reason": "After the peak season"}
    assert triage(client, request, **deferred).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.defer_until) == (RequestStatus.DEFERRED, later)

    # A deferred request is decided again: declining needs a reason.
    refused = triage(client, request, decision="decline", reason=" ")
    assert refused.status_code == 400
    assert "Write the reason for the decision" in refused.content.decode()
    # Declining says who can fix it; merging into a closed request is then refused.
    client.post(reverse("factory:request-triage-start", args=[other.pk]))
    declined = "Not a learning problem: the sales process owner can fix the price list."
    response = triage(client, other, diagnosis="process", decision="decline", reason=declined)
    assert response.status_code == 302
    assert other.events.last().message == declined
    with pytest.raises(Error, match="merge only into an open request"):
        actions.decide_request(
            actor=None, request=request, decision=actions.Merge(into=other), reason="x", today=today
        )
    with pytest.raises(Error, match="cannot be merged into itself"):
        actions.decide_request(
            actor=None,
            request=request,
            decision=actions.Merge(into=request),
            reason="Same",
            today=today,
        )
    target = make_request(cast.leader, cast.org.depot, "Depot safety")
    reason = "Depot safety covers load securing; follow it there."
    response = triage(client, request, decision="merge", merge_into=target.pk, reason=reason)
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.merged_into) == (RequestStatus.MERGED, target)
    assert list(request.events.values_list("status", "message")) == [
        ("submitted", ""),
        ("in_triage", "The learning team has started to look into your request."),
        ("deferred", "After the peak season"),
        ("merged", reason),
    ]
    assert target.events.last().message.startswith("The request “Load securing” (Operations)")
    page = client_for(cast.stakeholder).get(reverse("factory:request-detail", args=[request.pk]))
    assert "“Depot safety”</a>, which is now submitted" in page.content.decode()


def test_accepting_needs_a_learning_diagnosis_then_starts_the_project(cast: Cast) -> None:
    request = in_triage(make_request(cast.stakeholder, cast.org.ops))
    client = client_for(cast.staff)
    page = client.get(reverse("factory:request-triage", args=[request.pk])).content.decode()
    assert "Could they do it if their life depended on it?" in page
    today = timezone.localdate()
    data = {
        "diagnosis": "process",
        "notes": "They know how; the checklist is missing.",
        "rating_impact": "4",
        "decision": "new_project",
        "project_title": "Load securing e-learning",
        "template": "",
        "project_start": str(today),
        "reason": "A short course and practice at the depot.",
    }
    refused = triage(client, request, **data)
    assert refused.status_code == 400
    assert "the diagnosis says this is not a learning problem" in refused.content.decode()
    request.refresh_from_db()
    assert (request.diagnosis, request.rating_impact) == ("", None)  # nothing half-written
    assert not Project.objects.exists()

    addie = ProcessTemplate.objects.get(code="addie")  # offered since the triage page opened
    data |= {"diagnosis": "skill", "template": str(addie.pk)}
    assert triage(client, request, **data).status_code == 302
    request.refresh_from_db()
    project = Project.objects.get()
    assert (request.status, request.project, request.accepted_as) == (
        "accepted",
        project,
        "project",
    )
    assert project.template.code == "addie"
    assert project.tasks.count() > 5
    assert project.baseline_finish is not None
    assert request.priority_changes.get().reason == actions.FIRST_RATING_REASON

    html = (
        client_for(cast.stakeholder)
        .get(reverse("factory:request-detail", args=[request.pk]))
        .content.decode()
    )
    assert "Load securing e-learning" in html
    assert f"forecast to finish on <strong>{project.baseline_finish:%-d %B %Y}" in html
    assert "A short course and practice at the depot." in html
    assert "the checklist is missing" not in html  # triage notes are L&D's
    assert reverse("factory:project-detail", args=[project.pk]) not in html

    # A second request joins the project: the project's change log says so.
    second = in_triage(make_request(cast.leader, cast.org.depot, "Securing pallets"))
    actions.triage_request(
        actor=cast.staff,
        request=second,
        diagnosis="knowledge",
        notes="",
        ratings={},
        rating_reason="",
        decision=actions.Accept(project=project),
        reason="Same audience, same skill.",
        today=today,
    )
    assert (
        project.changes.get().after
        == f"Request #{second.pk} “Securing pallets” joined the project."
    )


def test_backlog_ranks_explains_and_tries_weights_without_saving(cast: Cast) -> None:
    urgent = in_triage(make_request(cast.stakeholder, cast.org.ops, "Urgent"), urgency=5, impact=1)
    costly = in_triage(make_request(cast.stakeholder, cast.org.ops, "Costly"), impact=5, urgency=1)
    client = client_for(cast.executive)

    html = client.get(reverse("factory:backlog")).content.decode()
    assert html.index("Costly") < html.index("Urgent")  # impact weighs 30, urgency 15
    assert "Business impact 5/5: 30.0 points" in html
    assert "Not rated: Strategic alignment, Reach, Risk and compliance, Effort" in html

    whatif = {"w_impact": "10", "w_alignment": "0", "w_urgency": "60"}
    whatif |= {"w_reach": "0", "w_risk": "0", "w_effort": "0"}
    html = client.get(reverse("factory:backlog"), whatif).content.decode()
    assert html.index("Urgent") < html.index("Costly")
    assert "▲ 1" in html
    assert "▼ 1" in html
    assert "Save these weights" not in html  # executives read; the leader decides
    assert not PriorityWeights.objects.exists()
    zero = client.get(reverse("factory:backlog"), dict.fromkeys(whatif, "0"))
    assert "Give at least one criterion a weight above zero." in zero.content.decode()
    assert f'href="{reverse("factory:request-detail", args=[urgent.pk])}"' not in html
    assert costly.pk  # both ranked


def test_saving_weights_needs_the_leader_and_a_reason(cast: Cast) -> None:
    data = {f"w_{c}": "10" for c in ("impact", "alignment", "urgency", "reach", "risk", "effort")}
    url = reverse("factory:weights")
    assert client_for(cast.staff).post(url, data | {"reason": "Even"}).status_code == 403
    leader = client_for(cast.leader)
    whatif = leader.get(reverse("factory:backlog"), data).content.decode()
    assert "Save these weights" in whatif
    assert f'action="{url}"' in whatif
    refused = leader.post(url, data)
    assert refused.status_code == 400
    assert "Say why the weights change" in refused.content.decode()
    assert not PriorityWeights.objects.exists()
    assert (
        leader.post(url, data | {"reason": "Every criterion counts the same."}).status_code == 302
    )
    saved = PriorityWeights.objects.get()
    assert (saved.actor, saved.weights["effort"]) == (cast.leader, 10.0)
    html = client_for(cast.executive).get(url).content.decode()
    assert "Every criterion counts the same." in html
    assert "in force" in html


def test_changing_a_rating_needs_a_reason_and_is_logged(cast: Cast) -> None:
    request = in_triage(make_request(cast.stakeholder, cast.org.ops), impact=2, risk=1)
    client = client_for(cast.staff)
    url = reverse("factory:request-rate", args=[request.pk])
    ratings = {"rating_impact": "4", "rating_risk": "1"}
    refused = client.post(url, ratings)
    assert refused.status_code == 400
    assert "Say why the ratings change" in refused.content.decode()
    ratings |= {"rating_reason": "Finance valued the gap", "back": "backlog"}
    response = client.post(url, ratings)
    assert response["Location"] == reverse("factory:backlog")
    change = request.priority_changes.order_by("-pk").first()
    assert isinstance(change, PriorityChange)
    assert (change.actor, change.reason) == (cast.staff, "Finance valued the gap")
    assert (change.before["impact"], change.after["impact"]) == (2, 4)
    html = client.get(reverse("factory:request-detail", args=[request.pk])).content.decode()
    assert "Finance valued the gap" in html
    assert "Business impact 2 → 4" in html
    stakeholder = client_for(cast.stakeholder)
    html = stakeholder.get(reverse("factory:request-detail", args=[request.pk])).content.decode()
    assert "Finance valued the gap" not in html


def test_impact_is_suggested_from_the_kpi_gap_and_its_money_value(cast: Cast) -> None:
    kpi = strategy_actions.create_kpi(
        actor=None, code="INC", name="Incidents", unit="incidents", unit_value=Decimal(2500)
    )
    request = in_triage(make_request(cast.stakeholder, cast.org.ops, kpi=kpi, kpi_gap=Decimal(120)))
    html = client_for(cast.staff).get(reverse("factory:request-triage", args=[request.pk]))
    assert (
        "Suggested 3 of 5: a gap of 120 incidents a year at 2,500.00 a unit puts 300,000 a year "
        "at stake on Incidents." in html.content.decode()
    )
