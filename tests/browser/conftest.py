"""Fixtures for the browser journeys: one Chromium per run, a fresh tab per test."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.harness import CHROMIUM_ARGS, close_page, open_page


@pytest.fixture(scope="session")
def browser():
    # Debian's Chromium, not a Playwright download: the machines cannot fetch browsers.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop tab, 1280x900."""
    page = open_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    close_page(page)


@pytest.fixture
def phone_page(browser):
    """A phone tab, 390x844 with touch: the size most parents open a consent link on."""
    page = open_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    close_page(page)
