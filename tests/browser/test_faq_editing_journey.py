"""The FAQ's safe editing in a real browser: an editor changes a published answer, previews it,
publishes it, then restores the earlier revision from the history, with axe-core checking the
admin and public pages on the way; and the collapsible FAQ on a phone, in both languages."""

import pytest
from playwright.sync_api import expect

from faq.models import SpanishStatus
from tests.browser.harness import check_page, close_page, open_page, visit
from tests.faq.factories import AudienceFactory, EntryFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def faq_entries(transactional_db):
    parents = AudienceFactory(slug="parents", name="Parents and guardians", position=10)
    staff = AudienceFactory(slug="staff", name="Staff", position=30)
    consent = TopicFactory(slug="consent-forms", name="Consent forms", position=10)
    texting = TopicFactory(slug="texting", name="Texting students", position=20)
    EntryFactory(
        slug="change-my-mind",
        question="Can I change my mind after I sign?",
        answer="Yes. Tell the school office.",
        question_es="¿Puedo cambiar de opinión después de firmar?",
        answer_es="Sí. Avise a la oficina de la escuela.",
        spanish_status=SpanishStatus.REVIEWED,
        topic=consent,
        audiences=[parents],
        position=1,
    )
    EntryFactory(
        slug="teacher-texts",
        question="Can a teacher text my child?",
        answer="Only under an approved program, with your **written permission**.",
        keywords="SMS, cell phone",
        topic=texting,
        audiences=[parents],
        position=2,
    )
    EntryFactory(
        slug="personal-phone",
        question="May I use my personal phone to text students?",
        answer="No. Use the district-approved bulk system.",
        topic=texting,
        audiences=[staff],
        position=3,
    )


def sign_in(page, live_server, password, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}{next_path}")


def test_editor_edits_previews_publishes_and_restores(
    live_server, browser, page, content_editor, password, faq_entries
):
    # Arrange
    sign_in(page, live_server, password, "/admin/faq/entry/")
    check_page(page, "faq-admin-entry-list")

    # Act 1: change the published answer.
    page.get_by_role("link", name="Can I change my mind after I sign?").click()
    check_page(page, "faq-admin-entry-change")
    page.get_by_label("Answer:", exact=True).fill(
        "Yes, at any time: open the school's link and choose **Withdraw my permission**."
    )
    page.get_by_role("button", name="Save and continue editing").click()

    # Assert 1: the preview, as the public page will show it; the live page unchanged.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Preview of your changes: not live yet"
    )
    preview = page.locator("#change-my-mind")
    expect(preview.locator(".faq-answer strong")).to_have_text("Withdraw my permission")
    check_page(page, "faq-admin-entry-preview")
    public = open_page(browser, viewport={"width": 1280, "height": 900})  # a visitor's tab
    public.goto(f"{live_server.url}/faq/#change-my-mind")
    expect(public.locator("#change-my-mind .faq-answer")).to_have_text(
        "Yes. Tell the school office."
    )

    # Act 2: publish.
    page.get_by_role("button", name="Publish these changes").click()

    # Assert 2: the permalink opens the new answer.
    expect(page.locator(".messagelist")).to_contain_text("Published")
    check_page(page, "faq-admin-entry-after-publish")
    public.goto(f"{live_server.url}/faq/parents/#change-my-mind")
    expect(public.locator("#change-my-mind")).to_have_attribute("open", "")
    expect(public.locator("#change-my-mind .faq-answer")).to_have_text(
        "Yes, at any time: open the school's link and choose Withdraw my permission."
    )

    # Act 3: restore the first revision from the history, then publish it.
    page.get_by_role("link", name="History").click()
    check_page(page, "faq-admin-entry-history")
    page.locator("#change-history tbody tr").last.get_by_role("link").click()
    page.get_by_role("button", name="Revert").click()
    check_page(page, "faq-admin-entry-restore-preview")
    page.get_by_role("button", name="Publish these changes").click()

    # Assert 3
    public.goto(f"{live_server.url}/faq/#change-my-mind")
    expect(public.locator("#change-my-mind .faq-answer")).to_have_text(
        "Yes. Tell the school office."
    )
    check_page(public, "faq-index-after-restore")
    close_page(public)


def test_faq_on_a_phone_is_a_collapsible_list_by_audience_and_topic(
    live_server, phone_page, faq_entries
):
    # Act
    visit(phone_page, f"{live_server.url}/faq/", "faq-index-phone-collapsible")

    # Assert: every answer closed, under its audience and topic; an index of both.
    expect(phone_page.locator("details.faq-entry")).to_have_count(3)
    expect(phone_page.locator("details.faq-entry[open]")).to_have_count(0)
    expect(phone_page.locator(".faq-topic-heading")).to_have_text(
        ["Consent forms", "Texting students", "Texting students"]
    )
    index = phone_page.get_by_role("navigation", name="On this page")
    index.get_by_role("link", name="Staff").click()
    expect(phone_page.get_by_role("heading", name="Staff", level=2)).to_be_in_viewport()
    assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 390

    # Act 2: open one question by touch.
    phone_page.locator("#teacher-texts summary").tap()

    # Assert 2
    expect(phone_page.locator("#teacher-texts .faq-answer")).to_be_visible()
    check_page(phone_page, "faq-index-phone-opened")


def test_faq_in_spanish_on_a_phone(live_server, phone_page, faq_entries):
    # Act
    visit(phone_page, f"{live_server.url}/faq/?lang=es#change-my-mind", "faq-index-phone-es")

    # Assert
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Preguntas frecuentes")
    expect(phone_page.locator("#change-my-mind .faq-answer")).to_have_text(
        "Sí. Avise a la oficina de la escuela."
    )
    expect(phone_page.locator("#teacher-texts .faq-not-translated")).to_have_count(1)
    visit(phone_page, f"{live_server.url}/faq/?q=textng", "faq-search-typo-phone-es")
    expect(phone_page.locator(".faq-result h2")).to_have_text(
        ["Can a teacher text my child?", "May I use my personal phone to text students?"]
    )
