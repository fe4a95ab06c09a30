"""A designer builds a blended path in the browser, every edit without a page reload.

Four steps with different methods, a reorder by drag and one by the keyboard, a
prerequisite, a refused cycle with its steps named, a duplicated step; ``window.__marker``,
set once after the page loaded, proves the page never reloaded. Screenshots go to
``test-artifacts/screens/designer-*.png``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from mainspring.experiences.actions import paths
from mainspring.experiences.models import LearningPath
from tests.browser.support import SCREENS, sign_in

pytestmark = pytest.mark.browser

STEPS = [
    ("Welcome with your manager", "Manager discussion", "30", "Agree three goals for the month"),
    ("Load securing basics", "E-learning", "40", "Identify the four ways a load can shift"),
    ("Secure a load at the depot", "Practice on the job", "120", "Secure a mixed load unaided"),
    ("Coaching on the first week", "Coaching", "45", "Review one delivery with a coach"),
]


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"designer-{name}.png"), full_page=True)


def _methods() -> None:
    # transactional_db empties the tables between tests, seeded methods included.
    paths.ensure_standard_methods()


def _titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#steps .ms-step-title").all_inner_texts()]


def _add_steps(page: Any, expect: Any) -> None:
    for n, (title, method, minutes, objective) in enumerate(STEPS, start=1):
        add = page.locator("#add-step")
        add.get_by_label("Title").fill(title)
        add.get_by_label("Method").select_option(label=method)
        add.get_by_label("Duration (minutes)").fill(minutes)
        add.get_by_label("Objectives").fill(objective)
        add.get_by_role("button", name="Add step").click()
        expect(page.locator("#steps .ms-step-title").nth(n - 1)).to_have_text(f"{n}. {title}")
        expect(page.locator("#add-step").get_by_label("Title")).to_have_value("")
        # The keyboard is back in the title, ready for the next step.
        expect(page.locator("#add-step").get_by_label("Title")).to_be_focused()


def _prerequisite_then_cycle(page: Any, expect: Any) -> None:
    # The practice waits for the e-learning.
    first = page.locator("#steps li.ms-step").first
    first.locator("summary").click()
    first.get_by_label("3. Load securing basics").check()
    first.get_by_role("button", name="Save prerequisites").click()
    expect(page.locator("#steps li.ms-step").first).to_contain_text(
        "Waits for: Load securing basics"
    )
    # It is still listed first: the summary, refreshed out of band, says so.
    expect(page.locator("#path-warnings")).to_contain_text(
        "“Secure a load at the depot” is listed before “Load securing basics”"
    )

    # And the e-learning waiting for the practice is refused, with the cycle named.
    third = page.locator("#steps li.ms-step").nth(2)
    third.locator("summary").click()
    third.get_by_label("1. Secure a load at the depot").check()
    third.get_by_role("button", name="Save prerequisites").click()
    cycle = (
        "These steps would wait for each other: Load securing basics → "
        "Secure a load at the depot → Load securing basics"
    )
    expect(page.locator("#designer-status")).to_contain_text(cycle)


def _drag_practice_to_top(page: Any, expect: Any) -> None:
    """Drag the 4th step (the practice) onto the top half of the first step.

    The drag events are dispatched to the page, as Chromium would send them: a synthetic
    mouse drag through headless Chromium's native drag and drop was lost about one run in
    five on a busy two-core runner, even when tried twice, and what is under test here is
    the designer's handling of the events, not Chromium's drag machinery.
    """
    steps = page.locator("#steps li.ms-step")
    source, target = steps.nth(3), steps.first
    box = target.bounding_box()
    assert box is not None
    point = {"clientX": box["x"] + 40, "clientY": box["y"] + 8}
    data = page.evaluate_handle("() => new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": data})
    target.dispatch_event("dragover", {"dataTransfer": data, **point})
    expect(target).to_have_class(re.compile(r"\bms-drop-before\b"))
    target.dispatch_event("drop", {"dataTransfer": data, **point})
    source.dispatch_event("dragend", {"dataTransfer": data})
    expect(page.locator("#steps .ms-step-title").first).to_have_text(
        "1. Secure a load at the depot"
    )


def test_designer_builds_a_blended_path_without_reloading(
    transactional_db, cast, live_server, browser
):
    from playwright.sync_api import expect  # noqa: PLC0415

    _methods()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, base, "staff")

    page.goto(f"{base}/learning/paths/new/")
    page.get_by_label("Title").fill("Depot driver onboarding")
    page.get_by_label("Audience").fill("New drivers at the depots")
    page.get_by_role("button", name="Create the path").click()
    expect(page.locator("h1")).to_contain_text("Depot driver onboarding")
    expect(page.get_by_text("No steps yet.")).to_be_visible()
    page.evaluate("window.__marker = 'loaded once'")

    _add_steps(page, expect)
    expect(page.locator("#total-time")).to_have_text("3 h 55 min")
    expect(page.locator("#path-warnings")).to_contain_text("no warnings")
    _shot(page, "1-four-steps")

    # Keyboard: focus the Up button of the coaching step and press Enter.
    up = page.get_by_role("button", name="Move “Coaching on the first week” up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#steps .ms-step-title").nth(2)).to_have_text(
        "3. Coaching on the first week"
    )
    # The keyboard stays on the moved step's button.
    expect(page.get_by_role("button", name="Move “Coaching on the first week” up")).to_be_focused()

    # Drag: the practice step (now 4th) onto the top half of the first step.
    _drag_practice_to_top(page, expect)
    assert _titles(page) == [
        "1. Secure a load at the depot",
        "2. Welcome with your manager",
        "3. Load securing basics",
        "4. Coaching on the first week",
    ]
    _shot(page, "2-reordered")

    _prerequisite_then_cycle(page, expect)
    _shot(page, "3-cycle-refused")

    # Duplicate the coaching step: the copy comes right after it.
    page.get_by_role("button", name="Duplicate “Coaching on the first week”").click()
    expect(page.locator("#steps .ms-step-title").nth(4)).to_have_text(
        "5. Coaching on the first week (copy)"
    )
    expect(page.locator("#total-time")).to_have_text("4 h 40 min")
    copy_edit = page.get_by_role("link", name="Edit “Coaching on the first week (copy)”")
    expect(copy_edit).to_be_focused()
    _shot(page, "4-duplicated")

    assert page.evaluate("window.__marker") == "loaded once"

    # The printable plan lists the steps in an order that respects the prerequisites.
    page.get_by_role("link", name="Printable plan").click()
    expect(page.locator("h1")).to_have_text("Depot driver onboarding")
    titles = page.locator("section.step h2").all_inner_texts()
    assert titles.index("2. Load securing basics") < titles.index("3. Secure a load at the depot")
    _shot(page, "5-plan")
    path = LearningPath.objects.get(title="Depot driver onboarding")
    assert path.steps.count() == 5
    practice_step = path.steps.get(title="Secure a load at the depot")
    assert [p.title for p in practice_step.prerequisites.all()] == ["Load securing basics"]
    context.close()
