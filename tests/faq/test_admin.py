"""The FAQ admin: only content editors and administrators reach it; entries are saved through
the services (dates, slugs, revisions); bulk actions; restoring an old revision."""

import datetime
import re

import pytest
import time_machine

from faq.models import Entry, EntryStatus, SpanishStatus
from tests.faq.factories import EntryFactory, InboxMessageFactory
from tests.faq.html import texts

pytestmark = pytest.mark.django_db

FAQ_ADMIN_PAGES = [
    "/admin/faq/entry/",
    "/admin/faq/entry/add/",
    "/admin/faq/entry/{entry}/change/",
    "/admin/faq/entry/{entry}/history/",
    "/admin/faq/inboxmessage/",
    "/admin/faq/inboxmessage/{message}/change/",
    "/admin/faq/contact/",
    "/admin/faq/audience/",
    "/admin/faq/topic/",
]
# Roles that may not edit the FAQ: ITS and the CIO use the admin for other things (403);
# the others have no admin at all (sent to sign in, then home).
STATUS_BY_ROLE = {
    "content_editor": 200,
    "administrator": 200,
    "its_reviewer": 403,
    "cio": 403,
    "principal_a": 302,
    "principal_b": 302,
    "teacher_a": 302,
    "ceo_office": 302,
}


def at(day: str):
    """Travel to noon (Chicago) on an ISO date."""
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T17:00:00+00:00"))


def entry_form(audiences, **fields) -> dict:
    data = {
        "question": "Can I change my mind after I sign?",
        "slug": "",
        "answer": "Yes, at any time.",
        "audiences": [audience.pk for audience in audiences],
        "topic": "",
        "position": "10",
        "status": EntryStatus.PUBLISHED,
        "keywords": "",
        "question_es": "",
        "answer_es": "",
        "spanish_status": SpanishStatus.NONE,
    }
    data.update(fields)
    return data


def publish(client, entry):
    """Press "Publish these changes" on the entry's preview page."""
    return client.post(f"/admin/faq/entry/{entry.pk}/preview/", {"_publish": "1"})


def last_updated(client) -> list[str]:
    return texts(client.get("/faq/"), "faq-updated")


@pytest.mark.parametrize("url", FAQ_ADMIN_PAGES)
@pytest.mark.parametrize(("user_fixture", "status"), STATUS_BY_ROLE.items())
def test_faq_admin_page_status_by_role(client, request, parents, url, user_fixture, status):
    # Arrange
    url = url.format(entry=EntryFactory().pk, message=InboxMessageFactory().pk)
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    response = client.get(url)

    # Assert
    assert response.status_code == status


def test_faq_admin_anonymous_sent_to_sign_in(client, db):
    # Act
    response = client.get("/admin/faq/inboxmessage/", follow=True)

    # Assert
    assert response.redirect_chain[-1] == (
        "/accounts/login/?next=/admin/faq/inboxmessage/",
        302,
    )


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        (
            "content_editor",
            [
                "Audiences",
                "Contacts",
                "FAQ entries",
                "Questions and comments",
                "Search synonyms",
                "Topics",
            ],
        ),
        ("its_reviewer", []),
    ],
)
def test_admin_index_lists_faq_models_of_role(client, request, user_fixture, expected):
    # Arrange
    client.force_login(request.getfixturevalue(user_fixture))

    # Act
    content = client.get("/admin/").content.decode()

    # Assert
    assert re.findall(r'<a href="/admin/faq/\w+/">([^<]+)</a>', content) == expected


def test_its_reviewer_cannot_change_an_entry(client, its_reviewer, parents):
    # Arrange
    entry = EntryFactory(answer="Original.")
    client.force_login(its_reviewer)

    # Act
    response = client.post(
        f"/admin/faq/entry/{entry.pk}/change/", entry_form([parents], answer="Changed.")
    )

    # Assert
    entry.refresh_from_db()
    assert (response.status_code, entry.answer) == (403, "Original.")


def test_editor_adds_entry_slug_made_and_editor_recorded(client, content_editor, audiences):
    # Arrange
    client.force_login(content_editor)

    # Act
    response = client.post(
        "/admin/faq/entry/add/", entry_form([audiences["parents"], audiences["students"]])
    )

    # Assert
    assert (response.status_code, response["Location"]) == (302, "/admin/faq/entry/")
    entry = Entry.objects.get()
    assert (entry.slug, entry.last_editor, entry.answer_html) == (
        "can-i-change-my-mind-after-i-sign",
        content_editor,
        "<p>Yes, at any time.</p>",
    )
    assert sorted(a.slug for a in entry.audiences.all()) == ["parents", "students"]
    assert entry.history.get().history_user == content_editor


def test_editor_must_choose_an_audience(client, content_editor, db):
    # Arrange
    client.force_login(content_editor)

    # Act
    response = client.post("/admin/faq/entry/add/", entry_form([]))

    # Assert
    assert response.status_code == 200
    assert "Choose who the answer is for." in response.content.decode()
    assert Entry.objects.count() == 0


def test_editor_cannot_publish_without_answer(client, content_editor, parents):
    # Arrange
    client.force_login(content_editor)

    # Act
    response = client.post("/admin/faq/entry/add/", entry_form([parents], answer=" "))

    # Assert
    assert response.status_code == 200
    assert "A published entry needs an answer." in response.content.decode()
    assert Entry.objects.count() == 0


def test_last_updated_moves_on_publish_not_on_draft_save(client, content_editor, parents):
    # Arrange: one entry published on September 1.
    with at("2026-09-01"):
        client.force_login(content_editor)
        client.post("/admin/faq/entry/add/", entry_form([parents]))
    assert last_updated(client) == ["Last updated September 1, 2026"]

    # Act 1: on October 1 an editor adds a draft and then edits it.
    with at("2026-10-01"):
        client.force_login(content_editor)
        client.post(
            "/admin/faq/entry/add/",
            entry_form([parents], question="Draft?", status=EntryStatus.DRAFT),
        )
        draft = Entry.objects.get(question="Draft?")
        client.post(
            f"/admin/faq/entry/{draft.pk}/change/",
            entry_form(
                [parents], question="Draft?", answer="Still a draft.", status=EntryStatus.DRAFT
            ),
        )

    # Assert 1
    assert last_updated(client) == ["Last updated September 1, 2026"]

    # Act 2: on November 2 the editor publishes it.
    with at("2026-11-02"):
        client.force_login(content_editor)
        client.post(
            f"/admin/faq/entry/{draft.pk}/change/",
            entry_form([parents], question="Draft?", answer="Now public.", slug=draft.slug),
        )

    # Assert 2
    assert last_updated(client) == ["Last updated November 2, 2026"]


def test_last_updated_unmoved_by_reordering(client, content_editor, parents):
    # Arrange
    with at("2026-09-01"):
        entry = EntryFactory()
    client.force_login(content_editor)

    # Act
    with at("2026-10-01"):
        client.force_login(content_editor)
        client.post(
            "/admin/faq/entry/",
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(entry.pk),
                "form-0-position": "99",
                "_save": "Save",
            },
        )

    # Assert
    entry.refresh_from_db()
    assert (entry.position, last_updated(client)) == (99, ["Last updated September 1, 2026"])


def test_slug_fixed_once_public(client, content_editor, parents):
    # Arrange
    entry = EntryFactory(slug="original-slug")
    client.force_login(content_editor)

    # Act
    response = client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        entry_form([parents], slug="new-slug", question="A better question?"),
    )
    publish(client, entry)

    # Assert
    entry.refresh_from_db()
    assert (response.status_code, entry.slug, entry.question) == (
        302,
        "original-slug",
        "A better question?",
    )


def test_bulk_publish_and_archive(client, content_editor, parents):
    # Arrange
    ready = EntryFactory(question="Ready?", status=EntryStatus.DRAFT)
    unanswered = EntryFactory(question="Unanswered?", answer="", status=EntryStatus.DRAFT)
    old = EntryFactory(question="Old?")
    client.force_login(content_editor)

    # Act
    publish = client.post(
        "/admin/faq/entry/",
        {"action": "publish_selected", "_selected_action": [ready.pk, unanswered.pk]},
        follow=True,
    )
    client.post("/admin/faq/entry/", {"action": "archive_selected", "_selected_action": [old.pk]})

    # Assert
    statuses = dict(Entry.objects.values_list("question", "status"))
    assert statuses == {
        "Ready?": EntryStatus.PUBLISHED,
        "Unanswered?": EntryStatus.DRAFT,
        "Old?": EntryStatus.ARCHIVED,
    }
    assert [str(m) for m in publish.context["messages"]] == [
        "Published 1 entry.",
        "Not published, because they need an answer and an audience first: Unanswered?",
    ]
    assert texts(client.get("/faq/archive/"), "faq-question") == ["Old?"]


def test_restore_an_old_revision(client, content_editor, parents):
    # Arrange: an answer published, then changed and the change published.
    client.force_login(content_editor)
    client.post("/admin/faq/entry/add/", entry_form([parents], answer="First answer."))
    entry = Entry.objects.get()
    client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        entry_form([parents], answer="Second answer, with a mistake."),
    )
    publish(client, entry)
    first = entry.history.order_by("history_date").first()
    history_page = client.get(f"/admin/faq/entry/{entry.pk}/history/")
    revision_url = f"/admin/faq/entry/{entry.pk}/history/{first.history_id}/"

    # Act: open the first revision, press Revert (its form carries the old values), then
    # publish the restored version from its preview.
    revision_page = client.get(revision_url)
    response = client.post(revision_url, entry_form([parents], answer=first.answer))
    live_before_publish = client.get("/faq/").content.decode()
    publish(client, entry)

    # Assert
    assert history_page.status_code == 200
    assert revision_url in history_page.content.decode()
    assert "First answer." in revision_page.content.decode()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/faq/entry/{entry.pk}/preview/",
    )
    assert "<p>Second answer, with a mistake.</p>" in live_before_publish
    entry.refresh_from_db()
    assert entry.answer == "First answer."
    assert list(entry.history.order_by("history_date").values_list("answer", flat=True)) == [
        "First answer.",
        "Second answer, with a mistake.",
        "First answer.",
    ]
    assert entry.history.latest().history_user == content_editor
    assert "<p>First answer.</p>" in client.get("/faq/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_entry_changelist_query_count_fixed(
    client, content_editor, audiences, count, django_assert_num_queries
):
    # Arrange
    for _ in range(count):
        EntryFactory(audiences=[audiences["parents"], audiences["staff"]])
    client.force_login(content_editor)

    # Act / Assert: session, user, roles; the filters' audiences and topics; the count and the
    # total; the page of entries with topics and editors; their audiences; the session saved
    # (a savepoint, the update, its release).
    with django_assert_num_queries(12):
        response = client.get("/admin/faq/entry/")
    assert response.status_code == 200
