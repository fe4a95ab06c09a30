"""A request from the business to a project, in the browser, and back to its author.

The stakeholder submits a request; L&D staff see it ranked on the backlog (and
re-ranked by what-if weights), start the triage, diagnose a skill gap,
rate it and accept it into a new project from the ADDIE template; the stakeholder then
reads Submitted, In triage and Accepted on the request's timeline, with the reason and
the project's name. Screenshots go to ``test-artifacts/screens/intake-*.png``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from mainspring.factory.actions import intake as actions
from mainspring.factory.models import ProcessTemplate, Request, RequestStatus
from tests.browser.support import SCREENS, sign_in

pytestmark = pytest.mark.browser

REASON = "A skill gap: a short e-learning and practice at the depot, run as a project."


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"intake-{name}.png"), full_page=True)


def _as(browser: Any, base: str, username: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, username)
    return context, page


def _submit(page: Any, base: str, expect: Any) -> None:
    page.goto(f"{base}/factory/requests/")
    expect(page.get_by_text("No requests yet.")).to_be_visible()
    page.get_by_role("link", name="Submit a request").first.click()
    page.get_by_label("Title").fill("Load securing")
    page.get_by_label("Business problem").fill("Loads shift on the road: three incidents a month.")
    page.get_by_label("Audience", exact=True).fill("Drivers at Depot North")
    page.get_by_label("Audience size (people)").fill("40")
    deadline = timezone.localdate() + timedelta(days=120)
    page.get_by_label("Deadline").fill(deadline.isoformat())
    expect(page.get_by_label("Sponsor")).to_have_value("p-olivia@example.com")
    page.get_by_label("Department").select_option(label="\u2003\u2003Depot North")
    _shot(page, "1-submit")
    page.get_by_role("button", name="Submit the request").click()
    expect(page.locator("h1")).to_have_text("Load securing")
    expect(page.get_by_role("status").first).to_contain_text("was sent to the learning team")


def _triage(page: Any, base: str, expect: Any) -> None:
    page.goto(f"{base}/factory/requests/")
    page.get_by_role("link", name="Load securing", exact=True).click()
    page.get_by_role("button", name="Start triage").click()
    expect(page.get_by_text("Triage started")).to_be_visible()
    page.get_by_label("Skill: they know, but cannot do it well yet").check()
    page.get_by_label("Notes from the conversation").fill("They secure loads, but not well.")
    page.get_by_label("Business impact", exact=True).select_option("4")
    page.get_by_label("Urgency", exact=True).select_option("3")
    page.get_by_label("Effort", exact=True).select_option("2")
    # The new project's fields appear once the decision is chosen (CSS only, no script).
    expect(page.get_by_label("Project title")).to_be_hidden()
    page.get_by_label("Accept into a new project").check()
    expect(page.get_by_label("Project title")).to_be_visible()
    page.get_by_label("Project title").fill("Load securing e-learning")
    addie = ProcessTemplate.objects.get(code="addie")
    expect(page.get_by_label("Process template")).to_have_value(str(addie.pk))
    page.get_by_label("Message to the requester").fill(REASON)
    _shot(page, "2-triage")
    page.get_by_role("button", name="Save the triage").click()
    expect(page.get_by_text("The request was accepted")).to_be_visible()


def _backlog(page: Any, base: str, expect: Any) -> None:
    page.get_by_role("link", name="Priorities").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Complaint handling")
    page.get_by_text("Try other weights").click()
    page.get_by_label("Urgency", exact=True).fill("90")
    page.get_by_role("button", name="Re-rank").click()
    expect(rows.first).to_contain_text("Load securing")
    expect(rows.first).to_contain_text("▲ 1")
    _shot(page, "3-backlog-whatif")


def test_a_request_goes_from_the_business_to_a_project_and_back(
    transactional_db, cast, live_server, browser
):
    from playwright.sync_api import expect  # noqa: PLC0415

    base = live_server.url
    context, page = _as(browser, base, "stakeholder")
    _submit(page, base, expect)
    context.close()

    other = actions.submit_request(
        actor=cast.leader,
        title="Complaint handling",
        problem="Complaints take a week to answer.",
        audience="Call centre agents",
        audience_size=120,
        unit=cast.org.sales,
        today=timezone.localdate(),
    )
    actions.start_triage(actor=None, request=other)
    actions.rate_request(
        actor=None, request=other, ratings={"impact": 5, "alignment": 4, "urgency": 0}, reason=""
    )
    context, page = _as(browser, base, "staff")
    page.goto(f"{base}/factory/requests/")
    _backlog(page, base, expect)
    _triage(page, base, expect)
    _shot(page, "4-accepted-staff")
    context.close()

    request = Request.objects.get(title="Load securing")
    assert request.status == RequestStatus.ACCEPTED
    assert request.project is not None
    assert request.project.tasks.exists()

    context, page = _as(browser, base, "stakeholder")
    page.goto(f"{base}/factory/requests/")
    page.get_by_role("link", name="Load securing").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline.locator("li .badge")).to_have_text(["Submitted", "In triage", "Accepted"])
    expect(timeline).to_contain_text(REASON)
    expect(page.locator(".alert-success")).to_contain_text("Load securing e-learning")
    expect(page.locator(".alert-success")).to_contain_text("forecast to finish on")
    expect(page.get_by_text("They secure loads, but not well.")).to_have_count(0)
    _shot(page, "5-followed")
    context.close()
