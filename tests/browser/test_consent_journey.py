"""Texting consent in a real browser: a parent on a phone answers the school's link, gets
their copy and withdraws; a principal issues forms for the school and countersigns a safety
meet-up consent. Every page is screenshotted and checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from consent.coverage import coverage_for
from consent.models import ConsentRecord, Countersignature, Decision
from consent.services.forms_text import current_form_text
from consent.services.signing import consent_sign
from roster.models import Relationship
from tests.browser.harness import check_page, visit
from tests.consent.conftest import make_link, standard_program
from tests.factories import (
    StudentFactory,
    StudentGuardianFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


@pytest.fixture
def maya(family):
    """Maya and her mother Rosa (tests/conftest.py's family)."""
    student, mother, _father = family
    return student, mother


def test_parent_answers_on_a_phone_downloads_the_copy_and_withdraws(
    live_server, phone_page, maya, school_year
):
    # Arrange
    student, mother = maya
    bulk_alerts = standard_program("bulk-alerts")
    _link, token = make_link(
        student=student, guardian=mother, program=bulk_alerts, school_year=school_year
    )
    page = phone_page
    heading = page.get_by_role("heading", level=1)

    # Step 1: the link asks for the date of birth; a wrong one is refused.
    page.goto(f"{live_server.url}/consent/sign/{token}/")
    expect(heading).to_have_text("Permission for bulk text notifications and alerts")
    check_page(page, "consent-phone-1-verify")
    page.get_by_label("Month").select_option(label="May")
    page.get_by_label("Day").fill("18")
    page.get_by_label("Year").fill("2010")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That doesn't match our records.")
    expect(page.get_by_label("Day")).to_have_value("18")
    check_page(page, "consent-phone-2-verify-wrong")

    page.get_by_label("Day").fill("17")
    page.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("Permission to send text alerts to your child")

    # Step 2: read the form and answer.
    expect(page.get_by_text("It ends on June 11, 2027.")).to_be_visible()
    check_page(page, "consent-phone-3-decide")
    page.get_by_role("radio", name="Yes, I give permission").check()
    page.get_by_label("Your child's mobile phone number").fill("773-555-0142")
    expect(page.get_by_label("Your relationship to the student")).to_have_value("mother")
    page.get_by_label("Type your full name to sign").fill("Rosa Lopez")
    page.get_by_role("checkbox", name=re.compile("agree to sign it electronically")).check()
    # In tests the PDF is filed inside this request (immediate task backend), so this step
    # includes rendering it; in production a background worker does that.
    page.get_by_role("button", name="Send my answer").click()
    expect(heading).to_have_text("Thank you: you gave permission")

    # Step 3: the answer, with the copy.
    check_page(page, "consent-phone-4-answered")
    copy_link = page.get_by_role("link", name="Download your copy (PDF)")
    copy = page.request.get(live_server.url + copy_link.get_attribute("href"))
    assert (copy.status, copy.headers["content-type"]) == (200, "application/pdf")
    assert copy.body().startswith(b"%PDF")

    # Step 4: withdraw, with a reason.
    page.get_by_label("Why are you withdrawing?").select_option(
        label="I no longer want these texts"
    )
    page.get_by_label("Anything to add (optional)").fill("New phone next week.")
    page.get_by_role("button", name="Withdraw my permission").click()
    expect(heading).to_have_text("You withdrew your permission")

    # Assert
    expect(page.get_by_role("status")).to_contain_text("Your permission is withdrawn.")
    expect(page.get_by_text(re.compile(r"^Withdrawn on October 14, 2026"))).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my permission")).to_have_count(0)
    check_page(page, "consent-phone-5-withdrawn")
    record = ConsentRecord.objects.select_related("revocation").get()
    assert (record.decision, record.signer_name, str(record.student_mobile)) == (
        Decision.GRANT,
        "Rosa Lopez",
        "+17735550142",
    )
    assert record.revocation.reason == "I no longer want these texts. New phone next week."
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_parent_sees_errors_beside_fields_on_a_phone(live_server, phone_page, maya, school_year):
    student, mother = maya
    _link, token = make_link(
        student=student,
        guardian=mother,
        program=standard_program("bulk-alerts"),
        school_year=school_year,
    )
    page = phone_page
    page.goto(f"{live_server.url}/consent/sign/{token}/")
    page.get_by_label("Month").select_option(label="May")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Year").fill("2010")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("radio", name="Yes, I give permission").check()
    page.get_by_label("Type your full name to sign").fill("Rosa")
    page.get_by_role("button", name="Send my answer").click()

    # Each error sits beside its field, and a list at the top links to the fields.
    problems = {
        "Your child's mobile phone number": "Enter your child's mobile number to give permission.",
        "Type your full name to sign": "Type your first and last name.",
        re.compile("agree to sign it electronically"): "Tick this box to sign electronically, "
        "or ask the school for a paper form.",
    }
    summary = page.get_by_role("alert").filter(has_text="Your answer was not sent yet")
    expect(summary.get_by_role("link")).to_have_text(list(problems.values()))
    for label, error in problems.items():
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(error)))
    summary.get_by_role("link", name="Type your first and last name.").click()
    expect(page.get_by_label("Type your full name to sign")).to_be_focused()
    expect(page.get_by_label("Type your full name to sign")).to_have_value("Rosa")
    expect(page.get_by_role("radio", name="Yes, I give permission")).to_be_checked()
    check_page(page, "consent-phone-3-decide-errors")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert not ConsentRecord.objects.exists()


def test_parent_with_a_broken_link_gets_a_friendly_page_on_a_phone(live_server, phone_page, db):
    response = visit(phone_page, f"{live_server.url}/consent/sign/{'x' * 43}/", "consent-phone-bad")

    assert response.status == 404
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("This link doesn't work")


def test_principal_issues_for_the_school_and_countersigns(
    live_server, page, password, principal_a, school_a, maya, school_year
):
    # Arrange: four students with a guardian to email, one with none.
    student, mother = maya
    for grade in (9, 11, 12):
        StudentGuardianFactory(student=StudentFactory(school=school_a, grade=grade))
    StudentFactory(school=school_a, grade=10)
    bulk_alerts = standard_program("bulk-alerts")
    safety_meetup = standard_program("safety-meetup")

    # Sign in through the form, then the school's dashboard.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    visit(page, f"{live_server.url}/consent/", "consent-desk-1-dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Texting consent: Northside Community Academy"
    )

    # Issue bulk alerts to the whole school.
    page.get_by_role("link", name="Issue consent forms").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue consent forms")
    check_page(page, "consent-desk-2-issue")
    page.get_by_label("Program").select_option(label=bulk_alerts.name)
    expect(page.get_by_role("combobox", name="School*", exact=True)).to_have_value(str(school_a.pk))
    page.get_by_label("School year").select_option(label="2026-27")
    page.get_by_role("radio", name="The whole school").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#issue-counts [data-count='students']")).to_have_text("4")
    page.get_by_role("button", name=re.compile("^Send to")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bulk text notifications and alerts: forms issued"
    )
    expect(page.get_by_role("status")).to_contain_text("4 requests issued.")
    expect(
        page.get_by_text("No guardian with educational rights on the roster (1)")
    ).to_be_visible()
    check_page(page, "consent-desk-3-batch")

    # Maya's mother grants safety meet-up consent; the principal's queue shows it.
    link, _token = make_link(
        student=student, guardian=mother, program=safety_meetup, school_year=school_year
    )
    consent_sign(
        link=link,
        form_text=current_form_text(safety_meetup),
        decision=Decision.GRANT,
        signer_name="Rosa Lopez",
        relationship=Relationship.MOTHER,
        student_mobile="773-555-0142",
        esign_agreed=True,
    )
    page.get_by_role("link", name="Back to the consent dashboard").click()
    page.get_by_role("main").get_by_role("link", name="Countersign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting your countersignature")
    card = page.get_by_role("region", name=re.compile("^Maya Lopez"))
    expect(card).to_contain_text("granted by Rosa Lopez (mother)")
    check_page(page, "consent-desk-4-countersign-queue")

    # Declining needs a reason: the error sits beside it and the choice is kept.
    card.get_by_role("radio", name="Decline").check()
    card.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Your decision was not saved.")
    card = page.get_by_role("region", name=re.compile("^Maya Lopez"))
    expect(card.get_by_role("radio", name="Decline")).to_be_checked()
    expect(card.get_by_label("Reason (required when you decline)")).to_have_accessible_description(
        "Say why you decline, for the family and the record."
    )
    check_page(page, "consent-desk-4-countersign-needs-reason")

    card.get_by_role("radio", name="Countersign").check()
    card.get_by_role("button", name="Save decision").click()

    # Assert
    expect(page.get_by_role("status")).to_have_text("You countersigned the consent for Maya Lopez.")
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    check_page(page, "consent-desk-5-countersigned")
    countersignature = Countersignature.objects.get()
    assert (countersignature.principal, countersignature.decision) == (principal_a, "countersigned")
    assert coverage_for(student=student, program=safety_meetup).code == "covered"
