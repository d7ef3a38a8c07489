"""A CEO exception request in a real browser: a teacher writes and submits it, the principal
endorses it, ITS recommends it, the CEO's office approves it, and the new program is on
/guidance/programs/. Every page is screenshotted and checked with axe-core."""

import pytest
from playwright.sync_api import expect

from exceptions.models import ExceptionRequest
from tests.browser.harness import check_page, visit
from tests.factories import SchoolYearFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def sign_in(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


def take_step(page, live_server, request_pk, username, password, button, shot):
    sign_in(page, live_server, username, password)
    visit(page, f"{live_server.url}/exceptions/", f"{shot}-queue")
    page.get_by_role("link", name="Robotics team travel texts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robotics team travel texts")
    check_page(page, f"{shot}-detail")
    page.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_exception_journey_from_draft_to_published_program(
    page, phone_page, live_server, password, teacher_a, principal_a, its_reviewer, ceo_office
):
    SchoolYearFactory(start=2026)

    # The teacher writes the request; a bad end date is refused with the input kept.
    sign_in(page, live_server, "teacher", password)
    visit(page, f"{live_server.url}/", "exceptions-0-home")
    page.get_by_role("link", name="Exception requests").first.click()
    check_page(page, "exceptions-1-my-requests-empty")
    page.get_by_role("link", name="New exception request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New exception request")
    page.get_by_label("Title").fill("Robotics team travel texts")
    page.get_by_label("Lowest grade").select_option(label="Grade 9")
    page.get_by_label("Highest grade").select_option(label="Grade 12")
    page.get_by_label("About how many students").fill("24")
    page.get_by_label("What the texting is for").fill(
        "Bus times and venue changes at robotics competitions."
    )
    page.get_by_label("Why no standard program fits").fill(
        "Competitions are not safety meet-ups and the team starts in grade 9."
    )
    page.get_by_label("Texting platform or tool").fill("Remind")
    page.get_by_label("First day of texting").fill("2026-10-19")
    page.get_by_label("Last day of texting").fill("2027-07-30")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("past the end of the 2026-27")
    expect(page.get_by_label("Title")).to_have_value("Robotics team travel texts")
    check_page(page, "exceptions-2-form-error")
    page.get_by_label("Last day of texting").fill("2027-05-28")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved as a draft")
    check_page(page, "exceptions-3-draft")
    page.get_by_role("button", name="Submit the request").click()
    expect(page.locator(".exception-status")).to_contain_text("Waiting for the principal")
    request_pk = ExceptionRequest.objects.get().pk

    # Principal, ITS and the CEO's office each take their step from their queue.
    take_step(
        page, live_server, request_pk, "principal", password, "Endorse", "exceptions-4-principal"
    )
    take_step(page, live_server, request_pk, "its", password, "Recommend", "exceptions-5-its")
    take_step(page, live_server, request_pk, "ceo", password, "Approve", "exceptions-6-ceo")
    expect(page.locator(".exception-status")).to_contain_text("Approved")
    expect(page.locator(".exception-timeline li")).to_have_count(5)
    check_page(page, "exceptions-7-timeline")

    # The requester sees the whole timeline on a phone.
    sign_in(phone_page, live_server, "teacher", password)
    visit(phone_page, f"{live_server.url}/exceptions/{request_pk}/", "exceptions-8-timeline-phone")

    # The new program is public.
    visit(page, f"{live_server.url}/guidance/programs/", "exceptions-9-guidance-programs")
    expect(page.get_by_text("Robotics team travel texts").first).to_be_visible()
