"""Contacts as one source: answers name a contact as {{contact:<key>}} and the page fills in
the Contact row's current value, with a contact box; nothing an editor types escapes the
sanitiser."""

import pytest
from django.db import IntegrityError, transaction

from faq.models import Contact, ContactKind
from tests.faq.factories import EntryFactory
from tests.faq.html import texts
from tests.faq.test_ask import VALID


def answer_html(response) -> str:
    """The inner HTML of the first answer on the page."""
    page = response.content.decode()
    start = page.index(">", page.index('<div class="faq-answer"')) + 1
    return page[start : page.index("</div>", start)]


def test_answer_placeholder_shows_the_contacts_current_number(client, parents):
    # Arrange
    EntryFactory(answer="Call the Office of Inspector General (OIG): {{contact:oig}}.")
    Contact.objects.filter(key="oig").update(value="773-555-0199")

    # Act
    response = client.get("/faq/")

    # Assert
    assert answer_html(response) == (
        '<p>Call the Office of Inspector General (OIG): <a href="tel:7735550199" '
        'rel="noopener noreferrer">773-555-0199</a>.</p>'
    )


def test_answer_contact_box_lists_the_contacts_it_names(client, parents):
    # Arrange
    EntryFactory(answer="Call {{contact:hotline}} or {{ contact:oig }}.")

    # Act
    response = client.get("/faq/")

    # Assert: in page order, each with its purpose.
    assert texts(response, "contact-box") == [
        "Contacts in this answer: Student Protections Hotline: 773-535-4400 When a student is "
        "threatened, harassed or "
        "bullied online by another student. Office of Inspector General: 773-483-7283 When a "
        "student receives an inappropriate electronic message from a staff member or other "
        "adult."
    ]


def test_answer_without_placeholders_has_no_contact_box(client, parents):
    # Arrange
    EntryFactory(answer="Ask your school.")

    # Act
    response = client.get("/faq/")

    # Assert
    assert texts(response, "contact-box") == []


def test_answer_placeholder_of_unknown_or_retired_contact_stays_visible(client, parents):
    # Arrange: an editor's typo, and a contact taken off the pages.
    EntryFactory(answer="Call {{contact:oig-typo}} or {{contact:hotline}}.")
    Contact.objects.filter(key="hotline").update(active=False)

    # Act
    response = client.get("/faq/")

    # Assert
    assert answer_html(response) == "<p>Call {{contact:oig-typo}} or {{contact:hotline}}.</p>"
    assert texts(response, "contact-box") == []


def test_answer_placeholder_as_link_address_links_to_the_contact(client, parents):
    # Arrange
    EntryFactory(answer="[Write to us]({{contact:aup_mailbox}}).")

    # Act
    response = client.get("/faq/")

    # Assert
    assert answer_html(response) == (
        '<p><a href="mailto:aupguidelines@cps.edu" rel="noopener noreferrer">Write to us</a>.</p>'
    )


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (
            ContactKind.EMAIL,
            'x@example.org"><script>alert(1)</script>',
            '<p>Write: <a href="mailto:x@example.org&quot;&gt;&lt;script&gt;alert(1)&lt;/script'
            '&gt;" rel="noopener noreferrer">'
            'x@example.org"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a></p>',
        ),
        (
            ContactKind.WEB,
            'https://example.org/" onclick="alert(1)',
            '<p>Write: <a href="https://example.org/&quot; onclick=&quot;alert(1)" '
            'rel="noopener noreferrer">'
            'https://example.org/" onclick="alert(1)</a></p>',
        ),
    ],
    ids=["email", "web"],
)
def test_answer_contact_value_cannot_inject_markup(client, parents, kind, value, expected):
    # Arrange: a contact value typed (or stolen) with markup in it.
    Contact.objects.create(key="odd", label="Odd", kind=kind, value=value)
    EntryFactory(answer="Write: {{contact:odd}}")

    # Act
    response = client.get("/faq/")

    # Assert: one link, with the value as text; no script, no event handler.
    assert answer_html(response) == expected


def test_answer_search_text_leaves_placeholders_out(parents):
    # Act
    entry = EntryFactory(answer="Call the OIG: {{contact:oig}}.")

    # Assert: search quotes this text; it never shows braces.
    assert entry.answer_text == "Call the OIG: ."


def test_archive_fills_placeholders_too(client, parents):
    # Arrange
    EntryFactory(answer="Call {{contact:hotline}}.", status="archived")

    # Act
    response = client.get("/faq/archive/")

    # Assert
    assert answer_html(response) == (
        '<p>Call <a href="tel:7735354400" rel="noopener noreferrer">773-535-4400</a>.</p>'
    )


@pytest.mark.parametrize("item_count", [1, 3])
def test_faq_index_reads_contacts_once_whatever_the_answers(
    client, parents, item_count, django_assert_num_queries
):
    # Arrange: every answer names contacts.
    for _ in range(item_count):
        EntryFactory(answer="Call {{contact:oig}} or {{contact:hotline}}.")

    # Act / Assert: the same count as a page whose answers name none (test_public_pages).
    with django_assert_num_queries(4):
        client.get("/faq/")


def test_contact_key_is_unique_when_given(db):
    # Arrange
    Contact.objects.create(label="One", kind=ContactKind.PHONE, value="1")

    # Act: many contacts may have no key; two may not share one.
    Contact.objects.create(label="Two", kind=ContactKind.PHONE, value="2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(key="oig", label="Another OIG", kind=ContactKind.PHONE, value="3")

    # Assert
    assert Contact.objects.filter(key="").count() == 2


def test_admin_preview_fills_placeholders(client, content_editor, parents):
    # Arrange
    entry = EntryFactory(answer="Call {{contact:oig}}.")
    client.force_login(content_editor)

    # Act
    page = client.get(f"/admin/faq/entry/{entry.pk}/change/").content.decode()

    # Assert: the editor sees the answer as the public page shows it.
    assert '<a href="tel:7734837283" rel="noopener noreferrer">773-483-7283</a>' in page


def test_ask_page_urgent_advice_follows_the_district_faq_and_the_contacts(client, db):
    # Arrange
    Contact.objects.filter(key="oig").update(value="773-555-0199")

    # Act
    response = client.get("/faq/ask/")

    # Assert: an adult's message goes to the OIG, another student's to the hotline.
    assert texts(response, "faq-urgent") == [
        "Is a student being harassed online? Do not wait for a reply here. By a staff member "
        "or another adult: call the Office of Inspector General (OIG) 773-555-0199. By another "
        "student: call the Student Protections Hotline 773-535-4400."
    ]


def test_ask_receipt_gives_the_contacts_current_numbers(client, db, mailoutbox):
    # Arrange
    Contact.objects.filter(key="hotline").update(value="773-555-0101")

    # Act
    client.post("/faq/ask/", VALID)

    # Assert: the receipt to the sender, in text and HTML.
    receipt = mailoutbox[1]
    expected = (
        "By a staff member or another adult: call the Office of Inspector General (OIG) at "
        "773-483-7283. By another student: call the Student Protections Hotline at "
        "773-555-0101."
    )
    html = " ".join(receipt.alternatives[0][0].split())
    assert (expected in " ".join(receipt.body.split()), expected in html) == (True, True)


def test_forbidden_page_gives_the_service_desk_contacts_number(client, teacher_a):
    # Arrange
    Contact.objects.filter(key="service_desk").update(value="773-555-0150")
    client.force_login(teacher_a)

    # Act: a teacher may not open the consent dashboard.
    response = client.get("/consent/")

    # Assert
    assert (response.status_code, 'href="tel:773-555-0150"' in response.content.decode()) == (
        403,
        True,
    )


def test_footer_contacts_are_read_once_then_from_the_cache(db, client, django_assert_num_queries):
    # Arrange: the first page reads the rows.
    client.get("/guidance/")

    # Act: the next page doesn't.
    with django_assert_num_queries(0):
        response = client.get("/guidance/")

    # Assert
    assert "Office of Inspector General" in response.content.decode()


def test_footer_shows_a_contact_saved_after_the_cache_was_filled(db, client):
    # Arrange
    client.get("/guidance/")
    oig = Contact.objects.get(key="oig")

    # Act
    oig.value = "773-555-0199"
    oig.save()
    response = client.get("/guidance/")

    # Assert
    assert "773-555-0199" in response.content.decode()


def test_footer_drops_a_contact_deleted_after_the_cache_was_filled(db, client):
    # Arrange
    client.get("/guidance/")

    # Act
    Contact.objects.get(key="oig").delete()
    response = client.get("/guidance/")

    # Assert
    assert "Office of Inspector General" not in response.content.decode()


def test_contacts_are_forgotten_again_when_the_change_commits(
    db, client, django_capture_on_commit_callbacks
):
    # Arrange: a page fills the cache between the save and its commit (here it reads the
    # rows as they stand then; a signal-less update stands for what the commit changes).
    oig = Contact.objects.get(key="oig")
    with django_capture_on_commit_callbacks(execute=True):
        oig.value = "773-555-0199"
        oig.save()
        client.get("/guidance/")
        Contact.objects.filter(pk=oig.pk).update(value="773-555-0188")

    # Act
    response = client.get("/guidance/")

    # Assert
    assert "773-555-0188" in response.content.decode()
