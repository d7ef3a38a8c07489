"""Annual re-attestation in a real browser, on a phone: near the school year's end the
requester finds the question on their exception list, answers yes on the request's page, and
the renewal goes straight to ITS. Every page is screenshotted and checked with axe-core."""

import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from exceptions.models import ExceptionRequest, Status
from tests.browser.harness import check_page, visit
from tests.browser.test_exceptions_journey import sign_in
from tests.exceptions.conftest import approved_platform, draft, walk
from tests.factories import SchoolYearFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_requester_reattests_on_a_phone(
    phone_page,
    live_server,
    password,
    frozen_today,
    teacher_a,
    principal_a,
    its_reviewer,
    ceo_office,
):
    # Arrange: an approved exception that runs to the year's last day; the daily command
    # asks its requester ten days before.
    SchoolYearFactory(start=2026)
    SchoolYearFactory(start=2027)
    approved_platform()
    people = {
        "teacher_a": teacher_a,
        "principal_a": principal_a,
        "its_reviewer": its_reviewer,
        "ceo_office": ceo_office,
    }
    request = walk(
        draft(teacher_a, teacher_a.staff_roles.get().school, ends_on=datetime.date(2027, 6, 11)),
        people,
        "approve",
    )
    frozen_today.move_to(datetime.datetime(2027, 6, 1, 15, 0, tzinfo=datetime.UTC))
    call_command("exceptions_reattest", stdout=io.StringIO())
    page = phone_page

    # The question is a task on the requester's list.
    sign_in(page, live_server, "teacher", password)
    visit(page, f"{live_server.url}/exceptions/", "exceptions-reattest-1-list-phone")
    task = page.get_by_role("region", name="Still needed next year? Re-attest")
    task.get_by_role("link", name="Robotics team travel texts").click()

    # The request's page asks and offers both answers.
    expect(page.locator(".exception-reattest")).to_contain_text("Still needed next year?")
    expect(page.get_by_role("link", name="No: not needed next year…")).to_be_visible()
    check_page(page, "exceptions-reattest-2-detail-phone")
    page.get_by_role("button", name="Yes: still needed next year, same scope").click()
    expect(page.locator(".alert-success")).to_be_visible()
    check_page(page, "exceptions-reattest-3-answered-phone")

    # The renewal waits for ITS; this year's approval stands until its last day.
    renewal = ExceptionRequest.objects.get(renews=request)
    request.refresh_from_db()
    assert (request.status, renewal.status) == (Status.APPROVED, Status.ENDORSED)
    visit(page, f"{live_server.url}/exceptions/{renewal.pk}/", "exceptions-reattest-4-renewal")
    expect(page.locator(".exception-status")).to_contain_text("Endorsed, waiting for ITS")
