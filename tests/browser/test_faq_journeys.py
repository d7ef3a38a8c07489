"""The FAQ in a real browser: a parent on a phone searches and follows a permalink; an editor
changes an answer in the admin and the public page shows it; someone sends a question; and
axe-core checks every public FAQ and guidance page at desktop and phone width."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from faq.demo import seed_faq_demo
from tests.browser.harness import check_page, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Migrations add rows these pages show: the audiences, topics and contacts, and the standard
# texting programs.
DATA_MIGRATIONS = [
    "faq.migrations.0002_standard_audiences_topics_contacts",
    "faq.migrations.0006_contact_key_and_policy_purposes",
    "consent.migrations.0002_standard_programs",
]

PUBLIC_PAGES = [
    ("/faq/", "faq-index"),
    ("/faq/parents/", "faq-audience-parents"),
    ("/faq/?q=consent+form", "faq-search-results"),
    ("/faq/?q=", "faq-search-empty"),
    ("/faq/?q=trampoline", "faq-search-no-results"),
    ("/faq/archive/", "faq-archive"),
    ("/faq/ask/", "faq-ask"),
    ("/faq/ask/thanks/", "faq-ask-thanks"),
    ("/guidance/programs/", "guidance-programs"),
]
# At phone width: the pages the journeys above do not already show on a phone.
PHONE_PAGES = [
    (path, name)
    for path, name in PUBLIC_PAGES
    if name in {"faq-audience-parents", "faq-archive", "faq-ask", "guidance-programs"}
]


@pytest.fixture(autouse=True)
def rows_from_data_migrations(transactional_db):
    """Put back what the data migrations add: each transactional test ends with a flush that
    empties every table. (serialized_rollback would not help: the serialized copy lives on the
    connection of the context that created the test database, and Playwright's sync API runs
    the tests in another one.)"""
    for module in DATA_MIGRATIONS:
        for operation in import_module(module).Migration.operations:
            if hasattr(operation, "code"):  # the data steps, not the schema changes
                operation.code(django_apps, None)


def fits_phone(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_parent_on_phone_searches_and_opens_answer_by_permalink(live_server, phone_page):
    # Arrange
    seed_faq_demo()
    visit(phone_page, f"{live_server.url}/faq/", "faq-index-phone-before-search")

    # Act: search, then follow the best answer's permanent link.
    phone_page.get_by_label("Search the questions").fill("alerts")
    phone_page.get_by_role("button", name="Search").click()
    expect(phone_page).to_have_url(f"{live_server.url}/faq/?q=alerts")
    check_page(phone_page, "faq-search-phone")
    best = phone_page.locator(".faq-result").first.get_by_role("link")
    expect(best).to_have_text(
        "How do I give permission for my child to receive text alerts from the school?"
    )
    expect(best.locator("mark")).to_have_text("alerts")
    best.click()

    # Assert: the page opens at that answer.
    expect(phone_page).to_have_url(f"{live_server.url}/faq/#permission-for-text-alerts")
    answer = phone_page.locator("#permission-for-text-alerts")
    expect(answer).to_be_in_viewport()
    expect(answer.locator(".faq-answer")).to_contain_text("written permission")
    assert fits_phone(phone_page)
    check_page(phone_page, "faq-permalink-phone")


def test_editor_changes_answer_in_admin_and_public_page_shows_it(
    live_server, page, content_editor, password
):
    # Arrange (the admin links the portal's favicon: no request for a missing /favicon.ico)
    seed_faq_demo()
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/faq/entry/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/faq/entry/")

    # Act
    page.get_by_role("link", name="How do I withdraw a permission I gave in this portal?").click()
    page.get_by_label("Answer:", exact=True).fill(
        "Yes, at any time: open the school's link and choose **Withdraw my permission**."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator("#withdraw-permission-in-the-portal .faq-answer")).to_contain_text(
        "Withdraw my permission"
    )
    page.get_by_role("button", name="Publish these changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    expect(page.locator(".faq-answer-preview")).to_contain_text("Withdraw my permission")
    page.screenshot(path=_screenshot_path("faq-admin-entry-change"), full_page=True)
    visit(
        page,
        f"{live_server.url}/faq/parents/#withdraw-permission-in-the-portal",
        "faq-after-admin-edit",
    )

    # Assert
    answer = page.locator("#withdraw-permission-in-the-portal .faq-answer")
    expect(answer).to_have_text(
        "Yes, at any time: open the school's link and choose Withdraw my permission."
    )
    expect(answer.locator("strong")).to_have_text("Withdraw my permission")


def test_visitor_sends_question_fixing_a_mistake(live_server, page, mailoutbox):
    # Arrange
    visit(page, f"{live_server.url}/faq/ask/", "faq-ask-empty")

    # Act 1: asks for a reply but forgets the email address.
    page.get_by_label("Your question or comment").fill("May the band director text my daughter?")
    page.get_by_label("Parent or guardian").check()
    page.get_by_label("I would like a reply by email").check()
    page.get_by_role("button", name="Send").click()

    # Assert 1: the error is beside the field, and nothing typed was lost.
    email = page.get_by_label("Your email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_error")).to_have_text(
        "Enter your email address so that we can reply."
    )
    expect(page.get_by_label("Your question or comment")).to_have_value(
        "May the band director text my daughter?"
    )
    expect(page.get_by_label("Parent or guardian")).to_be_checked()
    check_page(page, "faq-ask-error")

    # Act 2
    email.fill("parent@example.com")
    page.get_by_role("button", name="Send").click()

    # Assert 2
    expect(page).to_have_url(f"{live_server.url}/faq/ask/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your message")
    assert [m.to for m in mailoutbox] == [["aupguidelines@cps.edu"], ["parent@example.com"]]


def test_every_public_faq_page_passes_axe_at_desktop_width(live_server, page):
    # Arrange: one district's content for all pages (a failure names the page).
    seed_faq_demo()

    for path, name in PUBLIC_PAGES:
        # Act
        response = visit(page, live_server.url + path, f"{name}-desktop")

        # Assert
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.locator(".faq-contacts li")).to_have_count(4)


def test_public_faq_pages_fit_a_phone_and_pass_axe(live_server, phone_page):
    # Arrange
    seed_faq_demo()

    for path, name in PHONE_PAGES:
        # Act
        response = visit(phone_page, live_server.url + path, f"{name}-phone")

        # Assert
        assert (response.status, fits_phone(phone_page)) == (200, True), path


def test_faq_prints_answers_without_page_furniture(live_server, page):
    # Arrange
    seed_faq_demo()
    page.goto(f"{live_server.url}/faq/")

    # Act
    page.emulate_media(media="print")

    # Assert: the search, jump menu and permalinks are for screens; the answers print.
    expect(page.locator(".faq-search")).to_be_hidden()
    expect(page.locator(".faq-jump")).to_be_hidden()
    expect(page.locator(".faq-permalink").first).to_be_hidden()
    expect(page.locator("#exceptions-for-staff-texting .faq-answer")).to_be_visible()
    page.screenshot(path=_screenshot_path("faq-index-print"), full_page=True)


def _screenshot_path(name):
    from tests.browser.harness import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_faq_jump_menu_reaches_each_audience(live_server, page):
    # Arrange
    seed_faq_demo()
    page.goto(f"{live_server.url}/faq/")

    # Act
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Vendors and partners"
    ).click()

    # Assert
    expect(page).to_have_url(re.compile(r"/faq/#audience-vendors$"))
    expect(page.get_by_role("heading", name="Vendors and partners", level=2)).to_be_in_viewport()
