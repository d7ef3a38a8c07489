"""The staff header for each role: one line at 1280 px (grouped dropdowns), usable from the
keyboard, and collapsed behind the menu button at 390 px; axe-core on each."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# persona fixture: its username (tests/conftest.py)
ROLES = {
    "principal_a": "principal",
    "teacher_a": "teacher",
    "its_reviewer": "its",
    "ceo_office": "ceo",
    "administrator": "admin",
}


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


@pytest.mark.parametrize("persona_name", ROLES)
def test_staff_header_is_one_line_at_1280(live_server, page, password, request, persona_name):
    user = request.getfixturevalue(persona_name)
    user.first_name, user.last_name = "Maximiliana", "Fitzgerald-Okonkwo"  # a long name
    user.save()
    sign_in(page, live_server, ROLES[persona_name], password)

    header = page.locator(".portal-header .navbar")
    # One line: the navbar is as tall as its brand (two short lines) plus padding.
    assert header.bounding_box()["height"] < 80
    # Every entry of the menu sits on the same line (their middles within a few pixels).
    boxes = [item.bounding_box() for item in page.locator(".portal-header .nav-item").all()]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 6
    check_page(page, f"header-1280-{persona_name}")

    # The keyboard opens a group and walks its links.
    toggles = page.locator(".portal-header .dropdown-toggle")
    toggles.first.focus()
    page.keyboard.press("Enter")
    menu = page.locator(".portal-header .dropdown-menu.show")
    expect(menu).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(menu.locator(".dropdown-item").first).to_be_focused()
    check_page(page, f"header-1280-{persona_name}-open")
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)


@pytest.mark.parametrize("persona_name", ROLES)
def test_staff_header_on_a_phone(live_server, phone_page, password, request, persona_name):
    request.getfixturevalue(persona_name)
    sign_in(phone_page, live_server, ROLES[persona_name], password)

    phone_page.get_by_role("button", name="Show menu").click()
    expect(phone_page.locator("#main-nav")).to_be_visible()
    groups = phone_page.locator(".portal-header .dropdown-toggle")
    groups.last.click()

    check_page(phone_page, f"header-390-{persona_name}")
    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 390
