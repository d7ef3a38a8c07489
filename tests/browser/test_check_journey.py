"""'May I text this student?' in a real browser: a teacher signs in on a desktop, mistypes an ID,
then checks a student and reads the answer per program; a principal designates a coach on a
phone, and only the coach may text for the safety meet-up. Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from consent.models import ConsentRequest
from consent.services.countersigning import consent_countersign
from consent.services.designations import activity_create
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import Relationship, Role
from tests.browser.harness import check_page
from tests.consent.conftest import make_link, standard_program
from tests.factories import GuardianFactory, SchoolYearFactory, StudentFactory, staff_user

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


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_only_the_designated_coach_may_text_for_a_safety_meetup(
    live_server, phone_page, page, password, principal_a, teacher_a, school_a
):
    # Arrange: Maya's mother granted safety meet-ups for the robotics meet; the principal
    # countersigned. A coach is on the staff, not yet designated.
    school_year = SchoolYearFactory(start=2026)
    safety = standard_program("safety-meetup")
    coach = staff_user(
        Role.TEACHER, school_a, username="coach", first_name="Marcus", last_name="Bell"
    )
    maya = StudentFactory(
        school=school_a, grade=10, first_name="Maya", last_name="Lopez", student_id="60012345"
    )
    robotics = activity_create(
        user=principal_a, school=school_a, program=safety, name="Robotics regional meet"
    )
    ConsentRequest.objects.create(
        program=safety, school_year=school_year, student=maya, school=school_a, activity=robotics
    )
    mother = GuardianFactory(first_name="Rosa", last_name="Lopez")
    link, _token = make_link(student=maya, guardian=mother, program=safety, school_year=school_year)
    record, _created = consent_sign(
        link=link,
        form_text=current_form_text(safety),
        decision="grant",
        signer_name="Rosa Lopez",
        relationship=Relationship.MOTHER,
        student_mobile="+17735550142",
        esign_agreed=True,
    )
    consent_countersign(record=record, principal=principal_a, decision="countersigned")

    # The principal, on a phone, designates the coach for the robotics meet.
    sign_in(phone_page, live_server, "principal", password)
    phone_page.goto(f"{live_server.url}/consent/activities/")
    expect(phone_page.get_by_role("heading", name="Robotics regional meet")).to_be_visible()
    expect(phone_page.get_by_text("No one is designated yet")).to_be_visible()
    check_page(phone_page, "designate-phone-1-none")
    phone_page.get_by_label("Staff member").select_option(label="Marcus Bell")
    phone_page.get_by_role("button", name="Designate", exact=True).click()
    expect(phone_page.get_by_text("Marcus Bell is designated for")).to_be_visible()
    check_page(phone_page, "designate-phone-2-designated")

    # The teacher, not designated, finds Maya by name: No, and why.
    sign_in(page, live_server, "teacher", password)
    page.goto(f"{live_server.url}/consent/check/")
    page.get_by_label("Or the student's name").fill("maya lopez")
    page.get_by_role("button", name="Check").click()
    safety_answer = page.locator(".coverage-answer").filter(has_text="Safety meet-up")
    expect(safety_answer).to_contain_text("Safety meet-up communications: No")
    expect(safety_answer).to_contain_text("you are not designated for “Robotics regional meet”")
    check_page(page, "designate-desk-3-teacher-no")
    page.context.clear_cookies()

    # The coach, designated, gets Yes for the same student.
    sign_in(page, live_server, "coach", password)
    page.goto(f"{live_server.url}/consent/check/?name=Lopez")
    expect(page.locator(".coverage-answer").filter(has_text="Safety meet-up")).to_contain_text(
        "Safety meet-up communications: Yes, you may text"
    )
    check_page(page, "designate-desk-4-coach-yes")
    assert coach.designations.count() == 1


def test_letter_code_page_in_spanish_on_a_phone(live_server, phone_page):
    # A family from a printed letter switches to Spanish and mistypes the code.
    phone_page.goto(f"{live_server.url}/consent/code/")
    phone_page.get_by_role("link", name="Español").click()
    expect(phone_page.locator("h1")).to_have_text("Abra su formulario con el código de su carta")
    check_page(phone_page, "code-phone-1-es")
    phone_page.locator("#id_code").fill("ABCD-EFGH-JK")
    phone_page.get_by_role("button", name="Abrir mi formulario").click()
    expect(phone_page.get_by_text("No encontramos este código.")).to_be_visible()
    expect(phone_page.locator("#id_code")).to_have_value("ABCD-EFGH-JK")
    check_page(phone_page, "code-phone-2-es-error")
