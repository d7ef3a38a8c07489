"""When the private storage cannot be written (here a path under a regular file, which the
operating system refuses even to root), signing still succeeds, downloads show the friendly
"being filed" page, and the filing task retries until ITS is told; "retry now" in the admin
then files it with a worker whose storage works."""

import pytest
from django.core.files.storage import FileSystemStorage
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consent.models import ConsentRecord
from roster.models import CumulativeDocument
from tests.consent.test_durable_work import database_queue, workers  # noqa: F401
from tests.consent.test_records import sign
from tests.consent.worker import mail_sent, wait_for


@pytest.fixture
def blocked_root(tmp_path):
    (tmp_path / "blocked").write_text("a file where the storage expects a folder")
    return tmp_path / "blocked" / "private"


@pytest.fixture
def unwritable_storage(monkeypatch, blocked_root):
    """The cumulative record's storage pointed at the blocked path (as PRIVATE_STORAGE_ROOT
    would point it, had the process started with it)."""
    field = CumulativeDocument._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=blocked_root))


def test_signing_succeeds_and_downloads_say_being_filed_when_storage_fails(
    client, unwritable_storage, mother_link, principal_a
):
    link, _token = mother_link

    record = sign(link)  # its filing task runs at once here, and fails
    client.force_login(principal_a)
    response = client.get(f"/consent/records/{record.pk}/pdf/")

    assert ConsentRecord.objects.get(pk=record.pk).document is None
    assert response.status_code == 202
    assert "This document is being filed" in response.content.decode()


def test_a_guardians_copy_says_being_filed_when_storage_fails(
    client, unwritable_storage, mother_link
):
    link, token = mother_link
    sign(link)
    from tests.consent.conftest import verify

    verify(client, token)

    response = client.get(f"/consent/sign/{token}/copy.pdf")

    assert response.status_code == 202
    assert "being filed" in response.content.decode()


def test_a_document_missing_from_storage_says_being_filed(client, mother_link, principal_a):
    link, _token = mother_link
    document = ConsentRecord.objects.get(pk=sign(link).pk).document
    document.file.storage.delete(document.file.name)
    client.force_login(principal_a)

    response = client.get(f"/consent/documents/{document.pk}/")

    assert response.status_code == 202


@pytest.mark.django_db(transaction=True)
def test_filing_retries_then_its_is_told_and_retry_now_files_it(
    database_queue,  # noqa: F811
    workers,  # noqa: F811
    blocked_root,
    tmp_path,
    client,
    administrator,
    mother_link,
):
    link, _token = mother_link
    record = sign(link)  # signing succeeds; the filing job waits in the queue

    failing = workers(TEST_PRIVATE_STORAGE_ROOT=str(blocked_root), TASKS_MAX_ATTEMPTS="3")
    wait_for(lambda: mail_sent(tmp_path / "mail"))  # ITS is told once it gives up
    failing.stop()
    task = DBTaskResult.objects.get()

    assert (task.status, len(task.worker_ids)) == (TaskResultStatus.FAILED, 3)
    assert "NotADirectoryError" in task.traceback or "FileExistsError" in task.traceback
    alerts = [to for to, _id in mail_sent(tmp_path / "mail")]
    assert alerts == ["aupguidelines@cps.edu"]
    client.force_login(administrator)
    listing = client.get("/admin/django_tasks_database/dbtaskresult/?attention=needed")
    assert str(task.pk) in listing.content.decode()

    client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "retry_now", "_selected_action": [task.pk]},
    )
    workers()
    # The task files the PDF, then emails the guardian's receipt.
    wait_for(lambda: DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL)

    task.refresh_from_db()
    assert ConsentRecord.objects.get(pk=record.pk).document_id
    assert (task.status, len(task.worker_ids)) == (TaskResultStatus.SUCCESSFUL, 4)
