"""Issuing with a preview in a real browser: the principal chooses the program and grades,
checks the confirmation page (counts, a skipped student named, the email and form text),
sends, and watches the batch page's counts reach "sent" while the worker's task runs, with no
reload (static/js/progress.js under the strict CSP). Desktop and phone, axe-checked."""

import pytest
from playwright.sync_api import expect

from consent.models import IssueBatch
from consent.tasks import send_batch_links
from tests.browser.harness import check_page
from tests.consent.conftest import standard_program
from tests.factories import SchoolYearFactory, StudentFactory
from tests.helpers_issue import guardian_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def _school(school_a):
    """Three families to email, one without email (a letter), one student to skip."""
    SchoolYearFactory(start=2026)
    program = standard_program("safety-meetup")
    for n, name in enumerate(("Avila", "Baker", "Cruz")):
        student = StudentFactory(school=school_a, grade=10, last_name=name)
        guardian_of(student, email=f"{name.lower()}@example.com", first_name=f"Parent{n}")
    guardian_of(StudentFactory(school=school_a, grade=11, last_name="Diaz"), email="")
    StudentFactory(school=school_a, grade=12, first_name="Ivan", last_name="Ortiz")
    return program


def _issue(live_server, page, password, program, name):
    page.goto(f"{live_server.url}/accounts/login/?next=/consent/issue/")
    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Program").select_option(label=program.name)
    # Only the program's grades are offered (safety meet-up: 9-12).
    expect(page.get_by_label("Grade 8")).to_be_hidden()
    page.get_by_label("Some grades").check()
    for grade in (10, 11, 12):
        page.get_by_label(f"Grade {grade}").check()
    check_page(page, f"{name}-0-form")
    page.get_by_role("button", name="Preview").click()


def test_principal_issues_with_preview_and_sees_sending_reach_sent(
    live_server, page, password, principal_a, school_a, queued_tasks
):
    program = _school(school_a)
    _issue(live_server, page, password, program, "issue-desk")

    # The confirmation page: counts before anything is sent, the skipped student named.
    counts = page.locator("#issue-counts")
    expect(counts.locator("[data-count='students']")).to_have_text("4")
    expect(counts.locator("[data-count='by_email']")).to_have_text("3")
    expect(counts.locator("[data-count='by_letter']")).to_have_text("1")
    expect(page.get_by_text("Ivan Ortiz")).to_be_visible()
    expect(page.get_by_text("Dear Parent0")).to_be_visible()
    check_page(page, "issue-desk-1-preview")
    assert not IssueBatch.objects.exists()

    page.get_by_role("button", name="Send to 4 guardians").click()
    expect(
        page.get_by_role("heading", name="Safety meet-up communications: forms issued")
    ).to_be_visible()
    progress = page.locator("#batch-progress")
    expect(progress.locator("[data-progress='queued']")).to_have_text("3")
    expect(progress.locator("[data-progress='letters']")).to_have_text("1")
    check_page(page, "issue-desk-2-batch-queued")

    # The worker's task runs; the page's counts follow without a reload.
    send_batch_links.call(batch_id=IssueBatch.objects.get().pk)
    expect(progress.locator("[data-progress='sent']")).to_have_text("3", timeout=15_000)
    expect(progress.locator("[data-progress='queued']")).to_have_text("0")
    expect(page.get_by_text("Every email of this batch has been handled.")).to_be_visible()
    check_page(page, "issue-desk-3-batch-sent")


def test_issue_preview_and_batch_on_a_phone(
    live_server, phone_page, password, principal_a, school_a
):
    program = _school(school_a)
    _issue(live_server, phone_page, password, program, "issue-phone")
    check_page(phone_page, "issue-phone-1-preview")

    phone_page.get_by_role("button", name="Send to 4 guardians").click()
    expect(phone_page.locator("[data-progress='sent']")).to_have_text("3")
    check_page(phone_page, "issue-phone-2-batch")
