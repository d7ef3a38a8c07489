"""District sign-in in a real browser: a principal signs in on the real OpenID Connect
provider's page, sees only their school on the consent dashboard, and signs out of both."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import check_page, visit
from tests.consent.conftest import make_link, standard_program
from tests.factories import (
    GuardianFactory,
    SchoolYearFactory,
    StudentFactory,
    StudentGuardianFactory,
    school_year_start_today,
)
from tests.oidc.provider import PROVIDER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def provider_sign_in(page, login):
    expect(page.get_by_role("heading", name="District sign-in")).to_be_visible()
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_principal_signs_in_with_the_district_account_and_out_again(
    live_server, page, district_sign_in, principal_a, school_a, school_b
):
    year = SchoolYearFactory(start=school_year_start_today())
    program = standard_program("bulk-alerts")
    ours = StudentFactory(school=school_a, grade=9, last_name="Ourschool")
    theirs = StudentFactory(school=school_b, grade=9, last_name="Otherschool")
    for student in (ours, theirs):
        guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
        make_link(student=student, guardian=guardian, program=program, school_year=year)

    visit(page, f"{live_server.url}/accounts/login/?next=/consent/", "district-sign-in")
    page.get_by_role("link", name="Sign in with the district account").click()
    assert page.url.startswith(district_sign_in)
    provider_sign_in(page, "principal")

    expect(page.get_by_role("heading", name=f"Texting consent: {school_a.name}")).to_be_visible()
    assert page.url == f"{live_server.url}/consent/"
    visit(page, f"{live_server.url}/consent/?program=bulk-alerts", "district-sign-in-dashboard")
    students = page.get_by_role("region", name="Students and their consent status")
    expect(students.locator("tbody tr")).to_have_count(1)
    expect(students).to_contain_text(ours.last_name)
    expect(students).not_to_contain_text(theirs.last_name)

    page.get_by_role("button", name="Sign out").click()
    # The provider asks before ending its own session (RP-initiated logout).
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    check_page(page, "district-signed-out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert page.goto(f"{live_server.url}/consent/").url.startswith(
        f"{live_server.url}/accounts/login/"
    )
    # The provider's session ended too: signing in again asks for the password again.
    page.get_by_role("link", name="Sign in with the district account").click()
    expect(page.get_by_role("heading", name="District sign-in")).to_be_visible()
