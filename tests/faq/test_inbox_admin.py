"""Triage of the question inbox in the admin: status, assignee and notes; replies emailed and
recorded; an FAQ entry drafted from a question."""

import re

import pytest

from faq.models import Entry, EntryStatus, InboxReply, InboxStatus, SenderRole
from roster.models import Role
from tests.factories import staff_user
from tests.faq.factories import InboxMessageFactory
from tests.faq.html import texts

pytestmark = pytest.mark.django_db


def change_form(**fields) -> dict:
    data = {
        "status": InboxStatus.NEW,
        "assignee": "",
        "internal_notes": "",
        "reply": "",
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
        "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_inbox_triage_records_status_assignee_notes(client, content_editor):
    # Arrange
    message = InboxMessageFactory()
    client.force_login(content_editor)

    # Act
    response = client.post(
        f"/admin/faq/inboxmessage/{message.pk}/change/",
        change_form(
            status=InboxStatus.CLOSED,
            assignee=str(content_editor.pk),
            internal_notes="Answered by phone.",
        ),
    )

    # Assert
    message.refresh_from_db()
    assert (response.status_code, message.status, message.assignee, message.internal_notes) == (
        302,
        InboxStatus.CLOSED,
        content_editor,
        "Answered by phone.",
    )


def test_inbox_assignee_choices_are_faq_editors_only(client, content_editor, administrator):
    # Arrange
    staff_user(Role.ITS_REVIEWER, username="its")
    message = InboxMessageFactory()
    client.force_login(content_editor)

    # Act
    content = client.get(f"/admin/faq/inboxmessage/{message.pk}/change/").content.decode()

    # Assert
    select = re.search(r'<select name="assignee".*?</select>', content, re.DOTALL).group(0)
    assert sorted(re.findall(r'<option value="(\d+)"', select)) == sorted(
        [str(content_editor.pk), str(administrator.pk)]
    )


def test_inbox_reply_previewed_then_emailed_and_recorded(client, content_editor, mailoutbox):
    # Arrange
    message = InboxMessageFactory(email="angela@example.com", name="Angela Johnson")
    client.force_login(content_editor)
    preview_url = f"/admin/faq/inboxmessage/{message.pk}/reply/"

    # Act 1: the editor writes the reply and saves.
    saved = client.post(
        f"/admin/faq/inboxmessage/{message.pk}/change/",
        change_form(reply="Yes, under the safety meet-up program, with your permission."),
    )
    preview = client.get(preview_url)

    # Assert 1: a preview of the email as it will be sent; nothing sent yet.
    assert (saved.status_code, saved["Location"]) == (302, preview_url)
    assert (InboxReply.objects.count(), mailoutbox) == (0, [])
    assert texts(preview, "faq-reply-to") == ["angela@example.com"]
    assert texts(preview, "faq-reply-subject") == [
        "Reply to your question: Chicago Public Schools AUP Portal"
    ]
    assert texts(preview, "faq-reply-text")[0].startswith(
        "Dear Angela Johnson, Yes, under the safety meet-up program"
    )

    # Act 2
    response = client.post(preview_url, {"_send": "1"}, follow=True)

    # Assert 2
    reply = InboxReply.objects.get()
    message.refresh_from_db()
    assert (reply.sent_to, reply.sent_by, message.status) == (
        "angela@example.com",
        content_editor,
        InboxStatus.ANSWERED,
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["angela@example.com"], "Reply to your question: Chicago Public Schools AUP Portal")
    ]
    assert "Yes, under the safety meet-up program" in mailoutbox[0].body
    assert message.message in mailoutbox[0].body
    assert "Your reply was sent to angela@example.com." in [
        str(m) for m in response.context["messages"]
    ]


def test_inbox_reply_edit_from_preview_keeps_the_text(client, content_editor, mailoutbox):
    # Arrange
    message = InboxMessageFactory()
    client.force_login(content_editor)
    client.post(f"/admin/faq/inboxmessage/{message.pk}/change/", change_form(reply="Draft reply."))

    # Act: "Edit the reply".
    content = client.get(f"/admin/faq/inboxmessage/{message.pk}/change/").content.decode()

    # Assert
    assert "Draft reply.</textarea>" in content
    assert mailoutbox == []


def test_inbox_reply_sent_twice_by_double_click_sent_once(client, content_editor, mailoutbox):
    # Arrange
    message = InboxMessageFactory()
    client.force_login(content_editor)
    client.post(
        f"/admin/faq/inboxmessage/{message.pk}/change/",
        change_form(reply="Thank you, we will add this to the FAQ."),
    )

    # Act
    client.post(f"/admin/faq/inboxmessage/{message.pk}/reply/", {"_send": "1"})
    client.post(f"/admin/faq/inboxmessage/{message.pk}/reply/", {"_send": "1"})

    # Assert
    assert (InboxReply.objects.count(), len(mailoutbox)) == (1, 1)


def test_inbox_reply_preview_refused_to_roles_that_cannot_edit(client, its_reviewer):
    # Arrange
    message = InboxMessageFactory()
    client.force_login(its_reviewer)

    # Act
    response = client.post(f"/admin/faq/inboxmessage/{message.pk}/reply/", {"_send": "1"})

    # Assert
    assert response.status_code == 403


def test_inbox_reply_without_sender_email_refused(client, content_editor, mailoutbox):
    # Arrange
    message = InboxMessageFactory(email="", wants_reply=False)
    client.force_login(content_editor)

    # Act
    response = client.post(
        f"/admin/faq/inboxmessage/{message.pk}/change/", change_form(reply="Hello?")
    )

    # Assert
    assert response.status_code == 200
    assert "This sender gave no email address, so a reply cannot be sent." in (
        response.content.decode()
    )
    assert (InboxReply.objects.count(), mailoutbox) == (0, [])


def test_inbox_draft_entry_action_opens_the_draft(client, content_editor):
    # Arrange
    message = InboxMessageFactory(
        message="Can my son's coach text him about practice times?", role=SenderRole.PARENT
    )
    client.force_login(content_editor)

    # Act
    response = client.post(
        "/admin/faq/inboxmessage/",
        {"action": "draft_entries", "_selected_action": [message.pk]},
    )

    # Assert
    entry = Entry.objects.get()
    message.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/faq/entry/{entry.pk}/change/",
    )
    assert (entry.question, entry.status, entry.answer, entry.last_editor) == (
        "Can my son's coach text him about practice times?",
        EntryStatus.DRAFT,
        "",
        content_editor,
    )
    assert [a.slug for a in entry.audiences.all()] == ["parents"]
    assert (message.status, message.faq_entry) == (InboxStatus.TURNED_INTO_ENTRY, entry)
    assert "Drafted 1 FAQ entry; write its answer and publish it when ready." in (
        client.get(response["Location"]).content.decode()
    )
    assert "Can my son" not in client.get("/faq/").content.decode()


def test_inbox_draft_entry_action_twice_keeps_one_draft(client, content_editor):
    # Arrange
    message = InboxMessageFactory()
    client.force_login(content_editor)
    action = {"action": "draft_entries", "_selected_action": [message.pk]}

    # Act
    client.post("/admin/faq/inboxmessage/", action)
    client.post("/admin/faq/inboxmessage/", action)

    # Assert
    assert Entry.objects.count() == 1


def test_inbox_has_no_add_page(client, content_editor):
    # Arrange
    client.force_login(content_editor)

    # Act
    response = client.get("/admin/faq/inboxmessage/add/")

    # Assert
    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_changelist_query_count_fixed(
    client, content_editor, count, django_assert_num_queries
):
    # Arrange
    for _ in range(count):
        InboxMessageFactory(assignee=content_editor)
    client.force_login(content_editor)

    # Act / Assert: session, user, roles; the assignee filter's choices; the count and the
    # total; the page of messages with assignees; the date drill-down's range and days; the
    # session saved (a savepoint, the update, its release).
    with django_assert_num_queries(12):
        response = client.get("/admin/faq/inboxmessage/")
    assert response.status_code == 200
