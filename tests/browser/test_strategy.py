"""A learning leader builds a strategy from nothing in a real browser.

Goal and KPI, a need, the narrative section by section, the checks falling as findings
are fixed, approval, and the Word and PDF downloads. Screenshots go to
``test-artifacts/screens/strategy-*.png``.
"""

from __future__ import annotations

from typing import Any

import pytest

from mainspring.strategy.models import StrategyStatus, StrategyVersion
from tests.browser.support import SCREENS, sign_in

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"strategy-{name}.png"), full_page=True)


def test_leader_builds_and_approves_a_strategy(transactional_db, cast, live_server, browser):
    from playwright.sync_api import expect  # noqa: PLC0415

    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, base, "leader")

    # A KPI and a goal, the business side first.
    page.goto(f"{base}/strategy/kpis/new/")
    page.get_by_label("Code").fill("incidents")
    page.get_by_label("Name").fill("Safety incidents per 100 drivers")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Safety incidents per 100 drivers")

    page.goto(f"{base}/strategy/goals/new/")
    page.get_by_label("Title").fill("Cut safety incidents")
    page.get_by_label("Driver").select_option("pain")
    page.get_by_label("KPIs").select_option(label="Safety incidents per 100 drivers")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Cut safety incidents")

    # Start the strategy document and write the vision.
    page.goto(f"{base}/strategy/document/")
    expect(page.get_by_text("There is no learning strategy yet")).to_be_visible()
    page.get_by_label("Title").fill("Acme learning strategy")
    page.get_by_role("button", name="Start the strategy").click()
    expect(page.locator("h1")).to_have_text("Acme learning strategy")
    _shot(page, "1-new-draft")

    page.get_by_role("link", name="Edit Vision").click()
    page.get_by_label("Narrative").fill(
        "### Where we are going\n\nEvery driver home safe, **every day**.\n\n- Fewer incidents"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#section-vision h3")).to_have_text("Where we are going")
    expect(page.locator("#section-vision strong")).to_have_text("every day")
    # The live table of goals sits under the narrative.
    expect(page.locator("#section-vision table")).to_contain_text("Cut safety incidents")

    # Approve: the document is frozen and can be revised.
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Version 1 is approved.")).to_be_visible()
    expect(page.get_by_role("button", name="Start a revision")).to_be_visible()
    _shot(page, "2-approved")
    version = StrategyVersion.objects.get()
    assert version.status == StrategyStatus.APPROVED
    assert version.approved_by == cast.leader

    # A revision, an edit, and the comparison.
    page.get_by_role("button", name="Start a revision").click()
    expect(page.get_by_text("Started version 2, a draft.")).to_be_visible()
    page.get_by_role("link", name="Edit Vision").click()
    page.get_by_label("Narrative").fill("### Where we are going\n\nNobody hurt on our roads.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Compare with v1").click()
    expect(page.get_by_text("1 of 9 sections changed")).to_be_visible()
    expect(page.locator(".ms-diff-added")).to_contain_text("Nobody hurt on our roads.")
    _shot(page, "3-diff")
    context.close()
