"""The platform survey in a real browser: ITS opens it, the principal lists a new messaging
tool (a mistake first, refused beside the field) and sends the answer, then ITS sees the
school answered and the tool registered as a platform to audit. Every page is screenshotted
(desktop and 390 px phone) and checked with axe-core."""

import pytest
from playwright.sync_api import expect

from faq.models import Contact, ContactKind
from platforms.models import Platform, PlatformStatus
from tests.browser.harness import check_page, visit
from tests.browser.test_exceptions_journey import sign_in
from tests.factories import SchoolYearFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_principal_answers_the_survey_and_its_sees_the_new_platform(
    page, phone_page, live_server, password, principal_a, its_reviewer, school_b
):
    SchoolYearFactory(start=2026)

    # ITS opens the survey of 2026-27.
    sign_in(page, live_server, "its", password)
    page.get_by_role("button", name="Platforms", exact=True).click()  # the menu's group
    page.get_by_role("link", name="Platform survey").first.click()
    check_page(page, "survey-1-its-empty")
    page.get_by_role("combobox", name="School year").select_option(label="2026-27")
    page.get_by_label("Answers due by").fill("2026-10-28")
    page.get_by_role("button", name="Open the survey").click()
    expect(page.locator(".alert-success")).to_contain_text("The survey is open.")
    expect(page.locator("#survey-rates")).to_contain_text("Not yet")
    check_page(page, "survey-2-its-rates-opened")

    # The principal names a new tool: the product forgotten first, refused beside the field.
    sign_in(phone_page, live_server, "principal", password)
    visit(phone_page, f"{live_server.url}/platforms/survey/", "survey-3-principal-index-phone")
    phone_page.get_by_role("link", name="Northside Community Academy").click()
    phone_page.get_by_label("Or a new tool: vendor").fill("Chatterly Inc")
    phone_page.get_by_label("What the school uses it for").fill("Club news to families")
    phone_page.get_by_label("About how many students").fill("80")
    phone_page.get_by_label("Who uses it").fill("Coaches")
    phone_page.get_by_role("button", name="Add the tool").click()
    expect(phone_page.locator(".invalid-feedback").first).to_contain_text("product")
    expect(phone_page.get_by_label("Who uses it")).to_have_value("Coaches")
    check_page(phone_page, "survey-4-principal-error-phone")
    phone_page.get_by_label("Product").fill("Chatterly")
    phone_page.get_by_role("button", name="Add the tool").click()
    expect(phone_page.locator("#answers")).to_contain_text("Chatterly")
    check_page(phone_page, "survey-5-principal-listed-phone")
    phone_page.get_by_role("button", name="Send the answer").click()
    expect(phone_page.locator("#response-state")).to_contain_text("Answered")
    check_page(phone_page, "survey-6-principal-answered-phone")
    scroll = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, scroll

    # ITS sees the school answered, one tool listed; the tool is a platform to audit.
    page.reload()
    row = page.locator("#survey-rates tr", has_text="Northside Community Academy")
    expect(row).to_contain_text("Answered")
    expect(row).to_contain_text("1")
    expect(page.locator("#survey-rates tr", has_text="Lakefront")).to_contain_text("Not yet")
    check_page(page, "survey-7-its-rates-answered")
    page.get_by_role("button", name="Remind the schools that have not answered").click()
    expect(page.locator(".alert-success")).to_contain_text("Reminders queued to 1 schools.")
    platform = Platform.objects.get()
    assert (platform.vendor, platform.product, platform.status) == (
        "Chatterly Inc",
        "Chatterly",
        PlatformStatus.SURVEYED,
    )


def test_teacher_asks_for_a_consult_on_a_phone(phone_page, live_server, password, teacher_a):
    # The contacts the migrations wrote do not survive a transactional test's flush.
    Contact.objects.create(
        key="service_desk", label="IT Service Desk", kind=ContactKind.PHONE, value="773-555-0100"
    )
    sign_in(phone_page, live_server, "teacher", password)
    # On a phone the menu is folded away: the link on the home page's work card.
    phone_page.get_by_role("main").get_by_role("link", name="Ask ITS before buying").click()
    expect(phone_page.locator("#service-desk")).to_have_text("773-555-0100")
    check_page(phone_page, "consult-1-list-phone")
    phone_page.get_by_role("link", name="Request an AUP consult").click()
    phone_page.get_by_label("Product").fill("Chatterly")
    phone_page.get_by_label("Vendor").fill("Chatterly Inc")
    phone_page.get_by_label("What it is for").fill("Team updates")
    phone_page.get_by_label("About how many students it affects").fill("35")
    phone_page.get_by_label("What student or staff data it would hold").fill("Names, phones")
    phone_page.get_by_role("button", name="Send to ITS").click()
    expect(phone_page.locator("#answer")).to_contain_text("Waiting for ITS.")
    check_page(phone_page, "consult-2-detail-phone")
    scroll = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, scroll
