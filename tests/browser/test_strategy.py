"""A learning leader builds a strategy from nothing in a real browser.

Goal and KPI, a need, the narrative section by section, the checks falling as findings
are fixed, approval, and the Word and PDF downloads. Screenshots go to
``test-artifacts/screens/strategy-*.png``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pytest

from mainspring.strategy.models import StrategyStatus, StrategyVersion
from tests.browser.support import SCREENS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.pdf]


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"strategy-{name}.png"), full_page=True)


def _score(page: Any) -> int:
    heading = page.get_by_role("heading", name="Readiness").first.inner_text()
    return int(re.search(r"(\d+) out of 100", heading).group(1))


def test_leader_builds_and_approves_a_strategy(  # noqa: PLR0915  (one story, start to end)
    transactional_db, cast, live_server, browser
):
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

    # The checks name what is missing; fixing a finding makes it fall and the score rise.
    page.goto(f"{base}/strategy/checks/")
    sponsor_finding = page.get_by_text("The goal “Cut safety incidents” has no sponsor")
    expect(sponsor_finding).to_be_visible()
    before = _score(page)
    _shot(page, "2-checks-before")
    page.locator("li, tr, div.list-group-item").filter(has=sponsor_finding).get_by_role(
        "link"
    ).first.click()
    page.get_by_label("Sponsor").select_option(label="Olivia Ops")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{base}/strategy/checks/")
    expect(page.get_by_text("has no sponsor")).to_have_count(0)
    assert _score(page) > before
    page.goto(f"{base}/strategy/document/")

    # Approve: the document is frozen and can be revised.
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Version 1 is approved.")).to_be_visible()
    expect(page.get_by_role("button", name="Start a revision")).to_be_visible()
    _shot(page, "3-approved")

    # Word and PDF, made in the background and downloaded.
    for label, shown, suffix in (("Word", "Word (DOCX)", ".docx"), ("PDF", "PDF", ".pdf")):
        page.get_by_role("group", name="Export the whole strategy").get_by_role(
            "button", name=label
        ).click()
        item = page.locator("#exports-panel li").filter(has_text=f"Strategy, {shown}")
        link = item.get_by_role("link", name="Download").first
        expect(link).to_be_visible(timeout=30_000)
        with page.expect_download() as download:
            link.click()
        saved = download.value
        assert saved.suggested_filename == f"acme-learning-strategy-v1{suffix}"
        data = Path(saved.path()).read_bytes()
        if suffix == ".pdf":
            pdf = pypdfium2.PdfDocument(data)
            assert len(pdf) >= 3  # title page, contents, sections
            text = "".join(p.get_textpage().get_text_range() for p in pdf)
            assert "Where we are going" in text
        else:
            word = docx.Document(io.BytesIO(data))
            assert any(p.text == "1. Vision" for p in word.paragraphs)
        page.reload()
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
    _shot(page, "4-diff")
    context.close()
