"""A CEO exception request in a real browser: a teacher writes and submits it, the principal
endorses it, ITS recommends it, the CEO's office approves it, and the new program is on
/guidance/programs/; when its platform loses its approval, ITS sees the flag. Every page is
screenshotted and checked with axe-core."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from exceptions import services
from exceptions.models import ExceptionRequest
from platforms.models import Platform, PlatformStatus
from platforms.signals import approval_lost
from tests.browser.harness import check_page, visit
from tests.exceptions.conftest import FIELDS, approved_platform
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


def take_step(page, live_server, request_pk, username, password, button, shot, before=None):
    sign_in(page, live_server, username, password)
    visit(page, f"{live_server.url}/exceptions/", f"{shot}-queue")
    page.get_by_role("link", name="Robotics team travel texts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robotics team travel texts")
    check_page(page, f"{shot}-detail")
    if before:
        before(page)
    page.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_be_visible()


def translate_for_parents(page):
    """ITS finishes the Spanish form text: the request's own words are marked to translate."""
    body = page.get_by_label("Form text for parents (Spanish)")
    expect(body).to_contain_text("[[")
    page.get_by_role("button", name="Recommend").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Translate the words")
    body = page.get_by_label("Form text for parents (Spanish)")
    text = body.input_value()
    start, end = text.index("[["), text.index("]]") + 2
    body.fill(
        text[:start]
        + "horarios de autobús y cambios de sede en las competencias de robótica."
        + text[end:]
    )


def test_exception_journey_from_draft_to_published_program(
    page, phone_page, live_server, password, teacher_a, principal_a, its_reviewer, ceo_office
):
    SchoolYearFactory(start=2026)
    remind = approved_platform()

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
    page.get_by_label("Messaging platform").select_option(label="Remind (Remind101)")
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
    take_step(
        page,
        live_server,
        request_pk,
        "its",
        password,
        "Recommend",
        "exceptions-5-its",
        before=translate_for_parents,
    )
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

    # The platform loses its approval (ITS, in the platforms app): ITS sees the flag.
    with transaction.atomic():
        remind.status = PlatformStatus.FLAGGED
        remind.save()
        approval_lost.send(
            sender=Platform, platform=remind, actor=its_reviewer, reason="No encryption at rest."
        )
    sign_in(page, live_server, "its", password)
    visit(page, f"{live_server.url}/exceptions/", "exceptions-10-its-flagged-queue")
    flagged = page.get_by_role("region", name="Platform no longer approved")
    flagged.get_by_role("link", name="Robotics team travel texts").click()
    expect(page.locator(".exception-platform-flag")).to_contain_text("No encryption at rest.")
    check_page(page, "exceptions-11-its-flagged-request")


def test_withdrawing_asks_for_confirmation_on_a_phone(phone_page, live_server, password, teacher_a):
    # Arrange: the teacher's request, submitted.
    SchoolYearFactory(start=2026)
    request = services.exception_create(
        requester=teacher_a, school=teacher_a.staff_roles.get().school, fields=FIELDS
    )
    services.exception_transition(request_pk=request.pk, by=teacher_a, name="submit")
    page = phone_page

    # The list on a phone: each request a stacked row, its status visible without scrolling.
    sign_in(page, live_server, "teacher", password)
    visit(page, f"{live_server.url}/exceptions/", "exceptions-withdraw-1-list-phone")
    status = page.locator("table.exceptions-stack td", has_text="Waiting for the principal")
    expect(status).to_be_in_viewport()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, scroll

    # The request's page: no one-click withdraw under a comment box, a link to confirm.
    page.get_by_role("link", name="Robotics team travel texts").click()
    expect(page.get_by_role("button", name="Withdraw the request")).to_have_count(0)
    check_page(page, "exceptions-withdraw-2-detail-phone")
    page.get_by_role("link", name="Withdraw the request…").click()

    # The confirmation says what happens; going back changes nothing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the request?")
    expect(page.locator(".exception-confirm")).to_contain_text("cannot be resubmitted")
    check_page(page, "exceptions-withdraw-3-confirm-phone")
    page.get_by_role("link", name="No, go back to the request").click()
    expect(page.locator(".exception-status")).to_contain_text("Waiting for the principal")

    # Confirming withdraws it.
    page.get_by_role("link", name="Withdraw the request…").click()
    page.get_by_label("Comment").fill("The competition was cancelled.")
    page.get_by_role("button", name="Yes: Withdraw the request").click()
    expect(page.locator(".alert-success")).to_contain_text("now withdrawn")
    expect(page.locator(".exception-status")).to_contain_text("Withdrawn")
    check_page(page, "exceptions-withdraw-4-withdrawn-phone")
