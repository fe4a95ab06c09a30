"""Log in as each role in headless Chromium, walk the shell, save screenshots.

Screenshots go to ``test-artifacts/screens/`` for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.browser.support import SCREENS, sign_in

pytestmark = pytest.mark.browser

NAV = {
    "leader": [
        "Strategy",
        "Experiences",
        "Technology",
        "Factory",
        "Impact",
        "Outreach",
        "Organisation",
    ],
    "staff": [
        "Strategy",
        "Experiences",
        "Technology",
        "Factory",
        "Impact",
        "Outreach",
        "Organisation",
    ],
    "stakeholder": ["Strategy", "Experiences", "Factory", "Impact", "Organisation"],
    "executive": ["Strategy", "Technology", "Factory", "Impact", "Outreach", "Organisation"],
    "learner": ["Experiences"],
    "manager": ["Experiences"],
}


@pytest.mark.parametrize("role", list(NAV))
def test_each_role_walks_the_shell(transactional_db, cast, live_server, browser, role):
    SCREENS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    sign_in(page, base, role)
    nav = page.get_by_role("navigation", name="Main")
    labels = [t.strip() for t in nav.locator("ul.navbar-nav.me-auto a.nav-link").all_inner_texts()]
    assert labels == NAV[role]
    page.screenshot(path=str(SCREENS / f"{role}-home.png"), full_page=True)
    for label in labels:
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(SCREENS / f"{role}-{label.lower()}.png"), full_page=True)
    if role in ("learner", "manager"):
        page.goto(f"{base}/org/me/")
        assert (
            page.locator("h1")
            .inner_text()
            .startswith("Lea Learner" if role == "learner" else "Dan Depot")
        )
        page.screenshot(path=str(SCREENS / f"{role}-profile.png"), full_page=True)
    context.close()


def test_people_search_updates_without_reload(transactional_db, cast, live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/org/people/")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_label("Search").fill("Liam")
    from playwright.sync_api import expect  # noqa: PLC0415

    expect(page.locator("#results")).to_contain_text("1 person")
    assert page.evaluate("window.__marker") == "same page"
    assert "Liam Driver" in page.locator("#results").inner_text()
    assert "Lea Learner" not in page.locator("#results").inner_text()
    page.screenshot(path=str(SCREENS / "leader-people-search.png"), full_page=True)
    page.close()


def test_phone_layout_has_a_menu_button(transactional_db, cast, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server.url, "stakeholder")
    menu = page.get_by_role("button", name="Show the menu")
    assert menu.is_visible()
    menu.click()
    page.locator("#mainnav.show").wait_for(state="visible")
    page.get_by_role("link", name="Organisation").wait_for(state="visible")
    page.wait_for_timeout(400)  # let the menu's slide-open animation finish for the picture
    page.screenshot(path=str(SCREENS / "stakeholder-phone-menu.png"), full_page=True)
    context.close()
