"""L&D reach the learning records from the Experiences tabs; learners reach their own."""

from __future__ import annotations

import pytest

from mainspring.records import actions
from tests.browser.support import SCREENS, sign_in
from tests.records.factories import make_statement

pytestmark = pytest.mark.browser


def test_records_are_reachable_from_the_experiences_tabs(
    transactional_db, cast, live_server, browser
):
    from playwright.sync_api import expect  # noqa: PLC0415

    known = make_statement(
        email=cast.org.lea.email, verb="passed", result={"score": {"scaled": 0.8}}
    )
    stranger = make_statement(email="someone@elsewhere.example", verb="completed")
    actions.link_statements([known.id, stranger.id])
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    sign_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/learning/")
    page.get_by_role("link", name="Learning records").click()
    expect(page.locator("h1")).to_have_text("Learning records")
    expect(page.get_by_text("Lea Learner").first).to_be_visible()
    page.screenshot(path=str(SCREENS / "records-staff.png"), full_page=True)
    page.goto(f"{live_server.url}/records/unmatched/")
    expect(page.get_by_text("someone@elsewhere.example").first).to_be_visible()
    page.screenshot(path=str(SCREENS / "records-unmatched.png"), full_page=True)
    page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 860})
    sign_in(page, live_server.url, "learner")
    page.goto(f"{live_server.url}/learning/me/")
    page.get_by_role("link", name="My records").click()
    expect(page.locator("h1")).to_have_text("My learning records")
    page.screenshot(path=str(SCREENS / "records-learner.png"), full_page=True)
    page.close()
