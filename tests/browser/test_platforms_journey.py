"""A messaging platform's review in a real browser: a principal names a new tool in the
school's survey answer, ITS audits it with one criterion failing, flags it, agrees a remediation
plan, re-audits it with every criterion met and approves it, and it appears on
/guidance/platforms/. Every page is screenshotted (1280 and 390 px) and checked with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from platforms.models import Criterion, PlatformUse
from platforms.services.survey import survey_open
from tests.browser.harness import check_page, visit
from tests.factories import SchoolYearFactory
from tests.helpers import pdf_file

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


def rate(page, failing=None):
    for criterion in Criterion:
        rating = "Does not meet" if criterion == failing else "Meets"
        page.get_by_label(str(criterion.label)).select_option(label=rating)


def finish(page, outcome):
    page.get_by_label(outcome).check()


def test_platform_journey_from_survey_to_the_public_list(
    page, phone_page, live_server, password, its_reviewer, principal_a, school_a, tmp_path
):
    year = SchoolYearFactory(start=2026)
    survey_open(user=its_reviewer, school_year=year, due=datetime.date(2026, 10, 28))
    evidence = tmp_path / "architecture.pdf"
    evidence.write_bytes(pdf_file())

    # The principal answers the school's survey on a phone, naming a tool ITS does not know.
    sign_in(phone_page, live_server, "principal", password)
    visit(phone_page, f"{live_server.url}/platforms/survey/", "platforms-0-survey-phone")
    phone_page.get_by_role("link", name=school_a.name).click()
    phone_page.get_by_label("Or a new tool: vendor").fill("Brightwave Learning Ltd.")
    phone_page.get_by_label("Product").fill("Classchat")
    phone_page.get_by_label("What the school uses it for").fill("Group chats for classes")
    phone_page.get_by_label("About how many students").fill("120")
    phone_page.get_by_label("Who uses it").fill("Classroom teachers")
    phone_page.get_by_role("button", name="Add the tool").click()
    expect(phone_page.locator("#answers")).to_contain_text("Classchat")
    phone_page.get_by_role("button", name="Send the answer").click()
    expect(phone_page.locator("#response-state")).to_contain_text("Answered")
    assert PlatformUse.objects.filter(school=school_a, platform__product="Classchat").exists()

    # ITS finds the new tool on the overview.
    sign_in(page, live_server, "its", password)
    page.get_by_role("button", name="Platforms", exact=True).click()  # the menu's group
    page.get_by_role("link", name="Platforms", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messaging platforms")
    check_page(page, "platforms-1-overview")
    page.get_by_role("link", name="Classchat").click()
    check_page(page, "platforms-2-detail-surveyed")

    # The first audit: encryption does not meet; approving is refused, flagging works.
    page.get_by_role("button", name="Start an audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit of Classchat")
    rate(page, failing=Criterion.ENCRYPTION)
    page.get_by_label("Evidence files").set_input_files(str(evidence))
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".alert-success")).to_contain_text("The audit is saved.")
    expect(page.get_by_role("link", name="architecture.pdf")).to_be_visible()
    check_page(page, "platforms-3-audit")
    finish(page, "Approve until a re-audit date")
    page.get_by_label("Approved until (the re-audit date)").fill("2027-10-01")
    page.get_by_role("button", name="Finish the audit").click()
    expect(page.locator(".finish-form")).to_contain_text("approved only when every criterion")
    check_page(page, "platforms-4-approve-refused")
    finish(page, "Flag")
    page.get_by_label("Reason").fill("Stored messages are not encrypted at rest.")
    page.get_by_role("button", name="Finish the audit").click()
    expect(page.locator(".platform-status")).to_contain_text("Flagged")

    # The remediation plan, then remediation.
    page.get_by_label("What the vendor must do").fill("Encrypt stored messages and backups.")
    page.get_by_label("Due").fill("2026-12-01")
    page.get_by_role("button", name="Add a vendor action").click()
    expect(page.locator(".remediation-plan")).to_contain_text("Encrypt stored messages")
    page.get_by_role("button", name="Start remediation").click()
    expect(page.locator(".platform-status")).to_contain_text("In remediation")
    check_page(page, "platforms-5-remediation")

    # The re-audit: every criterion meets; approved until next October.
    page.get_by_role("button", name="Start an audit").click()
    rate(page)
    page.get_by_role("button", name="Save the audit").click()
    finish(page, "Approve until a re-audit date")
    page.get_by_label("Approved until (the re-audit date)").fill("2027-10-01")
    page.get_by_role("button", name="Finish the audit").click()
    expect(page.locator(".platform-status")).to_contain_text("Approved")
    check_page(page, "platforms-6-approved")

    # On the public list, for anyone, on a phone too; and the overview at phone width.
    visit(phone_page, f"{live_server.url}/guidance/platforms/", "platforms-7-public-phone")
    expect(phone_page.locator(".approved-platform")).to_contain_text("Classchat")
    visit(page, f"{live_server.url}/guidance/platforms/?lang=es", "platforms-8-public-es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plataformas de mensajería aprobadas")
    sign_in(phone_page, live_server, "its", password)
    visit(phone_page, f"{live_server.url}/platforms/", "platforms-9-overview-phone")


def test_principal_sees_the_move_on_the_schools_page(
    phone_page, live_server, password, its_reviewer, principal_a, school_a
):
    from platforms import services
    from tests.platforms.conftest import approved, flagged

    year = SchoolYearFactory(start=2026)
    bad, good = flagged(its_reviewer), approved(its_reviewer)
    PlatformUse.objects.create(
        school=school_a, platform=bad, school_year=year, used_for="Club chats"
    )
    services.transitions_plan(
        user=its_reviewer, platform=bad, target=good, deadline=datetime.date(2027, 1, 15)
    )

    sign_in(phone_page, live_server, "principal", password)
    visit(phone_page, f"{live_server.url}/platforms/school/", "platforms-10-school-phone")
    expect(phone_page.locator(".school-move")).to_contain_text("Bellbird")
    phone_page.get_by_role("button", name="The school has moved").click()
    expect(phone_page.locator(".alert-success")).to_contain_text("Marked done.")
    expect(phone_page.locator(".school-move")).to_have_count(0)
    check_page(phone_page, "platforms-11-school-done-phone")
