"""Safe editing: a change to a published entry waits as a pending revision; the editor sees a
preview as the public page will show it, then publishes (or discards) it. Drafts are saved as
they are. Every step goes through faq.services."""

import pytest

from faq import services
from faq.models import Entry, EntryRevision, EntryStatus, SpanishStatus
from tests.faq.factories import EntryFactory, TopicFactory
from tests.faq.html import texts
from tests.faq.test_admin import entry_form, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_entry(parents):
    return EntryFactory(
        slug="change-my-mind",
        question="Can I change my mind?",
        answer="Yes, tell the school.",
    )


def edit(client, entry, audiences, **fields):
    return client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        entry_form(audiences, question=entry.question, **fields),
    )


def test_editing_published_entry_leaves_live_page_until_publish(
    client, content_editor, parents, live_entry
):
    # Arrange
    client.force_login(content_editor)

    # Act 1: the editor saves a change.
    response = edit(client, live_entry, [parents], answer="Yes: choose **Withdraw**.")

    # Assert 1: sent to the preview; the public page and the history are unchanged.
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/faq/entry/{live_entry.pk}/preview/",
    )
    assert "<p>Yes, tell the school.</p>" in client.get("/faq/").content.decode()
    assert live_entry.history.count() == 1

    # Act 2: the preview, then Publish.
    preview = client.get(f"/admin/faq/entry/{live_entry.pk}/preview/")
    published = publish(client, live_entry)

    # Assert 2
    preview_html = preview.content.decode()
    assert texts(preview, "faq-answer") == ["Yes: choose Withdraw.", "Yes, tell the school."]
    assert "<p>Yes: choose <strong>Withdraw</strong>.</p>" in preview_html
    assert '<details class="faq-entry" id="change-my-mind" open>' in preview_html
    assert published["Location"] == f"/admin/faq/entry/{live_entry.pk}/change/"
    assert "<p>Yes: choose <strong>Withdraw</strong>.</p>" in client.get("/faq/").content.decode()
    assert live_entry.history.count() == 2
    assert EntryRevision.objects.count() == 0


def test_change_form_opens_on_the_pending_revision(client, content_editor, parents, live_entry):
    # Arrange
    client.force_login(content_editor)
    edit(client, live_entry, [parents], answer="Pending words.")

    # Act
    content = client.get(f"/admin/faq/entry/{live_entry.pk}/change/").content.decode()

    # Assert
    assert "Pending words.</textarea>" in content
    assert f'href="/admin/faq/entry/{live_entry.pk}/preview/"' in content


def test_discarding_a_pending_revision_keeps_the_live_entry(
    client, content_editor, parents, live_entry
):
    # Arrange
    client.force_login(content_editor)
    edit(client, live_entry, [parents], answer="Not this.")

    # Act
    client.post(f"/admin/faq/entry/{live_entry.pk}/preview/", {"_discard": "1"})

    # Assert
    live_entry.refresh_from_db()
    assert (live_entry.answer, EntryRevision.objects.count()) == ("Yes, tell the school.", 0)


def test_publishing_twice_publishes_once(client, content_editor, parents, live_entry):
    # Arrange: a double click on Publish.
    client.force_login(content_editor)
    edit(client, live_entry, [parents], answer="Once.")

    # Act
    publish(client, live_entry)
    second = client.post(
        f"/admin/faq/entry/{live_entry.pk}/preview/", {"_publish": "1"}, follow=True
    )

    # Assert
    assert live_entry.history.count() == 2
    assert "There are no pending changes to publish." in second.content.decode()


def test_draft_is_saved_directly(client, content_editor, parents):
    # Arrange
    draft = EntryFactory(question="Draft?", status=EntryStatus.DRAFT)
    client.force_login(content_editor)

    # Act
    response = edit(client, draft, [parents], answer="Saved now.", status=EntryStatus.DRAFT)

    # Assert
    draft.refresh_from_db()
    assert (response["Location"], draft.answer) == ("/admin/faq/entry/", "Saved now.")
    assert EntryRevision.objects.count() == 0


def test_pending_revision_carries_audiences_topic_and_spanish(
    client, content_editor, audiences, live_entry
):
    # Arrange
    client.force_login(content_editor)
    topic = TopicFactory(slug="rules", name="Rules")

    # Act
    edit(
        client,
        live_entry,
        [audiences["students"]],
        topic=str(topic.pk),
        question_es="¿Puedo cambiar de opinión?",
        answer_es="Sí.",
        spanish_status=SpanishStatus.REVIEWED,
    )
    unchanged = list(live_entry.audiences.values_list("slug", flat=True))
    preview = client.get(f"/admin/faq/entry/{live_entry.pk}/preview/")
    publish(client, live_entry)

    # Assert
    live_entry.refresh_from_db()
    assert unchanged == ["parents"]
    assert "¿Puedo cambiar de opinión?" in preview.content.decode()
    assert list(live_entry.audiences.values_list("slug", flat=True)) == ["students"]
    assert (live_entry.topic, live_entry.spanish_status) == (topic, SpanishStatus.REVIEWED)


def test_preview_refused_to_roles_that_cannot_edit(client, its_reviewer, live_entry):
    # Arrange
    client.force_login(its_reviewer)

    # Act
    get = client.get(f"/admin/faq/entry/{live_entry.pk}/preview/")
    post = client.post(f"/admin/faq/entry/{live_entry.pk}/preview/", {"_publish": "1"})

    # Assert
    assert (get.status_code, post.status_code) == (403, 403)


def test_preview_of_unknown_entry_is_404(client, content_editor, db):
    # Arrange
    client.force_login(content_editor)

    # Act / Assert
    assert client.get("/admin/faq/entry/999999/preview/").status_code == 404
    assert client.get("/admin/faq/entry/nonsense/preview/").status_code == 404


def test_reordering_a_published_entry_is_not_a_revision(content_editor, live_entry):
    # Arrange
    live_entry.position = 99

    # Act
    _, pending = services.entry_change(entry=live_entry, audiences=None, editor=content_editor)

    # Assert
    assert (pending, Entry.objects.get().position) == (False, 99)


def test_archiving_drops_a_pending_revision(content_editor, parents, live_entry):
    # Arrange
    live_entry.answer = "Pending."
    services.entry_change(entry=live_entry, audiences=[parents], editor=content_editor)

    # Act
    services.entries_archive(entry_ids=[live_entry.pk], editor=content_editor)

    # Assert
    assert (Entry.objects.get().status, EntryRevision.objects.count()) == (
        EntryStatus.ARCHIVED,
        0,
    )
