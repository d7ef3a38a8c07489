"""The main journeys through a real browser: what a visitor, a principal and a parent on a
phone see, each page screenshotted and checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import check_page, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_anonymous_shows_routes_for_each_audience(live_server, page):
    visit(page, live_server.url, "home-anonymous")

    expect(page).to_have_title("Home · AUP Portal · Chicago Public Schools")
    main = page.get_by_role("main")
    for audience in ("Parents and guardians", "Students", "Staff"):
        expect(main.get_by_role("heading", name=audience, exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Staff sign-in")).to_have_attribute(
        "href", "/accounts/login/"
    )


def test_staff_sign_in_shows_school_then_sign_out(live_server, page, principal_a, password):
    page.goto(live_server.url)
    page.get_by_role("main").get_by_role("link", name="Staff sign-in").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    check_page(page, "login")

    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/")
    your_work = page.get_by_role("region", name="Your work")
    expect(your_work).to_contain_text(
        "Principal / school administrator at Northside Community Academy"
    )
    check_page(page, "home-principal")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("link", name="Staff sign-in")).to_be_visible()


def test_home_on_phone_fits_and_menu_opens_by_keyboard(live_server, phone_page):
    visit(phone_page, live_server.url, "home-phone")

    scroll_width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= 390
    nav_link = phone_page.locator("#main-nav").get_by_role("link", name="Staff sign-in")
    expect(nav_link).to_be_hidden()

    toggler = phone_page.get_by_role("button", name="Show menu")
    toggler.focus()
    phone_page.keyboard.press("Enter")

    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(phone_page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(nav_link).to_be_visible()
    check_page(phone_page, "home-phone-menu")


@pytest.mark.parametrize(
    ("path", "status", "heading", "name"),
    [
        ("/no-such-page/", 404, "We can't find that page", "not-found"),
        ("/accounts/password_reset/", 200, "Reset your password", "password-reset"),
    ],
)
def test_public_page_is_friendly(live_server, page, path, status, heading, name):
    response = visit(page, live_server.url + path, name)

    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
