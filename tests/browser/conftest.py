"""Headless Chromium for the browser tests (skipped without it, unless CI requires it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import CHROMIUM

HAVE_CHROMIUM = Path(CHROMIUM).exists()
if not HAVE_CHROMIUM and os.environ.get("MAINSPRING_REQUIRE_BROWSER"):
    raise RuntimeError(f"MAINSPRING_REQUIRE_BROWSER is set but {CHROMIUM} is missing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(skip)


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from
    # the test body are still synchronous and safe. Only for this module's tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
