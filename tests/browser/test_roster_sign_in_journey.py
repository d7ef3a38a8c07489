"""The roster and district sign-in together: the district's sample export is imported, and a
principal the roster brought in signs in on the real OpenID Connect provider's page, sees only
their own school's imported students, and signs out."""

import pytest
from playwright.sync_api import expect

from roster.models import School, Student
from tests.browser.harness import check_page, visit
from tests.browser.test_district_sign_in_journey import provider_sign_in
from tests.consent.conftest import standard_program
from tests.roster_import.conftest import run_import, sample_in_this_school_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imported_principal_signs_in_and_sees_only_their_schools_students(
    live_server, page, district_sign_in, tmp_path
):
    # call_command("import_roster", ...) into the live server's database; the sample's school
    # year moved to the one current today, as the provider's tokens run on the real clock.
    run_import(sample_in_this_school_year(tmp_path))
    standard_program("bulk-alerts")
    school = School.objects.get(code="2001")  # org-1: principal1 (Noah Lopez) runs it
    ours = Student.objects.filter(school=school)
    other = Student.objects.get(sourced_id="stu-3")  # Elijah Chen, at org-2
    assert other.school != school

    visit(page, f"{live_server.url}/accounts/login/?next=/consent/", "roster-sign-in")
    page.get_by_role("link", name="Sign in with the district account").click()
    assert page.url.startswith(district_sign_in)
    # The provider's "principal1" has the email the roster gave prin-1.
    provider_sign_in(page, "principal1")

    expect(page.get_by_role("heading", name=f"Texting consent: {school.name}")).to_be_visible()
    assert page.url == f"{live_server.url}/consent/"
    visit(page, f"{live_server.url}/consent/?program=bulk-alerts", "roster-sign-in-dashboard")
    students = page.get_by_role("region", name="Students and their consent status")
    expect(students.locator("tbody tr")).to_have_count(ours.count())
    expect(students).to_contain_text(ours.get(sourced_id="stu-0").last_name)
    expect(students).not_to_contain_text(other.last_name)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    check_page(page, "roster-signed-out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
