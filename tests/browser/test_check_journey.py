"""'May I text this student?' in a real browser: a teacher signs in on a desktop, mistypes an ID,
then checks a student and reads the answer per program. Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import Relationship
from tests.browser.harness import check_page
from tests.consent.conftest import make_link, standard_program
from tests.factories import GuardianFactory, SchoolYearFactory, StudentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_teacher_checks_a_student_before_texting(live_server, page, password, teacher_a, school_a):
    # Arrange: Maya is covered for bulk alerts; safety meet-ups have no consent yet.
    school_year = SchoolYearFactory(start=2026)
    bulk_alerts = standard_program("bulk-alerts")
    standard_program("safety-meetup")
    maya = StudentFactory(
        school=school_a, grade=10, first_name="Maya", last_name="Lopez", student_id="60012345"
    )
    mother = GuardianFactory(first_name="Rosa", last_name="Lopez")
    link, _token = make_link(
        student=maya, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    consent_sign(
        link=link,
        form_text=current_form_text(bulk_alerts),
        decision="grant",
        signer_name="Rosa Lopez",
        relationship=Relationship.MOTHER,
        student_mobile="+17735550142",
        esign_agreed=True,
    )

    # Sign in, then follow the home page's link.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="May I text this student?").first.click()
    check_page(page, "check-desk-1-form")

    # A mistyped ID: the message sits beside the field and keeps what was typed.
    page.get_by_label("Student ID").fill("6001234x")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("A student ID is 6 to 12 digits")).to_be_visible()
    expect(page.get_by_label("Student ID")).to_have_value("6001234x")
    check_page(page, "check-desk-2-error")

    # The right ID: one answer per program, with the reason.
    page.get_by_label("Student ID").fill("60012345")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#answer-heading")).to_contain_text("Maya Lopez")
    answers = page.locator(".coverage-answer")
    expect(answers.nth(0)).to_contain_text("Bulk text notifications and alerts: Yes, you may text")
    expect(answers.nth(1)).to_contain_text("Safety meet-up communications: No")
    expect(answers.nth(1)).to_contain_text("No consent on file for this school year.")
    check_page(page, "check-desk-3-answer")
