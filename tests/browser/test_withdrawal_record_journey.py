"""Grant, then withdraw, in a real browser: the principal's record page shows the withdrawal
with its filed PDF, and the parent got two receipts (issue #12)."""

import re

import pytest
from playwright.sync_api import expect

from consent.models import Revocation
from tests.browser.harness import check_page
from tests.consent.conftest import make_link, standard_program

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def parent_grants_then_withdraws(page, url):
    page.goto(url)
    page.get_by_label("Month").select_option(label="May")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Year").fill("2010")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio", name="Yes, I give permission").check()
    page.get_by_label("Your child's mobile phone number").fill("773-555-0142")
    page.get_by_label("Type your full name to sign").fill("Rosa Lopez")
    page.get_by_role("checkbox", name=re.compile("agree to sign it electronically")).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("We emailed you a receipt with your copy attached.")).to_be_visible()
    page.get_by_label("Why are you withdrawing?").select_option(
        label="I no longer want these texts"
    )
    page.get_by_role("button", name="Withdraw my permission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You withdrew your permission")


def test_grant_then_withdraw_reaches_the_record_and_the_parents_inbox(
    live_server, phone_page, page, password, principal_a, family, school_year, mailoutbox
):
    # Arrange
    student, mother, _father = family
    program = standard_program("bulk-alerts")
    _link, token = make_link(
        student=student, guardian=mother, program=program, school_year=school_year
    )

    # Act 1: the parent, on a phone, grants and then withdraws; the page offers both copies.
    parent_grants_then_withdraws(phone_page, f"{live_server.url}/consent/sign/{token}/")
    withdrawal_link = phone_page.get_by_role("link", name="Download your withdrawal (PDF)")
    check_page(phone_page, "withdrawal-1-parent-page")
    own_copy = phone_page.request.get(live_server.url + withdrawal_link.get_attribute("href"))

    # Act 2: the principal opens Maya's record.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(principal_a.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/consent/students/{student.student_id}/")
    story = page.locator(".consent-story").filter(has_text="Bulk text notifications and alerts")
    withdrawn = story.locator(".story-entry").filter(has_text="Withdrawn")
    check_page(page, "withdrawal-2-principal-record")

    # Assert: the record shows today's answer and the withdrawal with its filed PDF.
    revocation = Revocation.objects.select_related("document").get()
    filed = revocation.document.file.open("rb").read()
    expect(story.get_by_role("heading")).to_contain_text("today: Withdrawn")
    expect(withdrawn).to_contain_text("By Rosa Lopez")
    expect(withdrawn).to_contain_text("Reason: I no longer want these texts")
    download = withdrawn.get_by_role("link", name=re.compile("Download the filed document"))
    with page.expect_download() as pdf:
        download.click()
    assert pdf.value.path().read_bytes() == filed == own_copy.body()
    # The parent got two receipts, each with its filed document attached.
    receipts = [m for m in mailoutbox if "your receipt" in m.subject]
    assert [(m.to, m.attachments[0][0]) for m in receipts] == [
        (["rosa@example.com"], f"consent_form-{student.student_id}.pdf"),
        (["rosa@example.com"], f"withdrawal-{student.student_id}.pdf"),
    ]
    assert receipts[1].attachments[0][1] == filed
