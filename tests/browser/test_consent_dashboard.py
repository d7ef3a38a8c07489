"""The consent dashboard in a real browser: counts, the student list and its filters, with
axe-core on each page and at phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import visit
from tests.consent.conftest import make_link, standard_program
from tests.consent.test_records import sign
from tests.factories import (
    GuardianFactory,
    SchoolYearFactory,
    StudentFactory,
    StudentGuardianFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


@pytest.fixture
def answered_school(school_a):
    year = SchoolYearFactory(start=2026)
    program = standard_program("bulk-alerts")
    for n, homeroom in enumerate(["9A", "9A", "10B", "11C"]):
        student = StudentFactory(school=school_a, grade=9 + n % 3, homeroom=homeroom)
        guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
        link, _token = make_link(
            student=student, guardian=guardian, program=program, school_year=year
        )
        if n < 2:
            sign(link)
    return program


def sign_in(page, live_server, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


def test_dashboard_lists_students_and_filters_them(
    live_server, page, password, principal_a, answered_school
):
    sign_in(page, live_server, password)

    visit(page, f"{live_server.url}/consent/?program=bulk-alerts", "consent-dashboard")
    rows = page.get_by_role("region", name="Students and their consent status").locator("tbody tr")
    expect(rows).to_have_count(4)
    page.get_by_label("Status", exact=True).select_option("covered")
    page.get_by_role("button", name="Filter").click()

    expect(rows).to_have_count(2)
    visit(page, page.url, "consent-dashboard-filtered")


def test_dashboard_on_a_phone(live_server, phone_page, password, principal_a, answered_school):
    sign_in(phone_page, live_server, password)

    visit(phone_page, f"{live_server.url}/consent/?program=bulk-alerts", "consent-dashboard-phone")

    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390
    # The status of every row is on screen at phone width, without scrolling sideways.
    statuses = phone_page.locator("#students .consent-status")
    expect(statuses).to_have_count(4)
    for index in range(4):
        box = statuses.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390


@pytest.fixture
def awaiting_countersign(school_a):
    year = SchoolYearFactory(start=2026)
    program = standard_program("safety-meetup")
    students = []
    for last_name in ["Adams", "Baker", "Chen"]:
        student = StudentFactory(school=school_a, grade=11, last_name=last_name)
        guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
        link, _token = make_link(
            student=student, guardian=guardian, program=program, school_year=year
        )
        sign(link)
        students.append(student)
    return students


def test_countersign_selected_with_one_confirmation(
    live_server, page, password, principal_a, awaiting_countersign
):
    adams, baker, chen = awaiting_countersign
    sign_in(page, live_server, password)

    visit(page, f"{live_server.url}/consent/countersign/", "countersign-queue")
    page.get_by_label(f"Select {adams.full_name}").check()
    page.get_by_label(f"Select {chen.full_name}").check()
    page.get_by_role("button", name="Countersign selected").click()

    expect(page.get_by_role("heading", name="Countersign the selected consents")).to_be_visible()
    chosen = page.get_by_role("region", name="The selected consents").locator("tbody tr")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(0)).to_contain_text(adams.full_name)
    expect(chosen.nth(1)).to_contain_text(chen.full_name)
    visit(page, page.url, "countersign-selected-confirm")
    page.get_by_role("button", name="Countersign 2 consents").click()

    expect(page.get_by_text("You countersigned 2 consents.")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_count(1)
    expect(page.get_by_role("heading", level=2)).to_contain_text(baker.full_name)
    visit(page, page.url, "countersign-queue-after")


def test_countersign_queue_on_a_phone(
    live_server, phone_page, password, principal_a, awaiting_countersign
):
    sign_in(phone_page, live_server, password)
    visit(phone_page, f"{live_server.url}/consent/countersign/", "countersign-queue-phone")
    phone_page.get_by_label(f"Select {awaiting_countersign[0].full_name}").check()
    phone_page.get_by_role("button", name="Countersign selected").click()

    visit(phone_page, phone_page.url, "countersign-selected-confirm-phone")

    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 390


@pytest.mark.parametrize(
    ("persona_name", "username"),
    [("principal_a", "principal"), ("its_reviewer", "its"), ("administrator", "admin")],
)
def test_dashboard_on_a_phone_for_each_role_that_has_it(
    live_server, phone_page, password, request, school_a, answered_school, persona_name, username
):
    request.getfixturevalue(persona_name)
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.get_by_label("Username").fill(username)
    phone_page.get_by_label("Password").fill(password)
    phone_page.get_by_role("button", name="Sign in").click()

    visit(
        phone_page,
        f"{live_server.url}/consent/?school={school_a.code}&program=bulk-alerts",
        f"consent-dashboard-phone-{persona_name}",
    )

    expect(phone_page.locator("#students .consent-status")).to_have_count(4)
    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 390
